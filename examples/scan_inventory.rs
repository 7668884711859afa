//! The inventory stage of `navplan scan` alone (no analysis, no rendering), for the benchmark:
//! `cargo run --release --example scan_inventory -- PATH...` prints objects, references,
//! diagnostics and bytes read.

use std::path::PathBuf;

use navplan::objects::{self, NoProgress, ScanOptions};

fn main() {
    // As the binary does (src/main.rs), so the stage is timed as users run it.
    navplan::allocator::tune();
    let paths: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    if paths.is_empty() {
        eprintln!("usage: scan_inventory PATH...");
        std::process::exit(2);
    }
    let inventory = objects::scan(&paths, &ScanOptions::default(), &NoProgress);
    let references: usize = inventory.objects.iter().map(|o| o.references.len()).sum();
    println!(
        "{} objects, {} references, {} diagnostics, {} files, {} bytes",
        inventory.objects.len(),
        references,
        inventory.diagnostics.len(),
        inventory.files_scanned,
        inventory.bytes_scanned
    );
    // Exiting frees everything at once.
    std::mem::forget(inventory);
}
