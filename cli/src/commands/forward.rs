//! `sealdrop forward`: the report, for a coordinator (a national CSIRT, an upstream vendor). It is
//! downloaded and decrypted here, signed with your key and encrypted to the key in `--to-key`
//! alone (your explicit choice: not pinned, not the organisation's), and written as a PGP/MIME
//! mail file (RFC 3156) to send with any mail client. The inner entity is the report rebuilt
//! without the reporter's contact, credit name and reply key (policies promise not to pass
//! personal details on); `--as-received` forwards the decrypted report exactly as the reporter's
//! browser built it.
//! The worker never sees what is forwarded; it records, in the case's audit log, that it was and
//! to which key, before the file gets its content.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::Utc;
use sealdrop_shared::address::Email;
use sealdrop_shared::api::endpoint;
use sealdrop_shared::id::CaseId;
use sealdrop_shared::key::RecipientKey;
use sealdrop_shared::mime::mail::{self, MailHeader, Recipient};
use sealdrop_shared::policy::PublicPolicy;
use sealdrop_shared::report::FieldId;
use sealdrop_shared::staff::{ForwardRecord, MAX_FORWARD_TO_CHARS};

use super::reply::seal;
use super::{Context, case_id, decrypted_report};
use crate::decrypt::DecryptWith;
use crate::error::CliError;
use crate::output::terminal_safe;
use crate::{private, trust};

/// What identifies the reporter, left out of a forward unless `--as-received`: how to reach them
/// and the name they gave for the hall of fame (the reply key goes too).
const PERSONAL: &[FieldId] = &[FieldId::Contact, FieldId::Credit];

/// Above this, most mail servers refuse a message (the worker's own limit for staff mail).
const LARGE_MAIL: usize = 20 * 1024 * 1024;

/// `sealdrop forward`'s arguments.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Case id.
    #[arg(value_parser = case_id)]
    pub id: CaseId,
    /// The coordinator's public key (armored or binary OpenPGP): the only key the forward is
    /// encrypted to.
    #[arg(long, value_name = "FILE")]
    pub to_key: PathBuf,
    /// The mail file to write (a new file; default: ./sealdrop-ID-forward.eml).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Forward the decrypted report exactly as received: the reporter's contact, credit name and
    /// reply key included (by default they are left out).
    #[arg(long)]
    pub as_received: bool,
    /// How to decrypt the report and sign the forward: a key file, or `--gpg`.
    #[command(flatten)]
    pub decrypt: DecryptWith,
}

/// A new output file that is removed again unless [`Claimed::keep`] is called: nothing is left
/// behind by a forward that fails after claiming it.
struct Claimed<'a> {
    path: &'a Path,
    file: Option<std::fs::File>,
}

impl<'a> Claimed<'a> {
    fn new(path: &'a Path) -> Result<Self, CliError> {
        Ok(Self { path, file: Some(private::create_file(path)?) })
    }

    fn keep(mut self, bytes: &[u8]) -> Result<(), CliError> {
        let mut file = self.file.take().ok_or_else(|| CliError::Usage("the output file is gone".into()))?;
        let written = file.write_all(bytes).and_then(|()| file.sync_all());
        if let Err(e) = written {
            drop(file);
            let _ = std::fs::remove_file(self.path);
            return Err(CliError::file(self.path)(e));
        }
        Ok(())
    }
}

impl Drop for Claimed<'_> {
    fn drop(&mut self) {
        if self.file.take().is_some() {
            let _ = std::fs::remove_file(self.path);
        }
    }
}

