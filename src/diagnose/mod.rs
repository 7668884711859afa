//! Known errors: match a pasted message, or a whole log, against `data/errors.toml`.
//!
//! Each entry's `patterns` must all occur in the text (anywhere: a log may split one failure over
//! several lines); `also` expressions raise the rank; `absent` ones veto the entry. Matches come
//! best first: specific entries before generic wrappers ("General ADAL Error"), then by score,
//! then by where they were first seen. Excerpts shown to the user never carry a password.

mod table;

use std::sync::OnceLock;

use regex::Regex;
use serde::Serialize;

pub use table::{KnownError, KnownErrorSpec, KnownErrors, EMBEDDED_TOML};

/// Version of the `diagnose --json` document (see docs/diagnose.md).
pub const JSON_VERSION: u32 = 1;

/// Score of each required pattern, and of each `also` expression found.
const PATTERN_SCORE: u32 = 10;
const ALSO_SCORE: u32 = 4;
/// Longest excerpt shown, in characters.
const EXCERPT_CHARS: usize = 160;

/// One known error found in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Match {
    pub id: String,
    pub title: String,
    /// Higher is more certain: 10 per required pattern, 4 per supporting expression found.
    pub score: u32,
    /// A generic wrapper message whose inner text says more.
    pub wrapper: bool,
    /// 1-based line of the first occurrence of the entry's first pattern.
    pub line: usize,
    /// On how many lines the first pattern occurs (a log repeats its failures).
    pub seen_on_lines: usize,
    /// The line it was found on, shortened, with any password masked.
    pub excerpt: String,
    pub cause: String,
    pub fix: String,
    pub source: String,
}

/// The whole answer for one text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnosis {
    pub version: u32,
    /// Lines in the text that was searched.
    pub lines: usize,
    pub matches: Vec<Match>,
}

/// Match `text` against the table, best first.
pub fn diagnose(text: &str, table: &KnownErrors) -> Diagnosis {
    let mut matches: Vec<Match> = table
        .entries()
        .iter()
        .filter_map(|entry| match_one(text, entry))
        .collect();
    matches.sort_by(|a, b| {
        a.wrapper
            .cmp(&b.wrapper)
            .then(b.score.cmp(&a.score))
            .then(a.line.cmp(&b.line))
            .then(a.id.cmp(&b.id))
    });
    Diagnosis {
        version: JSON_VERSION,
        lines: count_lines(text),
        matches,
    }
}

fn match_one(text: &str, entry: &KnownError) -> Option<Match> {
    let (first, rest) = entry.patterns.split_first()?;
    let hit = first.find(text)?;
    if !rest.iter().all(|p| p.is_match(text)) || entry.absent.iter().any(|p| p.is_match(text)) {
        return None;
    }
    let also = entry.also.iter().filter(|p| p.is_match(text)).count() as u32;
    Some(Match {
        id: entry.spec.id.clone(),
        title: entry.spec.title.clone(),
        score: PATTERN_SCORE * entry.patterns.len() as u32 + ALSO_SCORE * also,
        wrapper: entry.spec.wrapper,
        line: 1 + memchr::memchr_iter(b'\n', &text.as_bytes()[..hit.start()]).count(),
        seen_on_lines: lines_with(first, text),
        excerpt: excerpt(text, hit.start(), hit.end()),
        cause: entry.spec.cause.clone(),
        fix: entry.spec.fix.clone(),
        source: entry.spec.source.clone(),
    })
}

/// How many distinct lines hold a match of `re`.
fn lines_with(re: &Regex, text: &str) -> usize {
    let mut count = 0;
    let mut line_end = 0;
    for hit in re.find_iter(text) {
        if count == 0 || hit.start() > line_end {
            count += 1;
            line_end = text[hit.start()..]
                .find('\n')
                .map_or(text.len(), |i| hit.start() + i);
        }
    }
    count
}

fn count_lines(text: &str) -> usize {
    if text.is_empty() {
        return 0;
    }
    memchr::memchr_iter(b'\n', text.as_bytes()).count() + usize::from(!text.ends_with('\n'))
}

