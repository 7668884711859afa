//! Many customers at once: read the portfolio file, plan every customer in parallel, and give
//! one row per customer for the summary table and JSON, plus one runbook each.
//!
//! A customer whose input is wrong gets an `error` row with the reason; the others go on. The
//! command's exit code is the worst row's: error (1) > not-covered (4) > upgrade-required (3) >
//! ready (0). An error ranks worst because that customer's verdict is unknown, so a pipeline must
//! not take the portfolio as fine.

mod csv;
mod customer;
mod file;
mod table;

use rayon::prelude::*;
use serde::Serialize;

pub use customer::{extension, plan_customer_row, RowOptions};
pub use file::{parse_csv, parse_toml, read, Customer, Portfolio};
pub use table::render_table;

/// Version of the `portfolio --json` document (see docs/portfolio.md).
pub const JSON_VERSION: u32 = 1;

/// A customer's outcome, ordered from best to worst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RowVerdict {
    Ready,
    UpgradeRequired,
    NotCovered,
    Error,
}

impl RowVerdict {
    pub fn as_str(self) -> &'static str {
        match self {
            RowVerdict::Ready => "ready",
            RowVerdict::UpgradeRequired => "upgrade-required",
            RowVerdict::NotCovered => "not-covered",
            RowVerdict::Error => "error",
        }
    }

    pub fn exit_code(self) -> u8 {
        match self {
            RowVerdict::Ready => crate::exit::OK,
            RowVerdict::UpgradeRequired => crate::exit::UPGRADE_REQUIRED,
            RowVerdict::NotCovered => crate::exit::NOT_COVERED,
            RowVerdict::Error => crate::exit::ERROR,
        }
    }
}

/// One line of the summary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    pub name: String,
    /// Line of the portfolio file where the customer starts.
    pub line: usize,
    pub verdict: RowVerdict,
    /// The product, short ("NAV 2018", "BC 14"), when known.
    pub product: Option<String>,
    /// The platform version as resolved (e.g. "CU 30"), when known.
    pub platform: Option<String>,
    /// The application version as resolved, when known.
    pub application: Option<String>,
    /// Support status on the run date, short ("extended until 2028-01-11"), when known.
    pub support: Option<String>,
    /// The update the plan moves to, when an upgrade is planned or advised.
    pub target: Option<String>,
    /// Objects of the merge set (CRM, Job Queue, Task Scheduler...), when objects were read.
    pub objects_to_merge: Option<usize>,
    /// Version-pinned DotNet declarations to fix.
    pub dotnet_pins: Option<usize>,
    /// Objects that depend on the merge set (to recompile and re-test).
    pub dependents: Option<usize>,
    /// Estimated merge effort in hours.
    pub effort_hours: Option<f64>,
    /// Where the runbook was written.
    pub runbook: Option<String>,
    /// Why the row is an error.
    pub problems: Vec<String>,
    /// What the gate says beside the verdict (e.g. out of support).
    pub warnings: Vec<String>,
    /// What the plan found worth checking: object tags that disagree with the version given,
    /// files the scan skipped. Shown in the table's note column.
    pub remarks: Vec<String>,
}

impl Row {
    /// An error row for a customer that could not be planned.
    pub fn error(customer: &Customer, problems: Vec<String>) -> Row {
        Row {
            problems,
            ..Row::blank(customer, RowVerdict::Error)
        }
    }

    pub fn blank(customer: &Customer, verdict: RowVerdict) -> Row {
        Row {
            name: customer.name.clone(),
            line: customer.line,
            verdict,
            product: None,
            platform: None,
            application: None,
            support: None,
            target: None,
            objects_to_merge: None,
            dotnet_pins: None,
            dependents: None,
            effort_hours: None,
            runbook: None,
            problems: Vec::new(),
            warnings: Vec::new(),
            remarks: Vec::new(),
        }
    }
}

/// Counts per verdict and the resulting exit code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub customers: usize,
    pub ready: usize,
    pub upgrade_required: usize,
    pub not_covered: usize,
    pub error: usize,
    /// The worst verdict over all customers.
    pub worst: RowVerdict,
    pub exit_code: u8,
}

impl Summary {
    pub fn of(rows: &[Row]) -> Summary {
        let count = |v: RowVerdict| rows.iter().filter(|r| r.verdict == v).count();
        let worst = rows
            .iter()
            .map(|r| r.verdict)
            .max()
            .unwrap_or(RowVerdict::Ready);
        Summary {
            customers: rows.len(),
            ready: count(RowVerdict::Ready),
            upgrade_required: count(RowVerdict::UpgradeRequired),
            not_covered: count(RowVerdict::NotCovered),
            error: count(RowVerdict::Error),
            worst,
            exit_code: worst.exit_code(),
        }
    }
}

/// The whole answer: what `--json` prints.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub version: u32,
    pub date: String,
    pub file: String,
    pub partner: Option<String>,
    /// The folder the runbooks were written to, when `--out` was given.
    pub out: Option<String>,
    pub summary: Summary,
    pub customers: Vec<Row>,
}

