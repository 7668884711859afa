//! `navplan connection-string`: the OAuth connection string for one installation, validated.
//!
//! The string alone goes to stdout, so `$(navplan connection-string ...)` works; notes for the
//! person go to stderr (or into `--json`). A password is refused in every form: the string always
//! carries the `{PASSWORD}` placeholder.

use serde::Serialize;

use crate::cli::ConnectionStringArgs;
use crate::oauth::{refuse_secret, ConnectionString};
use crate::{Context, Error, Outcome, Result};

/// Version of the `connection-string --json` document (see docs/connection-string.md).
pub const JSON_VERSION: u32 = 1;

/// What the gate says about the installation, as far as the connection string cares.
#[derive(Debug, Clone)]
struct GateView {
    product: String,
    proxy_version: Option<u32>,
    verdict: &'static str,
    exit_code: u8,
    /// For a version that is not covered: what applies instead.
    advice: Option<String>,
    /// For a version below the minimum: the minimum update.
    minimum: Option<String>,
    is_bc: bool,
}

#[derive(Debug, Serialize)]
struct Document<'a> {
    version: u32,
    connection_string: String,
    product: &'a str,
    verdict: &'a str,
    proxy_version: Option<u32>,
    notes: Vec<String>,
}

pub fn run(args: &ConnectionStringArgs, ctx: &Context) -> Result<Outcome> {
    if args.password.is_some() {
        return Err(Error::Usage(
            "a password is never accepted: the connection string carries {PASSWORD}, and the \
             password is typed into the connection set-up page's password field"
                .into(),
        ));
    }
    let given = &args.installed;
    for (name, value) in [
        ("--installed", &given.installed),
        ("--platform", &given.platform),
        ("--application", &given.application),
    ] {
        if let Some(value) = value {
            refuse_secret(name, value).map_err(|e| Error::Usage(e.to_string()))?;
        }
    }
    if given.installed.is_none() && given.platform.is_none() && given.application.is_none() {
        return Err(Error::Usage(
            "give the installed version (--installed SPEC, or --platform/--application): it decides \
             whether the string needs ProxyVersion=91"
                .into(),
        ));
    }
    let connection =
        ConnectionString::new(&args.url, &args.user, &args.app_id, None).map_err(|e| match e {
            crate::oauth::ConnectionError::PasswordGiven(_) => Error::Usage(e.to_string()),
            _ => Error::Input(e.to_string()),
        })?;
    let gate = gate_view(args, ctx)?;
    if gate.verdict == "not-covered" {
        let mut stderr = format!(
            "navplan: {} is not covered by this procedure; no connection string is written.\n",
            gate.product
        );
        if let Some(advice) = &gate.advice {
            stderr.push_str(&format!("  {advice}\n"));
        }
        return Ok(Outcome {
            stdout: String::new(),
            stderr,
            code: gate.exit_code,
        });
    }
    let connection = ConnectionString {
        proxy_version: gate.proxy_version,
        ..connection
    };
    let notes = notes(&gate);
    let text = connection.to_string();
    if args.json {
        let doc = Document {
            version: JSON_VERSION,
            connection_string: text,
            product: &gate.product,
            verdict: gate.verdict,
            proxy_version: gate.proxy_version,
            notes,
        };
        let mut json = serde_json::to_string_pretty(&doc)
            .map_err(|e| Error::Input(format!("cannot write JSON: {e}")))?;
        json.push('\n');
        return Ok(Outcome::ok(json));
    }
    let stderr = notes.iter().map(|n| format!("note: {n}\n")).collect();
    Ok(Outcome {
        stdout: format!("{text}\n"),
        stderr,
        code: crate::exit::OK,
    })
}

fn notes(gate: &GateView) -> Vec<String> {
    let mut notes = Vec::new();
    if let Some(minimum) = &gate.minimum {
        notes.push(format!(
            "{} is below {minimum}: this string works only after the platform and the application \
             both reach it (navplan plan writes the steps)",
            gate.product
        ));
    }
    let page = if gate.is_bc {
        "Microsoft Dynamics 365 Connection Setup"
    } else {
        "Microsoft Dynamics 365 for Sales Connection Setup"
    };
    notes.push(format!(
        "paste it into the connection string field of the page \"{page}\"; type the integration \
         user's password into the page's password field"
    ));
    if gate.proxy_version == Some(91) {
        notes.push("on that page choose Dynamics 365 SDK version 9.1 (ProxyVersion=91)".into());
    }
    notes.push(
        "the app registration must allow public client flows and have no client secret".into(),
    );
    notes
}

/// The gate for the given version (any one spec identifies the product).
fn gate_view(args: &ConnectionStringArgs, ctx: &Context) -> Result<GateView> {
    use crate::version::{assess, Installation, Verdict, VersionData};
    let given = &args.installed;
    // One spec is enough to know the product; the other side defaults to it.
    let any = given
        .installed
        .as_deref()
        .or(given.platform.as_deref())
        .or(given.application.as_deref());
    let installation =
        Installation::from_specs(any, given.platform.as_deref(), given.application.as_deref())?;
    let a = assess(&installation, VersionData::embedded(), ctx.today);
    Ok(GateView {
        product: a.product.name.clone(),
        proxy_version: a.proxy_version,
        verdict: a.verdict.name(),
        exit_code: a.exit_code,
        advice: a.advice.clone(),
        minimum: match a.verdict {
            Verdict::UpgradeRequired => a.minimum.as_ref().map(|m| m.describe()),
            _ => None,
        },
        is_bc: a.product.is_bc,
    })
}
