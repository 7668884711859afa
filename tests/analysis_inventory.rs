//! The analysis on an inventory built in code: the objects of tests/fixtures/customer with the
//! references and DotNet declarations a reader finds in them (file and line point into the
//! fixtures, so the code patterns read the real text).

use std::path::PathBuf;

use navplan::analysis::{analyze, Action, MergeRules, RuleKind, TargetSource};
use navplan::objects::{
    DotNetDecl, Object, ObjectKind, RefTarget, RefVia, Reference, SourceFormat,
};

fn object(
    kind: ObjectKind,
    id: u32,
    name: &str,
    file: &str,
    tags: &[&str],
    modified: bool,
) -> Object {
    Object {
        kind,
        id,
        name: name.to_string(),
        format: if file.ends_with(".al") {
            SourceFormat::Al
        } else {
            SourceFormat::Cal
        },
        version_list: tags.iter().map(|t| t.to_string()).collect(),
        modified,
        date: None,
        time: None,
        file: PathBuf::from("tests/fixtures/customer").join(file),
        line: 1,
        extends: None,
        references: Vec::new(),
        dotnet: Vec::new(),
        span: 0..0,
    }
}

fn refer(kind: ObjectKind, target: RefTarget, via: RefVia, line: u32) -> Reference {
    Reference {
        kind,
        target,
        resolved_id: None,
        via,
        line,
    }
}

fn pinned(assembly: &str, version: &str, type_name: &str, token: &str, line: u32) -> DotNetDecl {
    DotNetDecl {
        assembly: assembly.to_string(),
        version: Some(version.to_string()),
        type_name: type_name.to_string(),
        text: format!(
            "'{assembly}, Version={version}, Culture=neutral, PublicKeyToken={token}'.{type_name}"
        ),
        automation: false,
        line,
        alias: None,
        form: Default::default(),
    }
}

const XRM_TOKEN: &str = "31bf3856ad364e35";
const NAV2018: &str = "NAVW111.00.00.19846";

