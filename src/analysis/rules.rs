//! `data/merge-rules.toml`: loading and validation. The file is embedded in the binary; a partner's
//! own copy replaces it (`MergeRules::from_toml`). Validation turns every mistake into a
//! [`Error::Data`] that names the rule, so a bad override never reaches the analysis.

use std::collections::BTreeMap;

use regex::Regex;
use serde::Deserialize;

use crate::objects::ObjectKind;
use crate::{Error, Result};

/// The text of the embedded rules file.
pub const EMBEDDED_TOML: &str = include_str!("../../data/merge-rules.toml");
const EMBEDDED_NAME: &str = "merge-rules.toml (embedded)";
/// The file's name in a data folder.
pub const FILE_NAME: &str = "merge-rules.toml";

/// The product keys a `[[named]]` list may target.
pub const PRODUCT_KEYS: &[&str] = &["nav2016", "nav2017", "nav2018", "bc14", "bc15"];

/// The validated rules.
#[derive(Debug, Clone)]
pub struct MergeRules {
    pub classes: Vec<ClassRule>,
    pub effort: EffortRule,
    pub impact: ImpactRule,
    pub name_patterns: Vec<NamePattern>,
    pub id_ranges: Vec<IdRange>,
    pub named: Vec<NamedObjects>,
    pub code_patterns: Vec<CodePattern>,
    pub dotnet_assemblies: Vec<String>,
    pub microsoft_tag: Regex,
    /// Id ranges that are never Microsoft's objects (`[customisation] partner_ids`).
    pub partner_ids: Vec<std::ops::RangeInclusive<u32>>,
    /// NAVW1 major (as written in the tag: "9", "11", "14") to product key.
    pub products_by_major: BTreeMap<u32, String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassRule {
    pub key: String,
    pub title: String,
    pub merge_hours: f64,
    pub replace_hours: f64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EffortRule {
    pub hours_per_dotnet_fix: f64,
    pub hours_per_dependent: f64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImpactRule {
    /// How many hops of dependents are listed with their paths (0: all).
    pub max_depth: usize,
}

impl Default for ImpactRule {
    fn default() -> Self {
        ImpactRule { max_depth: 3 }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NamePattern {
    pub contains: String,
    pub class: String,
}

#[derive(Debug, Clone)]
pub struct IdRange {
    pub from: u32,
    pub to: u32,
    /// Empty: every kind.
    pub kinds: Vec<ObjectKind>,
    pub class: String,
    pub label: String,
}

#[derive(Debug, Clone)]
pub struct NamedObjects {
    pub target: String,
    pub cu: String,
    pub class: String,
    pub objects: Vec<(ObjectKind, u32)>,
}

#[derive(Debug, Clone)]
pub struct CodePattern {
    pub regex: regex::bytes::Regex,
    pub class: String,
    pub label: String,
}

// ----- the file as written -------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    schema: u32,
    #[serde(rename = "class")]
    classes: Vec<ClassRule>,
    effort: EffortRule,
    #[serde(default)]
    impact: ImpactRule,
    #[serde(default, rename = "name_pattern")]
    name_patterns: Vec<NamePattern>,
    #[serde(default, rename = "id_range")]
    id_ranges: Vec<IdRangeFile>,
    #[serde(default)]
    named: Vec<NamedFile>,
    #[serde(default, rename = "code_pattern")]
    code_patterns: Vec<CodePatternFile>,
    #[serde(default, rename = "dotnet_assembly")]
    dotnet_assemblies: Vec<DotNetFile>,
    customisation: CustomisationFile,
    #[serde(default)]
    products_by_major: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IdRangeFile {
    from: u32,
    to: u32,
    #[serde(default)]
    kinds: Vec<String>,
    class: String,
    label: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NamedFile {
    target: String,
    cu: String,
    class: String,
    objects: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CodePatternFile {
    regex: String,
    class: String,
    label: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DotNetFile {
    name: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CustomisationFile {
    microsoft_tag: String,
    /// Id ranges (`[from, to]`) that are never Microsoft's objects; optional, so that a
    /// partner's older copy of the file (`--data`) still reads.
    #[serde(default)]
    partner_ids: Vec<[u32; 2]>,
}

impl MergeRules {
    /// The rules shipped in the binary.
    pub fn embedded() -> Result<MergeRules> {
        match crate::datadir::text(FILE_NAME) {
            Some(file) => Self::from_toml(&file.text, &file.path.display().to_string()),
            None => Self::from_toml(EMBEDDED_TOML, EMBEDDED_NAME),
        }
    }

    /// Parse and validate a rules file; `file` names it in error messages.
    pub fn from_toml(text: &str, file: &str) -> Result<MergeRules> {
        let bad = |message: String| Error::Data {
            file: file.to_string(),
            message,
        };
        let raw: RulesFile = toml::from_str(text).map_err(|e| bad(e.to_string()))?;
        if raw.schema != 1 {
            return Err(bad(format!(
                "schema {} is not known (expected 1)",
                raw.schema
            )));
        }
        let mut class_keys = std::collections::BTreeSet::new();
        for class in &raw.classes {
            if class.key.trim().is_empty() || !class_keys.insert(class.key.as_str()) {
                return Err(bad(format!(
                    "class key {:?} is empty or repeated",
                    class.key
                )));
            }
            for (what, hours) in [
                ("merge_hours", class.merge_hours),
                ("replace_hours", class.replace_hours),
            ] {
                if !(hours.is_finite() && hours >= 0.0) {
                    return Err(bad(format!(
                        "class {:?}: {what} must be zero or more",
                        class.key
                    )));
                }
            }
        }
        for (what, hours) in [
            ("hours_per_dotnet_fix", raw.effort.hours_per_dotnet_fix),
            ("hours_per_dependent", raw.effort.hours_per_dependent),
        ] {
            if !(hours.is_finite() && hours >= 0.0) {
                return Err(bad(format!("[effort] {what} must be zero or more")));
            }
        }
        let known_class = |class: &str, rule: &str| -> Result<()> {
            if class_keys.contains(class) {
                Ok(())
            } else {
                Err(bad(format!(
                    "{rule} names class {class:?}, which no [[class]] defines"
                )))
            }
        };
        for pattern in &raw.name_patterns {
            if pattern.contains.trim().is_empty() {
                return Err(bad("a [[name_pattern]] has an empty `contains`".into()));
            }
            known_class(
                &pattern.class,
                &format!("name pattern {:?}", pattern.contains),
            )?;
        }
        let mut id_ranges = Vec::new();
        for range in raw.id_ranges {
            let rule = format!("id range {}..{}", range.from, range.to);
            if range.from > range.to {
                return Err(bad(format!("{rule}: `from` is above `to`")));
            }
            known_class(&range.class, &rule)?;
            let kinds = range
                .kinds
                .iter()
                .map(|k| {
                    parse_kind(k).ok_or_else(|| bad(format!("{rule}: unknown object type {k:?}")))
                })
                .collect::<Result<Vec<_>>>()?;
            id_ranges.push(IdRange {
                from: range.from,
                to: range.to,
                kinds,
                class: range.class,
                label: range.label,
            });
        }
        let mut named = Vec::new();
        for list in raw.named {
            let rule = format!("named objects for {}", list.target);
            if !PRODUCT_KEYS.contains(&list.target.as_str()) {
                return Err(bad(format!(
                    "{rule}: unknown target (known: {})",
                    PRODUCT_KEYS.join(", ")
                )));
            }
            known_class(&list.class, &rule)?;
            let objects = list
                .objects
                .iter()
                .map(|o| {
                    parse_object_ref(o)
                        .ok_or_else(|| bad(format!("{rule}: {o:?} is not \"<Type> <id>\"")))
                })
                .collect::<Result<Vec<_>>>()?;
            named.push(NamedObjects {
                target: list.target,
                cu: list.cu,
                class: list.class,
                objects,
            });
        }
        let mut code_patterns = Vec::new();
        for pattern in raw.code_patterns {
            let rule = format!("code pattern {:?}", pattern.label);
            known_class(&pattern.class, &rule)?;
            let regex = regex::bytes::Regex::new(&pattern.regex)
                .map_err(|e| bad(format!("{rule}: bad regex: {e}")))?;
            code_patterns.push(CodePattern {
                regex,
                class: pattern.class,
                label: pattern.label,
            });
        }
        let mut dotnet_assemblies = Vec::new();
        for assembly in raw.dotnet_assemblies {
            let name = assembly.name.trim().to_string();
            let stem = name.trim_end_matches('*').trim_end_matches('.');
            if stem.is_empty() || dotnet_assemblies.contains(&name) {
                return Err(bad(format!(
                    "dotnet assembly {name:?} is empty or repeated"
                )));
            }
            dotnet_assemblies.push(name);
        }
        if !class_keys.contains("dotnet-pin") {
            return Err(bad(
                "the class \"dotnet-pin\" must exist (objects with pinned DotNet declarations)"
                    .into(),
            ));
        }
        let microsoft_tag = Regex::new(&raw.customisation.microsoft_tag)
            .map_err(|e| bad(format!("[customisation] microsoft_tag: bad regex: {e}")))?;
        let mut partner_ids = Vec::new();
        for [from, to] in raw.customisation.partner_ids {
            if from > to {
                return Err(bad(format!(
                    "[customisation] partner_ids: [{from}, {to}] ends before it starts"
                )));
            }
            partner_ids.push(from..=to);
        }
        let mut products_by_major = BTreeMap::new();
        for (major, product) in raw.products_by_major {
            let number: u32 = major
                .parse()
                .map_err(|_| bad(format!("[products_by_major] key {major:?} is not a number")))?;
            if !PRODUCT_KEYS.contains(&product.as_str()) {
                return Err(bad(format!(
                    "[products_by_major] {major}: unknown product {product:?}"
                )));
            }
            products_by_major.insert(number, product);
        }
        Ok(MergeRules {
            classes: raw.classes,
            effort: raw.effort,
            impact: raw.impact,
            name_patterns: raw.name_patterns,
            id_ranges,
            named,
            code_patterns,
            dotnet_assemblies,
            microsoft_tag,
            partner_ids,
            products_by_major,
        })
    }

    pub fn class(&self, key: &str) -> Option<&ClassRule> {
        self.classes.iter().find(|c| c.key == key)
    }

    /// Position of a class in the file: the lower, the more specific.
    pub fn class_rank(&self, key: &str) -> usize {
        self.classes
            .iter()
            .position(|c| c.key == key)
            .unwrap_or(usize::MAX)
    }

    /// Whether a Version List tag is one of Microsoft's.
    pub fn is_microsoft_tag(&self, tag: &str) -> bool {
        self.microsoft_tag.is_match(tag.trim())
    }

    /// Whether an object id lies in a range that is never Microsoft's (a customer's or a
    /// partner's own objects).
    pub fn is_partner_id(&self, id: u32) -> bool {
        self.partner_ids.iter().any(|range| range.contains(&id))
    }
}

/// Object type names as C/AL and AL write them, case-insensitively.
pub fn parse_kind(text: &str) -> Option<ObjectKind> {
    use ObjectKind::*;
    const KINDS: &[(&str, ObjectKind)] = &[
        ("table", Table),
        ("page", Page),
        ("report", Report),
        ("codeunit", Codeunit),
        ("xmlport", XMLport),
        ("query", Query),
        ("menusuite", MenuSuite),
        ("form", Form),
        ("dataport", Dataport),
        ("tableextension", TableExtension),
        ("pageextension", PageExtension),
        ("reportextension", ReportExtension),
        ("enum", Enum),
        ("enumextension", EnumExtension),
        ("interface", Interface),
        ("controladdin", ControlAddIn),
        ("profile", Profile),
        ("pagecustomization", PageCustomization),
        ("permissionset", PermissionSet),
        ("permissionsetextension", PermissionSetExtension),
        ("entitlement", Entitlement),
        ("dotnet", DotNet),
    ];
    let lower = text.trim().to_ascii_lowercase();
    KINDS
        .iter()
        .find(|(name, _)| *name == lower)
        .map(|(_, kind)| *kind)
}

/// `"Codeunit 5330"` -> (Codeunit, 5330).
pub fn parse_object_ref(text: &str) -> Option<(ObjectKind, u32)> {
    let (kind, id) = text.trim().rsplit_once(char::is_whitespace)?;
    Some((parse_kind(kind)?, id.trim().parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_rules_are_valid_and_complete() {
        let rules = MergeRules::embedded().expect("embedded rules");
        assert_eq!(
            rules.classes.first().map(|c| c.key.as_str()),
            Some("named-by-microsoft")
        );
        let nav2018 = rules
            .named
            .iter()
            .find(|n| n.target == "nav2018")
            .expect("nav2018 list");
        assert_eq!(nav2018.objects.len(), 8);
        assert!(nav2018.objects.contains(&(ObjectKind::Page, 2823)));
        assert_eq!(rules.dotnet_assemblies.len(), 5);
        assert_eq!(
            rules.products_by_major.get(&11).map(String::as_str),
            Some("nav2018")
        );
    }

    #[test]
    fn partner_ids_are_the_customer_and_partner_ranges() {
        let rules = MergeRules::embedded().expect("rules");
        for id in [50000, 50100, 99999, 1_000_000, 70_000_000, 74_999_999] {
            assert!(rules.is_partner_id(id), "{id}");
        }
        for id in [
            0,
            18,
            5330,
            49_999,
            100_000,
            99_000_750,
            75_000_000,
            2_000_000_175,
        ] {
            assert!(!rules.is_partner_id(id), "{id}");
        }
    }

    #[test]
    fn a_partner_range_that_ends_before_it_starts_is_refused() {
        let text = EMBEDDED_TOML.replace(
            "partner_ids = [[50000, 99999], [1000000, 74999999]]",
            "partner_ids = [[99999, 50000]]",
        );
        assert_ne!(text, EMBEDDED_TOML);
        let err = MergeRules::from_toml(&text, "rules.toml").expect_err("refused");
        assert!(err.to_string().contains("ends before it starts"), "{err}");
        // Without the key (an older copy of the file), no range: tags alone decide.
        let text = EMBEDDED_TOML.replace("partner_ids = [[50000, 99999], [1000000, 74999999]]", "");
        let rules = MergeRules::from_toml(&text, "rules.toml").expect("an older file reads");
        assert!(!rules.is_partner_id(50100));
    }

    #[test]
    fn microsoft_tags_are_told_from_partner_tags() {
        let rules = MergeRules::embedded().expect("embedded rules");
        for tag in [
            "NAVW111.00.00.19846",
            "NAVGB10.00.00.18609",
            "NAVW114.21",
            "NAVAPAC7.10",
            "NAVW19.00",
        ] {
            assert!(rules.is_microsoft_tag(tag), "{tag}");
        }
        for tag in [
            "SBM6.00.00",
            "SCRIBE",
            "CR#018",
            "UPG13R2",
            "Navision.Guru",
            "NAVISION1.0",
            "",
        ] {
            assert!(!rules.is_microsoft_tag(tag), "{tag}");
        }
    }

    #[test]
    fn a_rule_naming_an_unknown_class_is_refused_with_its_name() {
        let text = EMBEDDED_TOML.replace(
            "class = \"task-scheduler\"\nlabel = \"calls TASKSCHEDULER\"",
            "class = \"nope\"\nlabel = \"calls TASKSCHEDULER\"",
        );
        let err = MergeRules::from_toml(&text, "mine.toml").expect_err("unknown class");
        let message = err.to_string();
        assert!(
            message.contains("mine.toml") && message.contains("\"nope\""),
            "{message}"
        );
    }

    #[test]
    fn bad_regexes_ranges_and_targets_are_refused() {
        let cases = [
            (r"'(?i)\bTASKSCHEDULER\s*\.'", "'(unclosed'"),
            ("from = 5330\nto = 5399", "from = 5399\nto = 5330"),
            ("target = \"nav2017\"", "target = \"nav2099\""),
            ("\"Page 2823\"", "\"Pgae 2823\""),
            ("name = \"Microsoft.Xrm.*\"", "name = \"*\""),
        ];
        for (from, to) in cases {
            assert!(EMBEDDED_TOML.contains(from), "{from}");
            let text = EMBEDDED_TOML.replacen(from, to, 1);
            assert!(
                MergeRules::from_toml(&text, "x.toml").is_err(),
                "{to} accepted"
            );
        }
    }

    #[test]
    fn object_refs_parse_case_insensitively() {
        assert_eq!(
            parse_object_ref("codeunit 5330"),
            Some((ObjectKind::Codeunit, 5330))
        );
        assert_eq!(
            parse_object_ref("XMLport  50010"),
            Some((ObjectKind::XMLport, 50010))
        );
        assert_eq!(parse_object_ref("Codeunit"), None);
    }
}
