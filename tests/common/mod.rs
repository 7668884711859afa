//! Hand-made facts for library-level plan and render tests (no gate or scan involved).
#![allow(dead_code)]

use chrono::NaiveDate;
use navplan::plan::facts::*;
use navplan::plan::{Catalogue, People, PlannedCustomer};
use navplan::Context;

pub fn ctx() -> Context {
    Context {
        today: NaiveDate::from_ymd_opt(2026, 11, 26).unwrap(),
        color: false,
        stderr_is_terminal: false,
    }
}

/// A covered product at the given state.
pub fn gate(product: Product, platform_below: bool, application_below: bool) -> GateFacts {
    let (installed, minimum) = match product {
        Product::Nav2016 => ("CU 50", "CU 67"),
        Product::Nav2017 => ("CU 40", "CU 55 (build 10.0.30587.0)"),
        Product::Nav2018 => ("CU 30", "CU 41 (build 11.0.47056.0)"),
        Product::Bc14 => (
            "CU 10 (14.11)",
            "CU 20 (application 14.21.46103.0, platform 14.0.46080.0)",
        ),
        Product::Bc15 => (
            "15.5",
            "update 15.13 (application 15.13.45740.0, platform 15.0.45731.0)",
        ),
    };
    let verdict = if platform_below || application_below {
        Verdict::UpgradeRequired
    } else {
        Verdict::Ready
    };
    GateFacts {
        verdict,
        product: Some(product),
        product_name: product.name().to_string(),
        installed_platform: if platform_below {
            installed.into()
        } else {
            minimum.into()
        },
        installed_application: if application_below {
            installed.into()
        } else {
            minimum.into()
        },
        platform_below_minimum: platform_below,
        application_below_minimum: application_below,
        minimum: minimum.into(),
        target: minimum.into(),
        target_label: minimum.split(" (").next().unwrap().into(),
        support: Some("In extended support until 2028-01-11.".into()),
        out_of_support: false,
        not_covered: None,
        notes: vec![],
        data_version: Some("test".into()),
    }
}

pub fn not_covered() -> GateFacts {
    GateFacts {
        verdict: Verdict::NotCovered,
        product: None,
        product_name: "Business Central 17".into(),
        installed_platform: "17.0.16993.0".into(),
        installed_application: "17.4".into(),
        platform_below_minimum: false,
        application_below_minimum: false,
        minimum: String::new(),
        target: String::new(),
        target_label: String::new(),
        support: None,
        out_of_support: false,
        not_covered: Some(NotCovered {
            why: "Business Central 16 and later connect to Dataverse with their own OAuth set-up."
                .into(),
            instead:
                "Use the built-in Dataverse connection set-up with a client secret or certificate."
                    .into(),
        }),
        notes: vec![],
        data_version: Some("test".into()),
    }
}

/// A small analysis with one customised CRM object, a job queue dependent and a DotNet pin;
/// the names carry characters that each output format must escape.
pub fn analysis() -> AnalysisFacts {
    AnalysisFacts {
        objects_scanned: 7,
        diagnostics: vec!["exports/broken.txt:12: object is cut off; skipped".into()],
        worklist: vec![
            WorkItem {
                object: "Codeunit 5330 CRM Integration Management".into(),
                action: "merge".into(),
                reasons: vec!["name contains CRM".into(), "Modified=Yes".into()],
                customised: true,
                location: "exports/COD5330.TXT:1".into(),
                hours: Some(6.0),
            },
            WorkItem {
                object: "Table 472 Job Queue Entry".into(),
                action: "replace".into(),
                reasons: vec!["name contains Job Queue".into()],
                customised: false,
                location: "exports/TAB472.TXT:1".into(),
                hours: Some(0.5),
            },
        ],
        dotnet_fixes: vec![DotNetFix {
            object: "Codeunit 50010 Sales | Sync <Partner>".into(),
            location: "exports/COD50010.TXT:40".into(),
            assembly: "Microsoft.Xrm.Sdk".into(),
            version: "8.0.0.0".into(),
            before: "'Microsoft.Xrm.Sdk, Version=8.0.0.0, Culture=neutral, PublicKeyToken=31bf3856ad364e35'.Microsoft.Xrm.Sdk.Entity".into(),
            after: "'Microsoft.Xrm.Sdk'.Microsoft.Xrm.Sdk.Entity".into(),
        }],
        dependents: vec![Dependents {
            object: "Codeunit 5330 CRM Integration Management".into(),
            // Runbook schema 2: the direct dependents by name, the one reached through them
            // (Page 50011) counted.
            used_by: vec!["Codeunit 50010 Sales | Sync <Partner>".into()],
            indirect: 1,
        }],
        retest: vec!["Codeunit 50010 Sales | Sync <Partner>".into()],
        effort: Some(Effort {
            total_hours: 6.5,
            by_class: vec![
                EffortLine { class: "merge".into(), objects: 1, hours: 6.0 },
                EffortLine { class: "replace".into(), objects: 1, hours: 0.5 },
            ],
        }),
        data_version: Some("test".into()),
    }
}

pub fn people() -> People {
    People {
        customer: Some("Contoso Ltd".into()),
        partner: Some("Fabrikam Partners".into()),
        d365_url: Some("https://contoso.crm4.dynamics.com".into()),
        integration_user: Some("d365integration@contoso.onmicrosoft.com".into()),
        app_id: Some("6f1d2c3b-4a59-4e7d-8c21-0b9a8f7e6d5c".into()),
    }
}

pub fn plan(gate: GateFacts, analysis: Option<AnalysisFacts>, people: &People) -> PlannedCustomer {
    let catalogue = Catalogue::embedded().unwrap();
    navplan::plan::plan_from_facts(gate, analysis, people, &catalogue, &ctx()).unwrap()
}

pub fn step_ids(p: &PlannedCustomer) -> Vec<String> {
    p.runbook.all_steps().map(|s| s.id.clone()).collect()
}
