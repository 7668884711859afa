//! `navplan versions [PRODUCT]`: the minimum-CU table, or every known CU of one product.

use std::collections::BTreeMap;

use comfy_table::{presets, ContentArrangement, Table};
use serde::Serialize;

use crate::cli::VersionsArgs;
use crate::version::{support_status, Product, Release, ReleaseRef, SupportStatus, VersionData};
use crate::{Context, Error, Outcome, Result};

/// The text after `navplan versions --help`.
pub fn help() -> String {
    format!(
        "Examples:
  navplan versions                 every product: minimum CU for OAuth, last CU, support status
  navplan versions \"NAV 2018\"      every known CU of NAV 2018 with builds, months and sources
  navplan versions bc14 --json     the same as JSON

Products: NAV 2009, NAV 2009 R2, NAV 2013, NAV 2013 R2, NAV 2015, NAV 2016, NAV 2017, NAV 2018,
BC 13, BC 14, BC 15, BC 16 ... BC 28, BC 29 and later, BC online (keys: nav2018, bc14, bc-online, ...).

{}",
        crate::exit::HELP
    )
}

pub fn run(args: &VersionsArgs, ctx: &Context) -> Result<Outcome> {
    let data = VersionData::embedded();
    let text = match &args.product {
        None if args.json => json(&overview(data, ctx))?,
        None => overview_text(data, ctx),
        Some(name) => {
            let product = data.find_product(name)?;
            if args.json {
                json(&detail(data, product, ctx))?
            } else {
                detail_text(data, product, ctx)
            }
        }
    };
    Ok(Outcome::ok(text))
}

fn json(value: &impl Serialize) -> Result<String> {
    let mut text = serde_json::to_string_pretty(value)
        .map_err(|e| Error::Input(format!("cannot write JSON: {e}")))?;
    text.push('\n');
    Ok(text)
}

fn new_table(header: &[&str]) -> Table {
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .force_no_tty()
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(header.iter().copied());
    table
}

#[derive(Serialize)]
struct Overview {
    date: chrono::NaiveDate,
    products: Vec<OverviewRow>,
}

#[derive(Serialize)]
struct OverviewRow {
    key: String,
    name: String,
    major: u32,
    covered: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    minimum: Option<ReleaseRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last: Option<ReleaseRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    proxy_version: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    advice: Option<String>,
    support: SupportStatus,
}

fn overview(data: &VersionData, ctx: &Context) -> Overview {
    let products = data
        .products
        .iter()
        .map(|p| OverviewRow {
            key: p.key.clone(),
            name: p.name.clone(),
            major: p.major,
            covered: p.is_covered(),
            minimum: p.minimum_release().map(|r| ReleaseRef::new(p, r)),
            last: p.last_release().map(|r| ReleaseRef::new(p, r)),
            proxy_version: p.proxy_version,
            advice: data.advice_for(p).map(str::to_string),
            support: support_status(p.lifecycle.as_ref(), ctx.today),
        })
        .collect();
    Overview {
        date: ctx.today,
        products,
    }
}

fn overview_text(data: &VersionData, ctx: &Context) -> String {
    let mut table = new_table(&[
        "Product",
        "Key",
        "OAuth",
        "Minimum",
        "Platform",
        "Application",
        "Released",
        "Last",
        "Support",
    ]);
    for row in overview(data, ctx).products {
        let (min, platform, application, released) = match &row.minimum {
            Some(m) => (
                m.label.clone(),
                m.platform.clone().unwrap_or_default(),
                m.application.clone().unwrap_or_default(),
                m.released.clone().unwrap_or_default(),
            ),
            None => Default::default(),
        };
        let last = match (&row.last, row.covered) {
            (Some(l), _) => l.label.clone(),
            (None, true) => "unknown".into(),
            (None, false) => String::new(),
        };
        let oauth = if row.covered {
            "covered".to_string()
        } else {
            data.product(&row.key)
                .and_then(|p| data.advice_entry(p))
                .map_or("not covered".into(), |a| format!("no: {}", a.short))
        };
        table.add_row(vec![
            row.name,
            row.key,
            oauth,
            min,
            platform,
            application,
            released,
            last,
            row.support.short(),
        ]);
    }
    let notes = [
        "Minimum = the first CU (BC 15: update) with OAuth for the Dynamics 365 Sales integration; \
         platform and application must both reach it.",
        "\"no\" = not covered by this procedure: `navplan versions PRODUCT` says what applies instead.",
    ];
    format!(
        "{table}\n{}\n{}\nSupport status on {}. Every CU of a product: navplan versions PRODUCT.\n",
        notes[0], notes[1], ctx.today
    )
}

#[derive(Serialize)]
struct Detail<'a> {
    date: chrono::NaiveDate,
    support: SupportStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    advice: Option<&'a str>,
    product: &'a Product,
    /// The sources this product's facts cite.
    sources: BTreeMap<&'a str, &'a str>,
}

