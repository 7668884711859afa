//! Errors of the version stage: unreadable specs, impossible combinations, bad data files.

/// The forms `parse_spec` accepts, shown whenever a spec cannot be read.
pub const ACCEPTED_FORMS: &str = "\
accepted forms (case and spaces do not matter):
  product and CU     NAV 2018 CU 30, nav2018 cu30, Dynamics NAV 2017 CU55, BC14 CU 20, NAV 2018 RTM
  BC update          BC 14.21, Business Central 15.13, BC 15 update 13, 15.13
  build              11.0.44952.0, 11.0.44952, 14.0.46080.0 (BC platform), 14.21.46103.0 (BC app)
  Version List tag   NAVW111.00.00.44952, NAVW114.21, NAVW111.00 (RTM or unknown CU)
  also               2018 CU 41, NAV 2018 CU 41 (Build 47056), NAV 2017 CU 55 (GB)
  other products     NAV 2009, NAV 2013 R2, NAV 2015, BC 13, BC 16 ... BC 28 and later, BC online";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VersionError {
    /// The text is not any form of version navplan knows.
    #[error("cannot read the version {text:?}{}\n{ACCEPTED_FORMS}", hint.as_ref().map(|h| format!(": {h}")).unwrap_or_default())]
    Unrecognised { text: String, hint: Option<String> },
    /// A product name that is not in the data.
    #[error("unknown product {text:?}; known products: {known}")]
    UnknownProduct { text: String, known: String },
    /// A CU (or update) the product never had.
    #[error("{product} has no {label}: {reason}")]
    NoSuchRelease {
        product: String,
        label: String,
        reason: String,
    },
    /// A covered product named without a CU or build: the gate cannot judge it.
    #[error("{text:?} names {product} but not its CU: add the CU or a build, e.g. {example:?}")]
    NoPosition {
        text: String,
        product: String,
        example: String,
    },
    /// Platform and application name different products.
    #[error("the platform ({platform}) and the application ({application}) are different products; both must be of one version")]
    ProductMismatch {
        platform: String,
        application: String,
    },
    /// Neither `--installed` nor the side itself was given.
    #[error(
        "the {side} version is missing: give --installed, or both --platform and --application"
    )]
    MissingSide { side: &'static str },
    /// The embedded or a user-supplied versions file is wrong.
    #[error("data file versions.toml: {0}")]
    Data(String),
}