/// Plan every customer in parallel (file order is kept); `done` is called once per customer
/// as it finishes (from worker threads), e.g. to advance a progress bar.
pub fn plan_all<F, D>(customers: &[Customer], plan_one: F, done: D) -> Vec<Row>
where
    F: Fn(&Customer) -> Row + Sync,
    D: Fn(&Row) + Sync,
{
    customers
        .par_iter()
        .map(|customer| {
            // A customer whose entry is already wrong is not planned at all.
            let row = if customer.problems.is_empty() {
                plan_one(customer)
            } else {
                Row::error(customer, customer.problems.clone())
            };
            done(&row);
            row
        })
        .collect()
}

/// Give each customer its runbook file stem; a customer whose stem another one already took
/// ("A B" and "a-b") gets a problem instead, so no runbook overwrites another.
pub fn claim_runbook_names(customers: &mut [Customer]) {
    let mut taken: std::collections::BTreeMap<String, String> = Default::default();
    for customer in customers.iter_mut() {
        let stem = runbook_stem(&customer.name);
        match taken.get(&stem) {
            Some(other) if other.to_lowercase() != customer.name.to_lowercase() => {
                customer.problems.push(format!(
                    "its runbook name {stem:?} is already taken by {other:?}; rename one of them"
                ))
            }
            Some(_) => {}
            None => {
                taken.insert(stem, customer.name.clone());
            }
        }
    }
}

/// A file name for the customer's runbook: lower case letters and digits, other runs of
/// characters become one `-` ("Müller & Söhne GmbH" -> "müller-söhne-gmbh").
pub fn runbook_stem(name: &str) -> String {
    let mut stem = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            stem.push(c);
        } else if !stem.ends_with('-') && !stem.is_empty() {
            stem.push('-');
        }
    }
    let stem = stem.trim_end_matches('-').to_string();
    if stem.is_empty() {
        "customer".to_string()
    } else {
        stem
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn customer(name: &str, problems: &[&str]) -> Customer {
        Customer {
            name: name.into(),
            line: 1,
            installed: Some("x".into()),
            problems: problems.iter().map(|p| p.to_string()).collect(),
            ..Customer::default()
        }
    }

    #[test]
    fn worst_verdict_orders_error_over_not_covered_over_upgrade_over_ready() {
        let c = customer("a", &[]);
        let rows =
            |vs: &[RowVerdict]| -> Vec<Row> { vs.iter().map(|v| Row::blank(&c, *v)).collect() };
        use RowVerdict::*;
        assert_eq!(Summary::of(&rows(&[Ready, Ready])).exit_code, 0);
        assert_eq!(Summary::of(&rows(&[Ready, UpgradeRequired])).exit_code, 3);
        assert_eq!(
            Summary::of(&rows(&[UpgradeRequired, NotCovered, Ready])).exit_code,
            4
        );
        assert_eq!(Summary::of(&rows(&[NotCovered, Error, Ready])).exit_code, 1);
        assert_eq!(Summary::of(&[]).exit_code, 0);
        let s = Summary::of(&rows(&[Ready, Error, Error]));
        assert_eq!((s.customers, s.ready, s.error), (3, 1, 2));
    }

    #[test]
    fn plan_all_keeps_order_skips_broken_entries_and_reports_each_done() {
        let customers: Vec<Customer> = (0..40)
            .map(|i| {
                if i % 7 == 3 {
                    customer(&format!("c{i}"), &["bad"])
                } else {
                    customer(&format!("c{i}"), &[])
                }
            })
            .collect();
        let planned = AtomicUsize::new(0);
        let done = AtomicUsize::new(0);
        let rows = plan_all(
            &customers,
            |c| {
                planned.fetch_add(1, Ordering::SeqCst);
                Row::blank(c, RowVerdict::Ready)
            },
            |_| {
                done.fetch_add(1, Ordering::SeqCst);
            },
        );
        let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
        let expected: Vec<String> = (0..40).map(|i| format!("c{i}")).collect();
        assert_eq!(names, expected);
        assert_eq!(done.load(Ordering::SeqCst), 40);
        assert_eq!(planned.load(Ordering::SeqCst), 40 - 6);
        assert_eq!(rows[3].verdict, RowVerdict::Error);
        assert_eq!(rows[3].problems, vec!["bad"]);
    }

    #[test]
    fn runbook_stems_are_safe_file_names() {
        assert_eq!(runbook_stem("Fabrikam Ltd."), "fabrikam-ltd");
        assert_eq!(runbook_stem("Müller & Söhne GmbH"), "müller-söhne-gmbh");
        assert_eq!(runbook_stem("../../etc/passwd"), "etc-passwd");
        assert_eq!(runbook_stem("C:\\x|y"), "c-x-y");
        assert_eq!(runbook_stem("***"), "customer");
    }
}
