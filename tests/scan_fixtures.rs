//! The readers on the hand-written fixtures: one test per trap of calformat.md §4.

use std::path::{Path, PathBuf};

use navplan::objects::{
    self, DotNetForm, Inventory, NoProgress, Object, ObjectKind, RefTarget, RefVia, ScanOptions,
    Severity, SourceFormat,
};

const CLEAN: &str = "tests/fixtures/objects/clean";
const BROKEN: &str = "tests/fixtures/objects/broken";

fn scan(path: &str) -> Inventory {
    objects::scan(&[PathBuf::from(path)], &ScanOptions::default(), &NoProgress)
}

fn find(inv: &Inventory, kind: ObjectKind, id: u32) -> &Object {
    inv.objects
        .iter()
        .find(|o| o.kind == kind && o.id == id)
        .unwrap_or_else(|| panic!("{kind:?} {id} missing"))
}

fn has_ref(o: &Object, kind: ObjectKind, target: RefTarget, via: RefVia) -> bool {
    o.references
        .iter()
        .any(|r| r.kind == kind && r.target == target && r.via == via)
}

fn name(s: &str) -> RefTarget {
    RefTarget::Name(s.to_string())
}

#[test]
fn cp850_crlf_codeunit_with_every_brace_trap() {
    let inv = scan(&format!("{CLEAN}/cal/COD50100.TXT"));
    assert!(inv.diagnostics.is_empty(), "{:?}", inv.diagnostics);
    let o = find(&inv, ObjectKind::Codeunit, 50100);
    assert_eq!(o.name, "Sync Helper Æ", "CP850 0x92 decodes to Æ");
    assert_eq!(o.version_list, ["NAVW111.00.00.19846", "SYNC2.1"]);
    assert!(o.modified);
    assert_eq!(o.date.as_deref(), Some("03.04.18"));
    assert_eq!(o.time.as_deref(), Some("14:05:00"));
    assert!(has_ref(
        o,
        ObjectKind::Table,
        RefTarget::Id(472),
        RefVia::Property
    ));
    assert!(has_ref(
        o,
        ObjectKind::Table,
        RefTarget::Id(5331),
        RefVia::Permission
    ));
    assert!(has_ref(
        o,
        ObjectKind::Table,
        RefTarget::Id(2000000078),
        RefVia::Variable
    ));
    assert!(has_ref(
        o,
        ObjectKind::Codeunit,
        name("Job Queue - Enqueue"),
        RefVia::Code
    ));
    assert!(has_ref(
        o,
        ObjectKind::Page,
        name("CRM Connection Setup"),
        RefVia::Code
    ));
    assert!(has_ref(
        o,
        ObjectKind::Table,
        RefTarget::Id(1400),
        RefVia::EventSubscriber
    ));
    // The Documentation trigger's "OBJECT Codeunit 1" is indented: not a header.
    assert_eq!(inv.objects.len(), 1);
    let sdk = &o.dotnet[0];
    assert_eq!(
        (sdk.assembly.as_str(), sdk.version.as_deref()),
        ("Microsoft.Xrm.Sdk", Some("8.0.0.0"))
    );
    assert_eq!(sdk.line, 26);
    assert!(o.dotnet[1].automation);
    assert_eq!(o.dotnet[1].assembly, "Windows Script Host Object Model");
}

#[test]
fn page_action_triggers_outside_code_with_a_lone_brace() {
    let inv = scan(&format!("{CLEAN}/cal/PAG50101.TXT"));
    assert!(inv.diagnostics.is_empty(), "{:?}", inv.diagnostics);
    let o = find(&inv, ObjectKind::Page, 50101);
    assert!(
        has_ref(o, ObjectKind::Table, RefTarget::Id(472), RefVia::Property),
        "SourceTable=Table472"
    );
    assert!(
        has_ref(
            o,
            ObjectKind::Codeunit,
            RefTarget::Id(5330),
            RefVia::Variable
        ),
        "VAR in OnAction"
    );
    assert!(
        has_ref(o, ObjectKind::Page, RefTarget::Id(674), RefVia::Property),
        "RunObject after the trigger"
    );
    assert!(
        has_ref(o, ObjectKind::Page, RefTarget::Id(768), RefVia::Property),
        "PagePartID after CASE..END"
    );
    assert!(has_ref(
        o,
        ObjectKind::Table,
        RefTarget::Id(5331),
        RefVia::Permission
    ));
    assert_eq!(
        o.span.end,
        std::fs::metadata(format!("{CLEAN}/cal/PAG50101.TXT"))
            .map(|m| m.len() as usize - 1)
            .unwrap_or(0)
    );
}

