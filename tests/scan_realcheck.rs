//! Quirks found by running `navplan scan` over real public exports (docs/scan.md, "Checked
//! against real exports"). Each fixture is written by hand, with our own names, and carries the
//! quirk of the real file named in its test.

use std::path::PathBuf;

use navplan::analysis::{self, rules::MergeRules, TargetSource};
use navplan::objects::{
    self, Inventory, NoProgress, Object, ObjectKind, RefTarget, RefVia, ScanOptions,
};

const DIR: &str = "tests/fixtures/objects/realcheck";

/// The objects of a fixture file or folder.
fn scan(file: &str) -> Inventory {
    let path = PathBuf::from(format!("{DIR}/{file}"));
    objects::scan(&[path], &ScanOptions::default(), &NoProgress)
}

fn find(inv: &Inventory, kind: ObjectKind, id: u32) -> &Object {
    inv.objects
        .iter()
        .find(|o| o.kind == kind && o.id == id)
        .unwrap_or_else(|| panic!("{kind:?} {id} missing"))
}

/// The references of one kind and via, as (target, line).
fn refs(o: &Object, kind: ObjectKind, via: RefVia) -> Vec<(RefTarget, u32)> {
    o.references
        .iter()
        .filter(|r| r.kind == kind && r.via == via)
        .map(|r| (r.target.clone(), r.line))
        .collect()
}

fn name(s: &str) -> RefTarget {
    RefTarget::Name(s.to_string())
}

/// nav2017gb-cu11 PAG5371 (`DrillDownPageID=CRM Synch. Job Queue;`) and a partner's list page
/// (`CardPageID=Account Card-editable;`): C/SIDE writes these page properties with the page's
/// name, unquoted, spaces, dots and hyphens included. The name runs to the `;` (or `}`).
#[test]
fn unquoted_page_names_in_properties_are_read_whole() {
    let inv = scan("PAG50310.TXT");
    assert!(inv.diagnostics.is_empty(), "{:?}", inv.diagnostics);
    let page = find(&inv, ObjectKind::Page, 50310);
    assert_eq!(
        refs(page, ObjectKind::Page, RefVia::Property),
        [
            (name("Depot Card-Editable"), 15),
            (RefTarget::Id(50312), 22),
            (name("Depot Sync. Queue"), 41),
        ]
    );
    assert_eq!(
        refs(page, ObjectKind::Table, RefVia::Variable),
        [(RefTarget::Id(50311), 48)],
        "the stray quote in `Name=Depot No.\";` must not hide what follows"
    );
}

/// nav2018dk-cu03 Report 1085 (processing only): C/SIDE writes an empty `RDLDATA { }` section,
/// with no `END_OF_RDLDATA` marker. The report must not be called truncated, and the object
/// after it in the same file must still be read.
#[test]
fn empty_rdldata_section_closes_the_report() {
    let inv = scan("REP50320.TXT");
    assert!(inv.diagnostics.is_empty(), "{:?}", inv.diagnostics);
    let report = find(&inv, ObjectKind::Report, 50320);
    assert_eq!(
        refs(report, ObjectKind::Table, RefVia::Property),
        [(RefTarget::Id(50310), 22)]
    );
    assert_eq!(
        refs(report, ObjectKind::Codeunit, RefVia::Variable),
        [(RefTarget::Id(50311), 52)]
    );
    let next = find(&inv, ObjectKind::Codeunit, 50311);
    assert_eq!(next.line, 64);
}

/// Reading `plan`/`scan` output over a folder that mixes databases (a NAV 2013 R2 APAC
/// Codeunit 1 next to NAV 2017 and 2018 objects): the application version came from Codeunit 1
/// while the list of objects Microsoft names came from the highest NAVW1 tag of any object, so
/// the two headings named different products. An add-on object imported from a newer version
/// carries a newer tag than the database; Codeunit 1 says what the application is.
#[test]
fn the_named_list_follows_codeunit_1_like_the_application_version() {
    let inv = scan("older-codeunit-1");
    assert!(inv.diagnostics.is_empty(), "{:?}", inv.diagnostics);
    let version = inv.application_version.as_ref().expect("a W1 tag");
    assert_eq!(version.major, 9);
    let rules = MergeRules::embedded().expect("embedded rules");
    let analysis = analysis::analyze(&inv.objects, &rules, None);
    let target = analysis.target.expect("a target from the tags");
    assert_eq!(target.product, "nav2016");
    assert_eq!(target.source, TargetSource::Tags);
}

