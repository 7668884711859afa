//! Checks over a versions file: the rules that keep the knowledge honest. Used when the file is
//! loaded and by `tests/versions_data.rs`.

use std::collections::BTreeSet;

use super::data::{Product, Release, VersionData};

/// Every problem found, as a sentence naming the product and CU; empty when the file is sound.
pub fn problems(data: &VersionData) -> Vec<String> {
    let mut out = Vec::new();
    if chrono::NaiveDate::parse_from_str(&format!("{}-01", data.revision), "%Y-%m-%d").is_err() {
        out.push(format!("revision {:?} is not YYYY-MM", data.revision));
    }
    let mut keys = BTreeSet::new();
    for product in &data.products {
        if !keys.insert(product.key.as_str()) {
            out.push(format!("product key {} appears twice", product.key));
        }
        check_product(data, product, &mut out);
    }
    out
}

fn check_product(data: &VersionData, product: &Product, out: &mut Vec<String>) {
    let key = &product.key;
    let source_ok = |id: &str| data.sources.contains_key(id);

    // Covered products carry the whole gate; the others carry advice.
    if product.is_covered() {
        match product.minimum_release() {
            None => out.push(format!("{key}: the minimum CU is not in its list")),
            Some(min) => {
                if min.platform_version().is_none() || min.application_version().is_none() {
                    out.push(format!(
                        "{key}: the minimum CU has no platform or application build"
                    ));
                }
            }
        }
        if let Some(last) = product.last {
            if product.release(last).is_none() {
                out.push(format!("{key}: the last CU {last} is not in its list"));
            }
            if product.minimum.is_some_and(|m| m > last) {
                out.push(format!("{key}: the minimum CU is after the last CU"));
            }
        }
        if product.rtm.is_none() {
            out.push(format!("{key}: a covered product needs its RTM entry"));
        }
        for (what, id) in [
            ("minimum_source", &product.minimum_source),
            ("last_source", &product.last_source),
        ] {
            if let Some(id) = id {
                if !source_ok(id) {
                    out.push(format!("{key}: {what} {id} is not in [sources]"));
                }
            }
        }
        if product.minimum_source.is_none() {
            out.push(format!("{key}: the minimum CU has no source"));
        }
    } else {
        match product.advice_key() {
            None => out.push(format!("{key}: a product that is not covered needs advice")),
            Some(a) if !data.advice.contains_key(a) => {
                out.push(format!("{key}: advice {a} is not in [advice]"))
            }
            Some(_) => {}
        }
        if !product.releases.is_empty() || product.minimum.is_some() {
            out.push(format!(
                "{key}: only covered products list CUs and a minimum"
            ));
        }
    }

    if let Some(lc) = &product.lifecycle {
        if !source_ok(&lc.source) {
            out.push(format!(
                "{key}: lifecycle source {} is not in [sources]",
                lc.source
            ));
        }
        if lc.start >= lc.mainstream_end || lc.extended_end.is_some_and(|e| e <= lc.mainstream_end)
        {
            out.push(format!("{key}: lifecycle dates are not in order"));
        }
    }

    check_releases(product, &source_ok, out);
}

fn check_releases(product: &Product, source_ok: &dyn Fn(&str) -> bool, out: &mut Vec<String>) {
    let key = &product.key;
    let mut seen = BTreeSet::new();
    let mut expected = 1;
    for release in &product.releases {
        if release.number == 0 {
            out.push(format!("{key}: CU 0 belongs in `rtm`"));
        }
        if !seen.insert(release.number) {
            out.push(format!(
                "{key}: {} appears twice",
                product.label(release.number)
            ));
        }
        if release.number != expected && product.numbering == super::data::Numbering::Cu {
            out.push(format!(
                "{key}: CU {} follows CU {} (gap or disorder)",
                release.number,
                expected - 1
            ));
        }
        expected = release.number + 1;
    }
    for release in product.all_releases() {
        let label = product.label(release.number);
        if release.source.is_empty() || !source_ok(&release.source) {
            out.push(format!(
                "{key} {label}: source {:?} is not in [sources]",
                release.source
            ));
        }
        if let Some(month) = &release.released {
            if chrono::NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d").is_err()
                || month.len() != 7
            {
                out.push(format!("{key} {label}: released {month:?} is not YYYY-MM"));
            }
        }
        check_numbers(product, release, &label, out);
    }
    check_increasing(
        product,
        "platform",
        |r| r.platform_version().and_then(|v| v.build),
        out,
    );
    check_increasing(
        product,
        "application",
        |r| r.application_version().and_then(|v| v.build),
        out,
    );
    if product.is_bc() {
        check_increasing(
            product,
            "application minor",
            |r| r.application.map(|v| v.minor),
            out,
        );
    }
}

/// Build numbers belong to their product's major, and a NAV entry has one build, a BC entry two.
fn check_numbers(product: &Product, release: &Release, label: &str, out: &mut Vec<String>) {
    let key = &product.key;
    for v in [release.build, release.platform, release.application]
        .into_iter()
        .flatten()
    {
        if v.major != product.major {
            out.push(format!(
                "{key} {label}: {v} is not of major {}",
                product.major
            ));
        }
    }
    let nav = !product.is_bc();
    if nav && (release.platform.is_some() || release.application.is_some()) {
        out.push(format!("{key} {label}: NAV entries carry one `build`"));
    }
    if !nav && release.build.is_some() {
        out.push(format!(
            "{key} {label}: BC entries carry `platform` and `application`"
        ));
    }
    if let Some(p) = release.platform {
        if p.minor != 0 {
            out.push(format!(
                "{key} {label}: a BC platform is {}.0.<build>",
                product.major
            ));
        }
    }
}

/// Known values strictly increase with the CU; unknown ones are skipped.
fn check_increasing(
    product: &Product,
    what: &str,
    value: impl Fn(&Release) -> Option<u32>,
    out: &mut Vec<String>,
) {
    let mut previous: Option<(u32, u32)> = None;
    for release in product.all_releases() {
        if let Some(v) = value(release) {
            if let Some((number, before)) = previous {
                if v <= before {
                    out.push(format!(
                        "{} {}: {what} {v} is not above {before} of {}",
                        product.key,
                        product.label(release.number),
                        product.label(number)
                    ));
                }
            }
            previous = Some((release.number, v));
        }
    }
}
