//! Version-pinned DotNet declarations: where they are and the version-agnostic text they become
//! (`'Microsoft.Xrm.Sdk, Version=8.0.0.0, ...'.Microsoft.Xrm.Sdk.Entity` ->
//! `'Microsoft.Xrm.Sdk'.Microsoft.Xrm.Sdk.Entity`).

use super::{DotNetPin, MergeRules, ObjectRef};
use crate::objects::{DotNetDecl, DotNetForm, Object};

/// Every declaration, in any object, of a type from one of the rules' assemblies with a pinned
/// `Version=`. Sorted by object, then line.
pub fn find(objects: &[&Object], rules: &MergeRules) -> Vec<DotNetPin> {
    let mut pins = Vec::new();
    for object in objects {
        for decl in &object.dotnet {
            let Some(version) = &decl.version else {
                continue;
            };
            if decl.automation || !is_listed(&decl.assembly, rules) {
                continue;
            }
            pins.push(DotNetPin {
                object: ObjectRef::of(object),
                file: object.file.clone(),
                line: decl.line,
                assembly: decl.assembly.clone(),
                version: version.clone(),
                text: decl.text.clone(),
                fix: version_agnostic(decl),
            });
        }
    }
    pins.sort();
    pins
}

/// A listed name matches exactly (ignoring case); a name ending in `.*` matches the family.
fn is_listed(assembly: &str, rules: &MergeRules) -> bool {
    let assembly = assembly.trim().to_ascii_lowercase();
    rules.dotnet_assemblies.iter().any(|listed| {
        let listed = listed.to_ascii_lowercase();
        match listed.strip_suffix('*') {
            Some(family) => assembly.starts_with(family),
            None => assembly == listed,
        }
    })
}

/// The declaration's text with the quoted assembly reduced to its simple name.
pub fn version_agnostic(decl: &DotNetDecl) -> String {
    let text = decl.text.trim();
    // AL pins the version in the `assembly(...)` block of a `dotnet` package; the variables
    // name types by alias and need no change.
    if decl.form == DotNetForm::PackageAssembly {
        return format!(
            "assembly(\"{}\") without Version, Culture and PublicKeyToken",
            decl.assembly.trim()
        );
    }
    if let Some(rest) = text.strip_prefix('\'') {
        if let Some(close) = rest.find('\'') {
            return format!("'{}'{}", decl.assembly.trim(), &rest[close + 1..]);
        }
    }
    format!("'{}'.{}", decl.assembly.trim(), decl.type_name.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decl(text: &str) -> DotNetDecl {
        DotNetDecl {
            assembly: "Microsoft.Xrm.Sdk".into(),
            version: Some("8.0.0.0".into()),
            type_name: "Microsoft.Xrm.Sdk.Entity".into(),
            text: text.into(),
            automation: false,
            line: 7,
            alias: None,
            form: Default::default(),
        }
    }

    #[test]
    fn the_fix_keeps_the_type_and_drops_version_culture_and_token() {
        let d = decl("'Microsoft.Xrm.Sdk, Version=8.0.0.0, Culture=neutral, PublicKeyToken=31bf3856ad364e35'.Microsoft.Xrm.Sdk.Entity");
        assert_eq!(
            version_agnostic(&d),
            "'Microsoft.Xrm.Sdk'.Microsoft.Xrm.Sdk.Entity"
        );
    }

    #[test]
    fn nested_and_generic_type_names_survive() {
        let d = decl("'Newtonsoft.Json, Version=9.0.0.0, Culture=neutral, PublicKeyToken=30ad4fe6b2a6aeed'.Newtonsoft.Json.Linq.JToken+Inner`2");
        let mut d = d;
        d.assembly = "Newtonsoft.Json".into();
        assert_eq!(
            version_agnostic(&d),
            "'Newtonsoft.Json'.Newtonsoft.Json.Linq.JToken+Inner`2"
        );
    }

    #[test]
    fn a_family_entry_matches_every_assembly_of_the_family() {
        let rules = MergeRules::embedded().expect("rules");
        assert!(is_listed("Microsoft.Xrm.Sdk.Deployment", &rules));
        assert!(is_listed("microsoft.xrm.sdk", &rules));
        assert!(is_listed("Newtonsoft.Json", &rules));
        assert!(!is_listed("Newtonsoft.Json.Schema", &rules));
        assert!(!is_listed("Microsoft.XrmTools", &rules));
        assert!(!is_listed("mscorlib", &rules));
    }

    #[test]
    fn a_package_assembly_block_loses_its_version_properties_whatever_its_text() {
        let mut d = decl("assembly(\"Microsoft.Xrm.Sdk\") { Version = '8.0.0.0'; }");
        d.form = DotNetForm::PackageAssembly;
        let fix = "assembly(\"Microsoft.Xrm.Sdk\") without Version, Culture and PublicKeyToken";
        assert_eq!(version_agnostic(&d), fix);
        // The form decides, not the text: a type use whose text happens to read the same is
        // rewritten as a type.
        d.form = DotNetForm::TypeUse;
        assert_eq!(
            version_agnostic(&d),
            "'Microsoft.Xrm.Sdk'.Microsoft.Xrm.Sdk.Entity"
        );
    }

    #[test]
    fn text_without_a_quoted_assembly_is_rebuilt_from_its_parts() {
        assert_eq!(
            version_agnostic(&decl("odd")),
            "'Microsoft.Xrm.Sdk'.Microsoft.Xrm.Sdk.Entity"
        );
    }
}
