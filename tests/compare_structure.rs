//! The structural model of a C/AL object: what counts as an element, and that layout, dates and
//! times never count as a change.

use navplan::analysis::structure::{normalize, ChangeKind, ElementKind, ObjectModel};
use proptest::prelude::*;

const REPORT: &str = "OBJECT Report 50040 PTR CRM Sync Report
{
  OBJECT-PROPERTIES
  {
    Date=09/23/13;
    Time=12:00:00 PM;
    Version List=PTR1.00;
  }
  PROPERTIES
  {
    ProcessingOnly=Yes;
  }
  DATASET
  {
    { 1   ;    ;DataItem;                    ;
               DataItemTable=Table5330;
               OnAfterGetRecord=BEGIN
                                  CurrReport.SKIP;
                                END;
                                 }

  }
  REQUESTPAGE
  {
    PROPERTIES
    {
      SaveValues=Yes;
      OnOpenPage=BEGIN
                   ShowDetails := TRUE;
                 END;

    }
    CONTROLS
    {
      { 1900000001;0;Container;
                  ContainerType=ContentArea }

      { 1   ;1   ;Field     ;
                  CaptionML=ENU=Show Details;
                  SourceExpr=ShowDetails }

    }
  }
  LABELS
  {
  }
  CODE
  {
    VAR
      [InDataSet]
      ShowDetails@1000 : Boolean;
      Window@1001 : Dialog;

    EVENT XmlDoc@1003::NodeInserting@94(sender@1001 : Variant);
    BEGIN
    END;

    BEGIN
    {
      free text with a 'quote and a } brace
    }
    END.
  }
  RDLDATA
  {
  }
}
";

fn labels(model: &ObjectModel) -> Vec<(ElementKind, String)> {
    model
        .elements
        .values()
        .zip(model.elements.keys())
        .map(|(e, k)| (k.kind, e.label.clone()))
        .collect()
}

#[test]
fn every_section_of_a_report_becomes_elements() {
    let model = ObjectModel::parse(REPORT);
    let found = labels(&model);
    let expect = [
        (ElementKind::Property, "property ProcessingOnly"),
        (ElementKind::Trigger, "OnAfterGetRecord of data item 1"),
        (ElementKind::DataItem, "data item 1"),
        (ElementKind::Variable, "variable ShowDetails"),
        (ElementKind::Variable, "variable Window"),
        (ElementKind::Procedure, "procedure XmlDoc::NodeInserting"),
        (ElementKind::Documentation, "documentation"),
        (ElementKind::Property, "request page property SaveValues"),
        (ElementKind::Trigger, "OnOpenPage of the request page"),
        (ElementKind::Control, "request page control 1900000001"),
        (ElementKind::Control, "request page control 1"),
        (ElementKind::Section, "section LABELS"),
        (ElementKind::Section, "section RDLDATA"),
    ];
    for (kind, label) in expect {
        assert!(
            found.contains(&(kind, label.to_string())),
            "{label} missing from {found:?}"
        );
    }
    assert!(
        !found
            .iter()
            .any(|(_, l)| l.contains("Date") || l.contains("Version")),
        "{found:?}"
    );
}

#[test]
fn keys_and_field_groups_are_keyed_by_what_they_hold() {
    let text = "OBJECT Table 50050 PTR Sync Log
{
  OBJECT-PROPERTIES
  {
    Date=;
    Time=;
    Version List=;
  }
  FIELDS
  {
    { 1   ;   ;Entry No.           ;Integer       }
    { 2   ;   ;CRM ID              ;GUID          }
  }
  KEYS
  {
    {    ;Entry No.                               ;Clustered=Yes }
    {    ;CRM ID                                   }
  }
  FIELDGROUPS
  {
    { 1   ;DropDown            ;Entry No.,CRM ID                         }
  }
}
";
    let model = ObjectModel::parse(text);
    let found: Vec<String> = model.elements.values().map(|e| e.label.clone()).collect();
    assert_eq!(
        found,
        [
            "field 1 \"Entry No.\"",
            "field 2 \"CRM ID\"",
            "key CRM ID",
            "key Entry No.",
            "field group 1 \"DropDown\""
        ]
    );
}

#[test]
fn a_changed_property_value_inside_a_field_is_a_field_change() {
    let old = "OBJECT Table 1 T\n{\n  FIELDS\n  {\n    { 1   ;   ;Code                ;Code10        ;NotBlank=Yes }\n  }\n}\n";
    let new = old.replace("NotBlank=Yes", "NotBlank=No");
    let changes = ObjectModel::parse(old).diff(&ObjectModel::parse(&new));
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].element, "field 1 \"Code\"");
    assert_eq!(changes[0].change, ChangeKind::Changed);
}

#[test]
fn a_removed_procedure_is_reported_as_removed() {
    let old = "OBJECT Codeunit 9 C\n{\n  CODE\n  {\n\n    PROCEDURE A@1();\n    BEGIN\n    END;\n\n    PROCEDURE B@2();\n    BEGIN\n    END;\n\n    BEGIN\n    END.\n  }\n}\n";
    let new = old.replace("    PROCEDURE B@2();\n    BEGIN\n    END;\n\n", "");
    let changes = ObjectModel::parse(old).diff(&ObjectModel::parse(&new));
    assert_eq!(changes.len(), 1);
    assert_eq!(
        (changes[0].element.as_str(), changes[0].change),
        ("procedure B", ChangeKind::Removed)
    );
}

/// AL objects have a model of their own (tests/compare_structure_al.rs); an empty one is its
/// header alone.
#[test]
fn an_empty_al_object_is_its_header() {
    let model = ObjectModel::parse("codeunit 50121 \"PTR Job Queue Subscriber\"\n{\n}\n");
    assert_eq!(model.elements.len(), 1);
    assert_eq!(
        model.elements.values().next().map(|e| e.label.as_str()),
        Some("object header")
    );
}

