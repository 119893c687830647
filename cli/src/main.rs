//! `sealdrop`: the staff command-line tool. Lists reports with their deadlines, downloads and
//! decrypts them locally (with a key file or the user's own `gpg`), reruns the policy's field rules
//! on what it decrypted, and records what staff do: acknowledge, change status, credit, reward.
//! Every action lands in the worker's audit log.
//!
//! This file holds the command line, the dispatch and the exit codes; each command is one module
//! of [`commands`].
#![deny(unsafe_code)]
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

mod advisory;
mod client;
mod commands;
mod config;
mod decrypt;
mod error;
mod gpg;
mod output;
mod private;
mod trust;

use std::error::Error as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::client::Client;
use crate::commands::{
    Context, ack, assign, cra, credit, disclosure, duplicate, exploited, export, forward, hold, list, log, note, pin,
    reply, reward, show, stats, status,
};
use crate::error::{CliError, EXIT_CODES};

const AFTER_HELP: &str = "\
Configuration: --endpoint/--token, else SEALDROP_ENDPOINT/SEALDROP_TOKEN, else the config file
(`sealdrop config` shows where it is and what is in effect). Pinned keys: SEALDROP_PINS
(comma-separated fingerprints), else the config file's `pins` (`sealdrop pin` writes them).";

