//! Huawei Cloud IoTDA v5 client for pkgsdk (under construction).