/// A partner's AL `dotnet` package (BC 14 era) keeps the placeholder the designer leaves,
/// `assembly("") { type("";"") { } }`. It declares nothing and must not be listed as an empty
/// DotNet declaration next to the real ones.
#[test]
fn an_empty_placeholder_type_in_a_dotnet_package_is_not_a_declaration() {
    let inv = scan("ParcelLabels.DotNet.al");
    assert!(inv.diagnostics.is_empty(), "{:?}", inv.diagnostics);
    let package = find(&inv, ObjectKind::DotNet, 0);
    let listed: Vec<(&str, Option<&str>, u32)> = package
        .dotnet
        .iter()
        .map(|d| (d.type_name.as_str(), d.alias.as_deref(), d.line))
        .collect();
    assert_eq!(
        listed,
        [
            ("ParcelPrint.Core.LabelWriter", None, 5),
            ("ParcelPrint.Core.LabelWriter", Some("LabelWriter"), 9),
            ("System.Xml.XmlDocument", Some("XmlDocument"), 23),
        ]
    );
}

/// The same mixed folder, read by `navplan scan`: with a NAV 2013 R2 Codeunit 1 (`NAVW17.10`)
/// the summary said "no version found in the tags" right under the application version it had
/// just read from them. A version was found; it is one no named list covers.
#[test]
fn an_uncovered_version_is_not_called_missing() {
    let inv = scan("uncovered-major");
    assert!(inv.diagnostics.is_empty(), "{:?}", inv.diagnostics);
    assert_eq!(inv.application_version.as_ref().map(|v| v.major), Some(7));
    let rules = MergeRules::embedded().expect("embedded rules");
    let analysis = analysis::analyze(&inv.objects, &rules, None);
    assert!(analysis.target.is_none(), "{:?}", analysis.target);
    let text = analysis::report::render_text(&analysis);
    let line = text
        .lines()
        .find(|l| l.starts_with("Objects Microsoft names"))
        .expect("the named-list line");
    assert!(!line.contains("no version found"), "{line}");
    assert!(line.contains("every version's list applies"), "{line}");
}

/// bc15 CRMIntegrationManagement.Codeunit.al (`if RecordId.TableNo = 0 then`): in AL code a
/// comparison with a member or a variable called `TableNo` looked like the `TableNo` property,
/// and gave a table reference with id 0. Only the property itself, which starts a line or follows
/// `{`, `;` or `}`, names the codeunit's table.
#[test]
fn table_no_compared_in_al_code_is_not_the_property() {
    let inv = scan("DepotRouting.Codeunit.al");
    assert!(inv.diagnostics.is_empty(), "{:?}", inv.diagnostics);
    let unit = find(&inv, ObjectKind::Codeunit, 50330);
    assert_eq!(
        refs(unit, ObjectKind::Table, RefVia::Property),
        [(name("Depot Route"), 3)]
    );
    assert_eq!(
        refs(unit, ObjectKind::Table, RefVia::Code),
        [(name("Depot Line"), 19), (name("Depot Header"), 25)]
    );
}

/// nav2013r2-na-scribe COD13 (`Time=[ 5:23:17 AM];`): C/SIDE puts a Date or Time value that
/// starts with a blank in square brackets. The brackets are quoting, not part of the time.
#[test]
fn bracketed_time_is_read_without_its_brackets() {
    let inv = scan("PAG50310.TXT");
    let page = find(&inv, ObjectKind::Page, 50310);
    assert_eq!(page.time.as_deref(), Some("9:14:02 AM"));
    assert_eq!(page.date.as_deref(), Some("02/11/19"));
}

