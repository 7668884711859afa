//! The inventory's types: what the readers produce and every later stage consumes.
//! Field names are the JSON names of `navplan scan --json` (see docs/scan.md).

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// An object type, as C/AL writes it (Table, XMLport, ...) or as AL names it (TableExtension, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ObjectKind {
    Table,
    Page,
    Report,
    Codeunit,
    XMLport,
    Query,
    MenuSuite,
    /// Pre-2013 object types, still seen in old exports.
    Form,
    Dataport,
    TableExtension,
    PageExtension,
    ReportExtension,
    Enum,
    EnumExtension,
    Interface,
    ControlAddIn,
    Profile,
    PageCustomization,
    PermissionSet,
    PermissionSetExtension,
    Entitlement,
    DotNet,
}

/// How the object was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceFormat {
    /// A C/AL text export (old or new syntax), whatever the file's extension.
    Cal,
    /// A C/AL delta (`OBJECT Modification "Name"(Table 17)`), as Compare-NAVApplicationObject writes.
    CalDelta,
    /// An AL source file.
    Al,
}

/// Whom a reference points at: an object id, or a name still to be resolved.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RefTarget {
    Id(u32),
    Name(String),
}

/// Where in the object a reference was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RefVia {
    /// A variable or parameter declaration (`Record 5330`, `Codeunit "CRM Integration Management"`).
    Variable,
    /// An object property (`TableNo=472`, `SourceTable=Table472`, `RunObject=Page 5330`, ...).
    Property,
    /// `Permissions=TableData 472=rimd` and `AccessByPermission=TableData 5331=IM`.
    Permission,
    /// `TableRelation=` on a field.
    TableRelation,
    /// `CalcFormula=` on a field.
    CalcFormula,
    /// In code: `CODEUNIT::"..."`, `DATABASE::"..."`, `PAGE.RUN(...)`, ...
    Code,
    /// `[EventSubscriber(...)]`: the publisher object.
    EventSubscriber,
    /// AL `extends "<name>"` (a page customization: `customizes "<name>"`).
    Extends,
}

/// One reference from an object to another object.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Reference {
    /// The kind of the object referred to (`Record`, `TableData` and `DATABASE::` refer to tables).
    pub kind: ObjectKind,
    pub target: RefTarget,
    /// The id, when the target was given by name and the named object is in the scan.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolved_id: Option<u32>,
    pub via: RefVia,
    /// 1-based line in the file.
    pub line: u32,
}

/// A DotNet (or COM Automation) type declaration, with the assembly it names.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct DotNetDecl {
    /// The assembly's simple name: `Microsoft.Xrm.Sdk`, `mscorlib`, ...
    pub assembly: String,
    /// The pinned `Version=` of the assembly reference, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The type name after the assembly: `Microsoft.Xrm.Sdk.Entity`.
    pub type_name: String,
    /// The declaration's type text as written between the double quotes.
    pub text: String,
    /// `true` for COM `Automation` types (whose names carry GUIDs in braces).
    pub automation: bool,
    /// 1-based line in the file.
    pub line: u32,
    /// AL only: the alias a `dotnet` package gives a type (`type("Full.Name"; "Alias")`), or the
    /// alias an AL variable names its type by (`Entity: DotNet CrmEntity`). The scan fills a
    /// variable's `assembly` and `type_name` from the package that declares its alias.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alias: Option<String>,
    /// What kind of declaration this is: a type named where it is used (the default, left out
    /// of the JSON), or an entry of an AL `dotnet` package.
    #[serde(default, skip_serializing_if = "DotNetForm::is_type_use")]
    pub form: DotNetForm,
}

/// The kinds of DotNet declaration, which need different fixes when they pin a version.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum DotNetForm {
    /// A C/AL `DotNet`/`Automation` type text or an AL variable's type: a pinned one is
    /// rewritten without `Version=`, `Culture=` and `PublicKeyToken=`.
    #[default]
    TypeUse,
    /// The `assembly(...) { ... }` block of an AL `dotnet` package: `text` is the block and
    /// `type_name` the types it declares; a pinned one loses its Version, Culture and
    /// PublicKeyToken properties.
    PackageAssembly,
    /// A `type(...)` entry of an AL `dotnet` package, under its `alias`.
    PackageType,
}

impl DotNetForm {
    fn is_type_use(&self) -> bool {
        *self == DotNetForm::TypeUse
    }
}

