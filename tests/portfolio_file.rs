//! The portfolio file forms: TOML and CSV read the same customers; problems in one customer stay
//! with it; problems with the file as a whole are clear errors.

use std::path::{Path, PathBuf};

use navplan::portfolio::{parse_csv, parse_toml, read, Customer};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/portfolio");

fn fixture(name: &str) -> PathBuf {
    Path::new(DIR).join(name)
}

fn names(customers: &[Customer]) -> Vec<&str> {
    customers.iter().map(|c| c.name.as_str()).collect()
}

#[test]
fn toml_and_csv_fixtures_describe_the_same_customers() {
    let toml = read(&fixture("customers.toml")).unwrap();
    let csv = read(&fixture("customers.csv")).unwrap();
    assert_eq!(toml.partner.as_deref(), Some("Contoso Consulting"));
    assert_eq!(csv.partner, None);
    assert_eq!(
        names(&toml.customers),
        [
            "Fabrikam Ltd.",
            "Northwind Traders",
            "Tailspin Toys",
            "Wide World Importers",
            "Adventure Works"
        ]
    );
    for (t, c) in toml.customers.iter().zip(&csv.customers) {
        assert_eq!(
            (&t.name, &t.installed, &t.platform, &t.application),
            (&c.name, &c.installed, &c.platform, &c.application)
        );
        assert_eq!((&t.url, &t.user, &t.app_id), (&c.url, &c.user, &c.app_id));
        assert_eq!(t.objects, c.objects);
        assert!(
            t.problems.is_empty() && c.problems.is_empty(),
            "{t:?} {c:?}"
        );
    }
    // Paths are relative to the portfolio file.
    assert_eq!(
        toml.customers[0].objects,
        vec![Path::new(DIR).join("exports/fabrikam")]
    );
    // Where each customer starts, for messages.
    assert_eq!(toml.customers[0].line, 4);
    assert_eq!(csv.customers[0].line, 3);
}

#[test]
fn a_customer_without_version_or_name_keeps_its_problem_and_the_others_are_fine() {
    let text = "[[customer]]\nname = \"A\"\ninstalled = \"NAV 2018 CU 41\"\n\n\
                [[customer]]\nname = \"B\"\n\n[[customer]]\ninstalled = \"BC 14.21\"\n";
    let p = parse_toml(text, Path::new("base"), "p.toml").unwrap();
    assert_eq!(names(&p.customers), ["A", "B", "(line 8)"]);
    assert!(p.customers[0].problems.is_empty());
    assert!(p.customers[1].problems[0].contains("no version"));
    assert!(p.customers[2].problems[0].contains("no name"));
}

#[test]
fn passwords_are_refused_in_both_forms() {
    let toml =
        "[[customer]]\nname = \"A\"\ninstalled = \"NAV 2018 CU 41\"\npassword = \"hunter2\"\n\
                [[customer]]\nname = \"B\"\ninstalled = \"NAV 2018 CU 41\"\n";
    let p = parse_toml(toml, Path::new(""), "p.toml").unwrap();
    assert!(p.customers[0].problems[0].contains("`password` is refused"));
    assert!(p.customers[1].problems.is_empty());
    assert!(!format!("{p:?}").contains("hunter2"));

    let err = parse_csv(
        "name,installed,Password\nA,NAV 2018 CU 41,x\n",
        Path::new(""),
        "p.csv",
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("p.csv") && err.contains("refused"), "{err}");

    // A password hidden in a pasted connection string.
    let p = parse_csv(
        "name,installed,url\nA,NAV 2018 CU 41,https://a.crm.dynamics.com;Password=hunter2\n",
        Path::new(""),
        "p.csv",
    )
    .unwrap();
    assert!(p.customers[0].problems[0].contains("password was given"));
    assert_eq!(p.customers[0].url, None);
}

#[test]
fn duplicate_names_are_a_problem_of_the_second_customer() {
    let p = parse_csv(
        "name,installed\nFabrikam,NAV 2018 CU 41\nfabrikam,BC 14.21\n",
        Path::new(""),
        "p.csv",
    )
    .unwrap();
    assert!(p.customers[0].problems.is_empty());
    assert!(p.customers[1].problems[0].contains("already used on line 2"));
}