/// Re-lay a C/AL text out: CRLF, trailing spaces and a new Date/Time.
fn relayout(text: &str) -> String {
    text.lines()
        .map(|line| {
            if line.trim_start().starts_with("Date=") {
                "    Date=01.01.30;".to_string()
            } else if line.trim_start().starts_with("Time=") {
                "    Time=[ 1:02:03];".to_string()
            } else {
                format!("{line}  ")
            }
        })
        .collect::<Vec<_>>()
        .join("\r\n")
}

#[test]
fn layout_dates_and_times_are_no_change() {
    let original = ObjectModel::parse(REPORT);
    let relaid = ObjectModel::parse(&relayout(REPORT));
    assert_eq!(original.diff(&relaid), []);
}

proptest! {
    #[test]
    fn parsing_never_panics_on_any_text(text in "(?s)(OBJECT Table 1 X\n\\{\n  [A-Z]{2,6}\n  \\{\n)?[ -~\n{}';]{0,400}") {
        let model = ObjectModel::parse(&text);
        let _ = model.diff(&ObjectModel::default());
    }

    #[test]
    fn normalising_is_idempotent_and_blind_to_spacing(words in proptest::collection::vec("[A-Za-z0-9;:=(),.]{1,8}", 1..20), gap in "[ \t\r\n]{1,4}") {
        let single = words.join(" ");
        let spaced = words.join(&gap);
        let once = normalize(&single);
        prop_assert_eq!(normalize(&once), once.clone());
        prop_assert_eq!(normalize(&spaced), once);
    }
}

#[test]
fn xmlport_and_query_elements_are_told_apart() {
    let xmlport = "OBJECT XMLport 50010 Item Certificates
{
  ELEMENTS
  {
    { [{14A9AF85-45A9-40CA-9407-AB3141242E93}];  ;ItemCertificates    ;Element ;Text     }
    { [{0A1B2C3D-0000-4000-8000-000000000001}];1 ;No                  ;Element ;Field   ;
                                                  DataType=Code;
                                                  SourceField=Item::No. }
  }
}
";
    let query = "OBJECT Query 50104 Sync Queue Stats
{
  ELEMENTS
  {
    { 1   ;    ;DataItem;                    ;
               DataItemTable=Table472 }
    { 2   ;1   ;Column  ;Status              ;
               DataSource=Status }
  }
}
";
    let x: Vec<String> = ObjectModel::parse(xmlport)
        .elements
        .values()
        .map(|e| e.label.clone())
        .collect();
    assert_eq!(
        x,
        [
            "element [{0A1B2C3D-0000-4000-8000-000000000001}] \"No\"",
            "element [{14A9AF85-45A9-40CA-9407-AB3141242E93}] \"ItemCertificates\""
        ]
    );
    let q: Vec<String> = ObjectModel::parse(query)
        .elements
        .values()
        .map(|e| e.label.clone())
        .collect();
    assert_eq!(q, ["element 1", "element 2 \"Status\""]);
    // A changed source field of an XMLport element is a change of that element.
    let changed = xmlport.replace("SourceField=Item::No.", "SourceField=Item::Description");
    let changes = ObjectModel::parse(xmlport).diff(&ObjectModel::parse(&changed));
    assert_eq!(changes.len(), 1);
    assert_eq!(
        changes[0].element,
        "element [{0A1B2C3D-0000-4000-8000-000000000001}] \"No\""
    );
}

/// Lines that look like C/AL, in any order: the parser meets every state in odd sequences.
fn calish_line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("  FIELDS".to_string()),
        Just("  CONTROLS".to_string()),
        Just("  ELEMENTS".to_string()),
        Just("  CODE".to_string()),
        Just("  PROPERTIES".to_string()),
        Just("  {".to_string()),
        Just("  }".to_string()),
        Just("    { 1   ;   ;Navn på kunde       ;Code20        ;OnValidate=BEGIN".to_string()),
        Just("    { [{14A9AF85-45A9-40CA-9407-AB3141242E93}];1 ;N ;Element ;Text }".to_string()),
        Just("    {".to_string()),
        Just("    ActionList=ACTIONS".to_string()),
        Just("      { 2       ;1   ;Action    ;".to_string()),
        Just("                      OnAction=VAR".to_string()),
        Just("    OnRun=BEGIN".to_string()),
        Just("    VAR".to_string()),
        Just("      V@1 : Integer;".to_string()),
        Just("    [External]".to_string()),
        Just("    PROCEDURE P@1();".to_string()),
        Just("    EVENT X@1::Y@2();".to_string()),
        Just("    BEGIN".to_string()),
        Just("    END;".to_string()),
        Just("    END.".to_string()),
        "[ -~æøåÆ›]{0,30}",
    ]
}

proptest! {
    #[test]
    fn odd_sequences_of_cal_lines_never_panic(lines in proptest::collection::vec(calish_line(), 0..60)) {
        let text = format!("OBJECT Page 1 X\n{{\n{}\n}}\n", lines.join("\n"));
        let model = ObjectModel::parse(&text);
        prop_assert_eq!(model.diff(&model), vec![]);
    }
}

#[test]
fn a_request_page_change_is_named_by_its_control() {
    let before = ObjectModel::parse(REPORT);
    let after = ObjectModel::parse(&REPORT.replace(
        "SourceExpr=ShowDetails }",
        "SourceExpr=ShowDetails;\n                  Editable=FALSE }",
    ));
    let changes = before.diff(&after);
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert_eq!(changes[0].element, "request page control 1");
    assert_eq!(changes[0].change, ChangeKind::Changed);
}
