//! The gate: is this installation ready for OAuth with the Dynamics 365 Sales integration?
//! Platform and application are judged separately; both must reach the minimum CU.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::data::{Family, Numbering, Product, Release, VersionData};
use super::error::VersionError;
use super::resolve::{resolve, Position, Resolution, Side};
use super::spec::{parse_spec_with, Point, Spec, SpecForm};
use super::support::{support_status, SupportStatus};

/// One side of an installation: the spec given and, for covered products, where it falls.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SideInput {
    pub spec: Spec,
    pub resolution: Option<Resolution>,
}

/// The installed version: one product, platform and application placed in its history.
#[derive(Debug, Clone)]
pub struct Installation {
    pub product: Product,
    pub platform: SideInput,
    pub application: SideInput,
}

impl Installation {
    /// From the command-line specs against the embedded data: `installed` sets both sides, an
    /// explicit `platform` or `application` overrides it.
    pub fn from_specs(
        installed: Option<&str>,
        platform: Option<&str>,
        application: Option<&str>,
    ) -> Result<Self, VersionError> {
        Self::from_specs_with(VersionData::embedded(), installed, platform, application)
    }

    pub fn from_specs_with(
        data: &VersionData,
        installed: Option<&str>,
        platform: Option<&str>,
        application: Option<&str>,
    ) -> Result<Self, VersionError> {
        let platform = platform
            .or(installed)
            .ok_or(VersionError::MissingSide { side: "platform" })?;
        let application = application.or(installed).ok_or(VersionError::MissingSide {
            side: "application",
        })?;
        let platform = parse_spec_with(platform, data)?;
        let application = parse_spec_with(application, data)?;
        Self::from_parsed(data, platform, application)
    }

    /// From specs already parsed (e.g. an application version read from object tags).
    pub fn from_parsed(
        data: &VersionData,
        platform: Spec,
        application: Spec,
    ) -> Result<Self, VersionError> {
        let product = data
            .product(&platform.product)
            .ok_or_else(|| VersionError::Data(format!("no product {}", platform.product)))?;
        if platform.product != application.product {
            let name = |key: &str| {
                data.product(key)
                    .map_or(key.to_string(), |p| p.name.clone())
            };
            return Err(VersionError::ProductMismatch {
                platform: format!("{} = {}", platform.text, name(&platform.product)),
                application: format!("{} = {}", application.text, name(&application.product)),
            });
        }
        let place = |spec: Spec| -> Result<SideInput, VersionError> {
            if !product.is_covered() {
                return Ok(SideInput {
                    spec,
                    resolution: None,
                });
            }
            if spec.point == Point::Unspecified {
                return Err(VersionError::NoPosition {
                    text: spec.text.clone(),
                    product: product.name.clone(),
                    example: example(product),
                });
            }
            let resolution = resolve(product, &spec.point)?;
            Ok(SideInput {
                spec,
                resolution: Some(resolution),
            })
        };
        Ok(Installation {
            product: product.clone(),
            platform: place(platform)?,
            application: place(application)?,
        })
    }
}

fn example(product: &Product) -> String {
    let name = product
        .aliases
        .first()
        .cloned()
        .unwrap_or_else(|| product.key.clone());
    match (product.numbering, product.minimum) {
        (Numbering::Update, Some(n)) => format!("{name}.{n}"),
        (Numbering::Cu, Some(n)) => format!("{name} CU {n}"),
        _ => name,
    }
}

/// The gate's verdict. The plan, the runbook and the portfolio use this same type (ordered from
/// best to worst; the plan's facts deserialise it too).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Ready,
    UpgradeRequired,
    NotCovered,
}

impl Verdict {
    pub fn exit_code(self) -> u8 {
        match self {
            Verdict::Ready => crate::exit::OK,
            Verdict::UpgradeRequired => crate::exit::UPGRADE_REQUIRED,
            Verdict::NotCovered => crate::exit::NOT_COVERED,
        }
    }

