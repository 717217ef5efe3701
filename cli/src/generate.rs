//! `otpkit completions SHELL` and `otpkit man`: shell completion scripts (clap_complete) and a
//! roff man page (clap_mangen) generated from the same argument definitions the parser uses.

use crate::CliError;
use clap::ValueEnum;

#[derive(Clone, Copy, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Elvish,
    Powershell,
}

/// Writes the completion script for `shell` to standard output.
pub fn completions(mut cmd: clap::Command, shell: Shell) -> Result<(), CliError> {
    use clap_complete::Shell as S;
    let shell = match shell {
        Shell::Bash => S::Bash,
        Shell::Zsh => S::Zsh,
        Shell::Fish => S::Fish,
        Shell::Elvish => S::Elvish,
        Shell::Powershell => S::PowerShell,
    };
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "otpkit", &mut out);
    crate::output::write_bytes(&out)
}

/// Writes the man page otpkit(1), with one section per subcommand, to standard output.
pub fn man(cmd: clap::Command) -> Result<(), CliError> {
    let mut out = Vec::new();
    clap_mangen::Man::new(cmd.clone())
        .render(&mut out)
        .map_err(CliError::failure)?;
    // Each subcommand's synopsis, description and options in a section of this one page.
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("otpkit {}", sub.get_name());
        let page = clap_mangen::Man::new(sub.clone().bin_name(name.clone()));
        let mut section = Vec::new();
        page.render_synopsis_section(&mut section)
            .and_then(|()| page.render_description_section(&mut section))
            .and_then(|()| page.render_options_section(&mut section))
            .map_err(CliError::failure)?;
        let section = String::from_utf8_lossy(&section).replace(".SH ", ".SS ");
        out.extend_from_slice(format!(".SH \"{}\"\n", name.to_uppercase()).as_bytes());
        out.extend_from_slice(section.as_bytes());
    }
    crate::output::write_bytes(&out)
}
