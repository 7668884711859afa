//! The installed-version spec: what a partner has in hand ("NAV 2018 CU 30", "BC 14.21",
//! "11.0.44952.0", "NAVW114.21", ...), read case- and space-insensitively into a product and a
//! point in its release history.

use std::sync::OnceLock;

use regex::Regex;
use serde::Serialize;

use super::data::{Numbering, Product, VersionData};
use super::error::VersionError;
use super::number::VersionNumber;

/// Where in its product's history a spec points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Point {
    /// Only the product was named ("NAV 2015", "11.0").
    Unspecified,
    /// RTM, or a Version List tag without a build.
    Rtm,
    /// A CU number, or the update number of BC 15 and later.
    Cu { number: u32 },
    /// A build: NAV platform/application build, or a BC platform build (`14.0.<build>`).
    Build { build: u32 },
    /// A BC application version: minor = the update (`14.21` = CU 20), build when given.
    AppVersion { minor: u32, build: Option<u32> },
}

/// Which kind of text the spec was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SpecForm {
    Name,
    Number,
    Tag,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Spec {
    /// The text as given (trimmed).
    pub text: String,
    /// The product key in the versions data.
    pub product: String,
    pub form: SpecForm,
    pub point: Point,
    /// How an unusual form was read (e.g. "BC 15 CU 13" as update 15.13).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// Parse a spec against the embedded data.
pub fn parse_spec(text: &str) -> Result<Spec, VersionError> {
    parse_spec_with(text, VersionData::embedded())
}

/// Parse a spec against the given data.
pub fn parse_spec_with(text: &str, data: &VersionData) -> Result<Spec, VersionError> {
    let trimmed = text.trim();
    let (product, form, point, notes) =
        read_spec(trimmed, data).map_err(|hint| VersionError::Unrecognised {
            text: trimmed.to_string(),
            hint,
        })?;
    Ok(Spec {
        text: trimmed.to_string(),
        product: product.key.clone(),
        form,
        point,
        notes,
    })
}

/// What a spec reads as, or a hint why it cannot be read.
type Reading<'d> = (&'d Product, SpecForm, Point, Vec<String>);

fn read_spec<'d>(trimmed: &str, data: &'d VersionData) -> Result<Reading<'d>, Option<String>> {
    if trimmed.is_empty() {
        return Err(Some("the version is empty".into()));
    }
    // "NAV 2017 CU 55 (GB)": the country version does not move the gate, since a CU has the same
    // build in every localisation; the code is read off and named in a note.
    let (trimmed, localisation) = strip_localisation(trimmed);
    let (product, form, point, mut notes) = read_unlocalised(trimmed, data)?;
    if let Some(code) = localisation {
        notes.push(format!(
            "the country version {code} does not change the gate: a CU has the same build in every localisation"
        ));
    }
    Ok((product, form, point, notes))
}

fn read_unlocalised<'d>(
    trimmed: &str,
    data: &'d VersionData,
) -> Result<Reading<'d>, Option<String>> {
    // A whole Version List ("NAVW111.00.00.24232,NAVDK11.00.00.24232"): the W1 tag says it.
    let candidate = if trimmed.contains(',') {
        trimmed
            .split(',')
            .map(str::trim)
            .find(|t| t.to_ascii_lowercase().starts_with("navw1"))
            .ok_or_else(|| Some("a Version List needs a NAVW1 tag".to_string()))?
    } else {
        trimmed
    };
    let mut c = compact(candidate);
    // "v11.0.47056.0": a version prefix in front of a number.
    if let Some(number) = c.strip_prefix('v').filter(|n| number_regex().is_match(n)) {
        c = number.to_string();
    }
    if let Some(caps) = tag_regex().captures(&c) {
        let num = |i: usize| caps.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
        return from_tag(data, trimmed, num(2), num(3), num(5));
    }
    if number_regex().is_match(&c) {
        let (product, point) = from_number(data, &c, None).map_err(Some)?;
        return Ok((product, SpecForm::Number, point, Vec::new()));
    }
    // "2018 CU41": a NAV release year alone names NAV ("Business Central" never goes by a year
    // without its name).
    let with_nav = format!("nav{c}");
    let named = match_product(data, &c).or_else(|| {
        year_regex()
            .is_match(&c)
            .then(|| match_product(data, &with_nav))
            .flatten()
    });
    let (product, rest) = named.ok_or_else(|| name_hint(&c))?;
    let (point, notes) = after_name(data, product, rest)?;
    Ok((product, SpecForm::Name, point, notes))
}