    /// The kebab-case name: "ready", "upgrade-required", "not-covered".
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Ready => "ready",
            Verdict::UpgradeRequired => "upgrade-required",
            Verdict::NotCovered => "not-covered",
        }
    }
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProductSummary {
    pub key: String,
    pub name: String,
    pub family: Family,
    pub major: u32,
    pub covered: bool,
    pub is_bc: bool,
    /// BC 15: the application is AL extensions only (no C/AL objects to merge).
    pub al_only: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SideVerdict {
    /// The spec as given.
    pub given: String,
    pub form: SpecForm,
    pub point: Point,
    /// Where it falls ("CU 30", "between CU 31 and CU 41"); absent for products not covered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolved: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<Position>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meets_minimum: Option<bool>,
}

impl SideVerdict {
    /// Where the side stands ("CU 30"), or the spec as given when it was not placed.
    pub fn placed_or_given(&self) -> &str {
        self.resolved.as_deref().unwrap_or(&self.given)
    }
}

/// A CU as the verdict names it: label and builds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReleaseRef {
    pub number: u32,
    pub label: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub platform: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub application: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub released: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kb: Option<u32>,
    pub source: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uncertain: Option<String>,
}

impl ReleaseRef {
    pub fn new(product: &Product, release: &Release) -> Self {
        ReleaseRef {
            number: release.number,
            label: product.label(release.number),
            platform: release.platform_version().map(|v| v.to_string()),
            application: release.application_version().map(|v| v.to_string()),
            released: release.released.clone(),
            kb: release.kb,
            source: release.source.clone(),
            uncertain: release.uncertain.clone(),
        }
    }

