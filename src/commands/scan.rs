//! `navplan scan PATH... [--json] [--codepage N]`: the inventory of exported objects.
//!
//! The JSON document is built from [`ScanReport`], a plain serializable struct: later stages add
//! their fields there (merge set, DotNet pins, dependents, effort). Its shape is documented in
//! docs/scan.md and versioned by `schema_version`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;

use rayon::prelude::*;
use serde::Serialize;

use crate::analysis::{self, Analysis, MergeRules};
use crate::cli::ScanArgs;
use crate::objects::{self, ApplicationVersion, CodePage, Diagnostic, Inventory, Object, Severity};
use crate::{exit, Context, Error, Outcome, Result};

/// Bumped when a field changes meaning or disappears (adding fields keeps the number).
pub const SCHEMA_VERSION: u32 = 1;

/// How many customised objects and diagnostics the summary lists before it points at `--json`.
const LIST_LIMIT: usize = 50;

/// The JSON document of `navplan scan --json`.
#[derive(Debug, Serialize)]
pub struct ScanReport<'a> {
    pub schema_version: u32,
    pub files_scanned: usize,
    pub bytes_scanned: u64,
    pub codepage: u16,
    pub application_version: Option<&'a ApplicationVersion>,
    /// Object count per type, by type name.
    pub counts: BTreeMap<String, usize>,
    pub customised: usize,
    pub objects: &'a [Object],
    pub diagnostics: &'a [Diagnostic],
    /// The analysis (issue 4): which objects must be merged or fixed and why, DotNet pins,
    /// dependents and effort. Shapes in docs/analysis.md.
    pub merge_target: Option<&'a analysis::Target>,
    pub merge_set: &'a [analysis::MergeEntry],
    /// Customised objects with their reasons (flag, partner tags, baseline difference).
    pub customised_objects: &'a [analysis::Customised],
    pub dotnet_pins: &'a [analysis::DotNetPin],
    pub dependents: DependentsJson<'a>,
    pub effort: Option<&'a analysis::effort::Effort>,
    #[serde(skip)]
    pub analysis: Option<&'a Analysis>,
}

/// The report's `dependents`. The analysis behind it only counts the transitive dependents;
/// with the reference graph at hand they are listed, with their paths, while the JSON is
/// written, a few entries at a time: listed all at once, they took 3.4 GB on the 1 GB benchmark
/// export (docs/benchmark.md).
pub struct DependentsJson<'a> {
    pub counted: &'a [analysis::Dependents],
    pub graph: Option<&'a analysis::impact::ReferenceGraph<'a>>,
    pub max_depth: usize,
}

impl std::fmt::Debug for DependentsJson<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DependentsJson")
            .field("counted", &self.counted)
            .field("listed", &self.graph.is_some())
            .finish()
    }
}

impl Serialize for DependentsJson<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let Some(graph) = self.graph else {
            return self.counted.serialize(serializer);
        };
        let mut seq = serializer.serialize_seq(Some(self.counted.len()))?;
        // A few entries per core at a time: one entry can list tens of thousands of dependents.
        let batch = 2 * rayon::current_num_threads();
        graph.for_each_listed(
            self.counted,
            self.max_depth,
            batch,
            |listed| listed.to_dependents(),
            |entry| seq.serialize_element(&entry),
        )?;
        seq.end()
    }
}

impl<'a> ScanReport<'a> {
    pub fn new(inventory: &'a Inventory, codepage: u16) -> Self {
        let counts = count_by_kind(&inventory.objects)
            .into_iter()
            .map(|(kind, n)| (kind.to_string(), n))
            .collect();
        ScanReport {
            schema_version: SCHEMA_VERSION,
            files_scanned: inventory.files_scanned,
            bytes_scanned: inventory.bytes_scanned,
            codepage,
            application_version: inventory.application_version.as_ref(),
            counts,
            // In parallel: each object's tags are read from memory, cold after the inventory.
            customised: inventory
                .objects
                .par_iter()
                .filter(|o| o.customised())
                .count(),
            objects: &inventory.objects,
            diagnostics: &inventory.diagnostics,
            merge_target: None,
            merge_set: &[],
            customised_objects: &[],
            dotnet_pins: &[],
            dependents: DependentsJson {
                counted: &[],
                graph: None,
                max_depth: 0,
            },
            effort: None,
            analysis: None,
        }
    }

