//! Times what `navplan scan` does after the inventory, phase by phase, without the inventory's
//! noise: the files are scanned once (with the code-pattern search, as the command does), then
//! each phase runs `RUNS` times (default 5) and its best time is printed.
//!
//! `cargo run --release --example time_analysis -- /work/bench-data/combined.txt`

use std::path::PathBuf;
use std::time::{Duration, Instant};

use navplan::analysis::{
    self, code_search::CodeSearch, customisation, dotnet, effort, impact, merge_set, Detail,
    MergeRules,
};
use navplan::objects::{self, texts::ObjectText, NoProgress, Object, ScanOptions};

/// CPU time of every thread of the process so far (Linux: `/proc/self/task/*/schedstat`, in
/// nanoseconds), 0 elsewhere. On a shared machine the CPU a phase takes varies less than its
/// wall time.
fn cpu_time() -> Duration {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return Duration::ZERO;
    };
    let nanos: u64 = tasks
        .flatten()
        .filter_map(|task| std::fs::read_to_string(task.path().join("schedstat")).ok())
        .filter_map(|stat| stat.split_whitespace().next()?.parse::<u64>().ok())
        .sum();
    Duration::from_nanos(nanos)
}

/// Best wall time and best CPU time of a phase.
struct Times {
    wall: Duration,
    cpu: Duration,
}

/// Runs `phase` `runs` times; returns its best times and the last result.
fn best<T>(runs: usize, mut phase: impl FnMut() -> T) -> (Times, T) {
    let mut times = Times {
        wall: Duration::MAX,
        cpu: Duration::MAX,
    };
    let mut result = None;
    for _ in 0..runs {
        // The previous result is dropped before the clock starts.
        drop(result.take());
        let (cpu, start) = (cpu_time(), Instant::now());
        let value = phase();
        times.wall = times.wall.min(start.elapsed());
        times.cpu = times.cpu.min(cpu_time().saturating_sub(cpu));
        result = Some(value);
    }
    (times, result.expect("runs is at least 1"))
}

fn report(name: &str, times: Times) {
    println!(
        "{name:<22} {:>8.1} ms wall {:>8.1} ms CPU",
        times.wall.as_secs_f64() * 1000.0,
        times.cpu.as_secs_f64() * 1000.0
    );
}

fn main() {
    let paths: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    if paths.is_empty() {
        eprintln!("usage: time_analysis PATH...   (RUNS=N for best of N, default 5)");
        std::process::exit(2);
    }
    let runs: usize = std::env::var("RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .filter(|&r| r > 0)
        .unwrap_or(5);
    let rules = MergeRules::embedded().expect("the embedded rules load");
    let opts = ScanOptions::default();
    let search = CodeSearch::for_code_page(&rules, &opts.codepage);
    let visit = |object: &Object, text: &mut ObjectText| search.visit_text(object, text);
    let start = Instant::now();
    let inventory = objects::scan_visiting(&paths, &opts, &NoProgress, Some(&visit));
    let found = search.finish();
    println!(
        "inventory (once)       {:>8.1} ms, {} objects",
        start.elapsed().as_secs_f64() * 1000.0,
        inventory.objects.len()
    );
    ref_stats(&inventory.objects);
    let options = analysis::Options {
        target: None,
        baseline: None,
        codepage: 850,
    };

    let (t, unique) = best(runs, || merge_set::unique_sorted(&inventory.objects));
    report("unique objects", t);
    let (t, target) = best(runs, || merge_set::pick_target(&unique, &rules, None));
    report("target", t);
    let (t, customised) = best(runs, || customisation::find(&unique, &rules, None, 850));
    report("customised", t);
    let (t, pins) = best(runs, || dotnet::find(&unique, &rules));
    report("dotnet pins", t);
    let (t, merge) = best(runs, || {
        merge_set::build(
            &unique,
            &rules,
            target.as_ref(),
            &customised,
            &pins,
            850,
            Some(&found),
        )
    });
    report("merge set", t);
    let (t, graph) = best(runs, || impact::ReferenceGraph::build(&unique));
    report("reference graph", t);
    let keys: Vec<_> = merge.iter().map(|e| (e.object.kind, e.object.id)).collect();
    let (t, dependents) = best(runs, || {
        graph.dependents_with(keys.iter().copied(), rules.impact.max_depth, Detail::Counts)
    });
    report("dependents", t);
    let (t, _) = best(runs, || {
        effort::estimate(&rules, &merge, &pins, &dependents)
    });
    report("effort", t);
    drop(graph);
    let (t, analysis) = best(runs, || {
        analysis::analyze_in_detail(
            &inventory.objects,
            &rules,
            &options,
            Detail::Counts,
            Some(&found),
        )
    });
    report("analysis in all", t);
    // What freeing the analysis costs (the command leaves it to a thread of its own).
    let mut freeing = Times {
        wall: Duration::MAX,
        cpu: Duration::MAX,
    };
    for _ in 0..runs {
        let analysis = analysis::analyze_in_detail(
            &inventory.objects,
            &rules,
            &options,
            Detail::Counts,
            Some(&found),
        );
        let (cpu, start) = (cpu_time(), Instant::now());
        drop(analysis);
        freeing.wall = freeing.wall.min(start.elapsed());
        freeing.cpu = freeing.cpu.min(cpu_time().saturating_sub(cpu));
    }
    report("freeing the analysis", freeing);
    // The summary's tables (the rest of `commands::scan::summary` lists at most 50 lines).
    let (t, text) = best(runs, || analysis::report::render_text(&analysis));
    report("summary tables", t);
    println!("summary tables: {} bytes", text.len());
    std::mem::forget(inventory);
}
/// How the references name their targets: ids and resolved names are looked up by id when the
/// reference graph is built, the others by name.
fn ref_stats(objects: &[Object]) {
    use navplan::objects::RefTarget;
    let (mut id, mut named_res, mut named_unres) = (0, 0, 0);
    for o in objects {
        for r in &o.references {
            match (&r.target, r.resolved_id) {
                (RefTarget::Id(_), _) => id += 1,
                (RefTarget::Name(_), Some(_)) => named_res += 1,
                _ => named_unres += 1,
            }
        }
    }
    println!("refs: id {id}, named resolved {named_res}, named unresolved {named_unres}");
}
