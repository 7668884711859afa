//! Property tests: any text can be diagnosed without a panic, and no password ever reaches an
//! excerpt, wherever it sits in the text.

use navplan::diagnose::{diagnose, mask_secrets, KnownErrors};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn any_text_is_diagnosed_without_panic(text in "\\PC{0,400}") {
        let d = diagnose(&text, KnownErrors::embedded());
        for m in &d.matches {
            prop_assert!(m.line >= 1 && m.line <= d.lines.max(1));
            prop_assert!(m.seen_on_lines >= 1);
        }
    }

    #[test]
    fn passwords_never_reach_an_excerpt(
        before in "[ -~]{0,300}",
        secret in "[A-Za-z0-9!#$%&()*+,./:<=>?@^_~-]{6,20}",
        after in "[ -~]{0,300}",
        key in prop::sample::select(vec!["Password", "password", "PWD", "ClientSecret"]),
    ) {
        prop_assume!(!secret.contains(';') && !secret.starts_with('{'));
        let text = format!(
            "{before} AADSTS50126 AuthType=OAuth;{key}={secret};Url=http://x.crm.dynamics.com {after}"
        );
        let d = diagnose(&text, KnownErrors::embedded());
        prop_assert!(!d.matches.is_empty());
        for m in &d.matches {
            prop_assert!(!m.excerpt.contains(&secret), "{} shows {}", m.id, m.excerpt);
        }
    }

    #[test]
    fn masking_keeps_the_placeholder(prefix in "[a-z ]{0,20}") {
        let text = format!("{prefix}Password={{PASSWORD}};");
        prop_assert_eq!(mask_secrets(&text), text);
    }
}
