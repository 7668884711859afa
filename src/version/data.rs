//! The version knowledge in `data/versions.toml`: products, their CUs or updates, minimum and last
//! CU for OAuth, lifecycle dates and the sources behind every fact.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::error::VersionError;
use super::number::VersionNumber;

/// The embedded file; `--data DIR` (later) may replace it with a partner's own.
pub const EMBEDDED_TOML: &str = include_str!("../../data/versions.toml");

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VersionData {
    pub schema: u32,
    /// When the facts were last researched (`YYYY-MM`), for runbook headers.
    pub revision: String,
    /// What applies instead, for the products this procedure does not cover, by key.
    pub advice: BTreeMap<String, Advice>,
    #[serde(rename = "product")]
    pub products: Vec<Product>,
    /// Source id -> page, KB or URL.
    pub sources: BTreeMap<String, String>,
}

/// What applies instead of this procedure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Advice {
    /// A few words for table cells ("upgrade first").
    pub short: String,
    /// The sentence(s) for the verdict.
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Family {
    Nav,
    Bc,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Coverage {
    Covered,
    NotCovered,
}

/// How releases after RTM are counted: "CU n" (NAV, BC 14) or "update <major>.n" (BC 15+).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Numbering {
    #[default]
    Cu,
    Update,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lifecycle {
    pub start: NaiveDate,
    /// End of mainstream support; for the modern policy (BC 15+) and BC 13 the end of support.
    pub mainstream_end: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extended_end: Option<NaiveDate>,
    pub source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uncertain: Option<String>,
}

/// One CU or update (number 0 = RTM).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Release {
    /// The CU number, or the update's minor for BC 15 (`cu = 41`, `update = 13`); 0 for RTM.
    #[serde(default, rename = "number", alias = "cu", alias = "update")]
    pub number: u32,
    /// NAV: the one build of platform and application.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub build: Option<VersionNumber>,
    /// BC: the platform version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform: Option<VersionNumber>,
    /// BC: the application version (`14.21.46103.0`; `14.34` when only the minor is known).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application: Option<VersionNumber>,
    /// Release month, `YYYY-MM`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub released: Option<String>,
    /// The month comes from the monthly cadence, not from a dated source.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub released_inferred: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kb: Option<u32>,
    pub source: String,
    /// Why a fact of this entry is doubtful.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uncertain: Option<String>,
}

impl Release {
    /// The platform version: the NAV build or the BC platform.
    pub fn platform_version(&self) -> Option<VersionNumber> {
        self.build.or(self.platform)
    }

