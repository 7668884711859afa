//! The scan: files and folders in, one sorted inventory out.
//!
//! Folders are walked with walkdir (links not followed, hidden folders such as `.git` skipped),
//! files are read in parallel (rayon), each file's content decides its format, and the results are
//! sorted so the same input always gives the same inventory.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use super::appversion::{self, ApplicationVersion};
use super::assemble::diagnostic;
use super::decode::{self, CodePage};
use super::model::*;
use super::{al, cal};

/// How to read the files.
#[derive(Debug, Clone, Copy, Default)]
pub struct ScanOptions {
    /// For bytes that are not UTF-8 (default 850).
    pub codepage: CodePage,
}

/// Told about the scan's progress (the CLI draws a bar; the library calls these only).
pub trait Progress: Sync {
    fn start(&self, _total_files: usize) {}
    fn file_done(&self, _path: &Path, _bytes: u64) {}
    fn finish(&self) {}
}

/// A progress that shows nothing.
pub struct NoProgress;
impl Progress for NoProgress {}

/// Everything the scan found.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Inventory {
    /// Sorted by type, id, name, file, line.
    pub objects: Vec<Object>,
    /// Sorted by file, line, severity, message.
    pub diagnostics: Vec<Diagnostic>,
    pub files_scanned: usize,
    pub bytes_scanned: u64,
    pub application_version: Option<ApplicationVersion>,
}