/// nav2018dk Report 1322 (a Word report): RDLDATA up to `END_OF_RDLDATA`, then a WORDLAYOUT of
/// base64 lines up to `END_OF_WORDLAYOUT`, then CODE. Braces and object-like words inside the
/// layout are not read, the CODE section after it is, and so is the next object in the file.
#[test]
fn rdldata_and_wordlayout_are_skipped_whole() {
    let inv = scan("REP50340.TXT");
    assert!(inv.diagnostics.is_empty(), "{:?}", inv.diagnostics);
    let report = find(&inv, ObjectKind::Report, 50340);
    assert_eq!(
        refs(report, ObjectKind::Table, RefVia::Property),
        [(RefTarget::Id(50341), 24), (RefTarget::Id(50342), 36)]
    );
    assert_eq!(
        refs(report, ObjectKind::Table, RefVia::Variable),
        [(RefTarget::Id(50340), 92)]
    );
    assert!(refs(report, ObjectKind::Page, RefVia::Code).is_empty());
    assert_eq!(find(&inv, ObjectKind::Codeunit, 50343).line, 100);
}

/// A partner's AL report over the job queue (`dataitem("Job Queue Entry"; "Job Queue Entry")`)
/// and the AL Customer Card of dvlprlife/msdyn365bc-us (`part(Control149; "Customer Picture")`):
/// AL names a data item's table and a page part's page in the element header, where C/AL writes
/// `DataItemTable=` and `PagePartID=`. They were not read, so such a report or page was missing
/// from the dependents of a merged Table 472.
#[test]
fn al_data_items_parts_and_table_elements_name_their_objects() {
    let inv = scan("DepotSources.al");
    assert!(inv.diagnostics.is_empty(), "{:?}", inv.diagnostics);
    let report = find(&inv, ObjectKind::Report, 50370);
    assert_eq!(
        refs(report, ObjectKind::Table, RefVia::Property),
        [(name("Job Queue Entry"), 7), (name("Depot Line"), 12)]
    );
    let page = find(&inv, ObjectKind::Page, 50371);
    assert_eq!(
        refs(page, ObjectKind::Page, RefVia::Property),
        [
            (name("Depot Lines Subform"), 29),
            (name("Document Attachment Factbox"), 36)
        ]
    );
    let xmlport = find(&inv, ObjectKind::XMLport, 50372);
    assert_eq!(
        refs(xmlport, ObjectKind::Table, RefVia::Property),
        [(name("Depot Header"), 52)]
    );
}

/// Partner AL profiles (the role-center profile of a partner's extension, the pattern of the AL
/// page customization reference): `pagecustomization X customizes "Customer List"` names the
/// page it changes with `customizes`, not `extends`, and a profile names its role centre page in
/// `RoleCenter`. Neither was read, so a customization of a merged page (here Page 672 "Job
/// Queue Entries") was missing from that page's dependents.
#[test]
fn page_customizations_and_profiles_name_their_pages() {
    let inv = scan("DepotClerk.Profile.al");
    assert!(inv.diagnostics.is_empty(), "{:?}", inv.diagnostics);
    let by_name = |kind: ObjectKind, wanted: &str| {
        inv.objects
            .iter()
            .find(|o| o.kind == kind && o.name == wanted)
            .unwrap_or_else(|| panic!("{kind:?} {wanted} missing"))
    };
    let customization = by_name(ObjectKind::PageCustomization, "DepotQueueView");
    assert_eq!(customization.extends.as_deref(), Some("Job Queue Entries"));
    assert_eq!(
        refs(customization, ObjectKind::Page, RefVia::Extends),
        [(name("Job Queue Entries"), 9)]
    );
    let profile = by_name(ObjectKind::Profile, "Depot Clerk");
    assert_eq!(
        refs(profile, ObjectKind::Page, RefVia::Property),
        [(name("Depot Role Center"), 4)]
    );
}

/// A Codeunit 1 of our own with the header as a real export wrote it; the code part is a stub.
fn codeunit_1(date: &str, time: &str, version_list: &str) -> String {
    format!(
        "OBJECT Codeunit 1 ApplicationManagement\n{{\n  OBJECT-PROPERTIES\n  {{\n    Date={date};\n    \
         Time={time};\n    Version List={version_list};\n  }}\n  PROPERTIES\n  {{\n    OnRun=BEGIN\n          \
         END;\n\n  }}\n  CODE\n  {{\n\n    BEGIN\n    END.\n  }}\n}}\n\n"
    )
}

