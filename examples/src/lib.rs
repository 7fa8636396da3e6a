//! Example programs for pkgsdk.