#[test]
fn mixed_line_ends_no_final_newline_relations_and_formulas() {
    let inv = scan(&format!("{CLEAN}/cal/TAB50102.TXT"));
    assert!(inv.diagnostics.is_empty(), "{:?}", inv.diagnostics);
    let o = find(&inv, ObjectKind::Table, 50102);
    assert!(o.version_list.is_empty());
    assert_eq!((o.date.as_deref(), o.time.as_deref()), (None, None));
    assert!(has_ref(
        o,
        ObjectKind::Table,
        name("Item"),
        RefVia::TableRelation
    ));
    assert!(has_ref(
        o,
        ObjectKind::Table,
        name("Resource"),
        RefVia::TableRelation
    ));
    assert!(has_ref(
        o,
        ObjectKind::Table,
        name("Scheduled Task"),
        RefVia::CalcFormula
    ));
    assert!(has_ref(
        o,
        ObjectKind::Codeunit,
        RefTarget::Id(50100),
        RefVia::Variable
    ));
    let lines: Vec<u32> = o.references.iter().map(|r| r.line).collect();
    // LookupPageID and DrillDownPageID (lines 12, 13) both name Page 50101: one entry.
    assert_eq!(lines, [12, 19, 19, 22, 28, 31]);
}

#[test]
fn combined_file_guids_junk_and_ctrl_z() {
    let inv = scan(&format!("{CLEAN}/cal/combined.txt"));
    let ids: Vec<(ObjectKind, u32, u32)> =
        inv.objects.iter().map(|o| (o.kind, o.id, o.line)).collect();
    assert_eq!(
        ids,
        [
            (ObjectKind::Table, 472, 22),
            (ObjectKind::Codeunit, 1, 1),
            (ObjectKind::XMLport, 50103, 46),
            (ObjectKind::MenuSuite, 1090, 85),
        ]
    );
    assert_eq!(inv.diagnostics.len(), 1);
    assert_eq!(inv.diagnostics[0].severity, Severity::Warning);
    assert_eq!(inv.diagnostics[0].line, 107);
    let menu = find(&inv, ObjectKind::MenuSuite, 1090);
    assert!(
        has_ref(
            menu,
            ObjectKind::Page,
            RefTarget::Id(50101),
            RefVia::Property
        ),
        "RunObjectID"
    );
    let version = inv
        .application_version
        .as_ref()
        .expect("Codeunit 1 has a W1 tag");
    assert_eq!((version.major, version.build), (11, Some(24232)));
    assert_eq!(version.source, objects::VersionSource::Codeunit1);
    // The version data places the build among NAV 2018's CUs.
    assert_eq!(version.product.as_deref(), Some("Dynamics NAV 2018"));
    assert!(
        version.cu.as_deref().is_some_and(|cu| cu.contains("CU")),
        "{version:?}"
    );
    assert!(version.meets_minimum.is_some());
}

#[test]
fn a_tag_without_a_build_names_no_cu() {
    let sources = [(
        "a.txt",
        &b"OBJECT Table 3 A\n{\n  OBJECT-PROPERTIES\n  {\n    Version List=NAVW111.00;\n  }\n}\n"[..],
    )];
    let inv = objects::inventory_from(&sources, &ScanOptions::default());
    let v = inv.application_version.expect("version");
    assert_eq!((v.major, v.build), (11, None));
    assert_eq!(v.product.as_deref(), Some("Dynamics NAV 2018"));
    assert_eq!(v.cu, None);
}

