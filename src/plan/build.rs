//! From the gate, the analysis and the catalogue to a [`Runbook`].

use std::collections::BTreeMap;

use super::catalogue::{Catalogue, StepDef};
use super::conditions::Conditions;
use super::facts::{AnalysisFacts, GateFacts, Product, Verdict};
use super::graph::order_steps;
use super::runbook::*;
use super::text::{fill, fill_blocks, fill_inlines};
use crate::oauth::{AppId, ConnectionError, OrgUrl, Upn, PASSWORD_PLACEHOLDER};
use crate::{Context, Error, Result};

/// Who and where: the names and the OAuth inputs the partner gave.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct People {
    pub customer: Option<String>,
    pub partner: Option<String>,
    pub d365_url: Option<String>,
    pub integration_user: Option<String>,
    pub app_id: Option<String>,
}

/// The validated OAuth inputs.
struct OAuthInputs {
    url: Option<OrgUrl>,
    user: Option<Upn>,
    app_id: Option<AppId>,
}

fn validate_oauth_inputs(people: &People) -> Result<OAuthInputs> {
    let input = |e: ConnectionError| Error::Input(e.to_string());
    Ok(OAuthInputs {
        url: people
            .d365_url
            .as_deref()
            .map(OrgUrl::parse)
            .transpose()
            .map_err(input)?,
        user: people
            .integration_user
            .as_deref()
            .map(Upn::parse)
            .transpose()
            .map_err(input)?,
        app_id: people
            .app_id
            .as_deref()
            .map(AppId::parse)
            .transpose()
            .map_err(input)?,
    })
}

/// Does a step (or a prerequisite) apply, given its products, `when` and `unless`?
fn applies(
    products: &[Product],
    when: &[String],
    unless: &[String],
    gate: &GateFacts,
    c: &Conditions,
) -> bool {
    let Some(product) = gate.product else {
        return false;
    };
    (products.is_empty() || products.contains(&product))
        && when.iter().all(|w| c.holds(w))
        && !unless.iter().any(|u| c.holds(u))
}