fn detail<'a>(data: &'a VersionData, product: &'a Product, ctx: &Context) -> Detail<'a> {
    let mut ids: Vec<&str> = product.all_releases().map(|r| r.source.as_str()).collect();
    ids.extend(product.lifecycle.as_ref().map(|l| l.source.as_str()));
    ids.extend(product.minimum_source.as_deref());
    ids.extend(product.last_source.as_deref());
    let sources = ids
        .into_iter()
        .filter_map(|id| data.sources.get_key_value(id))
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    Detail {
        date: ctx.today,
        support: support_status(product.lifecycle.as_ref(), ctx.today),
        advice: data.advice_for(product),
        product,
        sources,
    }
}

fn detail_text(data: &VersionData, product: &Product, ctx: &Context) -> String {
    let d = detail(data, product, ctx);
    let mut out = format!(
        "{} ({}, major {})\n",
        product.name, product.key, product.major
    );
    let unit = |n: Option<u32>| n.map_or("unknown".to_string(), |n| product.label(n));
    if product.is_covered() {
        out.push_str(&format!(
            "  minimum for OAuth  {}\n",
            product
                .minimum_release()
                .map_or("unknown".into(), |r| ReleaseRef::new(product, r).describe())
        ));
        out.push_str(&format!("  last               {}\n", unit(product.last)));
        if let Some(proxy) = product.proxy_version {
            out.push_str(&format!("  connection string  ProxyVersion={proxy}\n"));
        }
        if product.al_only {
            out.push_str("  application        AL extensions only (no C/AL objects)\n");
        }
    } else {
        out.push_str("  OAuth              not covered by this procedure\n");
        if let Some(advice) = d.advice {
            out.push_str(&format!("  instead            {advice}\n"));
        }
    }
    if let Some(tag) = &product.tag {
        out.push_str(&format!("  Version List tag   {tag}\n"));
    }
    match &product.lifecycle {
        Some(lc) => out.push_str(&format!(
            "  lifecycle          {} .. {}{} ({}){}\n",
            lc.start,
            lc.mainstream_end,
            lc.extended_end
                .map_or(String::new(), |e| format!(" (extended {e})")),
            lc.source,
            lc.uncertain
                .as_ref()
                .map_or(String::new(), |u| format!(" (?) {u}"))
        )),
        None => out.push_str("  lifecycle          unknown\n"),
    }
    out.push_str(&format!(
        "  support            {} (on {})\n",
        d.support.describe(),
        ctx.today
    ));
    for note in &product.notes {
        out.push_str(&format!("  note               {note}\n"));
    }
    if product.all_releases().next().is_some() {
        out.push('\n');
        out.push_str(&releases_table(product));
    }
    out.push_str("\nSources:\n");
    for (id, text) in &d.sources {
        out.push_str(&format!("  {id}  {text}\n"));
    }
    out
}

fn releases_table(product: &Product) -> String {
    let nav = !product.is_bc();
    let mut header = vec![if product.numbering == crate::version::Numbering::Update {
        "Update"
    } else {
        "CU"
    }];
    if nav {
        header.push("Build");
    } else {
        header.extend(["Platform", "Application"]);
    }
    header.extend(["Released", "KB", "Source", "Note"]);
    let mut table = new_table(&header);
    let mut doubts: Vec<String> = Vec::new();
    let mut inferred = false;
    for r in product.all_releases() {
        let label = product.label(r.number);
        let show = |v: Option<crate::version::VersionNumber>| {
            v.map_or("unknown".into(), |v| v.to_string())
        };
        let mut row = vec![label.clone()];
        if nav {
            row.push(show(r.build));
        } else {
            row.push(show(r.platform));
            row.push(show(r.application));
        }
        let month = r.released.clone().unwrap_or_default();
        inferred |= r.released_inferred;
        row.push(if r.released_inferred {
            format!("{month}*")
        } else {
            month
        });
        row.push(r.kb.map_or(String::new(), |kb| kb.to_string()));
        row.push(r.source.clone());
        row.push(note(product, r, &mut doubts, &label));
        table.add_row(row);
    }
    let mut out = format!("{table}\n");
    if inferred {
        out.push_str("* month inferred from the monthly CU cadence (may be off by one)\n");
    }
    for doubt in doubts {
        out.push_str(&format!("(?) {doubt}\n"));
    }
    out
}

fn note(product: &Product, r: &Release, doubts: &mut Vec<String>, label: &str) -> String {
    let mut parts = Vec::new();
    if product.minimum == Some(r.number) {
        parts.push("minimum for OAuth");
    }
    if product.last == Some(r.number) {
        parts.push("last");
    }
    if let Some(why) = &r.uncertain {
        parts.push("(?)");
        doubts.push(format!("{label}: {why}"));
    }
    parts.join(", ")
}