#[test]
fn object_text_gives_back_one_object() {
    let path = format!("{CLEAN}/cal/combined.txt");
    let bytes = std::fs::read(&path).expect("fixture");
    let inv = scan(&path);
    let table = find(&inv, ObjectKind::Table, 472);
    let text = objects::object_text(&bytes, table, &ScanOptions::default());
    assert!(text.starts_with("OBJECT Table 472 Job Queue Entry\r\n"));
    assert!(text.ends_with("}\r\n}"));
}

#[test]
fn utf16_le_with_bom() {
    let inv = scan(&format!("{CLEAN}/cal/query-utf16.txt"));
    assert!(inv.diagnostics.is_empty(), "{:?}", inv.diagnostics);
    let o = find(&inv, ObjectKind::Query, 50104);
    assert_eq!(o.name, "Sync Queue Stats");
    assert!(has_ref(
        o,
        ObjectKind::Table,
        RefTarget::Id(472),
        RefVia::Property
    ));
    assert_eq!(o.references[0].line, 15);
}

#[test]
fn delta_is_read_as_a_delta() {
    let inv = scan(&format!("{CLEAN}/cal/TAB17.DELTA"));
    assert!(inv.diagnostics.is_empty(), "{:?}", inv.diagnostics);
    let o = find(&inv, ObjectKind::Table, 17);
    assert_eq!(o.format, SourceFormat::CalDelta);
    assert_eq!(o.name, "G/L Entry");
    assert!(has_ref(
        o,
        ObjectKind::Codeunit,
        name("Sync Helper"),
        RefVia::Code
    ));
}

#[test]
fn new_syntax_and_lower_case_type() {
    let inv = scan(&format!("{CLEAN}/cal/newsyntax.txt"));
    assert!(inv.diagnostics.is_empty(), "{:?}", inv.diagnostics);
    let o = find(&inv, ObjectKind::Codeunit, 50105);
    assert!(o.modified, "Modified=true");
    assert_eq!(o.date.as_deref(), Some("20180403D"));
    assert!(has_ref(
        o,
        ObjectKind::Table,
        name("Job Queue Entry"),
        RefVia::Property
    ));
    assert!(has_ref(
        o,
        ObjectKind::Table,
        name("Job Queue Log Entry"),
        RefVia::Permission
    ));
    assert!(has_ref(
        o,
        ObjectKind::Table,
        RefTarget::Id(18),
        RefVia::EventSubscriber
    ));
    assert!(has_ref(
        o,
        ObjectKind::Codeunit,
        name("Job Queue Error Handler"),
        RefVia::Code
    ));
}

#[test]
fn al_file_holding_cal_is_read_as_cal() {
    let inv = scan(&format!("{CLEAN}/cal/Codeunit_50106_Sync_Log.al"));
    let o = find(&inv, ObjectKind::Codeunit, 50106);
    assert_eq!(o.format, SourceFormat::Cal);
}

#[test]
fn al_with_bom_pragma_extends_and_subscribers() {
    let inv = scan(&format!("{CLEAN}/al"));
    assert!(inv.diagnostics.is_empty(), "{:?}", inv.diagnostics);
    let ext = find(&inv, ObjectKind::TableExtension, 50150);
    assert_eq!(ext.extends.as_deref(), Some("Job Queue Entry"));
    assert_eq!(ext.version_list, ["SYNC3.0"]);
    assert_eq!(ext.line, 2, "the #pragma line comes first");
    let cu = find(&inv, ObjectKind::Codeunit, 50151);
    assert!(has_ref(
        cu,
        ObjectKind::Table,
        name("Job Queue Entry"),
        RefVia::EventSubscriber
    ));
    assert!(has_ref(
        cu,
        ObjectKind::Table,
        RefTarget::Id(1400),
        RefVia::EventSubscriber
    ));
    assert!(has_ref(
        cu,
        ObjectKind::Codeunit,
        name("Sync Dispatcher"),
        RefVia::Code
    ));
    assert!(
        !has_ref(cu, ObjectKind::Codeunit, name("Not This One"), RefVia::Code),
        "commented out"
    );
    let page = find(&inv, ObjectKind::PageExtension, 50152);
    assert!(has_ref(
        page,
        ObjectKind::Page,
        name("Job Queue Entry Card"),
        RefVia::Extends
    ));
}

