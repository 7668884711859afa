//! Placing a spec's point in its product's release history: which CU it is, or between which
//! two known CUs it falls, and whether it meets the minimum. Builds are compared only within one
//! product (one major): build numbers of different majors are separate series.

use std::cmp::Ordering;

use serde::Serialize;

use super::data::{Product, Release, VersionData};
use super::error::VersionError;
use super::spec::Point;

/// The two halves of an installation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Side {
    Platform,
    Application,
}

impl Side {
    pub fn name(self) -> &'static str {
        match self {
            Side::Platform => "platform",
            Side::Application => "application",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Position {
    /// Exactly this CU (0 = RTM).
    Exact { number: u32 },
    /// After one known CU and before the next CU whose build is known.
    Between { after: u32, before: u32 },
    /// Newer than every CU with a known build.
    AfterNewest { newest: u32 },
    /// Older than RTM.
    BeforeRtm,
    /// A CU number beyond the table of a product whose last CU is unknown.
    Unlisted { number: u32 },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Resolution {
    /// "CU 30", "between CU 31 and CU 41", "newer than CU 60", "RTM".
    pub label: String,
    pub position: Position,
    pub meets_minimum: bool,
}

/// What an application version read from Version List tags means (for `scan`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AppReading {
    pub product: String,
    pub name: String,
    pub resolution: Resolution,
}

/// Place a point of a covered product in its history. Platform and application are placed the
/// same way: see [`compare`].
pub fn resolve(product: &Product, point: &Point) -> Result<Resolution, VersionError> {
    let position = match *point {
        Point::Unspecified => {
            return Err(VersionError::NoPosition {
                text: product.name.clone(),
                product: product.name.clone(),
                example: format!(
                    "{} {}",
                    product.aliases.first().unwrap_or(&product.key),
                    example_suffix(product)
                ),
            })
        }
        Point::Cu { number } => cu_position(product, number)?,
        _ => scan_position(product, point).ok_or_else(|| VersionError::NoSuchRelease {
            product: product.name.clone(),
            label: "build navplan can place".into(),
            reason: "no CU of it has a known build to compare with".into(),
        })?,
    };
    // An application minor counts updates: one past the last known update never shipped.
    if let (Point::AppVersion { minor, .. }, Position::AfterNewest { newest }) = (point, position) {
        if product.last.is_some() {
            return Err(VersionError::NoSuchRelease {
                product: product.name.clone(),
                label: format!("application {}.{minor}", product.major),
                reason: format!("the last was {}", product.label(newest)),
            });
        }
    }
    let meets_minimum = product
        .minimum_release()
        .and_then(|min| compare(product, point, min))
        .is_some_and(|o| o != Ordering::Less);
    Ok(Resolution {
        label: label(product, position),
        position,
        meets_minimum,
    })
}

fn example_suffix(product: &Product) -> String {
    match product.minimum {
        Some(n) => match product.numbering {
            super::data::Numbering::Cu => format!("CU {n}"),
            super::data::Numbering::Update => format!("update {n}"),
        },
        None => "CU 1".into(),
    }
}

fn cu_position(product: &Product, number: u32) -> Result<Position, VersionError> {
    if product.release(number).is_some() {
        return Ok(Position::Exact { number });
    }
    let newest = product.newest_listed().unwrap_or(0);
    match product.last {
        None if number > newest => Ok(Position::Unlisted { number }),
        _ => Err(VersionError::NoSuchRelease {
            product: product.name.clone(),
            label: product.label(number),
            reason: match product.last {
                Some(last) => format!("the last was {}", product.label(last)),
                None => format!(
                    "its table runs from {} to {}",
                    product.label(1),
                    product.label(newest)
                ),
            },
        }),
    }
}

/// Place a build or application version among the releases whose value is known.
fn scan_position(product: &Product, point: &Point) -> Option<Position> {
    let mut after: Option<u32> = None;
    let mut before: Option<u32> = None;
    for release in product.all_releases() {
        match compare(product, point, release) {
            Some(Ordering::Equal) => {
                return Some(Position::Exact {
                    number: release.number,
                })
            }
            Some(Ordering::Greater) => after = Some(release.number),
            Some(Ordering::Less) if before.is_none() => before = Some(release.number),
            _ => {}
        }
    }
    match (after, before) {
        (Some(a), Some(b)) => Some(Position::Between {
            after: a,
            before: b,
        }),
        (Some(a), None) => Some(Position::AfterNewest { newest: a }),
        (None, Some(_)) => Some(Position::BeforeRtm),
        (None, None) => None,
    }
}

/// How the point compares with a release; `None` when the release's value is unknown.
///
/// NAV: one build series for platform and application. BC: a platform number `major.0.<build>`
/// is placed by the platform builds on both sides (it names the CU whose platform it is); an
/// application version by its minor, which counts the updates.
pub fn compare(product: &Product, point: &Point, release: &Release) -> Option<Ordering> {
    match *point {
        Point::Unspecified => None,
        Point::Rtm => Some(0.cmp(&release.number)),
        Point::Cu { number } => Some(number.cmp(&release.number)),
        Point::Build { build } => release.platform_version()?.build.map(|b| build.cmp(&b)),
        Point::AppVersion { minor, .. } if product.is_bc() => {
            release.application_version().map(|v| minor.cmp(&v.minor))
        }
        Point::AppVersion { .. } => None,
    }
}

pub fn label(product: &Product, position: Position) -> String {
    match position {
        Position::Exact { number } => product.label(number),
        Position::Between { after, before } => {
            format!(
                "between {} and {}",
                product.label(after),
                product.label(before)
            )
        }
        Position::AfterNewest { newest } => format!("newer than {}", product.label(newest)),
        Position::BeforeRtm => "older than RTM".to_string(),
        Position::Unlisted { number } => {
            format!("{}, newer than navplan's table", product.label(number))
        }
    }
}

impl VersionData {
    /// What an application version read from objects means: for NAV 2016-2018 `number` is the W1
    /// build of a `NAVW1<major>.00.00.<build>` tag, for BC 14 the minor of `NAVW114.<minor>`.
    /// `None` when the major is not a covered product's.
    pub fn describe_application(&self, major: u32, number: u32) -> Option<AppReading> {
        let product = self
            .product_for_number(major, 0)
            .filter(|p| p.is_covered())?;
        let point = match (product.is_bc(), number) {
            (_, 0) => Point::Rtm,
            (false, build) => Point::Build { build },
            (true, minor) => Point::AppVersion { minor, build: None },
        };
        let resolution = resolve(product, &point).ok()?;
        Some(AppReading {
            product: product.key.clone(),
            name: product.name.clone(),
            resolution,
        })
    }
}
