//! `navplan completions SHELL` and `navplan man`: generated from the clap definitions, so they
//! can never drift from the real arguments.

use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};
use crate::{Context, Error, Outcome, Result};

pub fn run(args: &CompletionsArgs, _ctx: &Context) -> Result<Outcome> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "navplan", &mut script);
    into_text(script)
}

/// The man page (roff), for `navplan man > navplan.1`: one page holding the main command and,
/// as sections of their own, every subcommand's synopsis, options and examples (so no
/// navplan-<cmd>(1) page is referred to that does not exist).
pub fn man(_ctx: &Context) -> Result<Outcome> {
    let io = |e| Error::io("<man page>", e);
    let mut command = Cli::command();
    command.build();
    let main = clap_mangen::Man::new(command.clone());
    let mut page = Vec::new();
    main.render_title(&mut page).map_err(io)?;
    main.render_name_section(&mut page).map_err(io)?;
    main.render_synopsis_section(&mut page).map_err(io)?;
    main.render_description_section(&mut page).map_err(io)?;
    main.render_options_section(&mut page).map_err(io)?;
    for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = format!("navplan {}", sub.get_name());
        page.extend_from_slice(format!(".SH \"{}\"\n", name.to_uppercase()).as_bytes());
        // The global options are described once, in the main OPTIONS section.
        let mut sub = sub.clone().bin_name(&name);
        for global in ["color", "date", "help", "version"] {
            if sub.get_arguments().any(|a| a.get_id() == global) {
                sub = sub.mut_arg(global, |a| a.hide(true));
            }
        }
        let sub_man = clap_mangen::Man::new(sub.clone());
        let mut part = Vec::new();
        sub_man.render_synopsis_section(&mut part).map_err(io)?;
        sub_man.render_description_section(&mut part).map_err(io)?;
        if sub.get_arguments().any(|a| !a.is_hide_set()) {
            sub_man.render_options_section(&mut part).map_err(io)?;
        }
        if sub.get_after_help().is_some() || sub.get_after_long_help().is_some() {
            sub_man.render_extra_section(&mut part).map_err(io)?;
        }
        // The subcommand's own headings become sub-headings of its section.
        let part = String::from_utf8_lossy(&part)
            .replace(".SH EXTRA", ".SH NOTES")
            .replace(".SH ", ".SS ");
        page.extend_from_slice(part.as_bytes());
    }
    let mut extra = Vec::new();
    main.render_extra_section(&mut extra).map_err(io)?;
    let extra = String::from_utf8_lossy(&extra).replace(".SH EXTRA", ".SH \"EXIT STATUS\"");
    page.extend_from_slice(extra.as_bytes());
    main.render_version_section(&mut page).map_err(io)?;
    into_text(page)
}

fn into_text(bytes: Vec<u8>) -> Result<Outcome> {
    String::from_utf8(bytes)
        .map(Outcome::ok)
        .map_err(|e| Error::Input(format!("generated text is not UTF-8: {e}")))
}