#[test]
fn names_resolve_to_ids_within_the_scan() {
    let inv = scan(CLEAN);
    let cu = find(&inv, ObjectKind::Codeunit, 50151);
    let dispatcher = cu
        .references
        .iter()
        .find(|r| r.target == name("Sync Dispatcher"))
        .expect("reference");
    assert_eq!(dispatcher.resolved_id, Some(50105));
    let unknown = cu
        .references
        .iter()
        .find(|r| r.target == name("Service Connection"))
        .expect("reference");
    assert_eq!(unknown.resolved_id, None);
}

#[test]
fn hidden_vcs_folders_are_skipped() {
    let inv = scan(CLEAN);
    assert!(inv.objects.iter().all(|o| o.id != 99999));
    assert!(inv
        .objects
        .iter()
        .all(|o| !o.file.starts_with(Path::new(CLEAN).join(".svn"))));
}

#[test]
fn objects_are_sorted_by_type_then_id() {
    let inv = scan(CLEAN);
    let keys: Vec<(ObjectKind, u32)> = inv.objects.iter().map(|o| (o.kind, o.id)).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
}

#[test]
fn broken_inputs_each_give_an_error_and_the_rest_is_read() {
    let inv = scan(BROKEN);
    let errors: Vec<(String, u32)> = inv
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| {
            let file = d
                .file
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default();
            (file, d.line)
        })
        .collect();
    assert_eq!(
        errors,
        [
            ("bad-header.txt".to_string(), 1),
            ("conflict.txt".to_string(), 3),
            ("conflict.txt".to_string(), 5),
            ("dup-b.txt".to_string(), 1),
            ("objects.fob".to_string(), 0),
            ("truncated.txt".to_string(), 11),
            ("truncated.txt".to_string(), 11),
        ]
    );
    assert!(inv.has_errors());
    // What survives: the object after the conflict, one twin, the truncated table.
    let ids: Vec<u32> = inv.objects.iter().map(|o| o.id).collect();
    assert_eq!(ids, [50202, 50203, 50201]);
    let survivor = find(&inv, ObjectKind::Codeunit, 50201);
    assert!(has_ref(
        survivor,
        ObjectKind::Table,
        RefTarget::Id(18),
        RefVia::Variable
    ));
    let cut = find(&inv, ObjectKind::Table, 50202);
    assert!(has_ref(
        cut,
        ObjectKind::Table,
        name("Customer"),
        RefVia::TableRelation
    ));
}

#[test]
fn empty_and_non_object_files_are_warnings() {
    let inv = scan(BROKEN);
    let warned: Vec<&str> = inv
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .filter_map(|d| d.file.file_name().and_then(|f| f.to_str()))
        .collect();
    assert_eq!(warned, ["empty.txt", "notes.md"]);
}

#[test]
fn read_source_works_in_memory() {
    let text = b"OBJECT Table 5 In Memory\r\n{\r\n  PROPERTIES\r\n  {\r\n    LookupPageID=Page7;\r\n  }\r\n}\r\n";
    let (objs, diags) = objects::read_source(Path::new("mem.txt"), text, &ScanOptions::default());
    assert!(diags.is_empty());
    assert_eq!(objs[0].name, "In Memory");
    assert_eq!(objs[0].references[0].target, RefTarget::Id(7));
    assert_eq!(objs[0].span, 0..text.len() - 2);
}

#[test]
fn highest_tag_without_codeunit_1() {
    let sources = [
        ("a.txt", &b"OBJECT Table 3 A\n{\n  OBJECT-PROPERTIES\n  {\n    Version List=NAVW111.00.00.20783,X;\n  }\n}\n"[..]),
        ("b.txt", &b"OBJECT Table 4 B\n{\n  OBJECT-PROPERTIES\n  {\n    Version List=NAVW111.00.00.26893;\n  }\n}\n"[..]),
        ("c.txt", &b"OBJECT Table 5 C\n{\n  OBJECT-PROPERTIES\n  {\n    Version List=NAVW110.00.00.27667;\n  }\n}\n"[..]),
    ];
    let inv = objects::inventory_from(&sources, &ScanOptions::default());
    let v = inv.application_version.expect("version");
    assert_eq!(
        (v.major, v.build, v.tag.as_str()),
        (11, Some(26893), "NAVW111.00.00.26893")
    );
    assert_eq!(v.source, objects::VersionSource::HighestTag);
}