/// A Version List tag `NAV<country><major>.<minor>[.<sp>[.<build>]]`: NAV carries the CU build in
/// the last part, BC 14 the update in the minor.
fn from_tag<'d>(
    data: &'d VersionData,
    trimmed: &str,
    major: Option<u32>,
    minor: Option<u32>,
    build: Option<u32>,
) -> Result<Reading<'d>, Option<String>> {
    let (major, minor) = (major.unwrap_or(0), minor.unwrap_or(0));
    let product = data
        .product_for_number(major, minor)
        .ok_or_else(|| Some(format!("no NAV or BC version has the major {major}")))?;
    let point = match (product.is_bc(), minor, build) {
        (true, 0, _) => Point::Rtm,
        (true, m, _) => Point::AppVersion {
            minor: m,
            build: None,
        },
        (false, _, Some(b)) if b > 0 => Point::Build { build: b },
        (false, ..) if product.is_covered() => Point::Rtm,
        (false, ..) => Point::Unspecified,
    };
    let mut notes = Vec::new();
    if point == Point::Rtm && !product.is_bc() {
        notes.push(format!(
            "{trimmed:?} carries no build: the object is unchanged since RTM, so the CU is unknown; it is read as RTM"
        ));
    }
    Ok((product, SpecForm::Tag, point, notes))
}

/// What follows a product name: nothing, "rtm", "cu 30", "update 13", ".21", "11.0.44952.0".
fn after_name(
    data: &VersionData,
    product: &Product,
    rest: &str,
) -> Result<(Point, Vec<String>), Option<String>> {
    let rest = rest.trim_start();
    let rest = rest
        .strip_prefix("onpremises")
        .or_else(|| rest.strip_prefix("onprem"))
        .unwrap_or(rest);
    let rest = rest
        .strip_suffix("onpremises")
        .or_else(|| rest.strip_suffix("onprem"))
        .unwrap_or(rest)
        .trim_end();
    // A bare number after the name is read below; a build named as such, or after a CU, here.
    let with_cu_or_word = build_regex()
        .captures(rest)
        .filter(|caps| !caps[1].is_empty() || caps[2].starts_with("build"));
    if let Some(caps) = with_cu_or_word {
        return with_build(data, product, &caps[1], &caps[2]);
    }
    let mut notes = Vec::new();
    let counted = |n: u32| match n {
        0 => Point::Rtm,
        n => Point::Cu { number: n },
    };
    let point = if rest.is_empty() {
        Point::Unspecified
    } else if rest == "rtm" {
        Point::Rtm
    } else if let Some(caps) = cu_regex().captures(rest) {
        let n = caps[1].parse::<u32>().map_err(|_| None)?;
        if product.numbering == Numbering::Update && product.is_covered() && n > 0 {
            notes.push(format!(
                "{} counts updates, not CUs: \"CU {n}\" is read as update {}.{n}",
                product.name, product.major
            ));
        }
        counted(n)
    } else if let Some(caps) = update_regex().captures(rest) {
        if product.numbering == Numbering::Cu && product.is_covered() {
            return Err(Some(format!(
                "{} counts CUs: write \"CU n\" or its application version {}.n",
                product.name, product.major
            )));
        }
        counted(caps[1].parse::<u32>().map_err(|_| None)?)
    } else {
        // A number after the name: ".21" (BC minor), "update 14.21", "11.0.44952.0".
        let number_text = match rest.strip_prefix('.') {
            Some(dotted) => format!("{}.{dotted}", product.major),
            None => rest.strip_prefix("update").unwrap_or(rest).to_string(),
        };
        if !number_regex().is_match(&number_text) {
            return Err(Some(format!(
                "after {} expected CU n, update n, RTM or a version number, not {rest:?}",
                product.name
            )));
        }
        from_number(data, &number_text, Some(product))
            .map_err(Some)?
            .1
    };
    Ok((point, notes))
}