/// The staff side of Sealdrop: list, decrypt and act on vulnerability reports.
#[derive(Debug, Parser)]
#[command(name = "sealdrop", version, about, after_help = format!("{AFTER_HELP}\n\n{EXIT_CODES}"))]
struct Cli {
    /// The worker's origin, e.g. https://reports.example.com
    #[arg(long, global = true, env = "SEALDROP_ENDPOINT", value_name = "URL")]
    endpoint: Option<String>,
    /// The staff bearer token.
    #[arg(long, global = true, env = "SEALDROP_TOKEN", hide_env_values = true, value_name = "TOKEN")]
    token: Option<String>,
    /// Config file (default: sealdrop/config.toml in your config directory).
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// List reports, newest first, with what is overdue or due soon.
    #[command(after_help = EXIT_CODES)]
    List(list::Args),
    /// Download a report, decrypt it locally, print it and save its attachments.
    #[command(after_help = EXIT_CODES)]
    Show(show::Args),
    /// Acknowledge a report (stops reminders; the response promise is met).
    #[command(after_help = EXIT_CODES)]
    Ack(ack::Args),
    /// Set a report's status: acknowledged, accepted, not_a_vulnerability, duplicate,
    /// out_of_scope, fixing (needs --expected-resolution), resolved, disclosed.
    #[command(after_help = EXIT_CODES)]
    Status(status::Args),
    /// Mark a case a duplicate of another (--of OTHER): status `duplicate` and a link; the
    /// reporter sees "duplicate of a known report".
    #[command(after_help = EXIT_CODES)]
    Duplicate(duplicate::Args),
    /// Set the planned disclosure date (the reporter sees it), or --clear it.
    #[command(after_help = EXIT_CODES)]
    Disclosure(disclosure::Args),
    /// Flag a case as exploited in the wild: the EU Cyber Resilience Act clock starts (24 h early
    /// warning, 72 h notification), with reminders and escalations like the response promise.
    #[command(after_help = EXIT_CODES)]
    Exploited(exploited::Args),
    /// The CRA clock: `early-warning|notification|final --done`, `fix-available` (starts the
    /// final report's 14 days; status `resolved` does too) or `withdraw` (not exploited after all).
    #[command(after_help = EXIT_CODES)]
    Cra(cra::Args),
    /// Assign a case to a staff member (a name in the worker's STAFF_TOKENS), or --nobody.
    #[command(after_help = EXIT_CODES)]
    Assign(assign::Args),
    /// Place a legal hold (never deleted under the policy's retention while it lasts), or lift it
    /// with --release.
    #[command(after_help = EXIT_CODES)]
    Hold(hold::Args),
    /// Record how the reporter is credited; --publish puts it in the hall of fame.
    #[command(after_help = EXIT_CODES)]
    Credit(credit::Args),
    /// Record a reward, e.g. --amount "EUR 50".
    #[command(after_help = EXIT_CODES)]
    Reward(reward::Args),
    /// Reply to the reporter through the follow-up channel: the message is signed with your key
    /// and encrypted here to the reporter's key (checked against the one inside the decrypted
    /// report) and to the served organisation and staff keys, each of which must be pinned.
    #[command(after_help = EXIT_CODES)]
    Reply(reply::Args),
    /// Add an internal note: signed by you, encrypted to the pinned organisation and staff keys
    /// only (never the reporter); `show` lists the notes.
    #[command(after_help = EXIT_CODES)]
    Note(note::Args),
    /// Forward the report to a coordinator (a national CSIRT, an upstream vendor): decrypted here,
    /// signed by you and encrypted to the key in --to-key only, written as a PGP/MIME mail file;
    /// the audit log records to whom.
    #[command(after_help = EXIT_CODES)]
    Forward(forward::Args),
    /// Print a case as JSON: its record, its audit log and its ciphertext; or, decrypted here, a
    /// draft advisory: --format csaf (CSAF 2.0), osv (OSV), cve (CVE JSON 5.1).
    #[command(after_help = EXIT_CODES)]
    Export(export::Args),
    /// How the response promise is kept: reports received, time to acknowledge and to triage
    /// (median, 90th percentile), promises kept and missed, per month; --since DATE, --json.
    #[command(after_help = EXIT_CODES)]
    Stats(stats::Args),
    /// Show who did what to a case, oldest first.
    #[command(after_help = EXIT_CODES)]
    Log(log::Args),
    /// Show where the config file is and which settings are in effect.
    #[command(after_help = EXIT_CODES)]
    Config(commands::config::Args),
    /// Pin the organisation and staff keys you trust: --policy FILE (your organisation's policy
    /// file; preferred) or --served (after you confirm the fingerprints); alone, print the pins.
    #[command(after_help = EXIT_CODES)]
    Pin(pin::Args),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => match refused_argument(&e) {
            // An argument our own parsers refused (a case id, a status): one line like every
            // other error. Everything else (usage, --help, --version) as clap prints it.
            Some(error) => return fail(error),
            None => e.exit(),
        },
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        // `sealdrop list | head`: the reader went away; that is not an error.
        Err(CliError::Output(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => fail(&e),
    }
}

/// The error one of our `value_parser`s gave clap, if that is why parsing failed.
fn refused_argument(e: &clap::Error) -> Option<&CliError> {
    e.source().and_then(|source| source.downcast_ref::<CliError>())
}

/// Prints the error as one line (made [`output::terminal_safe`]: it may quote what the server
/// sent) and returns its exit code.
fn fail(e: &CliError) -> ExitCode {
    eprintln!("sealdrop: error: {}", output::terminal_safe(&e.to_string()));
    ExitCode::from(e.exit_code())
}

fn run(cli: Cli) -> Result<(), CliError> {
    let config_path = cli.config.clone().or_else(config::default_path);
    let file = match &config_path {
        Some(path) => config::read(path)?,
        None => config::FileConfig::default(),
    };
    let pins = config::pins(std::env::var(config::PINS_VARIABLE).ok().as_deref(), file.pins.clone());
    let mut out = std::io::stdout().lock();
    match cli.command {
        Command::Config(_) => {
            return commands::config::run(config_path.as_deref(), cli.endpoint, cli.token, file, &pins, &mut out);
        }
        Command::Pin(args) => {
            let setting = pin::Setting {
                config_path: config_path.as_deref(),
                endpoint: cli.endpoint,
                token: cli.token,
                file,
                pins,
            };
            return pin::run(args, setting, &mut std::io::stdin().lock(), &mut out);
        }
        _ => {}
    }
    let pins = pins?;
    let effective = config::effective(cli.endpoint, cli.token, file)?;
    let cx = Context { client: Client::new(&effective), default_key: effective.key, pins };
    match cli.command {
        Command::List(args) => list::run(args, &cx, &mut out),
        Command::Show(args) => show::run(args, &cx, &mut out),
        Command::Ack(args) => ack::run(args, &cx, &mut out),
        Command::Status(args) => status::run(args, &cx, &mut out),
        Command::Duplicate(args) => duplicate::run(args, &cx, &mut out),
        Command::Disclosure(args) => disclosure::run(args, &cx, &mut out),
        Command::Exploited(args) => exploited::run(args, &cx, &mut out),
        Command::Cra(args) => cra::run(args, &cx, &mut out),
        Command::Assign(args) => assign::run(args, &cx, &mut out),
        Command::Hold(args) => hold::run(args, &cx, &mut out),
        Command::Credit(args) => credit::run(args, &cx, &mut out),
        Command::Reward(args) => reward::run(args, &cx, &mut out),
        Command::Reply(args) => reply::run(args, &cx, &mut out),
        Command::Note(args) => note::run(args, &cx, &mut out),
        Command::Forward(args) => forward::run(args, &cx, &mut out),
        Command::Export(args) => export::run(args, &cx, &mut out),
        Command::Stats(args) => stats::run(args, &cx, &mut out),
        Command::Log(args) => log::run(args, &cx, &mut out),
        Command::Config(_) | Command::Pin(_) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory as _;

    use super::*;

    const ID: &str = "01KAY8R5S7X0V3M2QJ4N6T8W9Z";

    /// Every subcommand, with arguments that parse.
    const EVERY_COMMAND: &[&[&str]] = &[
        &["list", "--json", "--limit", "5"],
        &["show", ID, "--key", "k.asc", "--out", "dir"],
        &["ack", ID],
        &["status", ID, "fixing", "--expected-resolution", "2027-01-15"],
        &["duplicate", ID, "--of", "01KAY8R5S7X0V3M2QJ4N6T8W9Y"],
        &["disclosure", ID, "2027-03-15"],
        &["exploited", ID],
        &["cra", ID, "early-warning", "--done"],
        &["assign", ID, "alice"],
        &["hold", ID, "--reason", "matter 2026-17"],
        &["credit", ID, "--name", "Ada", "--link", "https://ada.example/", "--publish"],
        &["reward", ID, "--amount", "EUR 50"],
        &["reply", ID, "--message-file", "-", "--attach", "a", "--attach", "b", "--gpg"],
        &["note", ID, "--message-file", "-", "--gpg"],
        &["forward", ID, "--to-key", "csirt.asc", "--out", "f.eml", "--gpg"],
        &["export", ID],
        &[
            "export",
            ID,
            "--format",
            "cve",
            "--cve-id",
            "CVE-2026-12345",
            "--assigner",
            "b3476cac-1a4d-4e3b-9c1a-5c3e8e2d0f11",
            "--key",
            "k.asc",
        ],
        &["stats", "--since", "2026-01-01", "--json"],
        &["log", ID, "--json"],
        &["config"],
        &["pin", "--policy", "examples/policies/nimbus-cloud/policy.toml"],
    ];

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("sealdrop").chain(args.iter().copied()))
    }

