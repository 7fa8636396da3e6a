//! [`Vendor`]: which catalogue a value came from.

crate::open_enum! {
    /// The catalogue a [`Package`](crate::Package) came from.
    ///
    /// ```
    /// use pkgmodel::Vendor;
    /// assert_eq!(Vendor::Iotda.as_str(), "iotda");
    /// assert_eq!(Vendor::Iotda.display_name(), "Huawei Cloud IoTDA");
    /// ```
    pub enum Vendor {
        /// OceanBase Cloud Platform (self-hosted OCP), API v2.
        Ocp = "ocp",
        /// Huawei Cloud IoT Device Access (IoTDA), API v5.
        Iotda = "iotda",
        /// Oracle Cloud Marketplace publisher API.
        AppStore = "appstore",
        /// OceanBase Cloud multi-cloud API.
        ObCloud = "obcloud",
    }
}

impl Vendor {
    /// A human-readable name for tables and messages.
    pub fn display_name(&self) -> &str {
        match self {
            Self::Ocp => "OceanBase Cloud Platform",
            Self::Iotda => "Huawei Cloud IoTDA",
            Self::AppStore => "Oracle Cloud Marketplace",
            Self::ObCloud => "OceanBase Cloud",
            Self::Unknown(other) => other,
        }
    }
}
