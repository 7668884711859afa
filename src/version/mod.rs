//! Products, CUs, builds, installed-version specs and the OAuth gate (issue 2).
//!
//! - [`data`]: `data/versions.toml` (embedded), products and their releases; [`validate`] keeps it honest.
//! - [`number`]: dotted version numbers; [`spec`]: what partners type ("NAV 2018 CU 30", "NAVW114.21").
//! - [`resolve`]: a spec's place in its product's history ("between CU 31 and CU 41").
//! - [`gate`]: [`Installation`] + [`assess`] = [`Assessment`] with its [`Verdict`];
//!   [`support`]: the support status on the run date.

pub mod data;
pub mod error;
pub mod gate;
pub mod number;
pub mod resolve;
pub mod spec;
pub mod support;
pub mod validate;

pub use data::{Advice, Coverage, Family, Lifecycle, Numbering, Product, Release, VersionData};
pub use error::{VersionError, ACCEPTED_FORMS};
pub use gate::{
    assess, Assessment, Installation, ProductSummary, ReleaseRef, SideInput, SideVerdict, Target,
    Verdict,
};
pub use number::VersionNumber;
pub use resolve::{AppReading, Position, Resolution, Side};
pub use spec::{parse_spec, parse_spec_with, Point, Spec, SpecForm};
pub use support::{support_status, SupportStatus};
