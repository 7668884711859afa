//! The portfolio file: customers as TOML (`[[customer]]` tables) or CSV (a header row).
//!
//! Problems with the file as a whole (unreadable, not TOML, no header) stop the command. Problems
//! with one customer (no version, a password column, a bad value) stay with that customer, so
//! the others are still planned: see [`Customer::problems`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::portfolio::csv;

/// One customer as the file describes it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Customer {
    /// The customer's name (a placeholder naming the row when the file gives none).
    pub name: String,
    /// 1-based line in the file where the customer starts (0 when unknown).
    pub line: usize,
    pub installed: Option<String>,
    pub platform: Option<String>,
    pub application: Option<String>,
    /// Exported objects, resolved against the portfolio file's folder.
    pub objects: Vec<PathBuf>,
    pub url: Option<String>,
    pub user: Option<String>,
    pub app_id: Option<String>,
    /// What is wrong with this customer's entry; not empty means it is not planned.
    pub problems: Vec<String>,
}

/// Everything the file holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Portfolio {
    /// The partner's name for the runbook headers (TOML `partner = "..."`), when given.
    pub partner: Option<String>,
    pub customers: Vec<Customer>,
}

/// Keys a customer may have, in both forms. `objects` holds one path or several (TOML list; CSV
/// cells separated by `|`).
const KEYS: &[&str] = &[
    "name",
    "installed",
    "platform",
    "application",
    "objects",
    "url",
    "user",
    "app_id",
];

/// The key a column or TOML key means: case, spaces and `-` do not matter, and the names the
/// `plan` command's options use (`d365-url`, `integration-user`) or spreadsheets often use
/// (`Customer`, `AppId`, `Client ID`) are understood.
fn canonical_key(raw: &str) -> Option<&'static str> {
    let key = raw.trim().to_ascii_lowercase().replace([' ', '-'], "_");
    let canonical = match key.as_str() {
        "customer" | "customer_name" => "name",
        "version" | "installed_version" => "installed",
        "objects_folder" | "folder" | "path" | "paths" => "objects",
        "d365_url" | "org_url" | "organisation_url" | "organization_url" => "url",
        "integration_user" | "upn" | "username" | "user_name" => "user",
        "appid" | "application_id" | "client_id" | "clientid" => "app_id",
        other => return KEYS.iter().copied().find(|k| *k == other),
    };
    Some(canonical)
}

/// Column or key names that would carry a secret: refused outright.
const SECRET_KEYS: &[&str] = &[
    "password",
    "pwd",
    "secret",
    "client_secret",
    "clientsecret",
    "pass",
];

/// Read a portfolio file; the extension (`.toml`, `.csv`) decides the form, else the content does.
pub fn read(path: &Path) -> Result<Portfolio, Error> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let text = decode(&bytes);
    let base = path.parent().unwrap_or(Path::new(""));
    let name = path.display().to_string();
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("toml") => parse_toml(&text, base, &name),
        Some("csv") | Some("txt") => parse_csv(&text, base, &name),
        _ if looks_like_toml(&text) => parse_toml(&text, base, &name),
        _ => parse_csv(&text, base, &name),
    }
}

/// UTF-8 (with or without the BOM Excel writes), UTF-16 with a BOM, else Windows-1252 (what
/// Excel's plain "CSV" saves on Western Windows).
fn decode(bytes: &[u8]) -> String {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return encoding
            .decode_without_bom_handling(&bytes[bom..])
            .0
            .into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    }
}

fn looks_like_toml(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .any(|l| l.starts_with("[[customer]]"))
}

fn input_error(file: &str, message: impl std::fmt::Display) -> Error {
    Error::Input(format!("{file}: {message}"))
}

/// Parse the TOML form.
pub fn parse_toml(text: &str, base: &Path, file: &str) -> Result<Portfolio, Error> {
    let doc: toml::Table = text
        .parse()
        .map_err(|e: toml::de::Error| input_error(file, format!("not valid TOML: {e}")))?;
    let mut portfolio = Portfolio::default();
    for (key, value) in &doc {
        match (key.as_str(), value) {
            ("partner", toml::Value::String(s)) => portfolio.partner = non_empty(s),
            ("partner", _) => return Err(input_error(file, "`partner` must be a string")),
            ("customer", _) => {}
            (other, _) if is_secret_key(other) => {
                return Err(input_error(file, secret_refusal(other)))
            }
            (other, _) => {
                return Err(input_error(
                    file,
                    format!(
                    "unknown top-level key `{other}` (expected `partner` and [[customer]] tables)"
                ),
                ))
            }
        }
    }
    let Some(list) = doc.get("customer") else {
        return Err(input_error(
            file,
            "no customers: add [[customer]] tables with name, installed (or platform and application) and objects",
        ));
    };
    let toml::Value::Array(list) = list else {
        return Err(input_error(file, "`customer` must be [[customer]] tables"));
    };
    let lines = customer_table_lines(text);
    for (index, item) in list.iter().enumerate() {
        let line = lines.get(index).copied().unwrap_or(0);
        let mut customer = Customer {
            line,
            ..Customer::default()
        };
        let toml::Value::Table(table) = item else {
            customer.name = row_name(index, line);
            customer
                .problems
                .push("this entry is not a table of keys".into());
            portfolio.customers.push(customer);
            continue;
        };
        for (key, value) in table {
            if is_secret_key(key) {
                customer.problems.push(secret_refusal(key));
                continue;
            }
            let Some(key_lower) = canonical_key(key) else {
                customer.problems.push(format!(
                    "unknown key `{key}`; the keys are {}",
                    KEYS.join(", ")
                ));
                continue;
            };
            let values: Vec<String> = match value {
                toml::Value::String(s) => vec![s.clone()],
                toml::Value::Array(items) if key_lower == "objects" => {
                    let strings: Option<Vec<String>> = items
                        .iter()
                        .map(|i| i.as_str().map(str::to_string))
                        .collect();
                    match strings {
                        Some(s) => s,
                        None => {
                            customer
                                .problems
                                .push("`objects` must be a path or a list of paths".into());
                            continue;
                        }
                    }
                }
                _ => {
                    customer.problems.push(format!("`{key}` must be a string"));
                    continue;
                }
            };
            set_field(&mut customer, key_lower, values, base);
        }
        finish_customer(&mut customer, index);
        portfolio.customers.push(customer);
    }
    check_duplicates(&mut portfolio.customers);
    Ok(portfolio)
}