impl Inventory {
    /// Whether something was skipped or damaged (an error diagnostic): the CLI exits with 1.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

/// Read every object under `paths`.
pub fn scan(paths: &[PathBuf], opts: &ScanOptions, progress: &dyn Progress) -> Inventory {
    scan_visiting(paths, opts, progress, None)
}

/// What [`scan_visiting`] calls with each object read and its text (see [`super::texts`]), from
/// several threads at once.
/// The text comes undecoded, decoded only if the visitor asks ([`super::texts::ObjectText`]).
pub type TextVisitor<'v> = &'v (dyn Fn(&Object, &mut super::texts::ObjectText) + Sync);

/// [`scan`], also calling `visit` with every object's text while the file's bytes are at hand
/// (the analysis searches code patterns there instead of reading a 1 GB export twice). Objects
/// the scan later drops as duplicates are visited too.
pub fn scan_visiting(
    paths: &[PathBuf],
    opts: &ScanOptions,
    progress: &dyn Progress,
    visit: Option<TextVisitor<'_>>,
) -> Inventory {
    let high = visit.map(|_| super::texts::HighHalf::of(&opts.codepage));
    let mut diagnostics = Vec::new();
    let files = collect_files(paths, &mut diagnostics);
    progress.start(files.len());
    let results: Vec<(Vec<Object>, Vec<Diagnostic>, u64)> = files
        .par_iter()
        .map(|path| {
            let result = match FileBytes::open(path) {
                Ok(bytes) => {
                    let (objects, diags) = read_source(path, &bytes, opts);
                    if let (Some(visit), Some(high)) =
                        (visit.filter(|_| !objects.is_empty()), &high)
                    {
                        let each =
                            |object: &Object, text: &mut super::texts::ObjectText| -> Vec<()> {
                                visit(object, text);
                                Vec::new()
                            };
                        let objects = objects.iter().collect();
                        // The spans index the reader's bytes; the texts', unless the file is
                        // UTF-16 without a byte-order mark (transcoded for the reader only).
                        if looks_like_utf16le(&bytes)
                            && decode::detect_bom(&bytes) == decode::Bom::None
                        {
                            super::texts::search_lazily(&bytes, objects, high, &each);
                        } else {
                            super::texts::search_just_read_lazily(&bytes, objects, high, &each);
                        }
                    }
                    let len = bytes.len() as u64;
                    release(bytes);
                    (objects, diags, len)
                }
                Err(err) => (
                    Vec::new(),
                    vec![diagnostic(
                        Severity::Error,
                        path,
                        0,
                        format!("cannot read the file ({err}); skipped"),
                    )],
                    0,
                ),
            };
            progress.file_done(path, result.2);
            result
        })
        .collect();
    progress.finish();
    let mut objects = Vec::new();
    let mut bytes_scanned = 0;
    for (objs, diags, bytes) in results {
        objects.extend(objs);
        diagnostics.extend(diags);
        bytes_scanned += bytes;
    }
    finish(objects, diagnostics, files.len(), bytes_scanned)
}

/// Files at least this big are memory-mapped instead of read (no copy of a 1 GB export into
/// the heap); smaller files are read, which is faster for many files (ripgrep's policy).
const MMAP_MIN: u64 = 32 << 20;

/// A file's bytes: read into memory, or mapped.
pub enum FileBytes {
    Read(Vec<u8>),
    Mapped(memmap2::Mmap),
}

impl FileBytes {
    pub fn open(path: &Path) -> std::io::Result<FileBytes> {
        let file = std::fs::File::open(path)?;
        let len = file.metadata()?.len();
        if len >= MMAP_MIN {
            // SAFETY: the map is read-only and lives only while this file is scanned (or searched
            // by the analysis). If another
            // process truncates the file meanwhile, reading the lost pages raises SIGBUS (the
            // same trade-off ripgrep makes for large files); exports are not edited during a scan.
            #[allow(unsafe_code)]
            let map = unsafe { memmap2::Mmap::map(&file)? };
            #[cfg(target_os = "linux")]
            populate(&map);
            #[cfg(all(unix, not(target_os = "linux")))]
            let _ = map.advise(memmap2::Advice::WillNeed);
            return Ok(FileBytes::Mapped(map));
        }
        let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
        std::io::Read::read_to_end(&mut &file, &mut bytes)?;
        Ok(FileBytes::Read(bytes))
    }
}

/// Give a file's bytes back. Unmapping a big export takes the kernel a while (about 0.1 s of
/// CPU for 1 GB), so a mapped file is released in the background while the caller goes on with
/// the analysis.
fn release(bytes: FileBytes) {
    match bytes {
        FileBytes::Mapped(map) => crate::allocator::free_in_background(map),
        FileBytes::Read(bytes) => drop(bytes),
    }
}

/// Map a file's pages in before the readers touch them, in chunks on every worker:
/// `MADV_POPULATE_READ` fills the page tables without taking a page fault for every few pages.
/// Pages not in the page cache yet are read here too. Failure (an older kernel) only means the
/// readers fault the pages in themselves.
#[cfg(target_os = "linux")]
fn populate(map: &memmap2::Mmap) {
    const CHUNK: usize = 8 << 20;
    let chunks: Vec<usize> = (0..map.len()).step_by(CHUNK).collect();
    chunks.par_iter().for_each(|&start| {
        let len = CHUNK.min(map.len() - start);
        let _ = map.advise_range(memmap2::Advice::PopulateRead, start, len);
    });
}

impl std::ops::Deref for FileBytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            FileBytes::Read(bytes) => bytes,
            FileBytes::Mapped(map) => map,
        }
    }
}

/// An inventory from files already in memory (the demo's embedded export, tests).
pub fn inventory_from<P: AsRef<Path>, B: AsRef<[u8]>>(
    sources: &[(P, B)],
    opts: &ScanOptions,
) -> Inventory {
    let mut objects = Vec::new();
    let mut diagnostics = Vec::new();
    let mut bytes = 0u64;
    for (path, content) in sources {
        let (o, d) = read_source(path.as_ref(), content.as_ref(), opts);
        objects.extend(o);
        diagnostics.extend(d);
        bytes += content.as_ref().len() as u64;
    }
    finish(objects, diagnostics, sources.len(), bytes)
}

