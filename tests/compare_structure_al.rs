//! The structural model of an AL object: each field, key, control, action, variable, procedure
//! and trigger is an element of its own, so a compare of a modified base-app object names what
//! changed instead of "the whole object".

use navplan::analysis::structure::{ChangeKind, ElementKind, ObjectModel};
use proptest::prelude::*;

const TABLE: &str = r#"table 5330 "CRM Connection Setup"
{
    Caption = 'Microsoft Dynamics 365 Connection Setup';
    Permissions = tabledata "Job Queue Entry" = rimd;

    fields
    {
        field(1; "Primary Key"; Code[20])
        {
            Caption = 'Primary Key';
        }
        field(2; "Server Address"; Text[250])
        {
            Caption = 'Dynamics 365 URL';

            trigger OnValidate()
            begin
                if "Server Address" = '' then // a ';' and a '}' in a comment }
                    exit;
                CheckAddress("Server Address");
            end;
        }
    }
    keys
    {
        key(Key1; "Primary Key")
        {
            Clustered = true;
        }
    }

    var
        JobQueueEntry: Record "Job Queue Entry";
        ConnectionString: Text;

    trigger OnInsert()
    begin
        Validate("Server Address");
    end;

    [NonDebuggable]
    procedure CheckAddress(Address: Text; Strict: Boolean): Boolean
    var
        Uri: Codeunit Uri;
    begin
        case Strict of
            true:
                begin
                    exit(Address.StartsWith('https://'));
                end;
        end;
        exit(true);
    end;

    local procedure "Build Connection String"()
    begin
        ConnectionString := 'AuthType=Office365;{PASSWORD}';
    end;
}
"#;

const PAGE: &str = r#"page 5330 "CRM Connection Setup"
{
    PageType = Card;
    SourceTable = "CRM Connection Setup";

    layout
    {
        area(Content)
        {
            group(General)
            {
                field("Server Address"; Rec."Server Address")
                {
                    ApplicationArea = Suite;
                }
            }
        }
    }
    actions
    {
        area(Processing)
        {
            group(Connection)
            {
                action(Test)
                {
                    Caption = 'Test Connection';

                    trigger OnAction()
                    begin
                        Rec.CheckAddress(Rec."Server Address", true);
                    end;
                }
            }
        }
    }
}
"#;

fn labels(model: &ObjectModel, kind: ElementKind) -> Vec<String> {
    model
        .elements
        .iter()
        .filter(|(key, _)| key.kind == kind)
        .map(|(_, e)| e.label.clone())
        .collect()
}

#[test]
fn a_table_is_read_element_by_element() {
    let m = ObjectModel::parse(TABLE);
    assert_eq!(
        labels(&m, ElementKind::Field),
        ["field 1 \"Primary Key\"", "field 2 \"Server Address\""]
    );
    assert_eq!(labels(&m, ElementKind::Key), ["key Key1"]);
    assert_eq!(
        labels(&m, ElementKind::Trigger),
        [
            "OnValidate of field 2 \"Server Address\"",
            "trigger OnInsert"
        ]
    );
    assert_eq!(
        labels(&m, ElementKind::Procedure),
        [
            "procedure Build Connection String",
            "procedure CheckAddress"
        ]
    );
    assert_eq!(
        labels(&m, ElementKind::Variable),
        ["variable ConnectionString", "variable JobQueueEntry"]
    );
    assert_eq!(
        labels(&m, ElementKind::Property),
        ["object header", "property Caption", "property Permissions"]
    );
    // The procedure runs to its own `end;` (a case ... end inside), attribute included.
    let check = m
        .elements
        .values()
        .find(|e| e.label == "procedure CheckAddress")
        .unwrap();
    assert!(
        check.content.starts_with("[NonDebuggable]"),
        "{}",
        check.content
    );
    assert!(
        check.content.ends_with("exit(true);end;"),
        "{}",
        check.content
    );
    // A field holds its properties, not its trigger.
    let field = m
        .elements
        .values()
        .find(|e| e.label == "field 2 \"Server Address\"")
        .unwrap();
    assert!(field.content.contains("Caption='Dynamics 365 URL';"));
    assert!(!field.content.contains("CheckAddress"));
}

