//! `sealdrop hold`: a legal hold. A held case is never deleted under the policy's retention;
//! `--release` lifts the hold (the retention then runs from the case's closing as before). A hold
//! cannot stop a deletion that has begun.

use std::io::Write;

use sealdrop_shared::api::endpoint;
use sealdrop_shared::id::CaseId;
use sealdrop_shared::retention::HoldChange;

use super::{Context, case_id};
use crate::error::CliError;
use crate::output;

/// `sealdrop hold`'s arguments.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Case id.
    #[arg(value_parser = case_id)]
    pub id: CaseId,
    /// Why (one line, kept in the record and the audit log), e.g. a matter number.
    #[arg(long, value_name = "TEXT", conflicts_with = "release")]
    pub reason: Option<String>,
    /// Lift the hold.
    #[arg(long)]
    pub release: bool,
}

/// Places or lifts the hold and prints the record.
pub fn run(args: Args, cx: &Context, out: &mut impl Write) -> Result<(), CliError> {
    let change = HoldChange { hold: !args.release, reason: args.reason };
    change.check().map_err(|e| CliError::Usage(e.to_string()))?;
    let record = cx.client.call(&endpoint::StaffHold { id: args.id }, &change)?;
    write!(out, "{}", output::record_lines(&record))?;
    Ok(())
}