/// "build 47056" or "11.0.47056.0" after the name, alone or after a CU ("CU 41 (Build 47056)").
/// With a CU, the build must be that CU's build when navplan knows it; the CU is then kept.
fn with_build(
    data: &VersionData,
    product: &Product,
    before: &str,
    build_text: &str,
) -> Result<(Point, Vec<String>), Option<String>> {
    let build = match build_text.strip_prefix("build") {
        Some(bare) => bare.parse::<u32>().map_err(|_| None)?,
        None => match from_number(data, build_text.trim(), Some(product)).map_err(Some)? {
            (_, Point::Build { build }) => build,
            _ => {
                return Err(Some(format!(
                    "after {} give a CU or a version number, not both",
                    product.name
                )))
            }
        },
    };
    if before.is_empty() {
        return Ok((Point::Build { build }, Vec::new()));
    }
    let (point, notes) = after_name(data, product, before)?;
    let Point::Cu { number } = point else {
        return Err(Some(format!(
            "after {} expected CU n before the build, not {before:?}",
            product.name
        )));
    };
    let known = product
        .releases
        .iter()
        .find(|r| r.number == number)
        .and_then(|r| r.platform_version())
        .and_then(|v| v.build);
    match known {
        Some(b) if b != build => Err(Some(format!(
            "CU {number} of {} has the build {b}, not {build}: give the CU or the build",
            product.name
        ))),
        _ => Ok((point, notes)),
    }
}

/// A trailing country code ("(GB)", " W1", " DE localisation") and the text before it.
fn strip_localisation(text: &str) -> (&str, Option<String>) {
    match localisation_regex().captures(text) {
        Some(caps) => {
            let code = caps
                .get(2)
                .or_else(|| caps.get(3))
                .map(|m| m.as_str().to_ascii_uppercase());
            let before = caps.get(1).map_or(text, |m| m.as_str());
            (before, code)
        }
        None => (text, None),
    }
}

/// Read a dotted number; when `within` is given, the number must belong to that product.
fn from_number<'d>(
    data: &'d VersionData,
    text: &str,
    within: Option<&'d Product>,
) -> Result<(&'d Product, Point), String> {
    let v: VersionNumber = text
        .parse()
        .map_err(|e: super::number::NumberError| e.to_string())?;
    let product = data.product_for_number(v.major, v.minor).ok_or_else(|| {
        format!(
            "no NAV or BC version has the number {}.{}",
            v.major, v.minor
        )
    })?;
    if let Some(named) = within {
        if named.key != product.key {
            return Err(format!(
                "{v} is a number of {}, not of {}",
                product.name, named.name
            ));
        }
    }
    let point = match (product.is_bc(), v.minor, v.build) {
        (false, _, Some(b)) => Point::Build { build: b },
        (false, _, None) => Point::Unspecified,
        (true, 0, Some(b)) => Point::Build { build: b },
        (true, 0, None) => Point::Rtm,
        (true, m, build) => Point::AppVersion { minor: m, build },
    };
    Ok((product, point))
}