/// One object read from an export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Object {
    #[serde(rename = "type")]
    pub kind: ObjectKind,
    pub id: u32,
    pub name: String,
    pub format: SourceFormat,
    /// Version List tags, raw text, split on commas (empty when the list is empty or absent).
    pub version_list: Vec<String>,
    /// `Modified=Yes` in OBJECT-PROPERTIES.
    pub modified: bool,
    /// `Date=` as written (locale-dependent), when present and not empty.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// `Time=` as written, when present and not empty.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    pub file: PathBuf,
    /// 1-based line of the object's header.
    pub line: u32,
    /// AL `extends "<name>"` (or `customizes "<name>"`) target, or a delta's target object name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extends: Option<String>,
    pub references: Vec<Reference>,
    pub dotnet: Vec<DotNetDecl>,
    /// Byte range of the whole object in its file (after any BOM/UTF-16 transcoding, i.e. in the
    /// bytes the reader parsed), so later stages can re-read the object's text.
    #[serde(skip)]
    pub span: std::ops::Range<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

/// Something the reader could not take as it stands: always with file and line.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: PathBuf,
    /// 1-based line; 0 when the problem is the whole file (unreadable, binary).
    pub line: u32,
    pub message: String,
}

impl Object {
    /// `Modified=Yes`, or a Version List tag that is not Microsoft's: the partner changed it.
    pub fn customised(&self) -> bool {
        self.modified || self.partner_tags().next().is_some()
    }

    /// Version List tags that are not Microsoft's (`NAVW111.00.00.19846`, `NAVDK11.00` are).
    pub fn partner_tags(&self) -> impl Iterator<Item = &str> {
        self.version_list
            .iter()
            .map(String::as_str)
            .filter(|tag| !is_microsoft_tag(tag))
    }
}

/// Microsoft's tags are `NAV` + a localisation code (`W1`, `DK`, `GB`, `NA`, `APAC`, ...) + a
/// version: `NAVW111.00.00.19846`, `NAVDK11.00`, `NAVNA9.00.00.49968`.
pub fn is_microsoft_tag(tag: &str) -> bool {
    let Some(rest) = tag.strip_prefix("NAV") else {
        return false;
    };
    let letters = rest.bytes().take_while(u8::is_ascii_uppercase).count();
    let after = &rest.as_bytes()[letters..];
    // `W1` carries a digit inside the code: `NAVW111.00`.
    let after = if rest.starts_with('W') && letters == 1 {
        after.get(1..).unwrap_or_default()
    } else {
        after
    };
    letters >= 1
        && after.first().is_some_and(u8::is_ascii_digit)
        && after.iter().all(|b| b.is_ascii_digit() || *b == b'.')
}

/// `name.to_lowercase()`, into a buffer used again for the next name: the usual ASCII name
/// costs no allocation and no Unicode case table (name resolution and the analysis lower-case
/// every name and every name reference).
pub fn lower_case_into(name: &str, out: &mut String) {
    out.clear();
    if name.is_ascii() {
        out.push_str(name);
        out.make_ascii_lowercase();
    } else {
        out.push_str(&name.to_lowercase());
    }
}

/// A bare C/AL object for unit tests: no tags, no references, line 1 of `x.txt`; set the
/// fields a test needs with struct update syntax.
#[cfg(test)]
impl Object {
    pub(crate) fn bare(kind: ObjectKind, id: u32, name: &str) -> Object {
        Object {
            kind,
            id,
            name: name.to_string(),
            format: SourceFormat::Cal,
            version_list: Vec::new(),
            modified: false,
            date: None,
            time: None,
            file: "x.txt".into(),
            line: 1,
            extends: None,
            references: Vec::new(),
            dotnet: Vec::new(),
            span: 0..0,
        }
    }
}

impl std::fmt::Display for ObjectKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn microsoft_tags() {
        for tag in [
            "NAVW111.00.00.19846",
            "NAVDK11.00",
            "NAVNA9.00.00.49968",
            "NAVW114.21",
            "NAVAPAC7.10",
        ] {
            assert!(is_microsoft_tag(tag), "{tag}");
        }
        for tag in [
            "PSP1.0",
            "NAVW1",
            "CR#018",
            "NAV Guru",
            "NAVW111.0X",
            "Navision.Guru",
        ] {
            assert!(!is_microsoft_tag(tag), "{tag}");
        }
    }
}
