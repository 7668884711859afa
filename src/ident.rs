//! Identifiers in the data files (step ids, known-error ids): kebab-case, so that they read well
//! in `--steps` overrides, JSON and anchors, and one spelling cannot hide behind another.

/// `true` for lower-case ASCII letters and digits in groups joined by single hyphens.
pub(crate) fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::is_kebab;

    #[test]
    fn kebab_ids() {
        for good in ["backup", "oauth-register-app", "aadsts50126", "a-1-b"] {
            assert!(is_kebab(good), "{good}");
        }
        for bad in ["", "-a", "a-", "a--b", "A-b", "a_b", "a b", "ä"] {
            assert!(!is_kebab(bad), "{bad}");
        }
    }
}