/// The Version Lists real Codeunit 1s carry (round 3): the nine DK CUs of NAV 2018 map to CU 1 ..
/// CU 9, a new-syntax W1 export writes `NAVW111.0` (one zero), a partner's NAV 2013 R2 database
/// adds its own tag and brackets the time, and the replacement Codeunit 1 of a technical upgrade
/// leaves every header value empty.
#[test]
fn codeunit_1_version_lists_as_real_exports_write_them() {
    let version = |date: &str, time: &str, list: &str| {
        let text = codeunit_1(date, time, list);
        let inv =
            objects::inventory_from(&[("COD1.TXT", text.as_bytes())], &ScanOptions::default());
        assert!(inv.diagnostics.is_empty(), "{list}: {:?}", inv.diagnostics);
        inv.application_version
    };
    let dk_builds = [
        19846, 20348, 20783, 21441, 21836, 22292, 23019, 23572, 24232,
    ];
    for (cu, build) in (1..).zip(dk_builds) {
        let v =
            version("06-04-18", "12:00:00", &format!("NAVW111.00.00.{build}")).expect("a version");
        assert_eq!(v.product.as_deref(), Some("Dynamics NAV 2018"), "{build}");
        assert_eq!(v.cu, Some(format!("CU {cu}")), "{build}");
        assert_eq!(v.meets_minimum, Some(false), "{build}");
    }
    let w1 = version("20171006D", "120000T", "NAVW111.0").expect("a version");
    assert_eq!(
        (w1.major, w1.product.as_deref(), w1.cu.as_deref()),
        (11, Some("Dynamics NAV 2018"), None)
    );
    let r2 = version("14-09-23", "[ 4:41:14 PM]", "NAVW17.10.00.36035,SCRIBE").expect("a version");
    assert_eq!((r2.major, r2.build, r2.product), (7, Some(36035), None));
    assert_eq!(version("", "", ""), None);
}

/// nav2018dk matrix pages (`MATRIX_MatrixRecords@1137 : ARRAY [32] OF Record 367;`) and the AL
/// base app (`MatrixRecords: array[32] of Record "Dimension Value";`) keep records in arrays.
/// The element type is a reference like any other; the array part was taken for the type and
/// the declaration dropped.
#[test]
fn record_arrays_are_references() {
    let inv = scan("PAG50360.TXT");
    assert!(inv.diagnostics.is_empty(), "{:?}", inv.diagnostics);
    let page = find(&inv, ObjectKind::Page, 50360);
    assert_eq!(
        refs(page, ObjectKind::Table, RefVia::Variable),
        [
            (RefTarget::Id(50361), 30),
            (RefTarget::Id(2000000007), 31),
            (RefTarget::Id(50362), 34),
            (RefTarget::Id(50363), 36),
        ]
    );

    let inv = scan("DepotMatrix.Page.al");
    assert!(inv.diagnostics.is_empty(), "{:?}", inv.diagnostics);
    let page = find(&inv, ObjectKind::Page, 50370);
    assert_eq!(
        refs(page, ObjectKind::Table, RefVia::Variable),
        [
            (name("Date"), 7),
            (name("Depot Load Buffer"), 8),
            (name("Depot Column"), 11),
        ]
    );
}

/// A Russian partner's classic tables (`LookupFormID=Form21001407;`, `DrillDownFormID=...`) and
/// classic code (`FORM.RUNMODAL(FORM::"Contact Business Relations",ContBusRel)`) name forms as
/// later versions name pages. Both were dropped; dataports, run the same way, with them.
#[test]
fn classic_form_and_dataport_references() {
    let inv = scan("TAB50380.TXT");
    assert!(inv.diagnostics.is_empty(), "{:?}", inv.diagnostics);
    let table = find(&inv, ObjectKind::Table, 50380);
    assert_eq!(
        refs(table, ObjectKind::Form, RefVia::Property),
        [(RefTarget::Id(50381), 13), (RefTarget::Id(50382), 14)]
    );
    assert_eq!(
        refs(table, ObjectKind::Form, RefVia::Code),
        [(name("Depot Hall List"), 23)]
    );
    assert_eq!(
        refs(table, ObjectKind::Dataport, RefVia::Code),
        [(name("Depot Route Import"), 40)]
    );
}