#[test]
fn bc14_tag_gives_a_minor() {
    let sources = [(
        "a.al",
        &b"codeunit 1 ApplicationManagement\n{\n    // version NAVW114.21\n}\n"[..],
    )];
    let inv = objects::inventory_from(&sources, &ScanOptions::default());
    let v = inv.application_version.expect("version");
    assert_eq!((v.major, v.minor), (14, Some(21)));
    assert!(v.product.is_some() && v.cu.is_some(), "{v:?}");
}

#[test]
fn a_big_file_is_mapped_and_read_whole() {
    // Over the 32 MB threshold, so the file is memory-mapped and its objects read in parallel.
    let one = "OBJECT Codeunit {id} Big\r\n{\r\n  CODE\r\n  {\r\n    VAR\r\n      R@1 : Record {id};\r\n      T@2 : TextConst 'ENU=padding padding padding padding padding padding padding padding padding padding padding';\r\n\r\n    BEGIN\r\n    END.\r\n  }\r\n}\r\n\r\n";
    let count = 34 * 1024 * 1024 / one.len() + 1;
    let text: String = (1..=count)
        .map(|id| one.replace("{id}", &id.to_string()))
        .collect();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("big.txt");
    std::fs::write(&path, &text).expect("write");
    let inv = objects::scan(&[path], &ScanOptions::default(), &NoProgress);
    assert!(inv.diagnostics.is_empty(), "{:?}", inv.diagnostics.first());
    assert_eq!(inv.objects.len(), count);
    let last = inv.objects.last().expect("objects");
    assert_eq!(last.id as usize, count);
    assert_eq!(last.line as usize, 1 + 13 * (count - 1));
    assert_eq!(last.references[0].line, last.line + 5);
    assert_eq!(inv.bytes_scanned as usize, text.len());
}

/// AL names DotNet types by the alias a `dotnet` package declares; the pinned version sits in
/// the package's `assembly(...)` block (tests/fixtures/objects/al-dotnet, CRLF package, LF code).
#[test]
fn al_dotnet_variables_are_tied_to_their_package_by_alias() {
    let inv = scan("tests/fixtures/objects/al-dotnet");
    assert!(inv.diagnostics.is_empty(), "{:?}", inv.diagnostics);
    let package = inv
        .objects
        .iter()
        .find(|o| o.kind == ObjectKind::DotNet)
        .expect("package");
    assert_eq!(package.name, "package");
    // The pin: one per assembly block with a Version, at the Version's line.
    let pins: Vec<_> = package
        .dotnet
        .iter()
        .filter(|d| d.version.is_some())
        .collect();
    assert_eq!(pins.len(), 1, "{:?}", package.dotnet);
    assert_eq!(pins[0].assembly, "Microsoft.Xrm.Sdk");
    assert_eq!(pins[0].version.as_deref(), Some("8.0.0.0"));
    assert_eq!(pins[0].line, 6);
    assert!(pins[0]
        .text
        .contains("PublicKeyToken = '31bf3856ad364e35';"));
    // The package's entries say what they are: the pinned assembly block, then its types.
    let forms: Vec<DotNetForm> = package.dotnet.iter().map(|d| d.form).collect();
    assert_eq!(
        forms,
        [
            DotNetForm::PackageAssembly,
            DotNetForm::PackageType,
            DotNetForm::PackageType,
            DotNetForm::PackageType,
        ]
    );
    // Every type under its alias, quoted or not; a type's line is its own.
    let types: Vec<(&str, &str, &str, u32)> = package
        .dotnet
        .iter()
        .filter_map(|d| {
            Some((
                d.alias.as_deref()?,
                d.assembly.as_str(),
                d.type_name.as_str(),
                d.line,
            ))
        })
        .collect();
    assert_eq!(
        types,
        [
            (
                "CrmEntity",
                "Microsoft.Xrm.Sdk",
                "Microsoft.Xrm.Sdk.Entity",
                10
            ),
            (
                "EntityList",
                "Microsoft.Xrm.Sdk",
                "Microsoft.Xrm.Sdk.EntityCollection",
                13
            ),
            ("Exception", "mscorlib", "System.Exception", 18),
        ]
    );
    let user = find(&inv, ObjectKind::Codeunit, 50120);
    let vars: Vec<(&str, &str, &str, u32)> = user
        .dotnet
        .iter()
        .map(|d| {
            (
                d.text.as_str(),
                d.assembly.as_str(),
                d.type_name.as_str(),
                d.line,
            )
        })
        .collect();
    // Quoted alias, any case; an alias no package declares keeps an empty assembly; the
    // commented-out declaration is not read.
    assert_eq!(
        vars,
        [
            (
                "CrmEntity",
                "Microsoft.Xrm.Sdk",
                "Microsoft.Xrm.Sdk.Entity",
                4
            ),
            (
                "EntityList",
                "Microsoft.Xrm.Sdk",
                "Microsoft.Xrm.Sdk.EntityCollection",
                5
            ),
            ("exception", "mscorlib", "System.Exception", 6),
            ("NotDeclared", "", "NotDeclared", 7),
        ]
    );
    // A variable pins nothing itself: the package does.
    assert!(user.dotnet.iter().all(|d| d.version.is_none()));
    assert!(user.dotnet.iter().all(|d| d.form == DotNetForm::TypeUse));
}

