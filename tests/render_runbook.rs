//! Snapshots of the runbook in Markdown, HTML and JSON: one customer per covered product, and a
//! version that is not covered.

mod common;

use common::*;
use navplan::plan::facts::Product;
use navplan::plan::People;
use navplan::render::{render, RunbookFormat};

fn snap_all(name: &str, p: &navplan::plan::PlannedCustomer) {
    insta::assert_snapshot!(format!("{name}_md"), render(&p.runbook, RunbookFormat::Md));
    insta::assert_snapshot!(
        format!("{name}_html"),
        render(&p.runbook, RunbookFormat::Html)
    );
    insta::assert_snapshot!(
        format!("{name}_json"),
        render(&p.runbook, RunbookFormat::Json)
    );
}

#[test]
fn nav2018_below_minimum_with_objects() {
    snap_all(
        "nav2018",
        &plan(
            gate(Product::Nav2018, true, true),
            Some(analysis()),
            &people(),
        ),
    );
}

#[test]
fn nav2017_below_minimum() {
    snap_all(
        "nav2017",
        &plan(gate(Product::Nav2017, true, true), None, &people()),
    );
}

#[test]
fn nav2016_application_below_minimum() {
    snap_all(
        "nav2016",
        &plan(
            gate(Product::Nav2016, false, true),
            Some(analysis()),
            &People::default(),
        ),
    );
}

#[test]
fn bc14_below_minimum() {
    snap_all(
        "bc14",
        &plan(gate(Product::Bc14, true, true), Some(analysis()), &people()),
    );
}

#[test]
fn bc15_ready() {
    snap_all(
        "bc15",
        &plan(gate(Product::Bc15, false, false), None, &people()),
    );
}

#[test]
fn not_covered_version() {
    snap_all("not_covered", &plan(not_covered(), None, &people()));
}

#[test]
fn json_carries_schema_and_version() {
    let p = plan(gate(Product::Nav2018, true, true), None, &People::default());
    let v: serde_json::Value =
        serde_json::from_str(&render(&p.runbook, RunbookFormat::Json)).unwrap();
    assert_eq!(v["schema"], "navplan-runbook");
    assert_eq!(v["schema_version"], 2);
    assert_eq!(v["verdict"]["verdict"], "upgrade-required");
    assert_eq!(v["verdict"]["exit_code"], 3);
    assert_eq!(v["header"]["date"], "2026-11-26");
}

#[test]
fn connection_string_has_proxy_version_only_for_bc_and_always_the_placeholder() {
    for product in Product::ALL {
        let p = plan(gate(product, false, false), None, &people());
        let cs = &p.runbook.oauth.as_ref().unwrap().connection_string;
        assert!(cs.contains("Password={PASSWORD};"), "{cs}");
        assert!(cs.contains("RedirectUri=app://6f1d2c3b-4a59-4e7d-8c21-0b9a8f7e6d5c;"));
        let bc = matches!(product, Product::Bc14 | Product::Bc15);
        assert_eq!(cs.contains("ProxyVersion=91;"), bc, "{product:?}: {cs}");
    }
}

#[test]
fn missing_oauth_inputs_leave_marked_gaps() {
    let p = plan(
        gate(Product::Nav2018, false, false),
        None,
        &People::default(),
    );
    let o = p.runbook.oauth.as_ref().unwrap();
    assert!(!o.connection_string_complete);
    assert!(o
        .connection_string
        .contains("Username=<integration user UPN>;"));
    assert!(o.connection_string.contains("RedirectUri=app://<app id>;"));
}

#[test]
fn hostile_names_stay_text_in_every_format() {
    let mut who = people();
    who.customer = Some("<script>alert(1)</script> | `x` *Corp*".into());
    let p = plan(gate(Product::Nav2018, true, true), Some(analysis()), &who);
    let html = render(&p.runbook, RunbookFormat::Html);
    assert!(!html.contains("<script>"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!html.contains("<Partner>"));
    let md = render(&p.runbook, RunbookFormat::Md);
    assert!(md.contains("\\<script\\>alert(1)\\</script\\> \\| \\`x\\` \\*Corp\\*"));
    assert!(md.contains("Codeunit 50010 Sales \\| Sync \\<Partner\\>"));
    let json: serde_json::Value =
        serde_json::from_str(&render(&p.runbook, RunbookFormat::Json)).unwrap();
    assert_eq!(
        json["header"]["customer"],
        "<script>alert(1)</script> | `x` *Corp*"
    );
}

#[test]
fn invalid_oauth_inputs_are_refused() {
    let catalogue = navplan::plan::Catalogue::embedded().unwrap();
    for (url, user, app) in [
        (
            "http://contoso.crm.dynamics.com",
            "a@b.com",
            "6f1d2c3b-4a59-4e7d-8c21-0b9a8f7e6d5c",
        ),
        (
            "https://contoso.crm.dynamics.com",
            "not-a-upn",
            "6f1d2c3b-4a59-4e7d-8c21-0b9a8f7e6d5c",
        ),
        ("https://contoso.crm.dynamics.com", "a@b.com", "1234"),
    ] {
        let who = People {
            d365_url: Some(url.into()),
            integration_user: Some(user.into()),
            app_id: Some(app.into()),
            ..People::default()
        };
        let r = navplan::plan::plan_from_facts(
            gate(Product::Bc14, false, false),
            None,
            &who,
            &catalogue,
            &ctx(),
        );
        assert!(r.is_err(), "{url} {user} {app}");
    }
}

#[test]
fn markdown_parses_into_the_expected_structure() {
    use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
    let p = plan(
        gate(Product::Nav2018, true, true),
        Some(analysis()),
        &people(),
    );
    let md = render(&p.runbook, RunbookFormat::Md);
    let opts = Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS | Options::ENABLE_STRIKETHROUGH;
    let mut tasks = 0;
    let mut h2 = Vec::new();
    let mut in_h2 = false;
    let mut mermaid_blocks = 0;
    let mut tables = 0;
    for event in Parser::new_ext(&md, opts) {
        match event {
            Event::TaskListMarker(false) => tasks += 1,
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2,
                ..
            }) => {
                in_h2 = true;
                h2.push(String::new());
            }
            Event::End(TagEnd::Heading(HeadingLevel::H2)) => in_h2 = false,
            Event::Text(t) if in_h2 => h2.last_mut().unwrap().push_str(&t),
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) if &*info == "mermaid" => {
                mermaid_blocks += 1
            }
            Event::Start(Tag::Table(_)) => tables += 1,
            _ => {}
        }
    }
    let steps = p.runbook.all_steps().count();
    assert_eq!(tasks, steps + p.runbook.prerequisites.len());
    assert_eq!(
        h2,
        [
            "Verdict",
            "Summary",
            "Prerequisites",
            "Steps",
            "Merge worklist",
            "DotNet fixes",
            "Impact and effort",
            "Step graph",
            "OAuth set-up"
        ]
    );
    assert_eq!(mermaid_blocks, 1);
    assert_eq!(tables, 5);
}