/// BC base-app and partner AL (`GLAccount: array[9] of Record "G/L Account"`, `var
/// VendorLedgerEntry1: array[10] of Record "Vendor Ledger Entry"`, `array[4] of Record "..."
/// temporary`) and C/AL (`ARRAY [2] OF TEMPORARY Record 1019 SECURITYFILTERING(Validated)`):
/// a variable or parameter that is an array of records or codeunits gave no reference, since
/// the type after `:` is `array`. The element type is the dependency.
#[test]
fn arrays_of_records_and_codeunits_are_references() {
    let inv = scan("DepotBatches.Codeunit.al");
    assert!(inv.diagnostics.is_empty(), "{:?}", inv.diagnostics);
    let unit = find(&inv, ObjectKind::Codeunit, 50380);
    assert_eq!(
        refs(unit, ObjectKind::Table, RefVia::Variable),
        [
            (name("Depot Slot"), 4),
            (name("Depot Line"), 7),
            (name("Depot Buffer"), 9)
        ]
    );
    assert_eq!(
        refs(unit, ObjectKind::Codeunit, RefVia::Variable),
        [(name("Depot Sender"), 10)]
    );
    let inv = scan("COD50381.TXT");
    assert!(inv.diagnostics.is_empty(), "{:?}", inv.diagnostics);
    let unit = find(&inv, ObjectKind::Codeunit, 50381);
    assert_eq!(
        refs(unit, ObjectKind::Table, RefVia::Variable),
        [
            (RefTarget::Id(50382), 18),
            (RefTarget::Id(50383), 19),
            (RefTarget::Id(50384), 22)
        ]
    );
}

/// Partner AL tables and codeunits (a fixed-asset item table that starts its list with
/// `Permissions = //TableData "Service Item" = rm,`, codeunits upgraded from C/AL with
/// `//TableData "..." = ri,` lines left between the live ones): the retired entries are
/// comments. They were read as permissions, and a `;` inside one ended the list there, so the
/// entries after it were lost.
#[test]
fn commented_out_permissions_are_not_read() {
    let inv = scan("DepotBin.Table.al");
    assert!(inv.diagnostics.is_empty(), "{:?}", inv.diagnostics);
    let table = find(&inv, ObjectKind::Table, 50390);
    assert_eq!(
        refs(table, ObjectKind::Table, RefVia::Permission),
        [
            (name("Depot Bin Content"), 7),
            (name("Depot Bin Ledger"), 10)
        ]
    );
}

/// Partner AL extensions that name their base object by id (`pageextension 50244 ... extends
/// 673` on the Job Queue Entry Card, `tableextension 50007 ... extends 21`): only a quoted or bare
/// name was taken, so such an extension had no `extends` and no reference to the object it
/// changes, and was missing from that object's dependents.
#[test]
fn extensions_may_name_their_base_object_by_id() {
    let inv = scan("DepotQueueExt.al");
    assert!(inv.diagnostics.is_empty(), "{:?}", inv.diagnostics);
    let page = find(&inv, ObjectKind::PageExtension, 50395);
    assert_eq!(page.extends.as_deref(), Some("673"));
    assert_eq!(
        refs(page, ObjectKind::Page, RefVia::Extends),
        [(RefTarget::Id(673), 1)]
    );
    let table = find(&inv, ObjectKind::TableExtension, 50396);
    assert_eq!(
        refs(table, ObjectKind::Table, RefVia::Extends),
        [(RefTarget::Id(21), 17)]
    );
}

/// Partner AL reports mark a changed data item with a comment after its header, the `{` on the
/// next line (`dataitem(Customer; Customer) //1.3.6.2018`, `dataitem("Sales Header"; "Sales
/// Header") //...`): the header was looked for right before the `{` and not found, so the
/// report gave no reference to the table it reads.
#[test]
fn a_comment_after_a_data_item_header_does_not_hide_its_table() {
    let inv = scan("DepotStatement.Report.al");
    assert!(inv.diagnostics.is_empty(), "{:?}", inv.diagnostics);
    let report = find(&inv, ObjectKind::Report, 50397);
    assert_eq!(
        refs(report, ObjectKind::Table, RefVia::Property),
        [(name("Depot Header"), 7), (name("Depot Line"), 12)]
    );
}