/// The line around `start..end`, cut to [`EXCERPT_CHARS`] around the match, password masked.
fn excerpt(text: &str, start: usize, end: usize) -> String {
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
    // A match may run over a line break (a wrapped message): show its lines as one.
    // Only text after `start` can hold a break, so the offsets before it stay valid.
    let line = one_line(text[line_start..line_end].trim_end_matches('\r'));
    let line = line.as_str();
    let masked = mask_secrets(line);
    let chars: Vec<char> = masked.trim().chars().collect();
    if chars.len() <= EXCERPT_CHARS {
        return chars.into_iter().collect();
    }
    // Centre the window on the match, measured in characters of the trimmed line.
    // (Masked like the line, so a hidden password before the match does not shift it.)
    let lead = mask_secrets(&line[..(start - line_start).min(line.len())])
        .trim_start()
        .chars()
        .count()
        .min(chars.len());
    let mut from = lead.saturating_sub(EXCERPT_CHARS / 3);
    // Start at a word when one begins shortly after the cut.
    if let Some(space) = chars[from..lead].iter().position(|c| *c == ' ') {
        if space < 20 {
            from += space + 1;
        }
    }
    let to = (from + EXCERPT_CHARS).min(chars.len());
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    out.extend(&chars[from..to]);
    if to < chars.len() {
        out.push('…');
    }
    out
}

/// Join the lines of `text` with single spaces: every run of white space that holds a line break
/// becomes one space.
fn one_line(text: &str) -> String {
    if !text.contains(['\n', '\r']) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    for c in text.chars() {
        if c.is_whitespace() {
            run.push(c);
            continue;
        }
        if run.contains(['\n', '\r']) {
            out.push(' ');
        } else {
            out.push_str(&run);
        }
        run.clear();
        out.push(c);
    }
    out
}

