//! `sealdrop pin`: which organisation and staff keys this user trusts. `--policy FILE` pins the
//! keys your organisation's policy file names (the preferred source: it does not come from the
//! server); `--served` shows the keys the server serves and pins them only after you type `yes`;
//! with neither, it prints the pins in effect. Pins are written to the config file's `pins`, its
//! other settings kept. Like `config`, it runs without a [`super::Context`]: it is what you do
//! before anything else.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use sealdrop_shared::api::endpoint;
use sealdrop_shared::key::{Fingerprint, RecipientKey};
use sealdrop_shared::policy::{self, DeployedPolicy, Referenced};

use crate::client::Client;
use crate::config::{self, FileConfig, PinSource, Pins};
use crate::error::CliError;
use crate::output::terminal_safe;
use crate::trust;

/// `sealdrop pin`'s arguments.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Pin the organisation and staff keys this policy file names (keys read from the files
    /// beside it). The preferred source: it does not come from the server.
    #[arg(long, value_name = "FILE", conflicts_with = "served")]
    pub policy: Option<PathBuf>,
    /// Pin the keys the server serves, after showing their fingerprints and asking you to type
    /// `yes`. Compare them with fingerprints you got another way first.
    #[arg(long)]
    pub served: bool,
}

/// What `pin` needs from the command line besides its own arguments.
#[derive(Debug)]
pub struct Setting<'a> {
    /// The config file (`--config` or the default path).
    pub config_path: Option<&'a Path>,
    /// `--endpoint` / `SEALDROP_ENDPOINT`.
    pub endpoint: Option<String>,
    /// `--token` / `SEALDROP_TOKEN`.
    pub token: Option<String>,
    /// The config file as read.
    pub file: FileConfig,
    /// The pins in effect (or why they cannot be read).
    pub pins: Result<Pins, CliError>,
}

/// Pins from the policy file or the server, or prints the pins in effect.
pub fn run(args: Args, setting: Setting<'_>, input: &mut impl BufRead, out: &mut impl Write) -> Result<(), CliError> {
    if let Some(path) = &args.policy {
        let keys = load_policy(path)?
            .public
            .recipient_keys()
            .map_err(|e| CliError::Config(format!("{}: {e}", path.display())))?;
        writeln!(out, "Keys named by {}:", path.display())?;
        write!(out, "{}", key_lines(&keys))?;
        return save(&setting, &keys, out);
    }
    if args.served {
        let effective = config::effective(setting.endpoint.clone(), setting.token.clone(), setting.file.clone())?;
        let policy = Client::new(&effective).call(&endpoint::Policy {}, &())?;
        let keys = policy.recipient_keys().map_err(|e| CliError::Server(format!("the policy's keys: {e}")))?;
        writeln!(out, "{} serves these keys for {}:", effective.endpoint, terminal_safe(&policy.organisation.name))?;
        write!(out, "{}", key_lines(&keys))?;
        if let Ok(pins) = &setting.pins {
            trust::warn_on_drift(&keys, pins);
        }
        writeln!(
            out,
            "\nCompare every fingerprint with one you got another way (your organisation's policy file, the key's owner, a \
             colleague): whoever controls the server chooses what it serves. Replies will be encrypted to these keys."
        )?;
        write!(out, "Type `yes` to pin them: ")?;
        out.flush()?;
        confirm(input)?;
        return save(&setting, &keys, out);
    }
    let pins = setting.pins?;
    if pins.is_empty() {
        writeln!(out, "No keys are pinned: {}.", trust::HOW_TO_PIN)?;
    } else {
        let from = match (pins.source, setting.config_path) {
            (PinSource::File, Some(path)) => format!("from {}", path.display()),
            _ => pins.describe_source().to_owned(),
        };
        writeln!(out, "Pinned keys ({from}):")?;
        for key in &pins.keys {
            writeln!(out, "  {}", key.grouped())?;
        }
    }
    Ok(())
}

/// Reads the policy file and the key files it names, as the deployment tooling does.
pub(crate) fn load_policy(path: &Path) -> Result<DeployedPolicy, CliError> {
    let read = |p: &Path| std::fs::read_to_string(p).map_err(CliError::file(p));
    let invalid = |e: sealdrop_shared::Error| CliError::Config(format!("{}: {e}", path.display()));
    let file = policy::parse_file(&read(path)?).map_err(invalid)?;
    let dir = path.parent().unwrap_or(Path::new("."));
    let referenced = Referenced {
        key: read(&dir.join(&file.key.public_key))?,
        signed_security_txt: file.publish.security_txt.as_ref().map(|p| read(&dir.join(p))).transpose()?,
        staff_keys: file.staff_key_paths().iter().map(|p| read(&dir.join(p))).collect::<Result<_, _>>()?,
    };
    policy::load(file, referenced).map_err(invalid)
}