/// The AL formatter writes a negated FlowField sum with a blank after the sign: `CalcFormula =
/// - Sum("Value Entry"."Invoiced Quantity" WHERE(...))` in the base app's Item table, and the
/// same with `"G/L Entry".Amount` or `"Detailed Vendor Ledg. Entry"` in partner tables. The
/// sign was expected right before `Sum`, so the table summed was not a reference.
#[test]
fn a_negated_sum_with_a_blank_after_the_sign_names_its_table() {
    let inv = scan("DepotStock.Table.al");
    assert!(inv.diagnostics.is_empty(), "{:?}", inv.diagnostics);
    let table = find(&inv, ObjectKind::Table, 50398);
    assert_eq!(
        refs(table, ObjectKind::Table, RefVia::CalcFormula),
        [
            (name("Depot Ledger Entry"), 14),
            (name("Depot Receipt Line"), 20)
        ]
    );
}

/// Partner AL tables formatted by hand put a long value on the line after the `=`
/// (`CalcFormula =` then `lookup("SI Business Partner".Name where(...))`, `exist("Comment
/// Line" where(...))`, `sum("Auto Rent Line"."Total Amount" ...)`): only blanks were skipped
/// after the `=`, so the FlowField's table, and a page property written the same way, gave no
/// reference.
#[test]
fn a_property_value_on_the_next_line_is_read() {
    let inv = scan("DepotPartner.Table.al");
    assert!(inv.diagnostics.is_empty(), "{:?}", inv.diagnostics);
    let table = find(&inv, ObjectKind::Table, 50399);
    assert_eq!(
        refs(table, ObjectKind::Table, RefVia::CalcFormula),
        [
            (name("Depot Partner"), 15),
            (name("Depot Comment Line"), 23)
        ]
    );
    assert_eq!(
        refs(table, ObjectKind::Page, RefVia::Property),
        [(name("Depot Partner Links"), 4)]
    );
}

/// BC tables type a field by an enum (`field(10; "Report Output Type"; Enum "Job Queue Report
/// Output Type")` in the Job Queue Entry table of later base apps, `enum X` unquoted in partner
/// tables): the table depends on the enum as a variable of that type would. A page field's
/// second argument is an expression, not a type, and gives no such reference.
#[test]
fn a_table_field_of_an_enum_type_is_a_reference() {
    let inv = scan("DepotDispatch.Table.al");
    assert!(inv.diagnostics.is_empty(), "{:?}", inv.diagnostics);
    let table = find(&inv, ObjectKind::Table, 50398);
    assert_eq!(
        refs(table, ObjectKind::Enum, RefVia::Variable),
        [
            (name("Depot Output Kind"), 8),
            (name("DepotRouteStatus"), 12)
        ]
    );
    let page = find(&inv, ObjectKind::Page, 50399);
    assert_eq!(refs(page, ObjectKind::Enum, RefVia::Variable), []);
}

/// C/SIDE quotes a delta's object name only when the name needs quotes: a partner's extension
/// deltas begin `OBJECT Modification Customer(Table 18)`, and txt2al output keeps
/// `OBJECT Modification LogInManagement(Codeunit 40)` from a partner's delta folder. Such a
/// delta was rejected as "not an object header", and the customised object was missing.
#[test]
fn a_delta_whose_object_name_is_bare_is_read() {
    let inv = scan("delta");
    assert!(inv.diagnostics.is_empty(), "{:?}", inv.diagnostics);
    let codeunit = find(&inv, ObjectKind::Codeunit, 50390);
    assert_eq!(codeunit.name, "DepotSync");
    assert_eq!(codeunit.format, objects::SourceFormat::CalDelta);
    assert_eq!(codeunit.version_list, ["DEPOT1.00", "DEPOT1.10"]);
    assert_eq!(codeunit.line, 1);
    assert_eq!(find(&inv, ObjectKind::Table, 50395).name, "Depot Bin");
}