/// Replace the value of any `Password=`, `Pwd=`, `ClientSecret=` or `Secret=` key with `***`,
/// keeping the `{PASSWORD}` placeholder as it is.
pub fn mask_secrets(text: &str) -> String {
    static SECRET: OnceLock<Regex> = OnceLock::new();
    let re = SECRET.get_or_init(|| {
        // A value ends at `;` (connection strings), a quote or white space; a comma does not end
        // it, so a password with a comma is masked whole.
        Regex::new(r#"(?i)\b(password|pwd|clientsecret|secret)(\s*[=:]\s*)([^;\s"']+)"#)
            .expect("static expression")
    });
    re.replace_all(text, |caps: &regex::Captures| {
        if &caps[3] == crate::oauth::PASSWORD_PLACEHOLDER {
            caps[0].to_string()
        } else {
            format!("{}{}***", &caps[1], &caps[2])
        }
    })
    .into_owned()
}

/// Turn raw input bytes (a pasted message, a log file, a UTF-16 event-log export) into text.
pub fn decode_input(bytes: &[u8]) -> String {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
        return text.into_owned();
    }
    String::from_utf8_lossy(bytes).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(text: &str) -> Vec<String> {
        diagnose(text, KnownErrors::embedded())
            .matches
            .into_iter()
            .map(|m| m.id)
            .collect()
    }

    #[test]
    fn waf_403_ranks_before_the_plain_federated_case_and_the_wrapper() {
        let text = "ERROR REQUESTING Token FROM THE Authentication context - General ADAL Error. \
            Federated service at https://sts.contoso.com/adfs/services/trust/2005/usernamemixed \
            returned error: Response status code does not indicate success: 403 (Forbidden).";
        let found = ids(text);
        assert_eq!(found[0], "adal-federated-waf-403", "{found:?}");
        assert_eq!(found[1], "adal-federated-user", "{found:?}");
        assert_eq!(found.last().unwrap(), "adal-general", "{found:?}");
    }

    #[test]
    fn aadsts_codes_pick_their_entry() {
        assert_eq!(
            ids("AADSTS65001: The user or administrator has not consented")[0],
            "aadsts65001-consent"
        );
        assert_eq!(ids("error AADSTS7000218: The request body must contain the following parameter: 'client_assertion' or 'client_secret'")[0], "aadsts7000218-public-client");
        assert_eq!(
            ids("AADSTS50076: Due to a configuration change made by your administrator")[0],
            "aadsts-mfa-conditional-access"
        );
    }

    // The tests below follow the shape of real reports (see docs/diagnose.md, "Checked against
    // real reports"); the texts are our own.

    #[test]
    fn an_adal_stack_trace_is_not_an_assembly_load_failure() {
        let text =
            "Source\t: Microsoft.IdentityModel.Clients.ActiveDirectory\nMethod\t: MoveNext\n\
            Error\t: AADSTS50126: Sign-in refused for the given user name or password. \
            Trace ID: 0b6c1d2e-1111-2222-3333-444455556666";
        let found = ids(text);
        assert_eq!(found[0], "aadsts50126-bad-credentials", "{found:?}");
        assert!(
            !found.contains(&"adal-assembly-version".to_string()),
            "{found:?}"
        );
        let load =
            "Could not load file or assembly 'Microsoft.IdentityModel.Clients.ActiveDirectory, \
            Version=3.19.8.16603, Culture=neutral' or one of its dependencies.";
        assert_eq!(ids(load)[0], "adal-assembly-version");
    }

    #[test]
    fn an_msal_exception_is_not_the_bc16_assembly_case() {
        let text = "---> MSAL.NetCore.4.66.2.0.MsalServiceException:\n   ErrorCode: unauthorized_client\n\
            Microsoft.Identity.Client.MsalServiceException: AADSTS700016:\n        Application with \
            identifier '3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b' was";
        assert_eq!(ids(text), ["aadsts700016-app-not-found"]);
        let bc165 = "Failed to acquire authorization token. Could not load file or assembly \
            'Microsoft.Identity.Client, Version=4.14.0.0'";
        assert_eq!(ids(bc165)[0], "bc165-msal-assemblies");
    }

    #[test]
    fn exchange_failed_is_not_e_fail() {
        let text = "ERROR REQUESTING Token FROM THE Authentication context\n - General ADAL Error \
            accessing_ws_metadata_exchange_failed: reading the WS metadata exchange failed => \
            timeout.Unable to Login to Dynamics CRM";
        let found = ids(text);
        assert_eq!(found[0], "adal-ws-metadata-exchange", "{found:?}");
        assert!(
            !found.contains(&"adal-e-fail-password".to_string()),
            "{found:?}"
        );
        let e_fail = "General ADAL Error One or more errors occurred. => HRESULT E_FAIL came back";
        assert_eq!(ids(e_fail)[0], "adal-e-fail-password");
    }

    #[test]
    fn unable_to_login_alone_is_a_wrapper_and_the_prompt_case_needs_the_prompt() {
        let alone =
            "CrmServiceClient\tError\t2\t03.02.2026 10:00:00  Unable to Login to Dynamics CRM\n\
            Error\t: Unable to Login to Dynamics CRM";
        let d = diagnose(alone, KnownErrors::embedded());
        assert_eq!(d.matches.len(), 1, "{:?}", d.matches);
        assert_eq!(
            (d.matches[0].id.as_str(), d.matches[0].wrapper),
            ("crm-login-failed", true)
        );
        let with_cause = format!("{alone}\nAADSTS50076: MFA needed for this resource");
        assert_eq!(ids(&with_cause)[0], "aadsts-mfa-conditional-access");
        let prompt = "AuthType=OAuth;Url=https://x.crm4.dynamics.com;LoginPrompt=Auto\n\
            CrmServiceClient Error 2  Unable to Login to Dynamics CRM";
        assert_eq!(ids(prompt)[0], "login-prompt-auto");
    }

    #[test]
    fn a_message_wrapped_by_a_console_still_matches() {
        let text = "Failed to connect to         instance. ERROR         REQUESTING Token \
            FROM THE Authentication context ... Unable to Login to\r\n        Dynamics CRM";
        let found = ids(text);
        assert!(found.contains(&"crm-login-failed".to_string()), "{found:?}");
        assert!(found.contains(&"adal-general".to_string()), "{found:?}");
    }

    #[test]
    fn a_match_over_a_line_break_shows_one_line() {
        let text =
            "start\r\nCrmServiceClient Error 2  Unable to Login to\r\n        Dynamics CRM\r\nnext";
        let d = diagnose(text, KnownErrors::embedded());
        let m = &d.matches[0];
        assert_eq!((m.id.as_str(), m.line), ("crm-login-failed", 2));
        assert_eq!(
            m.excerpt,
            "CrmServiceClient Error 2  Unable to Login to Dynamics CRM"
        );
        assert_eq!(one_line("a \t b"), "a \t b");
    }

    #[test]
    fn tls_wordings_of_real_reports_are_recognised() {
        for text in [
            "Metadata contains a reference that cannot be resolved: 'https://x.crm4.dynamics.com/\
             XRMServices/2011/Organization.svc?wsdl'. The underlying connection was closed.",
            "The connection failed. Authentication failed because the remote party has closed the \
             transport stream",
        ] {
            assert_eq!(ids(text)[0], "tls-secure-channel", "{text}");
        }
        // A German Windows server words .NET's TLS failure in German.
        let german = "Fehler beim Abrufen, ErrorMessage - Die zugrunde liegende Verbindung wurde \
            geschlossen: Unerwarteter Fehler beim Senden.";
        assert_eq!(ids(german)[0], "tls-secure-channel");
        let german = "Die Datei oder Assembly \"Microsoft.IdentityModel.Clients.ActiveDirectory, \
            Version=3.19.8.16603\" oder eine Abhängigkeit davon wurde nicht gefunden.";
        assert_eq!(ids(german)[0], "adal-assembly-version");
    }

    #[test]
    fn a_missing_app_id_has_its_own_entry() {
        let text =
            "AuthType=OAuth;Username=a@b.com;Password={PASSWORD};Url=https://x.crm.dynamics.com\n\
            ClientId or Redirect uri cannot be null or empty.\nParameter name: ClientId";
        assert_eq!(ids(text)[0], "oauth-appid-missing");
    }

    #[test]
    fn a_pipeline_variable_is_not_a_password_in_clear() {
        let var = "AuthType=Office365;Url=https://x.crm.dynamics.com;Password=$(CrmPassword)";
        assert!(!ids(var).contains(&"password-in-clear".to_string()));
        let env = "Password=%CRM_PASSWORD%";
        assert!(!ids(env).contains(&"password-in-clear".to_string()));
        let real = "AuthType=OAuth;Password=Winter2026!;Url=https://x.crm.dynamics.com";
        assert!(ids(real).contains(&"password-in-clear".to_string()));
    }

    #[test]
    fn nothing_matches_ordinary_text() {
        assert!(ids("The customer printed an invoice and everything went fine.").is_empty());
        assert!(ids("").is_empty());
    }

    #[test]
    fn absent_vetoes_a_string_that_has_the_placeholder() {
        let with =
            "AuthType=OAuth;Username=a@b.com;Password={PASSWORD};Url=https://x.crm.dynamics.com";
        assert!(!ids(with).contains(&"connection-string-without-placeholder".to_string()));
        let without = "AuthType=OAuth;Username=a@b.com;Url=https://x.crm.dynamics.com";
        assert!(ids(without).contains(&"connection-string-without-placeholder".to_string()));
    }

    #[test]
    fn line_occurrences_and_excerpt_are_reported() {
        let log =
            "start\nok\r\nAADSTS50126: Error validating credentials\nretry\nAADSTS50126 again\n";
        let d = diagnose(log, KnownErrors::embedded());
        let m = &d.matches[0];
        assert_eq!(
            (m.id.as_str(), m.line, m.seen_on_lines),
            ("aadsts50126-bad-credentials", 3, 2)
        );
        assert_eq!(m.excerpt, "AADSTS50126: Error validating credentials");
        assert_eq!(d.lines, 5);
    }

    #[test]
    fn long_lines_are_cut_around_the_match() {
        let line = format!("{} AADSTS50057 {}", "x".repeat(400), "y".repeat(400));
        let m = &diagnose(&line, KnownErrors::embedded()).matches[0];
        assert!(m.excerpt.contains("AADSTS50057"));
        assert!(m.excerpt.starts_with('…') && m.excerpt.ends_with('…'));
        assert!(m.excerpt.chars().count() <= EXCERPT_CHARS + 2);
    }

    #[test]
    fn excerpts_never_show_a_password() {
        let text =
            "AuthType=OAuth;Username=a@b.com;Password=Hunter2!;Url=http://x.crm.dynamics.com";
        let d = diagnose(text, KnownErrors::embedded());
        assert!(!d.matches.is_empty());
        for m in &d.matches {
            assert!(!m.excerpt.contains("Hunter2"), "{}", m.excerpt);
        }
        assert_eq!(mask_secrets("pwd = abc; x"), "pwd = ***; x");
        assert_eq!(mask_secrets("Password={PASSWORD};"), "Password={PASSWORD};");
    }

    #[test]
    fn utf16_logs_are_decoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "AADSTS50053 locked".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(decode_input(&bytes), "AADSTS50053 locked");
        assert_eq!(decode_input(b"caf\xe9"), "caf\u{fffd}");
    }
}