/// Each key: its role, grouped fingerprint and user ids (the organisation key first; the user ids
/// are whatever the key carries, so they are made [`terminal_safe`]).
fn key_lines(keys: &[RecipientKey]) -> String {
    let mut out = String::new();
    for (i, key) in keys.iter().enumerate() {
        let role = if i == 0 { "organisation" } else { "staff" };
        out.push_str(&format!("  {role:<12}  {}\n", key.fingerprint().grouped()));
        for user in key.user_ids() {
            out.push_str(&format!("  {:<12}  {}\n", "", terminal_safe(&user)));
        }
    }
    out
}

/// The user typed `yes` (any case, surrounding blanks forgiven); anything else aborts.
fn confirm(input: &mut impl BufRead) -> Result<(), CliError> {
    let mut answer = String::new();
    input.read_line(&mut answer).map_err(CliError::file("standard input"))?;
    if answer.trim().eq_ignore_ascii_case("yes") {
        Ok(())
    } else {
        let answered = if answer.trim().is_empty() { "nothing".to_owned() } else { format!("`{}`", answer.trim()) };
        Err(CliError::Untrusted(format!(
            "not pinned: you answered {answered}, not `yes`. Nothing was written; `sealdrop pin --policy PATH/policy.toml` \
             pins from your organisation's policy file instead"
        )))
    }
}

fn save(setting: &Setting<'_>, keys: &[RecipientKey], out: &mut impl Write) -> Result<(), CliError> {
    let path = setting
        .config_path
        .ok_or_else(|| CliError::Config("no config directory to write the pins to: pass --config FILE".into()))?;
    let fingerprints: Vec<Fingerprint> = keys.iter().map(RecipientKey::fingerprint).collect();
    config::write_pins(path, &fingerprints)?;
    writeln!(out, "Pinned {} key(s) in {}.", fingerprints.len(), path.display())?;
    if matches!(&setting.pins, Ok(pins) if pins.source == PinSource::Environment) {
        writeln!(out, "Note: SEALDROP_PINS is set and wins over the config file; unset it to use these pins.")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_yes_pins() {
        let cases: &[(&str, Result<(), &str>)] = &[
            ("yes\n", Ok(())),
            ("  YES \r\n", Ok(())),
            ("y\n", Err("you answered `y`")),
            ("no\n", Err("you answered `no`")),
            ("yes please\n", Err("you answered `yes please`")),
            ("", Err("you answered nothing")),
            ("\n", Err("you answered nothing")),
        ];
        for (typed, expected) in cases {
            match (confirm(&mut typed.as_bytes()), expected) {
                (Ok(()), Ok(())) => {}
                (Err(CliError::Untrusted(message)), Err(needle)) => {
                    assert!(message.contains(needle) && message.contains("Nothing was written"), "{typed:?}: {message}")
                }
                (got, expected) => panic!("{typed:?}: got {got:?}, expected {expected:?}"),
            }
        }
    }

    fn setting(config_path: &Path, pins: Pins) -> Setting<'_> {
        Setting {
            config_path: Some(config_path),
            endpoint: None,
            token: None,
            file: FileConfig::default(),
            pins: Ok(pins),
        }
    }

    #[test]
    fn pins_the_keys_of_the_policy_file_and_prints_them() {
        let dir = std::env::temp_dir().join(format!("sealdrop-cli-pin-{}", std::process::id()));
        let path = dir.join("sealdrop").join("config.toml");
        let policy =
            PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/policies/nimbus-cloud/policy.toml"));
        let args = Args { policy: Some(policy), served: false };
        let mut out = Vec::new();
        run(args, setting(&path, Pins::none()), &mut &b""[..], &mut out).expect("pins");
        let text = String::from_utf8(out).expect("utf-8");
        const ORG: &str = "2F3BFE87190BF731CEEDB7510EB8E01841EC1D06";
        const ALICE: &str = "CFEECD7F00D723869C1F1AEA62ECE198DF83F762";
        assert!(text.contains("  organisation  2F3B FE87 190B F731 CEED B751 0EB8 E018 41EC 1D06\n"), "{text}");
        assert!(text.contains("Alice Staff") && text.contains("Pinned 2 key(s) in"), "{text}");
        let written = config::read(&path).expect("reads back");
        let pinned: Vec<String> = written.pins.clone().unwrap_or_default().iter().map(|f| f.to_string()).collect();
        assert_eq!(pinned, [ORG, ALICE]);

        let pins = config::pins(None, written.pins).expect("pins");
        let mut out = Vec::new();
        run(Args { policy: None, served: false }, setting(&path, pins), &mut &b""[..], &mut out).expect("prints");
        let text = String::from_utf8(out).expect("utf-8");
        assert!(text.starts_with(&format!("Pinned keys (from {}):\n", path.display())), "{text}");
        assert!(text.contains("  CFEE CD7F 00D7 2386 9C1F 1AEA 62EC E198 DF83 F762\n"), "{text}");

        let mut out = Vec::new();
        run(Args { policy: None, served: false }, setting(&path, Pins::none()), &mut &b""[..], &mut out)
            .expect("prints");
        assert!(String::from_utf8(out).expect("utf-8").starts_with("No keys are pinned: run `sealdrop pin --policy"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
