//! What the planner needs to know about one customer, as plain data.
//!
//! The gate (`crate::version`) and the analysis (`crate::analysis`) are converted into these
//! types in one place (`super::adapt`), so the plan, the runbook and every renderer depend only on
//! this small, stable model. The field names are the JSON names of the runbook (docs/runbook.md).
//!
//! Where the gate already has the type (the [`Verdict`]), the plan uses it as it is; the types kept
//! here each carry something the gate's do not, as their comments say.

use serde::{Deserialize, Serialize};

/// A product this procedure covers.
///
/// Kept beside the gate's `version::Product` (a data record with any key, covered or not): this
/// closed set is what the step catalogue is keyed by and what the conditions match on, so a
/// missing `[product.*]` section is caught when the catalogue loads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Product {
    Nav2016,
    Nav2017,
    Nav2018,
    Bc14,
    Bc15,
}

impl Product {
    pub const ALL: [Product; 5] = [
        Product::Nav2016,
        Product::Nav2017,
        Product::Nav2018,
        Product::Bc14,
        Product::Bc15,
    ];

    /// The product with this key (`nav2018`, `bc14`, ...), if it is one of these five.
    pub fn from_key(key: &str) -> Option<Product> {
        Product::ALL.into_iter().find(|p| p.key() == key)
    }

    /// The key used in data files and conditions: `nav2018`, `bc14`, ...
    pub fn key(self) -> &'static str {
        match self {
            Product::Nav2016 => "nav2016",
            Product::Nav2017 => "nav2017",
            Product::Nav2018 => "nav2018",
            Product::Bc14 => "bc14",
            Product::Bc15 => "bc15",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Product::Nav2016 => "Dynamics NAV 2016",
            Product::Nav2017 => "Dynamics NAV 2017",
            Product::Nav2018 => "Dynamics NAV 2018",
            Product::Bc14 => "Business Central 14",
            Product::Bc15 => "Business Central 15",
        }
    }

    /// BC 15 is AL only; everything else is C/AL (C/SIDE).
    pub fn is_al(self) -> bool {
        self == Product::Bc15
    }

    /// The connection string's ProxyVersion, from `data/versions.toml` (BC 14 and 15 only).
    pub fn proxy_version(self) -> Option<u32> {
        crate::version::VersionData::embedded()
            .product(self.key())
            .and_then(|p| p.proxy_version)
    }
}

/// The gate's verdict: the gate's own type, re-exported so the plan's facts stay in one place.
pub use crate::version::Verdict;

/// Why a version is not covered, and what applies instead.
///
/// Not the gate's: the gate has only the advice (`Assessment::advice`); `why` is the runbook's
/// own sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotCovered {
    pub why: String,
    pub instead: String,
}

/// The gate's facts about one installation.
///
/// Not the gate's `Assessment`: this is the runbook's view of it, each side and release already
/// put into words, the product as a [`Product`], and notes the gate does not make (the objects'
/// tags against the given version, the target's reason). Tests build it by hand to plan without
/// the gate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GateFacts {
    pub verdict: Verdict,
    /// The covered product; `None` when the version is not covered.
    pub product: Option<Product>,
    /// The product as the partner knows it, also for versions that are not covered.
    pub product_name: String,
    /// The installed platform, e.g. "CU 30 (build 11.0.44952.0)".
    pub installed_platform: String,
    /// The installed application, e.g. "CU 30 (NAVW111.00.00.44952)".
    pub installed_application: String,
    pub platform_below_minimum: bool,
    pub application_below_minimum: bool,
    /// The minimum update that supports OAuth, e.g. "CU 41 (build 11.0.47056.0)".
    pub minimum: String,
    /// The update the plan moves to (the minimum unless the gate proposes a later one), with builds.
    pub target: String,
    /// The target's short name for titles, e.g. "CU 60".
    pub target_label: String,
    /// The support status on the run date, in one sentence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub support: Option<String>,
    pub out_of_support: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_covered: Option<NotCovered>,
    /// Remarks of the gate (for example platform and object tags that disagree).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// The version of the version data the gate used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_version: Option<String>,
}

/// One object of the merge worklist.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkItem {
    /// "Codeunit 5330 CRM Integration Management".
    pub object: String,
    /// What to do: "merge" (customised), "replace" (take the update's version), ...
    pub action: String,
    /// Why the object is in scope.
    pub reasons: Vec<String>,
    pub customised: bool,
    /// "path/COD5330.TXT:1".
    pub location: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hours: Option<f64>,
}

/// A version-pinned DotNet declaration and its edit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DotNetFix {
    pub object: String,
    pub location: String,
    pub assembly: String,
    pub version: String,
    pub before: String,
    pub after: String,
}

/// Objects that use an object of the merge set: to recompile and re-test.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dependents {
    pub object: String,
    /// The objects that use it directly (runbook schema 2; schema 1 listed the indirect ones
    /// after them).
    pub used_by: Vec<String>,
    /// How many objects use it through others, up to `[impact] max_depth` steps away.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub indirect: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// Effort estimate for quoting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Effort {
    pub total_hours: f64,
    /// (class, objects, hours), sorted by class.
    pub by_class: Vec<EffortLine>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EffortLine {
    pub class: String,
    pub objects: usize,
    pub hours: f64,
}

/// The analysis of the customer's exported objects.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct AnalysisFacts {
    pub objects_scanned: usize,
    /// Diagnostics of the scan (files skipped, broken objects), with file and line.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub diagnostics: Vec<String>,
    pub worklist: Vec<WorkItem>,
    pub dotnet_fixes: Vec<DotNetFix>,
    pub dependents: Vec<Dependents>,
    /// The direct dependents outside the merge set, each once, in type-then-id order: what the
    /// effort's re-test line counts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub retest: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effort: Option<Effort>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_version: Option<String>,
}

impl AnalysisFacts {
    pub fn customised_count(&self) -> usize {
        self.worklist.iter().filter(|w| w.customised).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn product_keys_round_trip_and_match_the_serde_names() {
        for product in Product::ALL {
            assert_eq!(Product::from_key(product.key()), Some(product));
            assert_eq!(
                serde_json::to_string(&product).ok(),
                Some(format!("\"{}\"", product.key()))
            );
        }
        assert_eq!(Product::from_key("bc16"), None);
        assert_eq!(Product::from_key("NAV2018"), None);
    }

    #[test]
    fn every_plan_product_is_in_the_version_data_and_only_bc_gets_a_proxy_version() {
        let data = crate::version::VersionData::embedded();
        for product in Product::ALL {
            assert!(data.product(product.key()).is_some(), "{}", product.key());
        }
        assert_eq!(Product::Bc14.proxy_version(), Some(91));
        assert_eq!(Product::Bc15.proxy_version(), Some(91));
        assert_eq!(Product::Nav2018.proxy_version(), None);
        assert_eq!(Product::Nav2016.proxy_version(), None);
    }
}