    /// The application version: the NAV build or the BC application.
    pub fn application_version(&self) -> Option<VersionNumber> {
        self.build.or(self.application)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Product {
    pub key: String,
    pub name: String,
    pub family: Family,
    /// The first number of its versions (9 for NAV 2016, 14 for BC 14).
    pub major: u32,
    /// When several products share a major: the minors that mean this one (`[]` = none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minors: Option<Vec<u32>>,
    /// This entry stands for its major and every later one.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub and_later: bool,
    pub aliases: Vec<String>,
    pub coverage: Coverage,
    /// Key into [advice] for products that are not covered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advice: Option<String>,
    #[serde(default)]
    pub numbering: Numbering,
    /// BC 15 and later: the application is an AL extension, there are no C/AL objects.
    #[serde(default)]
    pub al_only: bool,
    /// The `ProxyVersion` the OAuth connection string needs (91 for BC 14/15; none for NAV).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proxy_version: Option<u32>,
    /// How its Version List tags look.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lifecycle: Option<Lifecycle>,
    /// The first CU (or update) with OAuth for the Dynamics 365 Sales integration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum_source: Option<String>,
    /// The last CU (or update) released; absent when no source names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_source: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rtm: Option<Release>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub releases: Vec<Release>,
}

impl Product {
    pub fn is_covered(&self) -> bool {
        self.coverage == Coverage::Covered
    }

    pub fn is_bc(&self) -> bool {
        self.family == Family::Bc
    }

    /// "CU 41", "update 15.13", "RTM".
    pub fn label(&self, number: u32) -> String {
        match (number, self.numbering) {
            (0, _) => "RTM".to_string(),
            (n, Numbering::Cu) => format!("CU {n}"),
            (n, Numbering::Update) => format!("update {}.{n}", self.major),
        }
    }

    /// RTM (as number 0) followed by every CU, in order.
    pub fn all_releases(&self) -> impl Iterator<Item = &Release> {
        self.rtm.iter().chain(self.releases.iter())
    }

    pub fn release(&self, number: u32) -> Option<&Release> {
        self.all_releases().find(|r| r.number == number)
    }

    pub fn minimum_release(&self) -> Option<&Release> {
        self.minimum.and_then(|n| self.release(n))
    }

    pub fn last_release(&self) -> Option<&Release> {
        self.last.and_then(|n| self.release(n))
    }

    /// The highest CU number in the table.
    pub fn newest_listed(&self) -> Option<u32> {
        self.releases.iter().map(|r| r.number).max()
    }

    /// Whether a version number `major.minor...` belongs to this product.
    pub fn answers_to_number(&self, major: u32, minor: u32) -> bool {
        let major_fits = if self.and_later {
            major >= self.major
        } else {
            major == self.major
        };
        major_fits && self.minors.as_ref().map_or(true, |m| m.contains(&minor))
    }

    /// The key of the advice text in `[advice]` (products that are not covered).
    pub fn advice_key(&self) -> Option<&str> {
        self.advice.as_deref()
    }
}

impl VersionData {
    /// The data embedded in the binary, parsed once. The file is validated by
    /// `tests/versions_data.rs`, so a failure here is a build defect, not bad user input.
    pub fn embedded() -> &'static VersionData {
        static DATA: OnceLock<VersionData> = OnceLock::new();
        DATA.get_or_init(|| {
            // A partner's `--data` copy was validated when the command started (crate::datadir).
            let text = crate::datadir::text("versions.toml").map_or(EMBEDDED_TOML, |f| &f.text);
            VersionData::from_toml(text)
                .unwrap_or_else(|e| panic!("data/versions.toml is invalid: {e}"))
        })
    }

    /// Parse and validate a versions file.
    pub fn from_toml(text: &str) -> Result<VersionData, VersionError> {
        let data: VersionData =
            toml::from_str(text).map_err(|e| VersionError::Data(e.to_string()))?;
        let problems = super::validate::problems(&data);
        if problems.is_empty() {
            Ok(data)
        } else {
            Err(VersionError::Data(problems.join("; ")))
        }
    }

    /// The product with this key (`nav2018`, `bc14`, `bc-online`, ...).
    pub fn product(&self, key: &str) -> Option<&Product> {
        self.products.iter().find(|p| p.key == key)
    }

    /// The product a version number `major.minor` belongs to.
    pub fn product_for_number(&self, major: u32, minor: u32) -> Option<&Product> {
        self.products
            .iter()
            .find(|p| p.answers_to_number(major, minor))
    }

    /// The product a name means: a key or an alias ("NAV 2018", "nav2018", "BC14", "BC 22").
    pub fn find_product(&self, text: &str) -> Result<&Product, VersionError> {
        let wanted = super::spec::compact(text);
        let by_name = self.products.iter().find(|p| {
            p.key == wanted || p.aliases.iter().any(|a| super::spec::compact(a) == wanted)
        });
        if let Some(product) = by_name {
            return Ok(product);
        }
        if let Some(major) = super::spec::bc_major(&wanted) {
            if let Some(product) = self.product_for_number(major, 0) {
                return Ok(product);
            }
        }
        Err(VersionError::UnknownProduct {
            text: text.to_string(),
            known: self
                .products
                .iter()
                .map(|p| p.key.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        })
    }

    /// The advice text for a product that is not covered.
    pub fn advice_for(&self, product: &Product) -> Option<&str> {
        self.advice_entry(product).map(|a| a.text.as_str())
    }

    /// The whole advice entry (short and text) for a product that is not covered.
    pub fn advice_entry(&self, product: &Product) -> Option<&Advice> {
        product.advice_key().and_then(|k| self.advice.get(k))
    }
}
