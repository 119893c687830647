//! `sealdrop note`: an internal note on a case, for staff only. It is signed with your key and
//! encrypted here to the served organisation and staff keys, every one of which must be pinned,
//! and never to the reporter; the worker refuses a note addressed to anyone else and keeps notes
//! apart from the follow-up messages, so no reporter endpoint returns one. `sealdrop show` lists
//! them with author and time.

use std::io::Write;
use std::path::PathBuf;

use sealdrop_shared::api::endpoint;
use sealdrop_shared::id::CaseId;

use super::reply::{read_message, seal};
use super::{Context, case_id};
use crate::decrypt::DecryptWith;
use crate::error::CliError;
use crate::trust;

/// `sealdrop note`'s arguments.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Case id.
    #[arg(value_parser = case_id)]
    pub id: CaseId,
    /// The note (UTF-8); `-` reads standard input.
    #[arg(long, value_name = "FILE")]
    pub message_file: PathBuf,
    /// How to sign the note: a key file, or `--gpg` with gpg's default key.
    #[command(flatten)]
    pub decrypt: DecryptWith,
}

/// Signs, encrypts and posts the note, and says to whom it is readable.
pub fn run(args: Args, cx: &Context, out: &mut impl Write) -> Result<(), CliError> {
    let decryptor = args.decrypt.decryptor(cx.default_key.clone())?;
    let text = read_message(&args.message_file)?;
    let policy = cx.client.call(&endpoint::Policy {}, &())?;
    let served = policy.recipient_keys().map_err(|e| CliError::Server(format!("the policy's keys: {e}")))?;
    trust::warn_on_drift(&served, &cx.pins);
    let pinned = trust::pinned_recipients(served, &cx.pins)?;
    let unlocked = decryptor.unlock()?;
    let entity = sealdrop_shared::mime::build_message(&format!("Internal note on case {}", args.id), &text, &[]);
    let (armored, signer) = seal(cx, &unlocked, &pinned, entity)?;
    let answer = cx.client.send_armored(&endpoint::StaffNote { id: args.id.clone() }, &armored)?;
    writeln!(out, "Note {} added to case {} at {}.", answer.id, args.id, answer.at)?;
    writeln!(out, "  signed by:     {signer}")?;
    let mut label = "  readable by:  ";
    for key in &pinned {
        writeln!(out, "{label}{} (pinned)", key.fingerprint().short())?;
        label = "                ";
    }
    writeln!(out, "  never encrypted to the reporter")?;
    Ok(())
}