/// A delta holds both sides of each change. Real deltas drop DotNet variables in `{ Deletion
/// ;... ChangedElements=VariableCollection { ... } }` entries (an Outlook-sync codeunit's
/// `OLSyncSupplier, Version=8.0.0.0` variables) and replace code whose `OriginalCode` runs a
/// page the `ModifiedCode` no longer does. Both sides were read alike, so the merged object
/// "depended" on what the partner had removed, and a removed DotNet variable was listed as a
/// pin to fix. Only the modified side (insertions, `ModifiedCode`) is read now.
#[test]
fn a_delta_gives_references_of_its_modified_side_only() {
    let inv = scan("delta");
    let codeunit = find(&inv, ObjectKind::Codeunit, 50390);
    let all: Vec<(ObjectKind, RefTarget, RefVia, u32)> = codeunit
        .references
        .iter()
        .map(|r| (r.kind, r.target.clone(), r.via, r.line))
        .collect();
    assert!(
        !all.iter()
            .any(|r| r.1 == RefTarget::Id(50392) || r.1 == name("Depot Old Card")),
        "original side read: {all:?}"
    );
    assert!(codeunit.dotnet.is_empty(), "{:?}", codeunit.dotnet);
    assert_eq!(
        refs(codeunit, ObjectKind::Table, RefVia::Variable),
        [(RefTarget::Id(50391), 19)]
    );
    assert_eq!(
        refs(codeunit, ObjectKind::Codeunit, RefVia::Code),
        [(name("Depot Queue Runner"), 36)]
    );
}

/// A `PropertyModification` names its property apart from the new value: `Property=Permissions;`
/// then `ModifiedValue=TableData "G/L Entry"=r,...` (the partner's LogInManagement delta),
/// `Property=TableRelation;` then `ModifiedValue="..."`. The value was read under the name
/// `ModifiedValue`, which is no property, so the new permissions and table relation gave no
/// reference. They are now read under the name `Property=` gives; `OriginalValue` is not read.
#[test]
fn a_delta_reads_a_modified_property_value_under_its_property() {
    let inv = scan("delta");
    let codeunit = find(&inv, ObjectKind::Codeunit, 50390);
    assert_eq!(
        refs(codeunit, ObjectKind::Table, RefVia::Permission),
        [(RefTarget::Id(50393), 44), (RefTarget::Id(50394), 45)]
    );
    let table = find(&inv, ObjectKind::Table, 50395);
    assert_eq!(
        refs(table, ObjectKind::Table, RefVia::TableRelation),
        [(name("Depot Zone"), 20)]
    );
}

/// A delta inserts whole procedures as `ChangedElements=PROCEDURECollection { PROCEDURE ...
/// BEGIN ... END; }`: a partner's Codeunit 1 delta inserts two, whose code has `//KKE : #002 +`
/// markers and strings. Their braces were read as structure, so a `CODEUNIT::` in a `//`
/// comment was a reference and a `}` in a string ended the object early (the permission after
/// it was lost, and the rest was "text after the end"). They are now read as code.
#[test]
fn procedures_a_delta_inserts_are_read_as_code() {
    let inv = scan("delta/COD50396.DELTA");
    assert!(inv.diagnostics.is_empty(), "{:?}", inv.diagnostics);
    let codeunit = find(&inv, ObjectKind::Codeunit, 50396);
    assert_eq!(refs(codeunit, ObjectKind::Codeunit, RefVia::Code), []);
    assert_eq!(
        refs(codeunit, ObjectKind::Table, RefVia::Variable),
        [(name("Depot Licence"), 31)]
    );
    assert_eq!(
        refs(codeunit, ObjectKind::Page, RefVia::Code),
        [(name("Depot Licence Card"), 33)]
    );
    assert_eq!(
        refs(codeunit, ObjectKind::Table, RefVia::Permission),
        [(RefTarget::Id(50397), 41)]
    );
}

/// A partner's 33-table export (round 7): `TableRelation=Salesperson/Purchaser;` and
/// `TableRelation=Country/Region;` name tables bare with a `/` in the name, and
/// `TableRelation=Table51516023` names a table missing from the database by its id. The name
/// runs past the `/`; `Table` glued to digits is the id.
#[test]
fn table_relations_read_slashed_bare_names_and_glued_ids() {
    let inv = scan("TAB50390.TXT");
    assert!(inv.diagnostics.is_empty(), "{:?}", inv.diagnostics);
    let table = find(&inv, ObjectKind::Table, 50390);
    assert_eq!(
        refs(table, ObjectKind::Table, RefVia::TableRelation),
        [
            (name("Dispatcher/Driver"), 16),
            (name("Depot Hall"), 17),
            (name("Zone/Area"), 17),
            (RefTarget::Id(50399), 19),
        ]
    );
}
