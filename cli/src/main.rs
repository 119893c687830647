//! `sealdrop`: the staff command-line tool. Lists reports with their deadlines, downloads and
//! decrypts them locally (with a key file or the user's own `gpg`), reruns the policy's field rules
//! on what it decrypted, and records what staff do: acknowledge, change status, credit, reward.
//! Every action lands in the worker's audit log.
#![deny(unsafe_code)]
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

mod client;
mod config;
mod decrypt;
mod error;
mod output;
mod private;
mod reply;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{NaiveDate, Utc};
use clap::{Parser, Subcommand};
use sealdrop_shared::api::ReportList;
use sealdrop_shared::followup::{Author, MessageList};
use sealdrop_shared::policy::PublicPolicy;
use sealdrop_shared::staff::{AuditLog, CaseRecord, RewardChange, Status, StatusChange};

use crate::client::Client;
use crate::decrypt::Decryptor;
use crate::error::{CliError, EXIT_CODES};

const AFTER_HELP: &str = "\
Configuration: --endpoint/--token, else SEALDROP_ENDPOINT/SEALDROP_TOKEN, else the config file
(`sealdrop config` shows where it is and what is in effect).";

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
    List {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
        /// How many reports (at most 500).
        #[arg(long, default_value_t = 100)]
        limit: u32,
    },
    /// Download a report, decrypt it locally, print it and save its attachments.
    #[command(after_help = EXIT_CODES)]
    Show {
        /// Case id.
        id: String,
        /// Armored secret key file (its passphrase is asked for, never echoed).
        #[arg(long, value_name = "FILE", conflicts_with = "gpg")]
        key: Option<PathBuf>,
        /// Decrypt with your own gpg (smartcards work); optionally the program to run.
        #[arg(long, value_name = "PROGRAM", num_args = 0..=1, default_missing_value = "gpg")]
        gpg: Option<String>,
        /// Folder for report.txt, report.json and the attachments (default: ./sealdrop-ID).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// Acknowledge a report (stops reminders; the response promise is met).
    #[command(after_help = EXIT_CODES)]
    Ack {
        /// Case id.
        id: String,
    },
    /// Set a report's status: acknowledged, accepted, not_a_vulnerability, duplicate,
    /// out_of_scope, fixing (needs --expected-resolution), resolved, disclosed.
    #[command(after_help = EXIT_CODES)]
    Status {
        /// Case id.
        id: String,
        /// The new status.
        status: String,
        /// The date you expect the problem to be resolved (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        expected_resolution: Option<NaiveDate>,
    },
    /// Record how the reporter is credited; --publish puts it in the hall of fame.
    #[command(after_help = EXIT_CODES)]
    Credit {
        /// Case id.
        id: String,
        /// The name or handle to credit.
        #[arg(long)]
        name: String,
        /// An https:// link for the name.
        #[arg(long)]
        link: Option<String>,
        /// Show it in the public hall of fame.
        #[arg(long)]
        publish: bool,
    },
    /// Record a reward, e.g. --amount "EUR 50".
    #[command(after_help = EXIT_CODES)]
    Reward {
        /// Case id.
        id: String,
        /// What was awarded.
        #[arg(long)]
        amount: String,
    },
    /// Reply to the reporter through the follow-up channel: the message is encrypted here to the
    /// reporter's key (checked against the one inside the decrypted report) and the organisation's.
    #[command(after_help = EXIT_CODES)]
    Reply {
        /// Case id.
        id: String,
        /// The message text (UTF-8); `-` reads standard input.
        #[arg(long, value_name = "FILE")]
        message_file: PathBuf,
        /// A file to attach (repeatable).
        #[arg(long, value_name = "FILE")]
        attach: Vec<PathBuf>,
        /// Armored secret key file, to open the report and check the reporter's key.
        #[arg(long, value_name = "FILE", conflicts_with = "gpg")]
        key: Option<PathBuf>,
        /// Open the report with your own gpg instead; optionally the program to run.
        #[arg(long, value_name = "PROGRAM", num_args = 0..=1, default_missing_value = "gpg")]
        gpg: Option<String>,
    },
    /// Print a case as JSON: its record, its audit log and its ciphertext.
    #[command(after_help = EXIT_CODES)]
    Export {
        /// Case id.
        id: String,
    },
    /// Show who did what to a case, oldest first.
    #[command(after_help = EXIT_CODES)]
    Log {
        /// Case id.
        id: String,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Show where the config file is and which settings are in effect.
    #[command(after_help = EXIT_CODES)]
    Config,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        // `sealdrop list | head`: the reader went away; that is not an error.
        Err(CliError::Output(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("sealdrop: error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

fn run(cli: Cli) -> Result<(), CliError> {
    let config_path = cli.config.clone().or_else(config::default_path);
    let file = match &config_path {
        Some(path) => config::read(path)?,
        None => config::FileConfig::default(),
    };
    if let Command::Config = cli.command {
        return show_config(config_path.as_deref(), cli.endpoint, cli.token, file);
    }
    let effective = config::effective(cli.endpoint, cli.token, file)?;
    let client = Client::new(&effective);
    let mut stdout = std::io::stdout().lock();
    match cli.command {
        Command::List { json, limit } => {
            let list: ReportList = client.get(&format!("/api/v1/staff/reports?limit={}", limit.clamp(1, 500)))?;
            if json {
                let now = Utc::now();
                let rows: Vec<serde_json::Value> = list
                    .reports
                    .iter()
                    .map(|r| {
                        let mut v = serde_json::to_value(r).unwrap_or_default();
                        v["urgency"] = serde_json::to_value(output::report_urgency(r, now)).unwrap_or_default();
                        v
                    })
                    .collect();
                writeln!(stdout, "{}", pretty(&serde_json::json!({ "reports": rows }))?)?;
            } else {
                write!(stdout, "{}", output::list_table(&list.reports, Utc::now(), output::colour_stdout()))?;
            }
        }
        Command::Show { id, key, gpg, out } => {
            let decryptor = decryptor(key.or(effective.key.clone()), gpg)?;
            let id = case_id(&id)?;
            show(&client, &id, &decryptor, out.unwrap_or_else(|| PathBuf::from(format!("sealdrop-{id}"))))?;
        }
        Command::Reply { id, message_file, attach, key, gpg } => {
            let decryptor = decryptor(key.or(effective.key.clone()), gpg)?;
            let receipt = reply::send(&client, &case_id(&id)?, &decryptor, &message_file, &attach)?;
            writeln!(
                stdout,
                "Reply {} sent on case {} at {}.",
                receipt.id,
                id.trim().to_ascii_uppercase(),
                receipt.at
            )?;
        }
        Command::Ack { id } => {
            let change = StatusChange { status: Status::Acknowledged, expected_resolution: None };
            let record: CaseRecord =
                client.send("POST", &format!("/api/v1/staff/reports/{}/status", case_id(&id)?), &change)?;
            write!(stdout, "{}", output::record_lines(&record))?;
        }
        Command::Status { id, status, expected_resolution } => {
            let status: Status =
                status.parse().map_err(|e: sealdrop_shared::staff::ChangeProblem| CliError::Usage(e.to_string()))?;
            let change = StatusChange { status, expected_resolution };
            let record: CaseRecord =
                client.send("POST", &format!("/api/v1/staff/reports/{}/status", case_id(&id)?), &change)?;
            write!(stdout, "{}", output::record_lines(&record))?;
        }
        Command::Credit { id, name, link, publish } => {
            let body = serde_json::json!({ "name": name, "link": link, "publish": publish });
            let answer: serde_json::Value =
                client.send("PUT", &format!("/api/v1/staff/reports/{}/credit", case_id(&id)?), &body)?;
            let published = if publish { "published in the hall of fame" } else { "recorded, not published" };
            writeln!(stdout, "Credit for {id}: {} ({published})", answer["name"].as_str().unwrap_or(&name))?;
        }
        Command::Reward { id, amount } => {
            let body = RewardChange { amount };
            let record: CaseRecord =
                client.send("PUT", &format!("/api/v1/staff/reports/{}/reward", case_id(&id)?), &body)?;
            write!(stdout, "{}", output::record_lines(&record))?;
        }
        Command::Export { id } => {
            let id = case_id(&id)?;
            let record: CaseRecord = client.get(&format!("/api/v1/staff/reports/{id}/record"))?;
            let log: AuditLog = client.get(&format!("/api/v1/staff/reports/{id}/log"))?;
            let ciphertext = client.download(&format!("/api/v1/staff/reports/{id}"), "downloading")?;
            let export = serde_json::json!({
                "format": "sealdrop.case.v1",
                "record": record,
                "log": log.entries,
                "ciphertext": String::from_utf8_lossy(&ciphertext),
            });
            writeln!(stdout, "{}", pretty(&export)?)?;
        }
        Command::Log { id, json } => {
            let log: AuditLog = client.get(&format!("/api/v1/staff/reports/{}/log", case_id(&id)?))?;
            if json {
                writeln!(stdout, "{}", pretty(&log)?)?;
            } else {
                write!(stdout, "{}", output::audit_table(&log.entries))?;
            }
        }
        Command::Config => {}
    }
    Ok(())
}

fn decryptor(key: Option<PathBuf>, gpg: Option<String>) -> Result<Decryptor, CliError> {
    match (key, gpg) {
        (_, Some(program)) => Ok(Decryptor::Gpg(program)),
        (Some(path), None) => Ok(Decryptor::KeyFile(path)),
        (None, None) => {
            Err(CliError::Usage("say how to decrypt: --key FILE (armored secret key) or --gpg (your own gpg)".into()))
        }
    }
}

fn pretty<T: serde::Serialize>(value: &T) -> Result<String, CliError> {
    serde_json::to_string_pretty(value).map_err(|e| CliError::Output(std::io::Error::other(e)))
}

/// A case id as the worker issues it (ULID), so a typo fails here with a clear message.
fn case_id(id: &str) -> Result<String, CliError> {
    let id = id.trim().to_ascii_uppercase();
    if sealdrop_shared::ulid::is_valid(&id) {
        Ok(id)
    } else {
        Err(CliError::Usage(format!("`{id}` is not a case id (26 characters, e.g. 01KAY8R5S7X0V3M2QJ4N6T8W9Z)")))
    }
}

fn show_config(
    path: Option<&Path>,
    endpoint: Option<String>,
    token: Option<String>,
    file: config::FileConfig,
) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    match path {
        Some(p) => writeln!(out, "config file: {}{}", p.display(), if p.exists() { "" } else { " (not present)" })?,
        None => writeln!(out, "config file: none (no config directory)")?,
    }
    let key = file.key.clone();
    match config::effective(endpoint, token, file) {
        Ok(e) => {
            writeln!(out, "endpoint:    {}", e.endpoint)?;
            writeln!(out, "token:       {}", if e.token.is_some() { "set (hidden)" } else { "not set" })?;
        }
        Err(e) => writeln!(out, "endpoint:    {e}")?,
    }
    writeln!(
        out,
        "key:         {}",
        key.map_or("not set (use --key or --gpg)".to_owned(), |k| k.display().to_string())
    )?;
    writeln!(
        out,
        "\nExample config.toml (chmod 600 it: it holds the token):\n  endpoint = \"https://reports.example.com\"\n  token = \"…\"\n  key = \"/home/you/keys/security.sec.asc\""
    )?;
    Ok(())
}

/// `sealdrop show`.
fn show(client: &Client, id: &str, decryptor: &Decryptor, out: PathBuf) -> Result<(), CliError> {
    let record: CaseRecord = client.get(&format!("/api/v1/staff/reports/{id}/record"))?;
    let policy: PublicPolicy = client.get_public("/api/v1/policy")?;
    let ciphertext = client.download(&format!("/api/v1/staff/reports/{id}"), &format!("downloading {id}"))?;
    let plaintext = decryptor.decrypt(&ciphertext)?;
    let mut stdout = std::io::stdout().lock();
    let colour = output::colour_stdout();
    writeln!(stdout, "{}", output::record_lines(&record))?;
    let opened = match sealdrop_shared::received::open(&policy, &plaintext) {
        Ok(opened) => opened,
        Err(e) => {
            // Decrypted, but not what the widget builds (e.g. a message sent with gpg by hand):
            // show it as it is, flagged, and keep the bytes.
            let warning = format!("WARNING: this is not a report made by the Sealdrop widget ({e}); shown as sent:");
            writeln!(stdout, "{}\n", output::paint(colour, "1;31", &warning))?;
            writeln!(stdout, "{}", String::from_utf8_lossy(&plaintext))?;
            private::create_dir(&out, false)?;
            let path = out.join("decrypted.bin");
            std::fs::write(&path, &plaintext).map_err(CliError::file(&path))?;
            eprintln!("sealdrop: saved {}", path.display());
            return Err(CliError::InvalidReport(1));
        }
    };
    let text = match &opened.verdict {
        Ok(report) => sealdrop_shared::mime::render_text(&policy.organisation.name, report),
        Err(errors) => {
            writeln!(stdout, "{}", output::paint(colour, "1;31", "WARNING: this report breaks the policy's rules:"))?;
            for e in errors {
                writeln!(stdout, "  - {}: {}", e.field, e.problem)?;
            }
            writeln!(stdout)?;
            opened.decrypted.text.clone().unwrap_or_default()
        }
    };
    for problem in &opened.inconsistencies {
        writeln!(stdout, "{}", output::paint(colour, "1;31", &format!("WARNING: {problem}")))?;
    }
    writeln!(stdout, "{text}")?;

    private::create_dir(&out, false)?;
    let text_path = out.join("report.txt");
    std::fs::write(&text_path, &text).map_err(CliError::file(&text_path))?;
    let json_path = out.join("report.json");
    std::fs::write(&json_path, pretty(&opened.decrypted.json)?).map_err(CliError::file(&json_path))?;
    let mut saved = vec![text_path, json_path];
    for attachment in &opened.decrypted.attachments {
        let path = unique_path(&out, &safe_file_name(&attachment.name));
        std::fs::write(&path, &attachment.bytes).map_err(CliError::file(&path))?;
        saved.push(path);
    }
    saved.extend(show_messages(client, id, decryptor, &out, &mut stdout)?);
    eprintln!("sealdrop: saved {} files in {}", saved.len(), out.display());
    for path in &saved {
        eprintln!("  {}", path.display());
    }
    let problems = opened.verdict.as_ref().err().map_or(0, Vec::len) + opened.inconsistencies.len();
    if problems > 0 { Err(CliError::InvalidReport(problems)) } else { Ok(()) }
}

/// Prints the follow-up messages of a case, decrypted, and saves their files; returns the paths.
fn show_messages(
    client: &Client,
    id: &str,
    decryptor: &Decryptor,
    out: &Path,
    stdout: &mut impl std::io::Write,
) -> Result<Vec<PathBuf>, CliError> {
    let list: MessageList = client.get(&format!("/api/v1/staff/reports/{id}/messages"))?;
    let mut saved = Vec::new();
    for message in &list.messages {
        let who = match message.author {
            Author::Staff => "staff reply",
            Author::Reporter => "message from the reporter",
        };
        writeln!(stdout, "\n--- {who}, {} ({}) ---", message.at, message.id)?;
        let parts = decryptor.decrypt(message.armored.as_bytes()).and_then(|plain| {
            sealdrop_shared::received::parse_message(&plain).map_err(|e| CliError::Decrypt(e.to_string()))
        });
        match parts {
            Ok(parts) => {
                writeln!(stdout, "{}", parts.text.trim_end())?;
                for file in &parts.attachments {
                    let path = unique_path(out, &format!("{}-{}", message.id, safe_file_name(&file.name)));
                    std::fs::write(&path, &file.bytes).map_err(CliError::file(&path))?;
                    writeln!(stdout, "[attached: {}]", path.display())?;
                    saved.push(path);
                }
            }
            Err(e) => writeln!(stdout, "(cannot be decrypted here: {e})")?,
        }
    }
    Ok(saved)
}

/// A file name that stays inside the output folder: no separators, no leading dots, no control
/// characters, not one of the files `show` writes itself.
fn safe_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base.chars().map(|c| if c.is_control() || c == ':' { '_' } else { c }).collect();
    let cleaned = cleaned.trim_start_matches('.').trim();
    let cleaned: String = cleaned.chars().take(150).collect();
    match cleaned.as_str() {
        "" => "attachment".to_owned(),
        "report.txt" | "report.json" => format!("attachment-{cleaned}"),
        _ => cleaned,
    }
}

fn unique_path(dir: &Path, name: &str) -> PathBuf {
    let first = dir.join(name);
    if !first.exists() {
        return first;
    }
    (2..).map(|n| dir.join(format!("{n}-{name}"))).find(|p| !p.exists()).unwrap_or(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attachment_names_stay_in_the_folder() {
        let cases = [
            ("poc.html", "poc.html"),
            ("../../.bashrc", "bashrc"),
            ("C:\\Users\\x\\evil.exe", "evil.exe"),
            ("..", "attachment"),
            ("", "attachment"),
            ("a\u{0}b\nc", "a_b_c"),
            ("report.txt", "attachment-report.txt"),
        ];
        for (input, expected) in cases {
            assert_eq!(safe_file_name(input), expected, "{input:?}");
        }
    }

    #[test]
    fn case_ids() {
        assert!(case_id("01kay8r5s7x0v3m2qj4n6t8w9z").is_ok());
        assert!(matches!(case_id("42"), Err(CliError::Usage(_))));
    }

    #[test]
    fn help_documents_exit_codes() {
        use clap::CommandFactory as _;
        let help = Cli::command().render_long_help().to_string();
        assert!(help.contains("Exit codes:") && help.contains("SEALDROP_ENDPOINT"), "{help}");
        for sub in ["list", "show", "ack", "status", "credit", "reward", "export", "log", "reply"] {
            let mut cmd = Cli::command();
            let sub_cmd = cmd.find_subcommand_mut(sub).expect("subcommand");
            assert!(sub_cmd.render_long_help().to_string().contains("Exit codes:"), "{sub}");
        }
    }
}
