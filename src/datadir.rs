//! `--data DIR`: a partner's own copies of the data files, used instead of the embedded ones
//! without recompiling (a newly published CU build, a tuned effort table, an extra known error).
//!
//! The folder may hold any of `versions.toml`, `merge-rules.toml`, `steps.toml` and `errors.toml`;
//! each file present replaces its embedded twin as a whole. Every file is read and validated when
//! the command starts, so a mistake is reported once, with the file, before any work is done. The
//! texts are then installed for the whole process: each stage's loader asks [`text`] first.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::{Error, Result};

/// The data files a folder may override, by file name.
pub const FILES: &[&str] = &[
    "versions.toml",
    "merge-rules.toml",
    "steps.toml",
    "errors.toml",
];

/// A partner's data file: where it came from (for messages) and its text.
#[derive(Debug, Clone)]
pub struct DataFile {
    pub path: PathBuf,
    pub text: String,
}

static INSTALLED: OnceLock<BTreeMap<&'static str, DataFile>> = OnceLock::new();

/// The partner's text for `name` (one of [`FILES`]), when `--data` supplied one.
pub fn text(name: &str) -> Option<&'static DataFile> {
    INSTALLED.get()?.get(name)
}

/// Read, validate and install the data files of `dir`. Called once, before any stage runs.
pub fn install(dir: &Path) -> Result<()> {
    let files = read(dir)?;
    validate(&files)?;
    INSTALLED
        .set(files)
        .map_err(|_| Error::Usage("--data was given twice in one process".into()))
}

/// The data files present in `dir`; an empty or unreadable folder is an error.
fn read(dir: &Path) -> Result<BTreeMap<&'static str, DataFile>> {
    if !dir.is_dir() {
        return Err(Error::Input(format!(
            "--data {}: not a folder; it should hold one or more of {}",
            dir.display(),
            FILES.join(", ")
        )));
    }
    let mut files = BTreeMap::new();
    for name in FILES {
        let path = dir.join(name);
        if !path.is_file() {
            continue;
        }
        let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
        files.insert(*name, DataFile { path, text });
    }
    if files.is_empty() {
        return Err(Error::Input(format!(
            "--data {}: none of {} is in this folder",
            dir.display(),
            FILES.join(", ")
        )));
    }
    Ok(files)
}

/// Parse each file with its stage's own loader, so the partner hears about a mistake up front.
fn validate(files: &BTreeMap<&'static str, DataFile>) -> Result<()> {
    for (name, file) in files {
        let shown = file.path.display().to_string();
        match *name {
            "versions.toml" => {
                crate::version::VersionData::from_toml(&file.text).map_err(|e| match e {
                    crate::version::VersionError::Data(message) => Error::Data {
                        file: shown.clone(),
                        message,
                    },
                    other => Error::Data {
                        file: shown.clone(),
                        message: other.to_string(),
                    },
                })?;
            }
            "merge-rules.toml" => {
                crate::analysis::MergeRules::from_toml(&file.text, &shown)?;
            }
            "steps.toml" => {
                crate::plan::Catalogue::parse(&file.text, &shown)?;
            }
            "errors.toml" => {
                crate::diagnose::KnownErrors::from_toml(&file.text, &shown)?;
            }
            _ => {}
        }
    }
    Ok(())
}
