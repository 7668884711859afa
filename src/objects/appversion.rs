//! The application version read from the objects' Version List tags.
//!
//! Every NAV 2016-2018 cumulative update re-tags Codeunit 1 with `NAVW1<major>.00.00.<build>`, so
//! Codeunit 1 is the best witness; without it, the highest W1 tag found is the next best (objects
//! keep the build of their last change, so it is a lower bound). BC 14 tags read `NAVW114.<minor>`.
//! See docs/scan.md and DOMAIN.md.

use rayon::prelude::*;
use serde::Serialize;

use super::model::{Object, ObjectKind};
use crate::version::VersionData;

/// How the version was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum VersionSource {
    /// Codeunit 1's W1 tag (re-tagged by every cumulative update).
    #[serde(rename = "codeunit-1")]
    Codeunit1,
    /// The highest W1 tag among all objects.
    HighestTag,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApplicationVersion {
    /// The tag as written, e.g. `NAVW111.00.00.19846` or `NAVW114.21`.
    pub tag: String,
    /// 9 = NAV 2016, 10 = NAV 2017, 11 = NAV 2018, 14 = BC 14.
    pub major: u32,
    /// The build of a `NAVW1<major>.00.00.<build>` tag.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub build: Option<u32>,
    /// The minor of a `NAVW114.<minor>` tag.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minor: Option<u32>,
    pub source: VersionSource,
    /// The product the major means, from the version data (`Dynamics NAV 2018`), when covered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
    /// Where the build or minor sits in the product's history, from the version data: `CU 30`,
    /// `between CU 31 and CU 41`, `RTM`. Absent for a NAV tag without a build.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cu: Option<String>,
    /// Whether that application version is at or above the minimum CU for OAuth.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meets_minimum: Option<bool>,
}

impl ApplicationVersion {
    /// Fill `product`, `cu` and `meets_minimum` from the version data.
    fn place(mut self, data: &VersionData) -> Self {
        let number = match (self.build, self.minor) {
            (Some(build), _) => Some(build),
            // A two-part tag names a CU only for BC 14 (`NAVW114.21`); `NAVW111.00` says nothing.
            (None, Some(minor)) if self.major >= 14 => Some(minor),
            _ => None,
        };
        if let Some(product) = data
            .product_for_number(self.major, 0)
            .filter(|p| p.is_covered())
        {
            self.product = Some(product.name.clone());
        }
        if let Some(reading) = number.and_then(|n| data.describe_application(self.major, n)) {
            self.product = Some(reading.name);
            self.cu = Some(reading.resolution.label);
            self.meets_minimum = Some(reading.resolution.meets_minimum);
        }
        self
    }
}

impl ApplicationVersion {
    /// The second part of the tag (`10` in `NAVW17.10.00.36035`, `26` in `NAVW114.26`): with the
    /// major, it names the product (NAV 2013 is 7.00, NAV 2013 R2 7.10).
    pub fn tag_minor(&self) -> u32 {
        self.tag
            .get(5..)
            .and_then(|rest| rest.split('.').nth(1))
            .and_then(|part| part.parse().ok())
            .unwrap_or(0)
    }
}

type Parsed = (u32, Option<u32>, Option<u32>);

/// A W1 tag taken apart: (major, build, minor).
pub fn parse_w1_tag(tag: &str) -> Option<Parsed> {
    let rest = tag
        .get(..5)
        .filter(|p| p.eq_ignore_ascii_case("NAVW1"))
        .map(|_| &tag[5..])?;
    let number = |s: &str| -> Option<u32> {
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) || s.len() > 9 {
            None
        } else {
            s.parse().ok()
        }
    };
    let mut parts = rest.split('.');
    let major = number(parts.next()?)?;
    let second = parts.next()?;
    let third = parts.next();
    let fourth = parts.next();
    if parts.next().is_some() {
        return None;
    }
    match (third, fourth) {
        (Some(_), Some(build)) => Some((major, number(build), None)),
        _ => Some((major, None, number(second))),
    }
}

/// The version the objects show, if any object carries a W1 tag.
pub fn detect(objects: &[Object]) -> Option<ApplicationVersion> {
    fn best_of(obj: &Object) -> Option<(Parsed, &String)> {
        obj.version_list
            .iter()
            .filter_map(|tag| parse_w1_tag(tag).map(|parsed| (parsed, tag)))
            .max_by_key(|((major, build, minor), _)| (*major, build.or(*minor)))
    }
    let build = |((major, build, minor), tag): ((u32, Option<u32>, Option<u32>), &String),
                 source| {
        ApplicationVersion {
            tag: tag.clone(),
            major,
            build,
            minor,
            source,
            product: None,
            cu: None,
            meets_minimum: None,
        }
        .place(VersionData::embedded())
    };
    let codeunit1 = objects
        .iter()
        .filter(|o| o.kind == ObjectKind::Codeunit && o.id == 1)
        .find_map(best_of);
    if let Some(found) = codeunit1 {
        return Some(build(found, VersionSource::Codeunit1));
    }
    // In parallel (on a big export the version lists are cold by now), keyed by the tag itself
    // rather than a copy of it. Equal keys mean equal tags, so which one wins a tie is moot.
    objects
        .par_iter()
        .filter_map(best_of)
        .max_by_key(|&((major, build, minor), tag)| (major, build.or(minor), tag))
        .map(|found| build(found, VersionSource::HighestTag))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_parse() {
        assert_eq!(
            parse_w1_tag("NAVW111.00.00.19846"),
            Some((11, Some(19846), None))
        );
        assert_eq!(parse_w1_tag("NAVW114.21"), Some((14, None, Some(21))));
        assert_eq!(parse_w1_tag("NAVW19.00"), Some((9, None, Some(0))));
        assert_eq!(parse_w1_tag("NAVDK11.00.00.19846"), None);
        assert_eq!(parse_w1_tag("NAVW1"), None);
        assert_eq!(parse_w1_tag("NAVW1x.1"), None);
    }
}
