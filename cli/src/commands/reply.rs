//! `sealdrop reply`: a message to the reporter through the follow-up channel, signed by you. The
//! worker hands out the reporter's public reply key and the policy's keys; nothing of that is
//! taken on trust. Every served organisation and staff key must be pinned (else nothing is
//! encrypted, and the unpinned key is named), and before encrypting to the reply key the report is
//! decrypted here and the key inside it (which the worker never saw in clear) must be the same,
//! so a compromised server can neither add a reader nor slip in a key of its own.

use std::io::{Read as _, Write};
use std::path::{Path, PathBuf};

use sealdrop_shared::api::endpoint;
use sealdrop_shared::followup::MessageAnswer;
use sealdrop_shared::id::CaseId;
use sealdrop_shared::key::RecipientKey;
use sealdrop_shared::mime::Attachment;

use super::{Context, case_id};
use crate::decrypt::{DecryptWith, Decryptor, Unlocked};
use crate::error::CliError;
use crate::{gpg, trust};

/// `sealdrop reply`'s arguments.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Case id.
    #[arg(value_parser = case_id)]
    pub id: CaseId,
    /// The message text (UTF-8); `-` reads standard input.
    #[arg(long, value_name = "FILE")]
    pub message_file: PathBuf,
    /// A file to attach (repeatable).
    #[arg(long, value_name = "FILE")]
    pub attach: Vec<PathBuf>,
    /// How to open the report (to check the reporter's key) and sign the reply: a key file
    /// signs with that key, `--gpg` with gpg's default key.
    #[command(flatten)]
    pub decrypt: DecryptWith,
}

/// Sends the reply and says so.
pub fn run(args: Args, cx: &Context, out: &mut impl Write) -> Result<(), CliError> {
    let decryptor = args.decrypt.decryptor(cx.default_key.clone())?;
    let sent = send(cx, &args.id, &decryptor, &args.message_file, &args.attach)?;
    writeln!(out, "Reply {} sent on case {} at {}.", sent.answer.id, args.id, sent.answer.at)?;
    writeln!(out, "  signed by:     {}", sent.signer)?;
    writeln!(out, "  encrypted to:  the reporter's reply key {}", sent.reply_key.fingerprint().short())?;
    for key in &sent.pinned {
        writeln!(out, "                 {} (pinned)", key.fingerprint().short())?;
    }
    Ok(())
}

/// What was sent.
struct Sent {
    answer: MessageAnswer,
    /// Who signed: a grouped fingerprint, or "the default key of `gpg`".
    signer: String,
    reply_key: RecipientKey,
    pinned: Vec<RecipientKey>,
}

/// The text of a reply or note: a file, or standard input for `-`; never empty.
pub(super) fn read_message(path: &Path) -> Result<String, CliError> {
    let mut text = String::new();
    if path == Path::new("-") {
        std::io::stdin().read_to_string(&mut text).map_err(CliError::file(path))?;
    } else {
        text = std::fs::read_to_string(path).map_err(CliError::file(path))?;
    }
    if text.trim().is_empty() {
        return Err(CliError::Usage(format!("{} is empty: write the message first", path.display())));
    }
    Ok(text)
}

fn attachment(path: &PathBuf) -> Result<Attachment, CliError> {
    let bytes = std::fs::read(path).map_err(CliError::file(path))?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "attachment".into());
    Ok(Attachment { name, media_type: "application/octet-stream".into(), bytes })
}

fn key(armored: &str, what: &str) -> Result<RecipientKey, CliError> {
    RecipientKey::parse(armored).map_err(|e| CliError::Server(format!("{what} cannot be used: {e}")))
}

/// Checks the served keys against the pins, checks the served reply key against the report,
/// then signs, encrypts and posts the reply.
fn send(
    cx: &Context,
    id: &CaseId,
    decryptor: &Decryptor,
    message_file: &Path,
    attach: &[PathBuf],
) -> Result<Sent, CliError> {
    let client = &cx.client;
    let text = read_message(message_file)?;
    let files = attach.iter().map(attachment).collect::<Result<Vec<_>, _>>()?;

    // First the pins: an unpinned reader stops everything before the report is even downloaded.
    let policy = client.call(&endpoint::Policy {}, &())?;
    let served = policy.recipient_keys().map_err(|e| CliError::Server(format!("the policy's keys: {e}")))?;
    trust::warn_on_drift(&served, &cx.pins);
    let pinned = trust::pinned_recipients(served, &cx.pins)?;

    let record = client.call(&endpoint::StaffRecord { id: id.clone() }, &())?;
    let served = record.reply_key.ok_or_else(|| CliError::Refused {
        status: 409,
        code: "no_reply_channel".into(),
        message: "this report was sent without a receipt, so there is no key to reply to".into(),
    })?;
    let served = key(&served, "the reply key the server hands out")?;

    let unlocked = decryptor.unlock()?;
    let ciphertext = client.download_bytes(&endpoint::StaffGet { id: id.clone() }, "checking the reporter's key")?;
    let plaintext = unlocked.decrypt(&ciphertext, sealdrop_shared::envelope::plaintext_limit(&policy))?;
    let inside = sealdrop_shared::received::parse(&plaintext)
        .map_err(|e| CliError::Decrypt(format!("decrypted, but not a Sealdrop report: {e}")))?
        .json
        .reply_key
        .ok_or_else(|| CliError::Decrypt("the encrypted report carries no reply key; not replying".into()))?;
    let inside = key(&inside, "the reply key inside the report")?;
    if inside.fingerprint() != served.fingerprint() {
        return Err(CliError::Decrypt(format!(
            "the server hands out reply key {} but the report was written for {}; not sending",
            served.fingerprint(),
            inside.fingerprint()
        )));
    }

    let mut keys = pinned.clone();
    keys.push(inside.clone());
    let entity = sealdrop_shared::mime::build_message(&format!("Reply on case {id}"), &text, &files);
    let (armored, signer) = seal(cx, &unlocked, &keys, entity)?;
    let answer = client.send_armored(&endpoint::StaffReply { id: id.clone() }, &armored)?;
    Ok(Sent { answer, signer, reply_key: inside, pinned })
}

/// Signs `entity` with the unlocked key (or gpg's default key) and encrypts it to `keys`; returns
/// the armored message and who signed (a grouped fingerprint, or "the default key of `gpg`").
pub(super) fn seal(
    cx: &Context,
    unlocked: &Unlocked,
    keys: &[RecipientKey],
    entity: Vec<u8>,
) -> Result<(String, String), CliError> {
    Ok(match unlocked {
        Unlocked::Key(secret) => {
            let fingerprint = secret.fingerprint()?;
            if !cx.pins.contains(&fingerprint) {
                trust::warn(&format!(
                    "signing with {fingerprint}, which is not among the pinned keys: readers who check signatures \
                     against the pinned keys will not count it"
                ));
            }
            let armored = sealdrop_shared::envelope::encrypt_signed(
                keys,
                entity,
                secret.key(),
                secret.password(),
                rand::rngs::OsRng,
            )
            .map_err(|e| CliError::Decrypt(format!("signing and encrypting: {e}")))?;
            (armored, fingerprint.grouped())
        }
        Unlocked::Gpg(program) => {
            (gpg::sign_and_encrypt(program, keys, &entity)?, format!("the default key of `{program}`"))
        }
    })
}