    #[test]
    fn every_subcommand_parses() {
        for args in EVERY_COMMAND {
            let cli = parse(args).unwrap_or_else(|e| panic!("{args:?}: {e}"));
            let name = format!("{:?}", cli.command).to_ascii_lowercase();
            assert!(name.starts_with(args[0]), "{args:?} parsed as {name}");
        }
        let listed: Vec<String> = Cli::command().get_subcommands().map(|c| c.get_name().to_owned()).collect();
        let mut tested: Vec<String> = EVERY_COMMAND.iter().map(|a| a[0].to_owned()).collect();
        tested.dedup();
        assert_eq!(listed, tested, "every subcommand is in EVERY_COMMAND");
    }

    #[test]
    fn arguments_are_typed_at_the_edge() {
        let cli = parse(&["status", &ID.to_ascii_lowercase(), "Not-A-Vulnerability"]).expect("parses");
        match cli.command {
            Command::Status(args) => {
                assert_eq!(args.id.as_str(), ID);
                assert_eq!(args.status, sealdrop_shared::staff::Status::NotAVulnerability);
            }
            other => panic!("{other:?}"),
        }
        let cli = parse(&["show", ID, "--gpg"]).expect("parses");
        match cli.command {
            Command::Show(args) => assert_eq!(args.decrypt.gpg.as_deref(), Some("gpg")),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn refused_arguments_are_one_line_with_their_exit_code() {
        // (arguments, exit code, the one line; `None` for clap's own usage errors)
        let cases: &[(&[&str], u8, Option<&str>)] = &[
            (&["ack", "42"], 2, Some("`42` is not a case id")),
            (&["show", "../x", "--key", "k"], 2, Some("`../X` is not a case id")),
            (&["status", ID, "fixed"], 2, Some("`fixed` is not a status; use one of: acknowledged,")),
            (&["status", "42", "fixed"], 2, Some("`42` is not a case id")),
            (&["show", ID, "--key", "k", "--gpg"], 2, None),
            (&["status", ID, "fixing", "--expected-resolution", "soon"], 2, None),
            (&["frobnicate"], 2, None),
            (&["pin", "--policy", "p.toml", "--served"], 2, None),
            (&["hold", ID, "--reason", "x", "--release"], 2, None),
            (&["stats", "--since", "last week"], 2, None),
            (&["assign", ID], 2, None),
            (&["duplicate", ID, "--of", "42"], 2, Some("`42` is not a case id")),
            (&["disclosure", ID, "soon"], 2, None),
            (&["assign", ID, "alice", "--nobody"], 2, None),
        ];
        for (args, code, line) in cases {
            let e = parse(args).expect_err("refused");
            assert_eq!(e.exit_code(), i32::from(*code), "{args:?}");
            match (refused_argument(&e), line) {
                (Some(ours), Some(line)) => {
                    assert_eq!(ours.exit_code(), *code, "{args:?}");
                    let text = ours.to_string();
                    assert!(text.starts_with(line) && !text.contains('\n'), "{args:?}: {text}");
                }
                (None, None) => {}
                (got, want) => panic!("{args:?}: got {got:?}, expected {want:?}"),
            }
        }
    }

    #[test]
    fn help_documents_exit_codes() {
        let help = Cli::command().render_long_help().to_string();
        assert!(help.contains("Exit codes:") && help.contains("SEALDROP_ENDPOINT"), "{help}");
        for args in EVERY_COMMAND {
            let mut cmd = Cli::command();
            let sub_cmd = cmd.find_subcommand_mut(args[0]).expect("subcommand");
            assert!(sub_cmd.render_long_help().to_string().contains("Exit codes:"), "{}", args[0]);
        }
    }

    #[test]
    fn status_help_lists_every_status_but_received() {
        let mut cmd = Cli::command();
        let help = cmd.find_subcommand_mut("status").expect("status").render_long_help().to_string();
        for s in sealdrop_shared::staff::Status::ALL {
            let listed = help.contains(s.as_str());
            assert_eq!(listed, s != sealdrop_shared::staff::Status::Received, "{s} in\n{help}");
        }
    }

    #[test]
    fn decrypting_commands_take_key_or_gpg() {
        for sub in ["show", "reply"] {
            let mut cmd = Cli::command();
            let help = cmd.find_subcommand_mut(sub).expect("subcommand").render_long_help().to_string();
            assert!(help.contains("--key <FILE>") && help.contains("--gpg [<PROGRAM>]"), "{sub}: {help}");
        }
    }
}