/// The fixture customer database, as the reader would report it.
pub fn customer() -> Vec<Object> {
    use ObjectKind::*;
    use RefTarget::{Id, Name};
    let mut objects = Vec::new();

    let mut tab5330 = object(
        Table,
        5330,
        "CRM Connection Setup",
        "TAB5330.TXT",
        &[NAV2018],
        false,
    );
    tab5330.references = vec![
        refer(Table, Id(5331), RefVia::Permission, 11),
        refer(Page, Id(5330), RefVia::Property, 13),
        refer(Codeunit, Id(5330), RefVia::Variable, 35),
    ];
    tab5330.dotnet = vec![
        pinned(
            "Microsoft.Xrm.Sdk",
            "8.0.0.0",
            "Microsoft.Xrm.Sdk.IOrganizationService",
            XRM_TOKEN,
            37,
        ),
        pinned(
            "Microsoft.Xrm.Tooling.Connector",
            "2.2.0.0",
            "Microsoft.Xrm.Tooling.Connector.CrmServiceClient",
            XRM_TOKEN,
            39,
        ),
    ];
    objects.push(tab5330);

    let mut cod5330 = object(
        Codeunit,
        5330,
        "CRM Integration Management",
        "COD5330.TXT",
        &[NAV2018, "PTR1.02"],
        true,
    );
    cod5330.references = vec![
        refer(Table, Id(5330), RefVia::Variable, 28),
        refer(Table, Id(1400), RefVia::EventSubscriber, 42),
        refer(
            Codeunit,
            Name("Job Queue - Enqueue".into()),
            RefVia::Code,
            45,
        ),
    ];
    cod5330.dotnet = vec![
        pinned(
            "Microsoft.Xrm.Sdk",
            "8.0.0.0",
            "Microsoft.Xrm.Sdk.Client.OrganizationServiceProxy",
            XRM_TOKEN,
            22,
        ),
        pinned(
            "Newtonsoft.Json",
            "9.0.0.0",
            "Newtonsoft.Json.JsonConvert",
            "30ad4fe6b2a6aeed",
            23,
        ),
    ];
    objects.push(cod5330);

    let mut cod448 = object(
        Codeunit,
        448,
        "Job Queue Dispatcher",
        "COD448.TXT",
        &[NAV2018],
        false,
    );
    cod448.references = vec![
        refer(Table, Id(472), RefVia::Property, 11),
        refer(Table, Id(472), RefVia::Permission, 12),
        refer(Table, Id(472), RefVia::Variable, 22),
        refer(
            Codeunit,
            Name("Job Queue Dispatcher".into()),
            RefVia::Code,
            25,
        ),
    ];
    objects.push(cod448);

    let mut tab472 = object(
        Table,
        472,
        "Job Queue Entry",
        "TAB472.TXT",
        &[NAV2018, "NAVDK11.00.00.19846", "PTR1.01"],
        false,
    );
    tab472.references = vec![
        refer(Table, Id(474), RefVia::Permission, 11),
        refer(Page, Id(672), RefVia::Property, 14),
        refer(
            Table,
            Name("Job Queue Category".into()),
            RefVia::TableRelation,
            33,
        ),
    ];
    objects.push(tab472);

    let mut pag672 = object(
        Page,
        672,
        "Job Queue Entries",
        "PAG672.TXT",
        &[NAV2018],
        false,
    );
    pag672.references = vec![refer(Table, Id(472), RefVia::Property, 11)];
    objects.push(pag672);

    let mut cod50010 = object(
        Codeunit,
        50010,
        "PTR Nightly Export",
        "COD50010.TXT",
        &["PTR1.00"],
        true,
    );
    cod50010.references = vec![
        refer(Table, Id(472), RefVia::Property, 12),
        refer(Codeunit, Id(50020), RefVia::Variable, 14),
    ];
    objects.push(cod50010);

    let mut cod50020 = object(
        Codeunit,
        50020,
        "PTR Account Sync",
        "COD50020.TXT",
        &["PTR1.00"],
        false,
    );
    cod50020.references = vec![refer(Table, Id(5330), RefVia::Variable, 18)];
    cod50020.dotnet = vec![
        pinned(
            "Microsoft.Xrm.Sdk",
            "8.0.0.0",
            "Microsoft.Xrm.Sdk.Entity",
            XRM_TOKEN,
            19,
        ),
        pinned(
            "mscorlib",
            "4.0.0.0",
            "System.Text.StringBuilder",
            "b77a5c561934e089",
            20,
        ),
    ];
    objects.push(cod50020);

    let mut pag50030 = object(
        Page,
        50030,
        "PTR Customer Overview",
        "PAG50030.TXT",
        &["PTR1.00"],
        false,
    );
    pag50030.references = vec![
        refer(Table, Id(18), RefVia::Property, 11),
        refer(Codeunit, Id(5330), RefVia::Variable, 21),
    ];
    objects.push(pag50030);

    let mut ext = object(
        PageExtension,
        50120,
        "PTR Job Queue Entries",
        "PTRJobQueueEntries.PageExt.al",
        &[],
        false,
    );
    ext.extends = Some("Job Queue Entries".into());
    ext.references = vec![
        refer(Page, Name("Job Queue Entries".into()), RefVia::Extends, 1),
        refer(
            Codeunit,
            Name("PTR Nightly Export".into()),
            RefVia::Code,
            13,
        ),
    ];
    objects.push(ext);

    let mut subscriber = object(
        Codeunit,
        50121,
        "PTR Job Queue Subscriber",
        "PTRJobQueueSubscriber.Codeunit.al",
        &[],
        false,
    );
    subscriber.references = vec![
        refer(
            Codeunit,
            Name("Job Queue Dispatcher".into()),
            RefVia::EventSubscriber,
            3,
        ),
        refer(Table, Name("Job Queue Entry".into()), RefVia::Variable, 4),
    ];
    objects.push(subscriber);

    let cod1 = object(
        Codeunit,
        1,
        "ApplicationManagement",
        "CUSTOMER-STANDARD.txt",
        &[NAV2018],
        false,
    );
    objects.push(cod1);
    let mut tab18 = object(
        Table,
        18,
        "Customer",
        "CUSTOMER-STANDARD.txt",
        &[NAV2018, "NAVDK11.00.00.19846"],
        false,
    );
    tab18.line = 25;
    objects.push(tab18);
    objects
}

fn rules() -> MergeRules {
    MergeRules::embedded().expect("embedded rules")
}

