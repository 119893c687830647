//! `sealdrop show`: download a report, decrypt it here, rerun the policy's field rules on it,
//! print it with its follow-up messages and save its text, JSON and attachments in a private
//! folder. Each message's signature is checked: the reporter's against the reply key inside the
//! decrypted report (never the one the server hands out), staff replies against the pinned keys.

use std::io::Write;
use std::path::{Path, PathBuf};

use sealdrop_shared::api::endpoint;
use sealdrop_shared::envelope::Signature;
use sealdrop_shared::followup::Author;
use sealdrop_shared::id::CaseId;
use sealdrop_shared::key::RecipientKey;

use super::{Context, case_id, pretty, safe_file_name, unique_path};
use crate::decrypt::{DecryptWith, Unlocked};
use crate::error::CliError;
use crate::{output, private, trust};

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
/// [`CliError::InvalidReport`].
pub fn run(args: Args, cx: &Context, stdout: &mut impl Write) -> Result<(), CliError> {
    let decryptor = args.decrypt.decryptor(cx.default_key.clone())?;
    let id = args.id;
    let out = args.out.unwrap_or_else(|| PathBuf::from(format!("sealdrop-{id}")));
    let client = &cx.client;
    let record = client.call(&endpoint::StaffRecord { id: id.clone() }, &())?;
    let policy = client.call(&endpoint::Policy {}, &())?;
    let served = trust::check_served(&policy, &cx.pins);
    let unlocked = decryptor.unlock()?;
    let ciphertext = client.download(&endpoint::StaffGet { id: id.clone() }, &format!("downloading {id}"))?;
    let plaintext = unlocked.decrypt(&ciphertext)?;
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
    // The reporter's key as the report itself carries it: the server cannot change that copy.
    let reply_key = opened.decrypted.json.reply_key.as_deref().and_then(|k| RecipientKey::parse(k).ok());
    let signers = Signers { staff: trust::staff_signers(&served, &cx.pins), pinned: !cx.pins.is_empty(), reply_key };
    saved.extend(messages(cx, &id, &unlocked, &signers, &out, stdout)?);
    eprintln!("sealdrop: saved {} files in {}", saved.len(), out.display());
    for path in &saved {
        eprintln!("  {}", path.display());
    }
    let problems = opened.verdict.as_ref().err().map_or(0, Vec::len) + opened.inconsistencies.len();
    if problems > 0 { Err(CliError::InvalidReport(problems)) } else { Ok(()) }
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
/// their files; returns the paths.
fn messages(
    cx: &Context,
    id: &CaseId,
    unlocked: &Unlocked,
    signers: &Signers<'_>,
    out: &Path,
    stdout: &mut impl Write,
) -> Result<Vec<PathBuf>, CliError> {
    let list = cx.client.call(&endpoint::StaffMessages { id: id.clone() }, &())?;
    let colour = output::colour_stdout();
    let mut saved = Vec::new();
    for message in &list.messages {
        let who = match message.author {
            Author::Staff => "staff reply",
            Author::Reporter => "message from the reporter",
        };
        writeln!(stdout, "\n--- {who}, {} ({}) ---", message.at, message.id)?;
        let opened = unlocked.open(message.armored.as_bytes(), &signers.of(message.author)).and_then(|opened| {
            let parts =
                sealdrop_shared::mime::parse_message(&opened.data).map_err(|e| CliError::Decrypt(e.to_string()))?;
            Ok((opened.signature, parts))
        });
        match opened {
            Ok((signature, parts)) => {
                match verdict(message.author, &signature, signers) {
                    Verdict::Good(line) => writeln!(stdout, "{}", output::paint(colour, "32", &line))?,
                    Verdict::Warning(line) => writeln!(stdout, "{}", output::paint(colour, "1;31", &line))?,
                }
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
}
