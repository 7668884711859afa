//! The named conditions a step can depend on (`when` / `unless` in data/steps.toml).
//!
//! They are derived once per customer from the gate and the analysis; a step's selection is then a
//! plain set lookup, and the runbook's JSON lists the conditions that held, so a partner can see why
//! a step is there.

use std::collections::BTreeSet;

use super::facts::{AnalysisFacts, GateFacts, Product};

/// Every condition name with what it means (docs/steps.md lists the same table).
pub const KNOWN: &[(&str, &str)] = &[
    ("covered", "the version is covered by this procedure"),
    ("nav2016", "Dynamics NAV 2016"),
    ("nav2017", "Dynamics NAV 2017"),
    ("nav2018", "Dynamics NAV 2018"),
    ("bc14", "Business Central 14 (C/AL)"),
    ("bc15", "Business Central 15 (AL)"),
    ("nav", "any of NAV 2016, 2017 and 2018"),
    ("bc", "Business Central 14 or 15"),
    ("cal", "a C/AL product: NAV 2016-2018 or BC 14"),
    ("al", "an AL product: BC 15"),
    (
        "platform-below-minimum",
        "the platform is below the minimum update",
    ),
    (
        "application-below-minimum",
        "the application is below the minimum update",
    ),
    (
        "upgrade-required",
        "the platform or the application is below the minimum",
    ),
    (
        "ready",
        "platform and application are at or above the minimum",
    ),
    (
        "needs-net462",
        "NAV 2017 whose platform update needs .NET Framework 4.6.2",
    ),
    (
        "objects-analysed",
        "an export of the customer's objects was analysed",
    ),
    (
        "customised-objects",
        "the analysed export has customised objects in the merge set",
    ),
    (
        "no-customisations",
        "an export was analysed and no object of the merge set is customised",
    ),
    (
        "dotnet-pins",
        "the analysed export has version-pinned DotNet declarations",
    ),
    (
        "out-of-support",
        "the version is out of Microsoft's support on the run date",
    ),
];

pub fn is_known(name: &str) -> bool {
    KNOWN.iter().any(|(n, _)| *n == name)
}

/// The conditions that hold for one customer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Conditions(BTreeSet<&'static str>);

impl Conditions {
    pub fn derive(gate: &GateFacts, analysis: Option<&AnalysisFacts>) -> Self {
        let mut set = BTreeSet::new();
        if let Some(product) = gate.product {
            set.insert("covered");
            set.insert(product.key());
            match product {
                Product::Nav2016 | Product::Nav2017 | Product::Nav2018 => {
                    set.insert("nav");
                }
                Product::Bc14 | Product::Bc15 => {
                    set.insert("bc");
                }
            }
            set.insert(if product.is_al() { "al" } else { "cal" });
            if gate.platform_below_minimum {
                set.insert("platform-below-minimum");
                if product == Product::Nav2017 {
                    set.insert("needs-net462");
                }
            }
            if gate.application_below_minimum {
                set.insert("application-below-minimum");
            }
            if gate.platform_below_minimum || gate.application_below_minimum {
                set.insert("upgrade-required");
            } else {
                set.insert("ready");
            }
        }
        if gate.out_of_support {
            set.insert("out-of-support");
        }
        if let Some(analysis) = analysis {
            set.insert("objects-analysed");
            if analysis.customised_count() > 0 {
                set.insert("customised-objects");
            } else {
                set.insert("no-customisations");
            }
            if !analysis.dotnet_fixes.is_empty() {
                set.insert("dotnet-pins");
            }
        }
        Conditions(set)
    }

    pub fn holds(&self, name: &str) -> bool {
        self.0.contains(name)
    }

    pub fn names(&self) -> Vec<&'static str> {
        self.0.iter().copied().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::facts::Verdict;

    fn gate(product: Option<Product>, platform_below: bool, app_below: bool) -> GateFacts {
        GateFacts {
            verdict: Verdict::Ready,
            product,
            product_name: String::new(),
            installed_platform: String::new(),
            installed_application: String::new(),
            platform_below_minimum: platform_below,
            application_below_minimum: app_below,
            minimum: String::new(),
            target: String::new(),
            target_label: String::new(),
            support: None,
            out_of_support: false,
            not_covered: None,
            notes: vec![],
            data_version: None,
        }
    }

    #[test]
    fn every_derived_condition_is_known() {
        for product in Product::ALL {
            for (p, a) in [(true, true), (false, true), (true, false), (false, false)] {
                let c = Conditions::derive(&gate(Some(product), p, a), None);
                for name in c.names() {
                    assert!(is_known(name), "{name}");
                }
            }
        }
    }

    #[test]
    fn nav2017_platform_update_needs_net462() {
        let c = Conditions::derive(&gate(Some(Product::Nav2017), true, false), None);
        assert!(c.holds("needs-net462"));
        assert!(c.holds("upgrade-required"));
        assert!(!c.holds("application-below-minimum"));
        let c = Conditions::derive(&gate(Some(Product::Nav2018), true, false), None);
        assert!(!c.holds("needs-net462"));
    }

    #[test]
    fn not_covered_has_no_product_conditions() {
        let c = Conditions::derive(&gate(None, true, true), None);
        assert!(!c.holds("covered"));
        assert!(!c.holds("upgrade-required"));
    }

    #[test]
    fn customisation_conditions_need_an_analysis() {
        let g = gate(Some(Product::Nav2018), true, true);
        let none = Conditions::derive(&g, None);
        assert!(!none.holds("customised-objects") && !none.holds("no-customisations"));
        let clean = Conditions::derive(&g, Some(&AnalysisFacts::default()));
        assert!(clean.holds("no-customisations") && clean.holds("objects-analysed"));
    }
}