#[test]
fn several_dotnet_packages_are_not_duplicates() {
    let one = "dotnet\n{\n    assembly(mscorlib)\n    {\n        type(System.Text.StringBuilder; StringBuilder) { }\n    }\n}\n";
    let two = "dotnet\n{\n    assembly(\"System.Xml\")\n    {\n        Version = '4.0.0.0';\n        type(System.Xml.XmlDocument; XmlDoc) { }\n    }\n}\n";
    let code = "codeunit 50121 Uses\n{\n    var\n        Doc: DotNet XmlDoc;\n        Sb: DotNet StringBuilder;\n}\n";
    let sources = [("a/One.al", one), ("b/Two.al", two), ("c/Uses.al", code)];
    let inv = objects::inventory_from(&sources, &ScanOptions::default());
    assert!(inv.diagnostics.is_empty(), "{:?}", inv.diagnostics);
    assert_eq!(
        inv.objects
            .iter()
            .filter(|o| o.kind == ObjectKind::DotNet)
            .count(),
        2
    );
    let user = find(&inv, ObjectKind::Codeunit, 50121);
    let assemblies: Vec<&str> = user.dotnet.iter().map(|d| d.assembly.as_str()).collect();
    assert_eq!(assemblies, ["System.Xml", "mscorlib"]);
}

/// A name ending in a capital sigma (Greek databases) lower-cases to a final sigma; the names of
/// objects and of references must be lower-cased alike, or the reference stays unresolved.
#[test]
fn a_name_reference_resolves_whatever_letters_the_name_has() {
    let table = "OBJECT Table 50000 ΠΕΛΑΤΗΣ\r\n{\r\n  PROPERTIES\r\n  {\r\n  }\r\n}\r\n";
    let code = "OBJECT Codeunit 50001 Χρήση\r\n{\r\n  CODE\r\n  {\r\n    VAR\r\n      Q@2 : Record \"ΠΕΛΑΤΗΣ\";\r\n\r\n    BEGIN\r\n    END.\r\n  }\r\n}\r\n";
    let sources = [("TAB50000.TXT", table), ("COD50001.TXT", code)];
    let inv = objects::inventory_from(&sources, &ScanOptions::default());
    assert!(inv.diagnostics.is_empty(), "{:?}", inv.diagnostics);
    let user = find(&inv, ObjectKind::Codeunit, 50001);
    let resolved: Vec<Option<u32>> = user.references.iter().map(|r| r.resolved_id).collect();
    assert_eq!(resolved, [Some(50000)]);
}