pub fn build_runbook(
    gate: &GateFacts,
    analysis: Option<&AnalysisFacts>,
    people: &People,
    catalogue: &Catalogue,
    troubleshooting: Vec<super::runbook::Trouble>,
    ctx: &Context,
) -> Result<Runbook> {
    let oauth_inputs = validate_oauth_inputs(people)?;
    let conditions = Conditions::derive(gate, analysis);
    let selected: Vec<bool> = catalogue
        .steps
        .iter()
        .map(|s| applies(&s.products, &s.when, &s.unless, gate, &conditions))
        .collect();
    let ordered = order_steps(catalogue, &selected)?;
    let number_of: BTreeMap<usize, u32> = ordered
        .order
        .iter()
        .enumerate()
        .map(|(pos, &i)| (i, pos as u32 + 1))
        .collect();

    let customer = people
        .customer
        .clone()
        .unwrap_or_else(|| "the customer".to_string());
    let product_facts = gate.product.and_then(|p| catalogue.products.get(&p));
    let value_of = |name: &str| -> Option<String> {
        let facts = product_facts;
        let value = match name {
            "customer" => customer.clone(),
            "partner" => people
                .partner
                .clone()
                .unwrap_or_else(|| "the partner".to_string()),
            "product" => gate.product_name.clone(),
            "installed_platform" => gate.installed_platform.clone(),
            "installed_application" => gate.installed_application.clone(),
            "minimum" => gate.minimum.clone(),
            "target" => gate.target.clone(),
            "target_label" => gate.target_label.clone(),
            // Rehearse on the version the customer will run: the target when it moves, else today's.
            "rehearsal_version" => {
                if gate.platform_below_minimum || gate.application_below_minimum {
                    gate.target_label.clone()
                } else {
                    format!("the installed version ({})", gate.installed_application)
                }
            }
            "solution" => facts?.solution.clone(),
            "role_admin" => facts?.role_admin.clone(),
            "role_user" => facts?.role_user.clone(),
            "role_alt" => facts?.role_alt.clone(),
            "setup_page" => facts?.setup_page.clone(),
            "url_field" => facts?.url_field.clone(),
            "named_objects" => facts?.named_objects.clone(),
            "service_folder" => facts?.service_folder.clone(),
            "sdk_note" => facts?.sdk_note.clone(),
            "scheduler_note" => facts?.scheduler_note.clone(),
            "merge_count" => match analysis {
                Some(a) => format!("{} customised in the worklist below", a.customised_count()),
                None => "not known until an export is analysed".to_string(),
            },
            "dotnet_count" => match analysis {
                Some(a) => format!("{} found in the export", a.dotnet_fixes.len()),
                None => "not known until an export is analysed".to_string(),
            },
            "integration_user" => oauth_inputs
                .user
                .as_ref()
                .map(|u| u.as_str().to_string())
                .unwrap_or_else(|| "for example D365INTEGRATION@<tenant>.onmicrosoft.com".into()),
            "d365_url" => oauth_inputs
                .url
                .as_ref()
                .map(|u| u.as_str().to_string())
                .unwrap_or_else(|| "https://<org>.crm.dynamics.com".into()),
            "app_id" => oauth_inputs
                .app_id
                .as_ref()
                .map(|a| a.as_str().to_string())
                .unwrap_or_else(|| "not known yet".into()),
            "password_placeholder" => PASSWORD_PLACEHOLDER.to_string(),
            _ => return None,
        };
        Some(value)
    };
    // Titles are filled first, so that `{step:ID}` can name a step by its finished title.
    let titles: BTreeMap<usize, String> = number_of
        .keys()
        .map(|&i| (i, fill(&catalogue.steps[i].title, &value_of)))
        .collect();
    let lookup = |name: &str| -> Option<String> {
        match name.strip_prefix("step:") {
            Some(ids) => Some(
                ids.split('|')
                    .find_map(|id| {
                        let i = catalogue.step_index(id)?;
                        Some(format!("step {} ({})", number_of.get(&i)?, titles.get(&i)?))
                    })
                    .unwrap_or_else(|| "the next step".to_string()),
            ),
            None => value_of(name),
        }
    };

    let mut after_of: BTreeMap<usize, Vec<u32>> = BTreeMap::new();
    for &(a, b) in &ordered.edges {
        after_of.entry(b).or_default().push(number_of[&a]);
    }
    let make_step = |i: usize| -> Step {
        let def: &StepDef = &catalogue.steps[i];
        let mut after = after_of.get(&i).cloned().unwrap_or_default();
        after.sort_unstable();
        Step {
            number: number_of[&i],
            id: def.id.clone(),
            title: titles[&i].clone(),
            phase: def.phase,
            after,
            text: fill_blocks(&def.text, &lookup),
            decision: def.decision.as_ref().map(|d| Decision {
                question: fill_inlines(&d.question, &lookup),
                pass: fill_inlines(&d.pass, &lookup),
                fail: fill_inlines(&d.fail, &lookup),
            }),
            source: def.source.clone(),
        }
    };
    let (oauth_steps, steps): (Vec<Step>, Vec<Step>) = ordered
        .order
        .iter()
        .map(|&i| make_step(i))
        .partition(|s| s.phase.in_oauth_section());

    let graph = StepGraph {
        nodes: steps
            .iter()
            .chain(&oauth_steps)
            .map(|s| GraphNode {
                number: s.number,
                id: s.id.clone(),
                title: s.title.clone(),
                phase: s.phase,
                decision: s.decision.is_some(),
            })
            .collect(),
        edges: ordered
            .edges
            .iter()
            .map(|(a, b)| (number_of[a], number_of[b]))
            .collect(),
    };

    let prerequisites = catalogue
        .prerequisites
        .iter()
        .filter(|p| applies(&p.products, &p.when, &p.unless, gate, &conditions))
        .map(|p| fill_inlines(&p.text, &lookup))
        .collect();

    let oauth = gate.product.map(|product| {
        let proxy_version = product.proxy_version();
        OAuthSection {
            steps: oauth_steps,
            connection_string: connection_string(&oauth_inputs, proxy_version),
            connection_string_complete: oauth_inputs.url.is_some()
                && oauth_inputs.user.is_some()
                && oauth_inputs.app_id.is_some(),
            proxy_version,
            troubleshooting,
        }
    });

    let mut data_versions = BTreeMap::new();
    data_versions.insert("steps.toml".to_string(), catalogue.data_version.clone());
    if let Some(v) = &gate.data_version {
        data_versions.insert("versions.toml".to_string(), v.clone());
    }
    if let Some(v) = analysis.and_then(|a| a.data_version.as_ref()) {
        data_versions.insert("merge-rules.toml".to_string(), v.clone());
    }

    let step_count = graph.nodes.len();
    let summary = summary_rows(
        gate,
        analysis,
        people,
        &customer,
        step_count,
        oauth.as_ref(),
    );
    Ok(Runbook {
        schema: SCHEMA,
        schema_version: SCHEMA_VERSION,
        header: Header {
            title: format!("OAuth for the Dynamics 365 Sales integration: {customer}"),
            customer: customer.clone(),
            partner: people.partner.clone(),
            date: ctx.today.format("%Y-%m-%d").to_string(),
            navplan_version: env!("CARGO_PKG_VERSION").to_string(),
            data_versions,
            steps_overrides: catalogue.overrides.clone(),
        },
        verdict: VerdictInfo {
            verdict: gate.verdict,
            exit_code: gate.verdict.exit_code(),
            product: gate.product_name.clone(),
            sentence: verdict_sentence(gate, &customer),
            support: gate.support.clone(),
            out_of_support: gate.out_of_support,
            notes: gate.notes.clone(),
        },
        summary,
        conditions: conditions.names().into_iter().map(String::from).collect(),
        prerequisites,
        steps,
        analysis: analysis.cloned(),
        graph,
        oauth,
        not_covered: gate.not_covered.clone(),
    })
}