    /// "CU 41 (build 11.0.47056.0, 2021-06)" / "CU 20 (platform 14.0.46080.0, application 14.21.46103.0, 2021-01)".
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        match (&self.platform, &self.application) {
            (Some(p), Some(a)) if p == a => parts.push(format!("build {p}")),
            (p, a) => {
                if let Some(p) = p {
                    parts.push(format!("platform {p}"));
                }
                if let Some(a) = a {
                    parts.push(format!("application {a}"));
                }
            }
        }
        if let Some(month) = &self.released {
            parts.push(format!("released {month}"));
        }
        if parts.is_empty() {
            self.label.clone()
        } else {
            format!("{} ({})", self.label, parts.join(", "))
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Target {
    pub release: ReleaseRef,
    /// Why this target: the last CU, or the minimum when the last is unknown.
    pub reason: String,
}

/// The gate's answer, with everything a report or runbook needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Assessment {
    /// The run date the support status was computed for.
    pub date: NaiveDate,
    /// The revision of the version data the verdict used.
    pub data_revision: String,
    pub verdict: Verdict,
    pub exit_code: u8,
    /// One sentence in our words.
    pub summary: String,
    pub product: ProductSummary,
    /// `ProxyVersion` for the connection string (91 for BC 14/15, none for NAV).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proxy_version: Option<u32>,
    pub platform: SideVerdict,
    pub application: SideVerdict,
    /// The sides below the minimum (empty unless upgrade-required).
    pub short: Vec<Side>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum: Option<ReleaseRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<Target>,
    /// For products not covered: what applies instead.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub advice: Option<String>,
    pub support: SupportStatus,
    /// The support status in words.
    pub support_text: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// Judge an installation on the run date `today`.
pub fn assess(installation: &Installation, data: &VersionData, today: NaiveDate) -> Assessment {
    let product = &installation.product;
    let side_verdict = |input: &SideInput| SideVerdict {
        given: input.spec.text.clone(),
        form: input.spec.form,
        point: input.spec.point,
        resolved: input.resolution.as_ref().map(|r| r.label.clone()),
        position: input.resolution.as_ref().map(|r| r.position),
        meets_minimum: input.resolution.as_ref().map(|r| r.meets_minimum),
    };
    let platform = side_verdict(&installation.platform);
    let application = side_verdict(&installation.application);

    let short: Vec<Side> = [
        (Side::Platform, &platform),
        (Side::Application, &application),
    ]
    .into_iter()
    .filter(|(_, v)| v.meets_minimum == Some(false))
    .map(|(side, _)| side)
    .collect();
    let verdict = if !product.is_covered() {
        Verdict::NotCovered
    } else if short.is_empty() {
        Verdict::Ready
    } else {
        Verdict::UpgradeRequired
    };

    let minimum = product
        .minimum_release()
        .map(|r| ReleaseRef::new(product, r));
    let target = product.is_covered().then(|| target(product)).flatten();
    let support = support_status(product.lifecycle.as_ref(), today);
    let advice = (!product.is_covered())
        .then(|| data.advice_for(product).map(str::to_string))
        .flatten();

    let mut notes: Vec<String> = Vec::new();
    for input in [&installation.platform, &installation.application] {
        for note in &input.spec.notes {
            if !notes.contains(note) {
                notes.push(note.clone());
            }
        }
    }
    if let Some(uncertain) = minimum.as_ref().and_then(|m| m.uncertain.as_ref()) {
        notes.push(format!(
            "about the minimum {}: {uncertain}",
            minimum.as_ref().map_or("", |m| m.label.as_str())
        ));
    }
    if product.is_covered() {
        notes.extend(product.notes.iter().cloned());
    }
    if verdict != Verdict::NotCovered && support.is_out_of_support() {
        notes.push("out of support: OAuth keeps the integration running, but the version gets no more fixes; plan an upgrade to a current Business Central".to_string());
    }

    let summary = summary(product, verdict, &platform, &application, minimum.as_ref());
    Assessment {
        date: today,
        data_revision: data.revision.clone(),
        verdict,
        exit_code: verdict.exit_code(),
        summary,
        product: ProductSummary {
            key: product.key.clone(),
            name: product.name.clone(),
            family: product.family,
            major: product.major,
            covered: product.is_covered(),
            is_bc: product.is_bc(),
            al_only: product.al_only,
        },
        proxy_version: product.proxy_version,
        platform,
        application,
        short,
        minimum,
        target,
        advice,
        support_text: support.describe(),
        support,
        notes,
    }
}

/// The recommended target: the last CU of the version, the minimum as the floor.
fn target(product: &Product) -> Option<Target> {
    match (product.last_release(), product.minimum_release()) {
        (Some(last), Some(min)) if last.number >= min.number => Some(Target {
            release: ReleaseRef::new(product, last),
            reason: format!(
                "the last {} of {}; {} is the lowest that works",
                unit(product),
                product.name,
                product.label(min.number)
            ),
        }),
        (_, Some(min)) => Some(Target {
            release: ReleaseRef::new(product, min),
            reason: format!(
                "the minimum; navplan does not know the last {} of {}: take the newest one offered, at least {}",
                unit(product),
                product.name,
                product.label(min.number)
            ),
        }),
        _ => None,
    }
}

fn unit(product: &Product) -> &'static str {
    match product.numbering {
        Numbering::Cu => "CU",
        Numbering::Update => "update",
    }
}

fn summary(
    product: &Product,
    verdict: Verdict,
    platform: &SideVerdict,
    application: &SideVerdict,
    minimum: Option<&ReleaseRef>,
) -> String {
    let name = &product.name;
    let at = SideVerdict::placed_or_given;
    let min = minimum.map_or_else(String::new, |m| m.label.clone());
    let first = format!(
        "the first {} with OAuth for the Dynamics 365 Sales integration",
        unit(product)
    );
    match verdict {
        Verdict::NotCovered => format!("{name} is not covered by this procedure."),
        Verdict::Ready => format!(
            "{name} is ready for OAuth: platform ({}) and application ({}) are at or above {min}.",
            at(platform),
            at(application)
        ),
        Verdict::UpgradeRequired => {
            let (p_short, a_short) = (
                platform.meets_minimum == Some(false),
                application.meets_minimum == Some(false),
            );
            match (p_short, a_short) {
                (true, true) if at(platform) == at(application) => format!(
                    "{name} must be updated first: platform and application ({}) are below {min}, {first}.",
                    at(platform)
                ),
                (true, true) => format!(
                    "{name} must be updated first: the platform ({}) and the application ({}) are below {min}, {first}.",
                    at(platform),
                    at(application)
                ),
                (true, false) => format!(
                    "{name} must be updated first: the platform ({}) is below {min}, {first}; the application ({}) already meets it.",
                    at(platform),
                    at(application)
                ),
                _ => format!(
                    "{name} must be updated first: the application ({}) is below {min}, {first}; the platform ({}) already meets it.",
                    at(application),
                    at(platform)
                ),
            }
        }
    }
}