/// Read the objects of one file's bytes. Spans index the bytes after BOM removal and UTF-16
/// transcoding (see [`object_text`]).
pub fn read_source(
    path: &Path,
    bytes: &[u8],
    opts: &ScanOptions,
) -> (Vec<Object>, Vec<Diagnostic>) {
    if bytes.iter().all(|b| b.is_ascii_whitespace() || *b == 0x1A) {
        let message = if bytes.is_empty() {
            "empty file"
        } else {
            "file holds only blank space"
        };
        return (
            Vec::new(),
            vec![diagnostic(
                Severity::Warning,
                path,
                0,
                format!("{message}; nothing to read"),
            )],
        );
    }
    let (prepared, _bom) = prepare(bytes);
    let head = &prepared[..prepared.len().min(8192)];
    if memchr::memchr(0, head).is_some() {
        return (
            Vec::new(),
            vec![diagnostic(
                Severity::Error,
                path,
                0,
                "binary file (a .fob or other non-text export?); skipped: export the objects as text".into(),
            )],
        );
    }
    let read = if cal::has_header(&prepared) {
        cal::read(&prepared, path, &opts.codepage)
    } else if al::looks_like_al(&prepared) {
        al::read(&prepared, path, &opts.codepage)
    } else {
        return (
            Vec::new(),
            vec![diagnostic(
                Severity::Warning,
                path,
                0,
                "no C/AL or AL object found in this file; skipped".into(),
            )],
        );
    };
    (read.objects, read.diagnostics)
}

/// BOM handling plus UTF-16LE without a BOM (every other byte zero at the start).
fn prepare(bytes: &[u8]) -> (std::borrow::Cow<'_, [u8]>, decode::Bom) {
    let (prepared, bom) = decode::prepare(bytes);
    if bom == decode::Bom::None && looks_like_utf16le(bytes) {
        let (text, _) = encoding_rs::UTF_16LE.decode_without_bom_handling(bytes);
        return (
            std::borrow::Cow::Owned(text.into_owned().into_bytes()),
            decode::Bom::Utf16Le,
        );
    }
    (prepared, bom)
}

fn looks_like_utf16le(bytes: &[u8]) -> bool {
    bytes.len() >= 8
        && bytes.len() % 2 == 0
        && bytes[..8]
            .chunks(2)
            .all(|pair| pair[0] != 0 && pair[1] == 0)
}

/// The text of one object, decoded, from the bytes of the file it was read from.
pub fn object_text(file_bytes: &[u8], object: &Object, opts: &ScanOptions) -> String {
    let (prepared, _) = prepare(file_bytes);
    match prepared.get(object.span.clone()) {
        Some(slice) => opts.codepage.decode(slice),
        None => String::new(),
    }
}

fn collect_files(paths: &[PathBuf], diagnostics: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for root in paths {
        let walker = walkdir::WalkDir::new(root)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|entry| entry.depth() == 0 || !is_hidden(entry.file_name()));
        for entry in walker {
            match entry {
                Ok(entry) if entry.file_type().is_file() => {
                    // A file named twice (a folder and a file in it) is read once.
                    if seen.insert(entry.path().to_path_buf()) {
                        files.push(entry.into_path());
                    }
                }
                Ok(entry) if entry.path_is_symlink() => diagnostics.push(diagnostic(
                    Severity::Info,
                    entry.path(),
                    0,
                    "symbolic link not followed".into(),
                )),
                Ok(_) => {}
                Err(err) => {
                    let path = err.path().unwrap_or(root).to_path_buf();
                    let reason = err
                        .io_error()
                        .map_or_else(|| err.to_string(), |io| io.to_string());
                    diagnostics.push(diagnostic(
                        Severity::Error,
                        &path,
                        0,
                        format!("cannot read ({reason}); skipped"),
                    ));
                }
            }
        }
    }
    files
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| n.starts_with('.'))
}

