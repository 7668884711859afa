//! Turning what a reader found (byte positions, raw bytes) into model values (lines, text).

use std::collections::HashSet;
use std::path::Path;

use super::decode::CodePage;
use super::model::*;
use super::refs::{Found, RawDotNet, RawTarget};
use super::scanbytes::{trim, LineCounter};

/// An object's identity, read from its header.
#[derive(Debug, Clone)]
pub struct Header {
    pub kind: ObjectKind,
    pub id: u32,
    pub name: String,
    pub format: SourceFormat,
    pub extends: Option<String>,
}

impl Header {
    /// `Table 18 Customer`, for messages.
    pub fn describe(&self) -> String {
        if self.id == 0 {
            format!("{:?} {}", self.kind, self.name)
        } else {
            format!("{:?} {} {}", self.kind, self.id, self.name)
        }
    }
}

/// What OBJECT-PROPERTIES (or an AL `// version` comment) said.
#[derive(Debug, Clone, Default)]
pub struct Properties {
    pub version_list: Vec<String>,
    pub modified: bool,
    pub date: Option<String>,
    pub time: Option<String>,
}

/// Split a Version List on commas, keeping each tag's raw text.
pub fn split_version_list(value: &[u8], cp: &CodePage) -> Vec<String> {
    value
        .split(|b| *b == b',')
        .map(trim)
        .filter(|tag| !tag.is_empty())
        .map(|tag| cp.decode(tag))
        .collect()
}

pub struct Parts<'b> {
    pub header: Header,
    pub props: Properties,
    pub file: &'b Path,
    pub line: u32,
    pub span: std::ops::Range<usize>,
}

/// What a reader found in the object it is reading, and the set that deduplicates it: kept by
/// each worker from object to object, so that the vectors and the set are not allocated, grown
/// and freed again for each of the 50,000 objects of a database (2-3 % of the 1 GB scan's CPU,
/// docs/benchmark.md).
#[derive(Default)]
pub struct Scratch<'a> {
    /// The object's raw references and DotNet declarations, filled by the reader.
    pub found: Found<'a>,
    seen: HashSet<(ObjectKind, RefVia, RawTarget<'a>), foldhash::fast::FixedState>,
}

/// Above this many entries the scratch vectors and set are dropped rather than kept: clearing a
/// set costs its capacity, and one huge object should not make every later one pay for it.
const SCRATCH_KEEP: usize = 4096;

impl Scratch<'_> {
    /// Empty for the next object, keeping the room unless it grew huge.
    fn clear(&mut self) {
        let Found { refs, dotnet } = &mut self.found;
        if refs.capacity() > SCRATCH_KEEP || dotnet.capacity() > SCRATCH_KEEP {
            self.found = Found::default();
        } else {
            refs.clear();
            dotnet.clear();
        }
        if self.seen.capacity() > SCRATCH_KEEP {
            self.seen = HashSet::default();
        } else {
            self.seen.clear();
        }
    }
}

/// The object, from its parts and what the reader left in `scratch.found` (which is emptied).
pub fn object<'a>(
    parts: Parts<'_>,
    scratch: &mut Scratch<'a>,
    lines: &mut LineCounter<'_>,
    cp: &CodePage,
) -> Object {
    let Parts {
        header,
        props,
        file,
        line,
        span,
    } = parts;
    let Scratch { found, seen } = scratch;
    // One entry per distinct (kind, target, via), at its first line: a Record declared in twenty
    // procedures is one dependency. Deduplicated on the raw bytes, before any name is decoded,
    // in one pass over the references in text order (the lexers find them in that order).
    if found.refs.windows(2).any(|w| w[0].pos > w[1].pos) {
        found.refs.sort_by_key(|r| r.pos);
    }
    seen.reserve(found.refs.len());
    found
        .refs
        .retain(|r| seen.insert((r.kind, r.via, r.target)));
    let mut references: Vec<Reference> = found
        .refs
        .iter()
        .map(|raw| Reference {
            kind: raw.kind,
            target: match raw.target {
                RawTarget::Id(id) => RefTarget::Id(id),
                RawTarget::Name(name) => RefTarget::Name(cp.decode(name)),
            },
            resolved_id: None,
            via: raw.via,
            line: lines.line_at(raw.pos),
        })
        .collect();
    // Same line: a stable order that does not depend on byte positions.
    references.sort_by(|a, b| {
        (a.line, &a.target, a.kind, a.via).cmp(&(b.line, &b.target, b.kind, b.via))
    });
    found.dotnet.sort_by_key(|d| d.pos);
    let dotnet = found
        .dotnet
        .iter()
        .map(|raw| dotnet_decl(raw, lines.line_at(raw.pos), cp))
        .collect();
    scratch.clear();
    Object {
        kind: header.kind,
        id: header.id,
        name: header.name,
        format: header.format,
        version_list: props.version_list,
        modified: props.modified,
        date: props.date,
        time: props.time,
        file: file.to_path_buf(),
        line,
        extends: header.extends,
        references,
        dotnet,
        span,
    }
}