    /// Add the analysis of the same inventory.
    pub fn with_analysis(mut self, analysis: &'a Analysis) -> Self {
        self.merge_target = analysis.target.as_ref();
        self.merge_set = &analysis.merge_set;
        self.customised_objects = &analysis.customised;
        self.dotnet_pins = &analysis.dotnet_pins;
        self.dependents.counted = &analysis.dependents;
        self.effort = Some(&analysis.effort);
        self.analysis = Some(analysis);
        self
    }
}

pub fn run(args: &ScanArgs, ctx: &Context, stdout: &mut dyn std::io::Write) -> Result<Outcome> {
    let codepage = CodePage::new(args.codepage).ok_or_else(|| {
        Error::Usage(format!(
            "--codepage {} is not supported; use an OEM page (437, 850, 852, 865, 866, 874, ...) \
             or a Windows page (1250-1258)",
            args.codepage
        ))
    })?;
    let opts = objects::ScanOptions { codepage };
    // A bar on stderr while the files are read, drawn only when stderr is a terminal.
    let bar = crate::progress::Bar::new(ctx, "files");
    let rules = MergeRules::embedded()?;
    // The code patterns are searched while the reader holds each file's bytes.
    let search = analysis::code_search::CodeSearch::for_code_page(&rules, &codepage);
    let visit =
        |object: &Object, text: &mut objects::texts::ObjectText| search.visit_text(object, text);
    let inventory = objects::scan_visiting(&args.paths, &opts, &bar, Some(&visit));
    let found = search.finish();
    let code = if inventory.has_errors() {
        exit::ERROR
    } else {
        exit::OK
    };
    let baseline = match &args.baseline {
        Some(dir) => Some(analysis::source::ObjectSet::load(dir, args.codepage)?),
        None => None,
    };
    let options = analysis::Options {
        target: None,
        baseline: baseline.as_ref(),
        codepage: args.codepage,
    };
    // The transitive dependents are only counted here: the summary shows how many there are,
    // and the JSON lists them from the graph as it is written.
    let (analysis, graph) = analysis::analyze_keeping_graph(
        &inventory.objects,
        &rules,
        &options,
        analysis::Detail::Counts,
        Some(&found),
    );
    let mut report = ScanReport::new(&inventory, args.codepage).with_analysis(&analysis);
    if args.json {
        report.dependents.graph = Some(&graph);
        report.dependents.max_depth = rules.impact.max_depth;
    }
    let mut stderr = String::new();
    // Written as it is produced: the JSON of a whole database runs to gigabytes.
    let written = if args.json {
        // The big arrays are serialized on every core (`scan_json`). The writer writes a few
        // bytes at a time: a buffer of a concrete type in front of the `dyn` writer turns each
        // of those writes into a copy instead of a call through it.
        let mut buffered = std::io::BufWriter::with_capacity(1 << 16, &mut *stdout);
        super::scan_json::write(&report, &mut buffered).and_then(|()| buffered.flush())
    } else {
        stdout.write_all(summary(&inventory, &report).as_bytes())
    };
    match written {
        // A reader that stopped early (`navplan scan . | head`) is not an error.
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            return Err(Error::Input(format!("cannot write the scan report: {e}")));
        }
        _ => {}
    }
    if args.json {
        let errors = count(&inventory, Severity::Error);
        if errors > 0 {
            let _ = writeln!(
                stderr,
                "navplan: {errors} problem(s) made the scan skip input; see \"diagnostics\""
            );
        }
    }
    // Problems in the baseline folder: the baseline comparison may miss objects.
    for problem in baseline.iter().flat_map(|b| &b.problems) {
        let _ = writeln!(stderr, "navplan: baseline: {problem}");
    }
    // A 1 GB export holds millions of references, its analysis 200,000 dependents.
    crate::allocator::free_in_background((inventory, analysis));
    Ok(Outcome {
        stdout: String::new(),
        stderr,
        code,
    })
}

/// How many objects of each type.
fn count_by_kind(objects: &[Object]) -> BTreeMap<objects::ObjectKind, usize> {
    let mut by_kind = BTreeMap::new();
    for o in objects {
        *by_kind.entry(o.kind).or_insert(0) += 1;
    }
    by_kind
}