#[test]
fn the_target_is_read_from_the_tags_when_not_given() {
    let analysis = analyze(&customer(), &rules(), None);
    let target = analysis.target.expect("a target");
    assert_eq!(target.product, "nav2018");
    assert_eq!(target.source, TargetSource::Tags);
}

#[test]
fn the_merge_set_names_every_object_with_its_reasons_and_class() {
    let analysis = analyze(&customer(), &rules(), None);
    let set: Vec<(ObjectKind, u32, &str, Action)> = analysis
        .merge_set
        .iter()
        .map(|e| (e.object.kind, e.object.id, e.class.as_str(), e.action))
        .collect();
    use ObjectKind::*;
    assert_eq!(
        set,
        vec![
            (Table, 472, "job-queue", Action::Merge),
            (Table, 5330, "named-by-microsoft", Action::Replace),
            (Page, 672, "job-queue", Action::Replace),
            (Codeunit, 448, "job-queue", Action::Replace),
            (Codeunit, 5330, "named-by-microsoft", Action::Merge),
            (Codeunit, 50010, "job-queue-code", Action::Adapt),
            (Codeunit, 50020, "dotnet-pin", Action::Adapt),
            (Codeunit, 50121, "job-queue", Action::Adapt),
        ]
    );
    let cod448 = analysis
        .merge_set
        .iter()
        .find(|e| e.object.id == 448)
        .expect("COD448");
    let texts: Vec<&str> = cod448.reasons.iter().map(|r| r.text.as_str()).collect();
    assert!(
        texts.contains(&"calls TASKSCHEDULER (line 25)"),
        "{texts:?}"
    );
    assert!(
        texts.contains(&"TableNo=472: run by the Job Queue (line 11)"),
        "{texts:?}"
    );
    let cod50010 = analysis
        .merge_set
        .iter()
        .find(|e| e.object.id == 50010)
        .expect("COD50010");
    assert_eq!(cod50010.reasons.len(), 1);
    assert_eq!(cod50010.reasons[0].rule, RuleKind::CodePattern);
}

#[test]
fn customisation_comes_from_the_flag_and_partner_tags_only() {
    let analysis = analyze(&customer(), &rules(), None);
    let cod5330 = analysis
        .merge_set
        .iter()
        .find(|e| e.object.kind == ObjectKind::Codeunit && e.object.id == 5330)
        .expect("COD5330");
    assert_eq!(
        cod5330.customisation,
        ["Modified=Yes", "partner tags PTR1.02"]
    );
    let tab472 = analysis
        .merge_set
        .iter()
        .find(|e| e.object.id == 472)
        .expect("TAB472");
    // NAVDK is Microsoft's localisation tag, PTR1.01 is the partner's.
    assert_eq!(tab472.customisation, ["partner tags PTR1.01"]);
    assert!(
        !analysis.customised.iter().any(|c| c.object.id == 18),
        "Table 18 carries only Microsoft tags"
    );
}

#[test]
fn every_pinned_declaration_is_listed_with_its_fix_and_unlisted_assemblies_are_not() {
    let analysis = analyze(&customer(), &rules(), None);
    let pins: Vec<(u32, u32, &str)> = analysis
        .dotnet_pins
        .iter()
        .map(|p| (p.object.id, p.line, p.assembly.as_str()))
        .collect();
    assert_eq!(
        pins,
        vec![
            (5330, 37, "Microsoft.Xrm.Sdk"),
            (5330, 39, "Microsoft.Xrm.Tooling.Connector"),
            (5330, 22, "Microsoft.Xrm.Sdk"),
            (5330, 23, "Newtonsoft.Json"),
            (50020, 19, "Microsoft.Xrm.Sdk"),
        ]
    );
    let own = analysis
        .dotnet_pins
        .iter()
        .find(|p| p.object.id == 50020)
        .expect("pin in COD50020");
    assert_eq!(own.fix, "'Microsoft.Xrm.Sdk'.Microsoft.Xrm.Sdk.Entity");
    assert_eq!(
        own.file,
        PathBuf::from("tests/fixtures/customer/COD50020.TXT")
    );
}

