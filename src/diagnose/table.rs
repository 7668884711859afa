//! The known-errors table (`data/errors.toml`): loading and validation.
//!
//! The table is embedded in the binary and checked by `cargo test`; a partner's own table can be
//! loaded with [`KnownErrors::from_toml`], which applies the same checks and names the entry at
//! fault.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use regex::{Regex, RegexBuilder};
use serde::Deserialize;

use crate::error::Error;

/// The embedded table's text.
pub const EMBEDDED_TOML: &str = include_str!("../../data/errors.toml");
const EMBEDDED_NAME: &str = "data/errors.toml";

/// One known error, as written in the table.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct KnownErrorSpec {
    pub id: String,
    pub title: String,
    pub patterns: Vec<String>,
    #[serde(default)]
    pub also: Vec<String>,
    #[serde(default)]
    pub absent: Vec<String>,
    #[serde(default)]
    pub wrapper: bool,
    #[serde(default)]
    pub runbook: bool,
    pub cause: String,
    pub fix: String,
    pub source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TableFile {
    error: Vec<KnownErrorSpec>,
}

/// One known error with its expressions compiled.
#[derive(Debug, Clone)]
pub struct KnownError {
    pub spec: KnownErrorSpec,
    pub(crate) patterns: Vec<Regex>,
    pub(crate) also: Vec<Regex>,
    pub(crate) absent: Vec<Regex>,
}

impl KnownError {
    pub fn id(&self) -> &str {
        &self.spec.id
    }
    pub fn title(&self) -> &str {
        &self.spec.title
    }
    pub fn cause(&self) -> &str {
        &self.spec.cause
    }
    pub fn fix(&self) -> &str {
        &self.spec.fix
    }
    pub fn source(&self) -> &str {
        &self.spec.source
    }
    /// Whether the runbook's troubleshooting notes should carry this entry.
    pub fn for_runbook(&self) -> bool {
        self.spec.runbook
    }
}

/// The whole table, in file order.
#[derive(Debug, Clone)]
pub struct KnownErrors {
    entries: Vec<KnownError>,
}

impl KnownErrors {
    /// The table shipped in the binary (parsed once).
    pub fn embedded() -> &'static KnownErrors {
        static TABLE: OnceLock<KnownErrors> = OnceLock::new();
        TABLE.get_or_init(|| {
            // The embedded file is validated by the tests; a failure here is a build defect.
            // A partner's `--data` copy was validated when the command started (crate::datadir).
            match crate::datadir::text("errors.toml") {
                Some(file) => KnownErrors::from_toml(&file.text, &file.path.display().to_string()),
                None => KnownErrors::from_toml(EMBEDDED_TOML, EMBEDDED_NAME),
            }
            .expect("data/errors.toml is valid (embedded: checked by cargo test; --data: at start)")
        })
    }

    /// Parse and validate a table; `file` names it in error messages.
    pub fn from_toml(text: &str, file: &str) -> Result<KnownErrors, Error> {
        let data_error = |message: String| Error::Data {
            file: file.to_string(),
            message,
        };
        let table: TableFile = toml::from_str(text).map_err(|e| data_error(e.to_string()))?;
        let mut seen = BTreeSet::new();
        let mut entries = Vec::with_capacity(table.error.len());
        for spec in table.error {
            let at = |message: String| data_error(format!("entry {:?}: {message}", spec.id));
            if !crate::ident::is_kebab(&spec.id) {
                return Err(at("the id must be kebab-case (a-z, 0-9, -)".into()));
            }
            if !seen.insert(spec.id.clone()) {
                return Err(at("the id is used twice".into()));
            }
            for (field, value) in [
                ("title", &spec.title),
                ("cause", &spec.cause),
                ("fix", &spec.fix),
                ("source", &spec.source),
            ] {
                if value.trim().is_empty() {
                    return Err(at(format!("{field} is empty")));
                }
            }
            if spec.patterns.is_empty() {
                return Err(at("needs at least one pattern".into()));
            }
            let compile = |list: &[String]| -> Result<Vec<Regex>, Error> {
                list.iter()
                    .map(|p| {
                        if p.trim().is_empty() {
                            return Err(at("an expression is empty".into()));
                        }
                        RegexBuilder::new(&flexible_spaces(p))
                            .case_insensitive(true)
                            .build()
                            .map_err(|e| at(format!("bad expression {p:?}: {e}")))
                    })
                    .collect()
            };
            let patterns = compile(&spec.patterns)?;
            let also = compile(&spec.also)?;
            let absent = compile(&spec.absent)?;
            entries.push(KnownError {
                spec,
                patterns,
                also,
                absent,
            });
        }
        if entries.is_empty() {
            return Err(data_error("the table has no [[error]] entries".into()));
        }
        Ok(KnownErrors { entries })
    }

    pub fn entries(&self) -> &[KnownError] {
        &self.entries
    }

    pub fn get(&self, id: &str) -> Option<&KnownError> {
        self.entries.iter().find(|e| e.spec.id == id)
    }

    /// The entries the runbook's troubleshooting notes carry, in table order.
    pub fn runbook_notes(&self) -> impl Iterator<Item = &KnownError> {
        self.entries.iter().filter(|e| e.spec.runbook)
    }
}

