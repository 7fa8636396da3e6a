//! OceanBase Cloud Platform (OCP) client for pkgsdk (under construction).