/// The connection string with the validated inputs, `<...>` gaps for the missing ones, and always
/// the `{PASSWORD}` placeholder. The order of keys is the one of `crate::oauth::ConnectionString`.
fn connection_string(inputs: &OAuthInputs, proxy_version: Option<u32>) -> String {
    if let (Some(url), Some(user), Some(app_id)) = (&inputs.url, &inputs.user, &inputs.app_id) {
        let cs = crate::oauth::ConnectionString {
            url: url.clone(),
            user: user.clone(),
            app_id: app_id.clone(),
            proxy_version,
        };
        return cs.to_string();
    }
    let user = inputs
        .user
        .as_ref()
        .map_or("<integration user UPN>", |u| u.as_str());
    let url = inputs
        .url
        .as_ref()
        .map_or("<https://org.crm.dynamics.com>", |u| u.as_str());
    let app = inputs.app_id.as_ref().map_or("<app id>", |a| a.as_str());
    let proxy = proxy_version
        .map(|p| format!("ProxyVersion={p};"))
        .unwrap_or_default();
    format!(
        "AuthType=OAuth;Username={user};Password={PASSWORD_PLACEHOLDER};Url={url};AppId={app};RedirectUri=app://{app};{proxy}TokenCacheStorePath=;LoginPrompt=Never"
    )
}

fn verdict_sentence(gate: &GateFacts, customer: &str) -> String {
    let product = &gate.product_name;
    match gate.verdict {
        Verdict::Ready => format!(
            "{customer}'s {product} (platform {}, application {}) already meets {}, the minimum for OAuth: no update is needed before the OAuth set-up.",
            gate.installed_platform, gate.installed_application, gate.minimum
        ),
        Verdict::UpgradeRequired => {
            let which = match (gate.platform_below_minimum, gate.application_below_minimum) {
                (true, true) => format!(
                    "both the platform ({}) and the application ({}) are",
                    gate.installed_platform, gate.installed_application
                ),
                (true, false) => format!("the platform ({}) is", gate.installed_platform),
                _ => format!("the application ({}) is", gate.installed_application),
            };
            format!(
                "{customer}'s {product} must be updated to {} before OAuth can be set up: {which} below {}, the minimum for OAuth.",
                gate.target, gate.minimum
            )
        }
        Verdict::NotCovered => {
            // The reason reads as a sentence of its own; here it follows a colon.
            let why = gate
                .not_covered
                .as_ref()
                .map(|n| lower_first(n.why.trim_end_matches('.')))
                .unwrap_or_else(|| "it is outside NAV 2016-2018 and Business Central 14-15".into());
            format!("{customer}'s {product} is not covered by this procedure: {why}.")
        }
    }
}

fn summary_rows(
    gate: &GateFacts,
    analysis: Option<&AnalysisFacts>,
    people: &People,
    customer: &str,
    step_count: usize,
    oauth: Option<&OAuthSection>,
) -> Vec<SummaryRow> {
    let mut rows = Vec::new();
    let mut row = |label: &str, value: String| {
        rows.push(SummaryRow {
            label: label.to_string(),
            value,
        })
    };
    row("Customer", customer.to_string());
    if let Some(partner) = &people.partner {
        row("Partner", partner.clone());
    }
    row("Product", gate.product_name.clone());
    row("Installed platform", gate.installed_platform.clone());
    row("Installed application", gate.installed_application.clone());
    if gate.product.is_some() {
        row("Minimum for OAuth", gate.minimum.clone());
        row("Target", gate.target.clone());
    }
    row(
        "Verdict",
        format!(
            "{} (exit code {})",
            gate.verdict.name(),
            gate.verdict.exit_code()
        ),
    );
    if let Some(support) = &gate.support {
        row("Support", support.clone());
    }
    match analysis {
        Some(a) => {
            row("Objects analysed", a.objects_scanned.to_string());
            row(
                "Merge worklist",
                format!(
                    "{} objects, {} customised",
                    a.worklist.len(),
                    a.customised_count()
                ),
            );
            row("DotNet fixes", a.dotnet_fixes.len().to_string());
            if let Some(effort) = &a.effort {
                row(
                    "Estimated effort",
                    format!("{} hours", hours(effort.total_hours)),
                );
            }
        }
        None => row("Objects analysed", "none (no export given)".to_string()),
    }
    if gate.product.is_some() {
        let oauth_steps = oauth.map_or(0, |o| o.steps.len());
        row(
            "Steps",
            format!("{step_count} ({oauth_steps} in the OAuth set-up)"),
        );
    }
    rows
}

/// Hours with at most one decimal, without a trailing ".0".
pub fn hours(value: f64) -> String {
    let tenths = (value * 10.0).round() / 10.0;
    if tenths.fract() == 0.0 {
        format!("{}", tenths as i64)
    } else {
        format!("{tenths:.1}")
    }
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}