/// The line of each `[[customer]]` header, in order (TOML tables keep no positions).
fn customer_table_lines(text: &str) -> Vec<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| {
            let t = l.trim();
            t.starts_with("[[")
                && t.trim_start_matches("[[")
                    .trim_start()
                    .starts_with("customer")
        })
        .map(|(i, _)| i + 1)
        .collect()
}

/// Parse the CSV form (first non-comment record is the header).
pub fn parse_csv(text: &str, base: &Path, file: &str) -> Result<Portfolio, Error> {
    let separator = csv::detect_separator(text);
    let records = csv::parse(text, separator)
        .map_err(|e| input_error(file, format!("not valid CSV: {e}")))?;
    let Some((header, rows)) = records.split_first() else {
        return Err(input_error(
            file,
            format!(
                "empty: the first line must name the columns ({})",
                KEYS.join(",")
            ),
        ));
    };
    let mut columns: Vec<&'static str> = Vec::with_capacity(header.fields.len());
    for name in &header.fields {
        if is_secret_key(name) {
            return Err(input_error(file, secret_refusal(name)));
        }
        let Some(key) = canonical_key(name) else {
            return Err(input_error(
                file,
                format!(
                    "line {}: unknown column {name:?}; the columns are {}",
                    header.line,
                    KEYS.join(", ")
                ),
            ));
        };
        if columns.contains(&key) {
            return Err(input_error(
                file,
                format!("line {}: column {name:?} appears twice", header.line),
            ));
        }
        columns.push(key);
    }
    if !columns.contains(&"name") {
        return Err(input_error(
            file,
            format!("line {}: the header needs a `name` column", header.line),
        ));
    }
    let mut portfolio = Portfolio::default();
    for (index, record) in rows.iter().enumerate() {
        let mut customer = Customer {
            line: record.line,
            ..Customer::default()
        };
        if record.fields.len() > columns.len() {
            customer.problems.push(format!(
                "{} values but the header names {} columns",
                record.fields.len(),
                columns.len()
            ));
        }
        for (key, value) in columns.iter().zip(&record.fields) {
            let values = if *key == "objects" {
                value.split('|').map(str::to_string).collect()
            } else {
                vec![value.clone()]
            };
            set_field(&mut customer, key, values, base);
        }
        finish_customer(&mut customer, index);
        portfolio.customers.push(customer);
    }
    if portfolio.customers.is_empty() {
        return Err(input_error(file, "no customers below the header"));
    }
    check_duplicates(&mut portfolio.customers);
    Ok(portfolio)
}

fn set_field(customer: &mut Customer, key: &str, values: Vec<String>, base: &Path) {
    // A password smuggled into any value (a pasted connection string, a URL) is refused.
    for value in &values {
        if let Err(e) = crate::oauth::refuse_secret(&format!("`{key}`"), value) {
            customer.problems.push(e.to_string());
            return;
        }
    }
    if key == "objects" {
        set_objects(customer, &values, base);
        return;
    }
    let one = values.into_iter().next().and_then(|v| non_empty(&v));
    match key {
        "name" => customer.name = one.unwrap_or_default(),
        "installed" => customer.installed = one,
        "platform" => customer.platform = one,
        "application" => customer.application = one,
        "url" => customer.url = one,
        "user" => customer.user = one,
        "app_id" => customer.app_id = one,
        _ => {}
    }
}

fn set_objects(customer: &mut Customer, values: &[String], base: &Path) {
    customer.objects = values
        .iter()
        .filter_map(|v| non_empty(v))
        .map(|v| base.join(v))
        .collect();
}

fn finish_customer(customer: &mut Customer, index: usize) {
    if customer.name.is_empty() {
        customer.name = row_name(index, customer.line);
        customer.problems.push("the customer has no name".into());
    }
    if customer.installed.is_none() && customer.platform.is_none() && customer.application.is_none()
    {
        customer
            .problems
            .push("no version: give `installed`, or `platform` and `application`".into());
    }
}

fn row_name(index: usize, line: usize) -> String {
    if line > 0 {
        format!("(line {line})")
    } else {
        format!("(customer {})", index + 1)
    }
}

/// A second customer with the same name (ignoring case) would overwrite the first's runbook.
fn check_duplicates(customers: &mut [Customer]) {
    let mut first: BTreeMap<String, usize> = BTreeMap::new();
    for customer in customers.iter_mut() {
        let key = customer.name.to_lowercase();
        match first.get(&key) {
            Some(line) => customer.problems.push(format!(
                "the name {:?} is already used on line {line}",
                customer.name
            )),
            None => {
                first.insert(key, customer.line);
            }
        }
    }
}

fn is_secret_key(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    SECRET_KEYS.contains(&key.as_str()) || key.contains("password")
}

fn secret_refusal(key: &str) -> String {
    format!(
        "`{key}` is refused: navplan never stores passwords; the connection string carries {{PASSWORD}} and the password is typed into the connection set-up page"
    )
}

fn non_empty(value: &str) -> Option<String> {
    let value = value.trim();
    (!value.is_empty()).then(|| value.to_string())
}
