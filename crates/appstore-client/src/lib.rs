//! Oracle Cloud Marketplace publisher API client for pkgsdk (under construction).