/// Forwards the report and says to whom, where the file is and that the audit log has it.
pub fn run(args: Args, cx: &Context, out: &mut impl Write) -> Result<(), CliError> {
    let decryptor = args.decrypt.decryptor(cx.default_key.clone())?;
    let coordinator = coordinator_key(&args.to_key)?;
    let user_id = coordinator.user_ids().into_iter().next();
    let id = args.id;
    let path = args.out.unwrap_or_else(|| PathBuf::from(format!("sealdrop-{id}-forward.eml")));
    // The file is claimed first (an existing one stops everything before anything is downloaded);
    // any failure from here on removes it.
    let claimed = Claimed::new(&path)?;

    let policy = cx.client.call(&endpoint::Policy {}, &())?;
    let unlocked = decryptor.unlock()?;
    let plaintext = decrypted_report(cx, &id, &unlocked, &policy)?;
    let entity = if args.as_received { plaintext } else { without_contact(&policy, &plaintext)? };
    let (armored, signer) = seal(cx, &unlocked, std::slice::from_ref(&coordinator), entity)?;
    let to = user_id.as_deref().and_then(address);
    let from = policy.contact.email.as_ref().map_or("sealdrop@sealdrop.invalid", |e| e.as_str());
    let recipient = to.as_ref().map_or(Recipient::Undisclosed, Recipient::Address);
    let mail = forward_mail(from, recipient, &id, &armored)?;

    let record = ForwardRecord {
        fingerprint: coordinator.fingerprint(),
        // The user id as the log may keep it: one line, without characters that could disguise it.
        to: user_id.as_deref().map(|u| {
            u.chars()
                .filter(|c| !c.is_control() && !sealdrop_shared::text::is_bidi_control(*c))
                .take(MAX_FORWARD_TO_CHARS)
                .collect()
        }),
    };
    let entry = cx.client.call(&endpoint::StaffForwarded { id: id.clone() }, &record)?;
    claimed.keep(mail.as_bytes())?;

    let shown = terminal_safe;
    writeln!(out, "Case {id} forwarded: {}", shown(&path.display().to_string()))?;
    writeln!(out, "  encrypted to:  {} (only)", coordinator.fingerprint().grouped())?;
    if let Some(user_id) = &user_id {
        writeln!(out, "                 {}", shown(user_id))?;
    }
    writeln!(out, "  signed by:     {signer}")?;
    let what = if args.as_received {
        "the report as received, the reporter's contact, credit name and reply key included"
    } else {
        "the report without the reporter's contact, credit name and reply key"
    };
    writeln!(out, "  content:       {what}")?;
    writeln!(out, "  audit log:     {} by {} at {}", entry.action, shown(&entry.actor), entry.at)?;
    if to.is_none() {
        writeln!(out, "The key names no address: fill in the recipient (To:) before sending.")?;
    }
    writeln!(out, "Send it with your mail client (for example: sendmail -t < FILE, or import it as a draft).")?;
    if mail.len() > LARGE_MAIL {
        trust::warn(&format!(
            "the mail is {} MiB: most mail servers refuse more than 20 MiB; send the file another way",
            mail.len() / (1024 * 1024)
        ));
    }
    Ok(())
}

/// The report rebuilt without the reporter's contact, credit name and reply key: the text part
/// from its checked fields, the JSON part from its draft with those fields emptied, the files as
/// they are. A report that breaks the policy's rules cannot be rebuilt, only forwarded
/// `--as-received`.
fn without_contact(policy: &PublicPolicy, plaintext: &[u8]) -> Result<Vec<u8>, CliError> {
    let refuse = |why: String, problems: usize| {
        trust::warn(&format!(
            "{why}: it cannot be rebuilt without the reporter's personal details; check it with `sealdrop \
             show`, and forward it unchanged with --as-received if you may pass them on"
        ));
        CliError::InvalidReport(problems)
    };
    let opened = sealdrop_shared::received::open(policy, plaintext)
        .map_err(|e| refuse(format!("decrypted, but not a report the Sealdrop widget made ({e})"), 1))?;
    let report = match &opened.verdict {
        Ok(report) => PERSONAL.iter().fold(report.clone(), |report, field| report.without(*field)),
        Err(problems) => {
            return Err(refuse(format!("the report breaks {} of the policy's rules", problems.len()), problems.len()));
        }
    };
    let mut draft = opened.decrypted.json.fields.clone();
    for field in PERSONAL {
        if let Some(text) = draft.text_mut(*field) {
            text.clear();
        }
    }
    let json = &opened.decrypted.json;
    Ok(sealdrop_shared::mime::build_entity(
        &json.organisation,
        &json.key_fingerprint,
        &draft,
        &report,
        &opened.decrypted.attachments,
        None,
    ))
}