/// Duplicates out, names resolved, everything sorted, the application version read.
fn finish(
    mut objects: Vec<Object>,
    mut diagnostics: Vec<Diagnostic>,
    files_scanned: usize,
    bytes_scanned: u64,
) -> Inventory {
    // Keys are unique (file and line differ), so an unstable sort is still deterministic.
    objects.par_sort_unstable_by(|a, b| {
        (a.kind, a.id, &a.name, a.format, &a.file, a.line)
            .cmp(&(b.kind, b.id, &b.name, b.format, &b.file, b.line))
    });
    let mut kept: Vec<Object> = Vec::with_capacity(objects.len());
    for object in objects {
        if let Some(first) = kept.last().filter(|k| same_identity(k, &object)) {
            diagnostics.push(diagnostic(
                Severity::Error,
                &object.file,
                object.line,
                format!(
                    "duplicate {:?} {} {}: already read from {} line {}; this copy skipped",
                    object.kind,
                    object.id,
                    object.name,
                    first.file.display(),
                    first.line
                ),
            ));
            continue;
        }
        kept.push(object);
    }
    resolve_names(&mut kept);
    resolve_dotnet_aliases(&mut kept);
    diagnostics.sort();
    diagnostics.dedup();
    let application_version = appversion::detect(&kept);
    Inventory {
        objects: kept,
        diagnostics,
        files_scanned,
        bytes_scanned,
        application_version,
    }
}

fn same_identity(a: &Object, b: &Object) -> bool {
    let delta = |o: &Object| o.format == SourceFormat::CalDelta;
    // AL `dotnet` packages have neither id nor name, and an app may declare several.
    a.kind != ObjectKind::DotNet
        && a.kind == b.kind
        && a.id == b.id
        && delta(a) == delta(b)
        && (a.id != 0 || a.name.eq_ignore_ascii_case(&b.name))
}

/// Tie AL DotNet variables (`DotNet CrmEntity`) to the assembly and type of the package type
/// with that alias, wherever in the scan the package is. Aliases compare ignoring case, as AL
/// names do; when two packages declare one alias, the first package in the scan's order wins.
fn resolve_dotnet_aliases(objects: &mut [Object]) {
    let mut by_alias: HashMap<String, (String, String)> = HashMap::new();
    for decl in objects
        .iter()
        .filter(|o| o.kind == ObjectKind::DotNet)
        .flat_map(|o| &o.dotnet)
    {
        if let Some(alias) = decl.alias.as_ref().filter(|_| !decl.assembly.is_empty()) {
            by_alias
                .entry(alias.to_lowercase())
                .or_insert_with(|| (decl.assembly.clone(), decl.type_name.clone()));
        }
    }
    if by_alias.is_empty() {
        return;
    }
    for decl in objects.iter_mut().flat_map(|o| &mut o.dotnet) {
        if !decl.assembly.is_empty() {
            continue;
        }
        let Some(alias) = &decl.alias else { continue };
        if let Some((assembly, type_name)) = by_alias.get(&alias.to_lowercase()) {
            decl.assembly.clone_from(assembly);
            decl.type_name.clone_from(type_name);
        }
    }
}

/// Give name references the id of the named object, when it is in the scan.
fn resolve_names(objects: &mut [Object]) {
    // A hash map: only looked up, never iterated, so its order cannot leak into the output.
    let mut by_name: HashMap<(ObjectKind, String), u32, foldhash::fast::FixedState> =
        HashMap::default();
    for o in objects.iter().filter(|o| o.id != 0) {
        by_name
            .entry((o.kind, o.name.to_lowercase()))
            .or_insert(o.id);
    }
    // One key per worker reused for every lookup: no allocation per reference.
    objects.par_iter_mut().for_each_init(
        || (ObjectKind::Table, String::new()),
        |key, o| {
            for r in &mut o.references {
                if let RefTarget::Name(name) = &r.target {
                    key.0 = r.kind;
                    lower_case_into(name, &mut key.1);
                    r.resolved_id = by_name.get(&*key).copied();
                }
            }
        },
    );
}
