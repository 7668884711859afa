//! `navplan check`: the gate alone. The verdict is printed; the exit code says it.

use crate::cli::CheckArgs;
use crate::version::{assess, Assessment, Installation, SideVerdict, Verdict, VersionData};
use crate::{Context, Error, Outcome, Result};

/// The text after `navplan check --help`: examples, the spec forms, the exit codes.
pub fn help() -> String {
    format!(
        "Examples:
  navplan check --installed \"NAV 2018 CU 30\"
  navplan check --installed \"BC 14.21\" --json
  navplan check --platform 11.0.47056.0 --application NAVW111.00.00.44952
  navplan check --installed \"Business Central 15.13\"

--installed sets platform and application; --platform or --application given beside it
overrides that side. BC 15 counts updates: \"BC 15 CU 13\" is read as update 15.13.

Spec {}

{}",
        crate::version::ACCEPTED_FORMS,
        crate::exit::HELP
    )
}

pub fn run(args: &CheckArgs, ctx: &Context) -> Result<Outcome> {
    let given = &args.installed;
    if given.installed.is_none() && (given.platform.is_none() || given.application.is_none()) {
        return Err(Error::Usage(
            "give --installed SPEC, or both --platform SPEC and --application SPEC".into(),
        ));
    }
    let installation = Installation::from_specs(
        given.installed.as_deref(),
        given.platform.as_deref(),
        given.application.as_deref(),
    )?;
    let assessment = assess(&installation, VersionData::embedded(), ctx.today);
    let stdout = if args.json {
        let mut text = serde_json::to_string_pretty(&assessment)
            .map_err(|e| Error::Input(format!("cannot write JSON: {e}")))?;
        text.push('\n');
        text
    } else {
        render_text(&assessment, ctx.color)
    };
    Ok(Outcome {
        stdout,
        stderr: String::new(),
        code: assessment.exit_code,
    })
}

/// The verdict for people: one line per fact, labels aligned.
pub fn render_text(a: &Assessment, color: bool) -> String {
    let mut lines: Vec<(&str, String)> = vec![
        (
            "verdict",
            format!("{} (exit {})", paint(a.verdict, color), a.exit_code),
        ),
        ("summary", a.summary.clone()),
        (
            "product",
            format!("{} (major {})", a.product.name, a.product.major),
        ),
        ("platform", side(&a.platform, a)),
        ("application", side(&a.application, a)),
    ];
    if let Some(min) = &a.minimum {
        lines.push(("minimum", min.describe()));
    }
    if let (Some(target), Verdict::UpgradeRequired) = (&a.target, a.verdict) {
        lines.push((
            "target",
            format!("{}: {}", target.release.describe(), target.reason),
        ));
    }
    if let Some(advice) = &a.advice {
        lines.push(("instead", advice.clone()));
    }
    if let Some(proxy) = a.proxy_version {
        lines.push((
            "connection",
            format!("the OAuth connection string needs ProxyVersion={proxy}"),
        ));
    }
    lines.push(("support", format!("{} (on {})", a.support_text, a.date)));
    for note in &a.notes {
        lines.push(("note", note.clone()));
    }
    let width = lines.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    let mut out = String::new();
    for (key, value) in lines {
        out.push_str(&format!("{key:<width$}  {value}\n"));
    }
    out
}

fn side(v: &SideVerdict, a: &Assessment) -> String {
    let min = a
        .minimum
        .as_ref()
        .map_or("the minimum", |m| m.label.as_str());
    match (&v.resolved, v.meets_minimum) {
        (Some(at), Some(true)) => format!("{at}, meets {min} (given {:?})", v.given),
        (Some(at), _) => format!("{at}, below {min} (given {:?})", v.given),
        (None, _) => format!("given {:?}", v.given),
    }
}

fn paint(verdict: Verdict, color: bool) -> String {
    if !color {
        return verdict.name().to_string();
    }
    let c = match verdict {
        Verdict::Ready => anstyle::AnsiColor::Green,
        Verdict::UpgradeRequired => anstyle::AnsiColor::Yellow,
        Verdict::NotCovered => anstyle::AnsiColor::Red,
    };
    let style = c.on_default().bold();
    format!("{style}{}{style:#}", verdict.name())
}
