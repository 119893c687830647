//! `sealdrop forward`: the report, for a coordinator (a national CSIRT, an upstream vendor). It is
//! downloaded and decrypted here, signed with your key and encrypted to the key in `--to-key`
//! alone (your explicit choice: not pinned, not the organisation's), and written as a PGP/MIME
//! mail file (RFC 3156) to send with any mail client. The inner entity is the decrypted report
//! exactly as the reporter's browser built it: its text, its JSON and its attachments. The worker
//! never sees what is forwarded; it records, in the case's audit log, that it was and to which
//! key, before the file gets its content.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::Utc;
use sealdrop_shared::api::endpoint;
use sealdrop_shared::id::CaseId;
use sealdrop_shared::key::RecipientKey;
use sealdrop_shared::mime::mail::{self, MailHeader};
use sealdrop_shared::staff::{ForwardRecord, MAX_FORWARD_TO_CHARS};

use super::reply::seal;
use super::{Context, case_id, decrypted_report};
use crate::decrypt::DecryptWith;
use crate::error::CliError;
use crate::output::terminal_safe;
use crate::private;

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
    /// How to decrypt the report and sign the forward: a key file, or `--gpg`.
    #[command(flatten)]
    pub decrypt: DecryptWith,
}

/// Forwards the report and says to whom, where the file is and that the audit log has it.
pub fn run(args: Args, cx: &Context, out: &mut impl Write) -> Result<(), CliError> {
    let decryptor = args.decrypt.decryptor(cx.default_key.clone())?;
    let coordinator = coordinator_key(&args.to_key)?;
    let user_id = coordinator.user_ids().into_iter().next();
    let id = args.id;
    let path = args.out.unwrap_or_else(|| PathBuf::from(format!("sealdrop-{id}-forward.eml")));

    let policy = cx.client.call(&endpoint::Policy {}, &())?;
    let unlocked = decryptor.unlock()?;
    let plaintext = decrypted_report(cx, &id, &unlocked, &policy)?;
    let (armored, signer) = seal(cx, &unlocked, std::slice::from_ref(&coordinator), plaintext)?;
    let to = user_id.as_deref().and_then(address).unwrap_or("undisclosed-recipients:;");
    let from = policy.contact.email.as_ref().map_or("sealdrop@sealdrop.invalid", |e| e.as_str());
    let mail = forward_mail(from, to, &id, &armored)?;

    // The file is claimed first (an existing one stops everything), then the audit log records
    // the forward, and only then does the file get its content.
    let mut file = private::create_file(&path)?;
    let record = ForwardRecord {
        fingerprint: coordinator.fingerprint(),
        to: user_id.as_deref().map(|u| u.chars().filter(|c| !c.is_control()).take(MAX_FORWARD_TO_CHARS).collect()),
    };
    let entry = match cx.client.call(&endpoint::StaffForwarded { id: id.clone() }, &record) {
        Ok(entry) => entry,
        Err(e) => {
            drop(file);
            let _ = std::fs::remove_file(&path);
            return Err(e);
        }
    };
    file.write_all(mail.as_bytes()).and_then(|()| file.sync_all()).map_err(CliError::file(&path))?;

    let shown = terminal_safe;
    writeln!(out, "Case {id} forwarded: {}", shown(&path.display().to_string()))?;
    writeln!(out, "  encrypted to:  {} (only)", coordinator.fingerprint().grouped())?;
    if let Some(user_id) = &user_id {
        writeln!(out, "                 {}", shown(user_id))?;
    }
    writeln!(out, "  signed by:     {signer}")?;
    writeln!(out, "  audit log:     {} by {} at {}", entry.action, shown(&entry.actor), entry.at)?;
    writeln!(out, "Send it with your mail client (for example: sendmail -t < FILE, or import it as a draft).")?;
    Ok(())
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

/// The address in a user id such as `CERT <cert@example.org>` (or one that is only an address).
fn address(user_id: &str) -> Option<&str> {
    let inner = match (user_id.rfind('<'), user_id.rfind('>')) {
        (Some(start), Some(end)) if start < end => &user_id[start + 1..end],
        _ => user_id.trim(),
    };
    let plain = inner.contains('@') && inner.chars().all(|c| c.is_ascii_graphic() && !"<>()[],;:\\\"".contains(c));
    plain.then_some(inner)
}

/// The PGP/MIME mail carrying the forward.
fn forward_mail(from: &str, to: &str, id: &CaseId, armored: &str) -> Result<String, CliError> {
    let mut random = [0u8; 16];
    rand::RngCore::try_fill_bytes(&mut rand::rngs::OsRng, &mut random)
        .map_err(|e| CliError::Decrypt(format!("randomness: {e}")))?;
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
            ("Evil <a b@c>", None),
        ] {
            assert_eq!(address(user_id), expected, "{user_id:?}");
        }
    }

    #[test]
    fn the_mail_is_pgp_mime_with_a_generic_subject() {
        let id: CaseId = "01KAY8R5S7X0V3M2QJ4N6T8W9Z".parse().expect("id");
        let armored = "-----BEGIN PGP MESSAGE-----\n\nwV4D\n-----END PGP MESSAGE-----\n";
        let mail = forward_mail("security@acme.example", "cert@csirt.example", &id, armored).expect("mail");
        assert!(mail.contains("To: <cert@csirt.example>\r\n"), "{mail}");
        assert!(mail.contains("Subject: Forwarded vulnerability report 01KAY8R5S7X0V3M2QJ4N6T8W9Z\r\n"));
        assert!(mail.contains("Content-Type: multipart/encrypted; protocol=\"application/pgp-encrypted\""));
        assert!(mail.contains("-----BEGIN PGP MESSAGE-----\r\n\r\nwV4D\r\n-----END PGP MESSAGE-----\r\n"));
    }
}
