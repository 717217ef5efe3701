//! `otpkit completions SHELL` and `otpkit man`: the scripts complete real subcommands and
//! options (bash completion is run, not only read), and the man page covers every subcommand.

use std::process::{Command, Output};

fn otpkit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_otpkit"))
        .args(args)
        .output()
        .unwrap()
}

fn ok(args: &[&str]) -> String {
    let o = otpkit(args);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

const SUBCOMMANDS: [&str; 17] = [
    "watch",
    "copy",
    "codes",
    "code",
    "uri",
    "migration",
    "sms",
    "add",
    "list",
    "show",
    "remove",
    "import",
    "export",
    "passwd",
    "completions",
    "man",
    "help",
];

/// Runs the bash completion function on `words` (the last one being completed).
fn bash_complete(script: &str, words: &[&str]) -> Vec<String> {
    let dir = std::env::temp_dir().join(format!("otpkit-complete-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("otpkit.bash");
    std::fs::write(&path, script).unwrap();
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let prog = format!(
        "source '{}'; COMP_WORDS=({}); COMP_CWORD={}; _otpkit otpkit '{}' '{}'; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        path.display(),
        quoted.join(" "),
        words.len() - 1,
        words[words.len() - 1],
        words[words.len() - 2],
    );
    let o = Command::new("bash").arg("-c").arg(prog).output().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn bash_completion_completes_subcommands_and_options() {
    let script = ok(&["completions", "bash"]);
    let subs = bash_complete(&script, &["otpkit", "co"]);
    for want in ["codes", "code", "completions"] {
        assert!(subs.iter().any(|s| s == want), "{want} not in {subs:?}");
    }
    assert!(!subs.iter().any(|s| s == "show"), "{subs:?}");
    let opts = bash_complete(&script, &["otpkit", "show", "--"]);
    for want in ["--json", "--at", "--vault"] {
        assert!(opts.iter().any(|s| s == want), "{want} not in {opts:?}");
    }
    let shells = bash_complete(&script, &["otpkit", "completions", ""]);
    for want in ["bash", "zsh", "fish"] {
        assert!(shells.iter().any(|s| s == want), "{want} not in {shells:?}");
    }
}

#[test]
fn zsh_and_fish_scripts_name_every_subcommand() {
    let zsh = ok(&["completions", "zsh"]);
    assert!(zsh.starts_with("#compdef otpkit"), "{}", &zsh[..40]);
    let fish = ok(&["completions", "fish"]);
    assert!(fish.contains("complete -c otpkit"));
    for sub in SUBCOMMANDS {
        assert!(zsh.contains(&format!("'{sub}:")), "zsh lacks {sub}");
        assert!(fish.contains(&format!("-a \"{sub}\"")), "fish lacks {sub}");
    }
    for shell in ["elvish", "powershell"] {
        assert!(ok(&["completions", shell]).contains("otpkit"));
    }
    let o = otpkit(&["completions", "tcsh"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn man_page_has_a_section_per_subcommand() {
    let page = ok(&["man"]);
    assert!(page.contains(".TH otpkit 1"), "{}", &page[..200]);
    for sub in SUBCOMMANDS.iter().filter(|s| **s != "help") {
        assert!(
            page.contains(&format!(".SH \"OTPKIT {}\"", sub.to_uppercase())),
            "no section for {sub}"
        );
    }
    assert!(page.contains("\\-\\-json"));
    // Rendered by man(1) where it is installed: the sections come out as text.
    if let Ok(mut child) = Command::new("man")
        .args(["-l", "-"])
        .env("MANWIDTH", "80")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
    {
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(page.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("OTPKIT CODES"), "{text}");
        assert!(text.contains("otpkit show [--at] [--json]"), "{text}");
    }
}