#[test]
fn csv_objects_cells_hold_several_paths_and_short_rows_are_fine() {
    let p = parse_csv(
        "name,objects,installed\nA, one | two ,NAV 2017 CU 55\nB\n",
        Path::new("base"),
        "p.csv",
    )
    .unwrap();
    assert_eq!(
        p.customers[0].objects,
        vec![PathBuf::from("base/one"), PathBuf::from("base/two")]
    );
    assert!(p.customers[1].problems[0].contains("no version"));
    let p = parse_csv(
        "name,installed\nA,NAV 2017 CU 55,extra\n",
        Path::new(""),
        "p.csv",
    )
    .unwrap();
    assert!(p.customers[0].problems[0].contains("3 values"));
}

#[test]
fn whole_file_problems_are_errors_naming_the_file_and_line() {
    let cases: &[(&str, &str, &str)] = &[
        ("p.toml", "[[customer]\nname = 1", "not valid TOML"),
        ("p.toml", "partner = \"x\"\n", "no customers"),
        (
            "p.toml",
            "colour = \"red\"\n[[customer]]\nname=\"a\"\n",
            "unknown top-level key `colour`",
        ),
        ("p.csv", "", "empty"),
        (
            "p.csv",
            "name,vresion\nA,NAV 2018\n",
            "unknown column \"vresion\"",
        ),
        (
            "p.csv",
            "installed\nNAV 2018 CU 41\n",
            "needs a `name` column",
        ),
        ("p.csv", "name,name\nA,B\n", "appears twice"),
        (
            "p.csv",
            "name,installed\nA,\"NAV\n",
            "line 2: a quoted field is not closed",
        ),
        ("p.csv", "name,installed\n", "no customers"),
    ];
    for (file, text, expected) in cases {
        let result = if file.ends_with("toml") {
            parse_toml(text, Path::new(""), file)
        } else {
            parse_csv(text, Path::new(""), file)
        };
        let err = result.unwrap_err().to_string();
        assert!(err.starts_with(file), "{err}");
        assert!(err.contains(expected), "{text:?}: {err}");
    }
}

#[test]
fn unreadable_file_is_an_io_error_and_excel_1252_is_decoded() {
    let err = read(Path::new("/no/such/portfolio.toml")).unwrap_err();
    assert_eq!(err.exit_code(), 1);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("list.csv");
    std::fs::write(&file, b"name,installed\nM\xfcller GmbH,NAV 2018 CU 41\n").unwrap();
    let p = read(&file).unwrap();
    assert_eq!(p.customers[0].name, "Müller GmbH");
    // Without a known extension the content decides.
    let file = dir.path().join("list");
    std::fs::write(
        &file,
        "[[customer]]\nname = \"A\"\ninstalled = \"BC 14.21\"\n",
    )
    .unwrap();
    assert_eq!(read(&file).unwrap().customers[0].name, "A");
}

#[test]
fn common_column_names_are_understood_and_typos_are_reported() {
    let p = parse_csv(
        "Customer,Version,Objects Folder,D365 URL,Integration User,Client ID\n\
         A,NAV 2018 CU 41,x,https://a.crm.dynamics.com,u@a.com,0a1b2c3d-1111-4222-8333-944455556666\n",
        Path::new(""),
        "p.csv",
    )
    .unwrap();
    let a = &p.customers[0];
    assert_eq!(a.name, "A");
    assert_eq!(a.installed.as_deref(), Some("NAV 2018 CU 41"));
    assert_eq!(a.objects, vec![PathBuf::from("x")]);
    assert_eq!(a.url.as_deref(), Some("https://a.crm.dynamics.com"));
    assert_eq!(a.user.as_deref(), Some("u@a.com"));
    assert!(a.app_id.is_some() && a.problems.is_empty(), "{a:?}");

    let p = parse_toml(
        "[[customer]]\nname = \"A\"\ninstaled = \"NAV 2018 CU 41\"\n[[customer]]\nname = \"B\"\nAppId = \"x\"\ninstalled = \"BC 14.21\"\n",
        Path::new(""),
        "p.toml",
    )
    .unwrap();
    assert!(p.customers[0]
        .problems
        .iter()
        .any(|m| m.contains("unknown key `instaled`")));
    assert_eq!(p.customers[1].app_id.as_deref(), Some("x"));
}