/// `'Microsoft.Xrm.Sdk, Version=8.0.0.0, Culture=neutral, ...'.Microsoft.Xrm.Sdk.Entity` or
/// `{GUID} 1.0:{GUID}:'Windows Script Host Object Model'.WshShell`.
pub fn dotnet_decl(raw: &RawDotNet<'_>, line: u32, cp: &CodePage) -> DotNetDecl {
    let text = cp.decode(raw.text);
    let (quoted, type_name) = match (text.find('\''), text.rfind("'.")) {
        (Some(open), Some(close)) if open < close => {
            (&text[open + 1..close], text[close + 2..].to_string())
        }
        _ => ("", text.clone()),
    };
    let (assembly, version) = if raw.automation {
        // The type library's version sits between the first GUID and the next colon.
        let version = text
            .find("} ")
            .and_then(|at| text[at + 2..].split(':').next())
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty());
        (quoted.trim().to_string(), version)
    } else {
        let mut fields = quoted.split(',');
        let assembly = fields.next().unwrap_or_default().trim().to_string();
        let version = fields
            .map(str::trim)
            .find_map(|f| f.strip_prefix("Version="))
            .map(str::to_string);
        (assembly, version)
    };
    // AL names a type by the alias its `dotnet` package declares (no quoted assembly, no dots
    // needed): the scan ties it to the assembly once every package is read.
    let alias = (!raw.automation && quoted.is_empty() && !text.contains('\''))
        .then(|| text.trim().to_string())
        .filter(|a| !a.is_empty());
    DotNetDecl {
        assembly,
        version,
        type_name,
        text,
        automation: raw.automation,
        line,
        alias,
        form: DotNetForm::TypeUse,
    }
}

pub fn diagnostic(severity: Severity, file: &Path, line: u32, message: String) -> Diagnostic {
    Diagnostic {
        severity,
        file: file.to_path_buf(),
        line,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dotnet_assembly_and_version() {
        let raw = RawDotNet {
            pos: 0,
            text: b"'Microsoft.Xrm.Sdk, Version=8.0.0.0, Culture=neutral, PublicKeyToken=31bf3856ad364e35'.Microsoft.Xrm.Sdk.Client.OrganizationServiceProxy",
            automation: false,
        };
        let decl = dotnet_decl(&raw, 7, &CodePage::default());
        assert_eq!(decl.assembly, "Microsoft.Xrm.Sdk");
        assert_eq!(decl.version.as_deref(), Some("8.0.0.0"));
        assert_eq!(
            decl.type_name,
            "Microsoft.Xrm.Sdk.Client.OrganizationServiceProxy"
        );
    }

    #[test]
    fn automation_library_and_version() {
        let raw = RawDotNet {
            pos: 0,
            text: b"{F935DC20-1CF0-11D0-ADB9-00C04FD58A0B} 1.0:{72C24DD5-D70A-438B-8A42-98424B88AFB8}:'Windows Script Host Object Model'.WshShell",
            automation: true,
        };
        let decl = dotnet_decl(&raw, 1, &CodePage::default());
        assert_eq!(decl.assembly, "Windows Script Host Object Model");
        assert_eq!(decl.version.as_deref(), Some("1.0"));
        assert_eq!(decl.type_name, "WshShell");
    }

    #[test]
    fn version_list_keeps_raw_tags() {
        let tags = split_version_list(
            b"NAVW111.00.00.19846, NAVDK11.00 ,,MY TAG(1)",
            &CodePage::default(),
        );
        assert_eq!(tags, ["NAVW111.00.00.19846", "NAVDK11.00", "MY TAG(1)"]);
    }
}