/// The longest product alias (or key) the text starts with, and what follows it.
fn match_product<'d, 'c>(data: &'d VersionData, c: &'c str) -> Option<(&'d Product, &'c str)> {
    let mut best: Option<(&Product, usize)> = None;
    for product in &data.products {
        let names =
            std::iter::once(product.key.clone()).chain(product.aliases.iter().map(|a| compact(a)));
        for name in names {
            let fits = c.starts_with(name.as_str())
                && !c[name.len()..].starts_with(|ch: char| ch.is_ascii_digit());
            if fits && best.map_or(true, |(_, len)| name.len() > len) {
                best = Some((product, name.len()));
            }
        }
    }
    if let Some((product, len)) = best {
        return Some((product, &c[len..]));
    }
    // "BC 35": majors beyond the named ones.
    let caps = bc_prefix_regex().captures(c)?;
    let major = caps[2].parse::<u32>().ok()?;
    let product = data.product_for_number(major, 0)?;
    Some((product, &c[caps[0].len()..]))
}

fn name_hint(c: &str) -> Option<String> {
    if c.starts_with("nav") {
        Some(
            "known NAV versions are 2009, 2009 R2, 2013, 2013 R2, 2015, 2016, 2017 and 2018".into(),
        )
    } else {
        None
    }
}

/// A BC major named as "bc22" or "businesscentral22" (whole text).
pub(crate) fn bc_major(c: &str) -> Option<u32> {
    let caps = bc_prefix_regex().captures(c)?;
    (caps[0].len() == c.len()).then(|| caps[2].parse().ok())?
}

/// Lower case, without spaces, dashes, underscores, apostrophes and brackets, and without the
/// vendor words ("Microsoft", "Dynamics 365", "D365", "Dynamics") in front. A space between two
/// digits stays (as one space), so "NAV 2018 11.0.47056.0" keeps its two numbers apart.
pub fn compact(text: &str) -> String {
    let mut c = String::with_capacity(text.len());
    let mut pending_space = false;
    for ch in text.chars().flat_map(char::to_lowercase) {
        if ch.is_whitespace() {
            pending_space = true;
            continue;
        }
        if matches!(ch, '-' | '_' | '\'' | '(' | ')' | '\u{2019}') {
            continue;
        }
        if pending_space && ch.is_ascii_digit() && c.ends_with(|p: char| p.is_ascii_digit()) {
            c.push(' ');
        }
        pending_space = false;
        c.push(ch);
    }
    loop {
        let stripped = ["microsoft", "dynamics365", "d365", "dynamics"]
            .iter()
            .find_map(|p| c.strip_prefix(p));
        match stripped {
            Some(rest) => c = rest.trim_start().to_string(),
            None => return c,
        }
    }
}

fn tag_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^nav(w1|[a-z]{2,5})(\d{1,2})\.(\d{1,2})(?:\.(\d{1,2}))?(?:\.(\d{1,6}))?$")
            .expect("static regex")
    })
}

fn number_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^\d{1,9}(?:\.\d{1,9}){1,3}$").expect("static regex"))
}

fn cu_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^(?:cu|cumulativeupdate)(\d{1,4})$").expect("static regex"))
}

fn update_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^update(\d{1,4})$").expect("static regex"))
}

/// The country versions NAV and BC 14 shipped in (W1 is the worldwide base).
const LOCALISATIONS: &str =
    "w1|at|au|be|ca|ch|cz|de|dk|es|fi|fr|gb|uk|in|is|it|mx|na|nl|no|nz|ru|se|us";

fn localisation_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(&format!(
            r"(?i)^(.*?\S)\s*(?:\(\s*({LOCALISATIONS})\s*\)|\s({LOCALISATIONS}))(?:\s+locali[sz]ation)?\s*$"
        ))
        .expect("static regex")
    })
}

fn year_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^20(09|1[0-8])(\D|$)").expect("static regex"))
}

/// What follows the name when it ends in a build: group 1 the CU part (may be empty), group 2
/// "build<n>" or " <dotted number>".
fn build_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^(.*?)(build\d{1,6}| ?\d{1,2}\.\d{1,2}\.\d{1,6}(?:\.\d{1,4})?)$")
            .expect("static regex")
    })
}

fn bc_prefix_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^(bc|businesscentral)(\d{2,3})").expect("static regex"))
}