#[test]
fn dependents_are_direct_and_transitive_with_paths_including_extensions() {
    let analysis = analyze(&customer(), &rules(), None);
    let of = |kind: ObjectKind, id: u32| {
        analysis
            .dependents
            .iter()
            .find(|d| d.object.kind == kind && d.object.id == id)
            .expect("dependents")
    };

    let tab5330 = of(ObjectKind::Table, 5330);
    let direct: Vec<u32> = tab5330.direct.iter().map(|d| d.object.id).collect();
    assert_eq!(direct, [5330, 50020]);
    let export = tab5330
        .transitive
        .iter()
        .find(|d| d.object.id == 50010)
        .expect("COD50010 through COD50020");
    assert_eq!(
        export.path,
        [
            "Codeunit 50010 PTR Nightly Export",
            "Codeunit 50020 PTR Account Sync",
            "Table 5330 CRM Connection Setup"
        ]
    );
    let page = tab5330
        .transitive
        .iter()
        .find(|d| d.object.id == 50030)
        .expect("page calling Codeunit 5330");
    assert_eq!(page.path.len(), 3);

    let pag672 = of(ObjectKind::Page, 672);
    let extension = pag672
        .direct
        .iter()
        .find(|d| d.object.kind == ObjectKind::PageExtension)
        .expect("the page extension");
    assert_eq!(extension.via, [RefVia::Extends]);

    let cod448 = of(ObjectKind::Codeunit, 448);
    assert!(cod448
        .direct
        .iter()
        .any(|d| d.object.id == 50121 && d.via == [RefVia::EventSubscriber]));
}

#[test]
fn effort_sums_classes_fixes_and_retests() {
    let analysis = analyze(&customer(), &rules(), None);
    let effort = &analysis.effort;
    let class_sum: f64 = effort.classes.iter().map(|c| c.hours).sum();
    assert_eq!(
        effort.total_hours,
        class_sum + effort.dotnet_fixes.hours + effort.retest.hours
    );
    assert_eq!(effort.dotnet_fixes.count, 5);
    assert_eq!(effort.dotnet_fixes.hours, 1.25);
    // named: TAB5330 replaced (1.0) + COD5330 merged (6.0)
    let named = effort
        .classes
        .iter()
        .find(|c| c.class == "named-by-microsoft")
        .expect("named class");
    assert_eq!(
        (named.objects, named.merge, named.replace, named.hours),
        (2, 1, 1, 7.0)
    );
    // Direct dependents outside the merge set: PAG50030 (COD5330), PAG50120 extension (PAG672).
    assert_eq!(effort.retest.count, 2);
}

#[test]
fn a_given_target_picks_its_own_named_list() {
    let analysis = analyze(&customer(), &rules(), Some("nav2017"));
    let tab5330 = analysis
        .merge_set
        .iter()
        .find(|e| e.object.kind == ObjectKind::Table && e.object.id == 5330)
        .expect("TAB5330");
    assert!(tab5330
        .reasons
        .iter()
        .any(|r| r.text == "named by Microsoft for NAV 2017 CU 55"));
}

#[test]
fn the_analysis_is_stable_and_its_json_shape_is_pinned() {
    let mut objects = customer();
    let first = analyze(&objects, &rules(), None);
    objects.reverse();
    let second = analyze(&objects, &rules(), None);
    assert_eq!(first, second, "input order must not matter");
    insta::assert_json_snapshot!("customer_analysis", first);
}

#[test]
fn the_text_report_names_merge_set_pins_dependents_and_effort() {
    let analysis = analyze(&customer(), &rules(), None);
    let text = navplan::analysis::report::render_text(&analysis);
    assert!(
        text.contains("the NAV 2018 list (the version read from the Version List tags)"),
        "{text}"
    );
    assert!(
        text.contains("'Microsoft.Xrm.Sdk'.Microsoft.Xrm.Sdk.Entity"),
        "{text}"
    );
    insta::assert_snapshot!("customer_report", text);
}

#[test]
fn the_real_reader_on_the_fixture_files_gives_the_same_analysis() {
    let opts = navplan::objects::ScanOptions::default();
    let inventory = navplan::objects::scan(
        &[PathBuf::from("tests/fixtures/customer")],
        &opts,
        &navplan::objects::NoProgress,
    );
    assert!(
        inventory.diagnostics.is_empty(),
        "{:?}",
        inventory.diagnostics
    );
    assert_eq!(inventory.objects.len(), customer().len());
    let scanned = analyze(&inventory.objects, &rules(), None);
    let built = analyze(&customer(), &rules(), None);
    assert_eq!(scanned, built);
}