/// Let every run of literal spaces in an expression match any run of white space.
///
/// Real reports arrive wrapped: a console or a pipeline log breaks a message in the middle and pads
/// it with spaces ("Unable to Login to\n        Dynamics CRM"), so a space written in the table
/// stands for "some white space". Spaces inside a character class or escaped (`\ `) are kept.
pub(crate) fn flexible_spaces(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut chars = pattern.chars().peekable();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                out.push(c);
                if let Some(next) = chars.next() {
                    out.push(next);
                }
            }
            '[' if !in_class => {
                in_class = true;
                out.push(c);
                // A `]` right after `[` or `[^` is a literal member, not the end of the class.
                if chars.peek() == Some(&'^') {
                    out.push('^');
                    chars.next();
                }
                if chars.peek() == Some(&']') {
                    out.push(']');
                    chars.next();
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(c);
            }
            ' ' if !in_class => {
                while chars.peek() == Some(&' ') {
                    chars.next();
                }
                out.push_str(r"\s+");
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_in_expressions_match_any_white_space() {
        assert_eq!(flexible_spaces("Unable to Login"), r"Unable\s+to\s+Login");
        assert_eq!(flexible_spaces("a  b"), r"a\s+b");
        assert_eq!(flexible_spaces(r"[^; ]x\ y"), r"[^; ]x\ y");
        assert_eq!(flexible_spaces(r"[]] a"), r"[]]\s+a");
        let re = RegexBuilder::new(&flexible_spaces("Unable to Login to Dynamics CRM"))
            .case_insensitive(true)
            .build()
            .unwrap();
        assert!(re.is_match("unable to login to\r\n        Dynamics CRM"));
        assert!(!re.is_match("unable to loginto Dynamics CRM"));
    }

    #[test]
    fn embedded_table_is_valid_and_large_enough() {
        let table = KnownErrors::from_toml(EMBEDDED_TOML, EMBEDDED_NAME).unwrap();
        assert!(table.entries().len() >= 30, "{}", table.entries().len());
        assert!(table.runbook_notes().count() >= 15);
    }

    #[test]
    fn embedded_table_covers_the_required_cases() {
        let table = KnownErrors::embedded();
        for id in [
            "adal-federated-user",
            "adal-federated-waf-403",
            "aadsts65001-consent",
            "aadsts-mfa-conditional-access",
            "aadsts7000218-public-client",
            "user-missing-integration-roles",
            "user-is-system-administrator",
            "user-not-licensed",
            "solution-not-deployed",
            "sync-jobs-not-running",
            "password-placeholder-missing",
            "http-instead-of-https",
        ] {
            assert!(table.get(id).is_some(), "{id} missing");
        }
    }

    #[test]
    fn every_source_names_where_the_fact_comes_from() {
        for entry in KnownErrors::embedded().entries() {
            let s = entry.source();
            assert!(
                s.contains("anchors.md") || s.contains("DOMAIN.md"),
                "{}: {s}",
                entry.id()
            );
        }
    }

    #[test]
    fn user_visible_texts_keep_placeholders_and_never_a_password() {
        for entry in KnownErrors::embedded().entries() {
            for text in [entry.title(), entry.cause(), entry.fix()] {
                let lower = text.to_ascii_lowercase();
                if let Some(pos) = lower.find("password=") {
                    assert!(
                        text[pos..].starts_with("Password={PASSWORD}"),
                        "{}: {text}",
                        entry.id()
                    );
                }
            }
        }
    }

    fn one(entry: &str) -> String {
        format!("[[error]]\n{entry}\ntitle = \"t\"\ncause = \"c\"\nfix = \"f\"\nsource = \"s\"\n")
    }

    #[test]
    fn bad_tables_name_the_entry_and_the_problem() {
        let dup = format!(
            "{}{}",
            one("id = \"a\"\npatterns = ['x']"),
            one("id = \"a\"\npatterns = ['y']")
        );
        let err = KnownErrors::from_toml(&dup, "mine.toml")
            .unwrap_err()
            .to_string();
        assert!(err.contains("mine.toml") && err.contains("\"a\"") && err.contains("twice"));

        let bad_re = one("id = \"b\"\npatterns = ['(unclosed']");
        let err = KnownErrors::from_toml(&bad_re, "f")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("\"b\"") && err.contains("bad expression"),
            "{err}"
        );

        let no_pat = one("id = \"c\"\npatterns = []");
        let err = KnownErrors::from_toml(&no_pat, "f")
            .unwrap_err()
            .to_string();
        assert!(err.contains("at least one pattern"), "{err}");

        let bad_id = one("id = \"Not Kebab\"\npatterns = ['x']");
        assert!(KnownErrors::from_toml(&bad_id, "f").is_err());

        let unknown = one("id = \"d\"\npatterns = ['x']\ncolour = 1");
        assert!(KnownErrors::from_toml(&unknown, "f").is_err());

        assert!(KnownErrors::from_toml("", "f").is_err());
    }
}
