//! `sealdrop export`: a case as one JSON document (record, audit log, ciphertext), for archives
//! and other tools. Nothing is decrypted. The JSON is printed with DEL, C1 and bidirectional
//! controls as `\uXXXX` escapes (the same JSON value), so it is safe on a terminal too.

use std::io::Write;

use sealdrop_shared::api::endpoint;
use sealdrop_shared::id::CaseId;

use super::{Context, case_id, pretty_for_terminal};
use crate::error::CliError;

/// The `format` of an export.
pub const FORMAT: &str = "sealdrop.case.v1";

/// `sealdrop export`'s arguments.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Case id.
    #[arg(value_parser = case_id)]
    pub id: CaseId,
}

/// Prints the export.
pub fn run(args: Args, cx: &Context, out: &mut impl Write) -> Result<(), CliError> {
    let id = args.id;
    let record = cx.client.call(&endpoint::StaffRecord { id: id.clone() }, &())?;
    let log = cx.client.call(&endpoint::StaffLog { id: id.clone() }, &())?;
    let ciphertext = cx.client.download_bytes(&endpoint::StaffGet { id }, "downloading")?;
    // A report uploaded in parts is binary OpenPGP: the export carries it armored, as every other.
    let ciphertext = if ciphertext.trim_ascii_start().starts_with(b"-----BEGIN") {
        String::from_utf8_lossy(&ciphertext).into_owned()
    } else {
        sealdrop_shared::envelope::armor(&ciphertext)
    };
    let export = serde_json::json!({
        "format": FORMAT,
        "record": record,
        "log": log.entries,
        "ciphertext": ciphertext,
    });
    writeln!(out, "{}", pretty_for_terminal(&export)?)?;
    Ok(())
}