/// The coordinator's key: armored or binary, usable for encryption now.
fn coordinator_key(path: &Path) -> Result<RecipientKey, CliError> {
    let bytes = std::fs::read(path).map_err(CliError::file(path))?;
    let parsed = match std::str::from_utf8(&bytes) {
        Ok(text) if text.contains("-----BEGIN PGP PUBLIC KEY BLOCK-----") => RecipientKey::parse(text),
        _ => RecipientKey::from_binary(&bytes),
    };
    parsed.map_err(|e| CliError::Usage(format!("{} cannot be used as the coordinator's key: {e}", path.display())))
}

/// The address in a user id such as `CERT <cert@example.org>` (or one that is only an address),
/// parsed as the policy's addresses are.
fn address(user_id: &str) -> Option<Email> {
    let inner = match (user_id.rfind('<'), user_id.rfind('>')) {
        (Some(start), Some(end)) if start < end => &user_id[start + 1..end],
        _ => user_id.trim(),
    };
    let plain = |c: char| c.is_ascii_graphic() && !"<>()[],;:\\\"".contains(c);
    inner.parse::<Email>().ok().filter(|e| e.as_str().chars().all(plain))
}

/// The PGP/MIME mail carrying the forward.
fn forward_mail(from: &str, to: Recipient<'_>, id: &CaseId, armored: &str) -> Result<String, CliError> {
    let mut random = [0u8; 16];
    rand::RngCore::try_fill_bytes(&mut rand::rngs::OsRng, &mut random)
        .map_err(|e| CliError::Output(std::io::Error::other(format!("randomness: {e}"))))?;
    let boundary = mail::boundary(random);
    let now = Utc::now();
    let header = MailHeader {
        from,
        to,
        case_id: id,
        date: &now.to_rfc2822(),
        unique: &format!("forward.{}", now.timestamp_millis()),
        boundary: &boundary,
    };
    Ok(mail::pgp_mime(&header, &format!("Forwarded vulnerability report {id}"), armored))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_address_comes_from_the_user_id_or_nowhere() {
        for (user_id, expected) in [
            ("CERT-Bund <cert-bund@bsi.example>", Some("cert-bund@bsi.example")),
            ("cert@csirt.example", Some("cert@csirt.example")),
            ("Upstream Security", None),
            ("Evil <a@b\r\nBcc: x@y>", None),
            ("Evil <a b@c.example>", None),
            ("Bare <@>", None),
            ("Unicode <cért@csirt.example>", None),
            ("Odd <a(b)@csirt.example>", None),
        ] {
            assert_eq!(address(user_id).as_ref().map(Email::as_str), expected, "{user_id:?}");
        }
    }

    #[test]
    fn the_mail_is_pgp_mime_with_a_generic_subject() {
        let id: CaseId = "01KAY8R5S7X0V3M2QJ4N6T8W9Z".parse().expect("id");
        let armored = "-----BEGIN PGP MESSAGE-----\n\nwV4D\n-----END PGP MESSAGE-----\n";
        let to: Email = "cert@csirt.example".parse().expect("address");
        let mail = forward_mail("security@acme.example", Recipient::Address(&to), &id, armored).expect("mail");
        assert!(mail.contains("To: <cert@csirt.example>\r\n"), "{mail}");
        assert!(mail.contains("Subject: Forwarded vulnerability report 01KAY8R5S7X0V3M2QJ4N6T8W9Z\r\n"));
        assert!(mail.contains("Content-Type: multipart/encrypted; protocol=\"application/pgp-encrypted\""));
        assert!(mail.contains("-----BEGIN PGP MESSAGE-----\r\n\r\nwV4D\r\n-----END PGP MESSAGE-----\r\n"));
    }

    #[test]
    fn a_claimed_file_is_removed_unless_kept() {
        let dir = std::env::temp_dir().join(format!("sealdrop-claimed-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let path = dir.join("forward.eml");
        drop(Claimed::new(&path).expect("claimed"));
        assert!(!path.exists(), "dropped: removed");
        Claimed::new(&path).expect("claimed").keep(b"mail").expect("kept");
        assert_eq!(std::fs::read(&path).expect("kept file"), b"mail");
        assert!(Claimed::new(&path).is_err(), "an existing file is never claimed");
        assert_eq!(std::fs::read(&path).expect("still there"), b"mail");
        std::fs::remove_dir_all(&dir).expect("clean up");
    }
}
