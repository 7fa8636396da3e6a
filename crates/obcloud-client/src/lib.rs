//! OceanBase Cloud API client for pkgsdk (under construction).