#[test]
fn a_page_has_controls_and_actions() {
    let m = ObjectModel::parse(PAGE);
    assert_eq!(
        labels(&m, ElementKind::Control),
        ["area Content", "field \"Server Address\"", "group General"]
    );
    assert_eq!(
        labels(&m, ElementKind::Action),
        ["action Test", "area Processing", "group Connection"]
    );
    assert_eq!(
        labels(&m, ElementKind::Trigger),
        ["OnAction of action Test"]
    );
}

#[test]
fn a_change_is_named_by_its_element_and_layout_is_no_change() {
    let original = ObjectModel::parse(TABLE);
    // Re-indented, CRLF: nothing changed.
    let relaid = TABLE.replace('\n', "\r\n").replace("        ", "  ");
    assert!(original.diff(&ObjectModel::parse(&relaid)).is_empty());
    // One line in one trigger.
    let edited = TABLE.replace(
        "Validate(\"Server Address\");",
        "Validate(\"Server Address\", true);",
    );
    let changes = original.diff(&ObjectModel::parse(&edited));
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert_eq!(changes[0].element, "trigger OnInsert");
    assert_eq!(changes[0].change, ChangeKind::Changed);
    // A new field and a removed procedure.
    let grown = TABLE
        .replace(
            "    }\n    keys",
            "        field(3; \"Proxy Version\"; Integer) { }\n    }\n    keys",
        )
        .replace(
            "    local procedure \"Build Connection String\"()\n    begin\n        ConnectionString := 'AuthType=Office365;{PASSWORD}';\n    end;\n",
            "",
        );
    let changes = original.diff(&ObjectModel::parse(&grown));
    let named: Vec<(String, ChangeKind)> = changes
        .iter()
        .map(|c| (c.element.clone(), c.change))
        .collect();
    assert_eq!(
        named,
        [
            ("field 3 \"Proxy Version\"".to_string(), ChangeKind::Added),
            (
                "procedure Build Connection String".to_string(),
                ChangeKind::Removed
            ),
        ]
    );
}

#[test]
fn an_extension_header_is_part_of_the_object() {
    let a = ObjectModel::parse("tableextension 50100 Ext extends Customer\n{\n}\n");
    let b = ObjectModel::parse("tableextension 50100 Ext extends Vendor\n{\n}\n");
    let changes = a.diff(&b);
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].element, "object header");
}

proptest! {
    /// Any mix of AL-looking lines, cut anywhere, is read without a panic.
    #[test]
    fn any_al_like_text_is_read(lines in prop::collection::vec(prop::sample::select(vec![
        "table 50100 X", "{", "}", "fields", "field(1; \"A\"; Code[20])", "trigger OnRun()",
        "begin", "end;", "case x of", "var", "procedure P(a: Integer; b: Text)", "'str''s ;{'",
        "// }", "/* { */", "[Attr(1)]", "Caption = 'x';", "action(A)", "protected var",
        "local procedure Q();", "\"quoted {\"", "(", ")", "x := 1;",
    ]), 0..40), cut in 0usize..400) {
        let text = lines.join("\n");
        let cut = text.char_indices().map(|(i, _)| i).find(|i| *i >= cut).unwrap_or(text.len());
        let model = ObjectModel::parse(&text[..cut]);
        prop_assert!(model.elements.len() <= text.len() + 1);
    }
}

proptest! {
    /// Text with multi-byte characters next to every byte the scanner looks at, cut anywhere
    /// on a character boundary: never a panic (no slice inside a character).
    #[test]
    fn text_with_multibyte_characters_is_read(text in "[a-z0-9 {}()\\[\\];:='\"/*é€\n]{0,300}") {
        let model = ObjectModel::parse(&format!("codeunit 1 X\n{{\n{text}"));
        prop_assert!(model.elements.len() <= text.len() + 2);
        let model = ObjectModel::parse(&text);
        prop_assert!(model.elements.len() <= text.len() + 2);
    }
}