fn count(inventory: &Inventory, severity: Severity) -> usize {
    inventory
        .diagnostics
        .iter()
        .filter(|d| d.severity == severity)
        .count()
}

/// The summary for people.
pub fn summary(inventory: &Inventory, report: &ScanReport<'_>) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Scanned {} file(s), {} byte(s); bytes that are not UTF-8 read as code page {}.",
        report.files_scanned, report.bytes_scanned, report.codepage
    );
    out.push('\n');
    let _ = writeln!(out, "Objects by type:");
    let by_kind = count_by_kind(&inventory.objects);
    for (kind, n) in &by_kind {
        let _ = writeln!(out, "  {:<22} {:>6}", kind.to_string(), n);
    }
    let _ = writeln!(out, "  {:<22} {:>6}", "total", inventory.objects.len());
    out.push('\n');
    let _ = writeln!(
        out,
        "Application version: {}",
        describe_version(report.application_version)
    );
    out.push('\n');
    let customised: Vec<&Object> = inventory
        .objects
        .par_iter()
        .filter(|o| o.customised())
        .collect();
    let _ = writeln!(out, "Customised objects: {}", customised.len());
    for o in customised.iter().take(LIST_LIMIT) {
        let mut why = Vec::new();
        if o.modified {
            why.push("Modified=Yes".to_string());
        }
        let tags: Vec<&str> = o.partner_tags().collect();
        if !tags.is_empty() {
            why.push(format!("partner tags {}", tags.join(",")));
        }
        let _ = writeln!(out, "  {} {} {} ({})", o.kind, o.id, o.name, why.join("; "));
    }
    if customised.len() > LIST_LIMIT {
        let _ = writeln!(
            out,
            "  ... and {} more (see --json)",
            customised.len() - LIST_LIMIT
        );
    }
    out.push('\n');
    if let Some(analysis) = report.analysis {
        analysis::report::write_text(analysis, &mut out);
        out.push('\n');
    }
    let errors = count(inventory, Severity::Error);
    let warnings = count(inventory, Severity::Warning);
    let _ = writeln!(
        out,
        "Diagnostics: {errors} error(s), {warnings} warning(s){}",
        if errors > 0 {
            " - some input was skipped or damaged"
        } else {
            ""
        }
    );
    for d in inventory.diagnostics.iter().take(LIST_LIMIT) {
        let severity = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        };
        let place = if d.line == 0 {
            d.file.display().to_string()
        } else {
            format!("{}:{}", d.file.display(), d.line)
        };
        let _ = writeln!(out, "  {severity:<7} {place}: {}", d.message);
    }
    if inventory.diagnostics.len() > LIST_LIMIT {
        let _ = writeln!(
            out,
            "  ... and {} more (see --json)",
            inventory.diagnostics.len() - LIST_LIMIT
        );
    }
    out
}

fn describe_version(version: Option<&ApplicationVersion>) -> String {
    let Some(v) = version else {
        return "not found (no object carries a NAVW1 Version List tag)".into();
    };
    let product = match &v.product {
        Some(name) => name.clone(),
        // Named even when this procedure does not cover it (NAV 2013 R2 is 7.10).
        None => match crate::version::VersionData::embedded()
            .product_for_number(v.major, v.tag_minor())
        {
            Some(p) => format!("{} (not a product this procedure covers)", p.name),
            None => format!(
                "major version {} (not a product this procedure covers)",
                v.major
            ),
        },
    };
    let detail = match (v.build, v.minor) {
        (Some(build), _) => format!(", build {build}"),
        (None, Some(minor)) if v.major >= 14 => format!(", application {}.{minor}", v.major),
        _ => String::new(),
    };
    let source = match v.source {
        objects::VersionSource::Codeunit1 => {
            "from Codeunit 1, which every cumulative update re-tags"
        }
        objects::VersionSource::HighestTag => {
            "from the highest W1 tag (no Codeunit 1 in the scan: a lower bound)"
        }
    };
    let cu = match (&v.cu, v.meets_minimum) {
        (Some(cu), Some(true)) => format!(" = {cu}, at or above the minimum CU for OAuth"),
        (Some(cu), _) => format!(" = {cu}, below the minimum CU for OAuth"),
        (None, _) => String::new(),
    };
    format!("{product}{detail}{cu} (tag {}, {source})", v.tag)
}
