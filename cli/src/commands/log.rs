//! `sealdrop log`: who did what to a case, oldest first.

use std::io::Write;

use sealdrop_shared::api::endpoint;
use sealdrop_shared::id::CaseId;

use super::{Context, case_id, pretty_for_terminal};
use crate::error::CliError;
use crate::output;

/// `sealdrop log`'s arguments.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Case id.
    #[arg(value_parser = case_id)]
    pub id: CaseId,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Prints the audit log as a table or as the worker's JSON.
pub fn run(args: Args, cx: &Context, out: &mut impl Write) -> Result<(), CliError> {
    let log = cx.client.call(&endpoint::StaffLog { id: args.id }, &())?;
    if args.json {
        writeln!(out, "{}", pretty_for_terminal(&log)?)?;
    } else {
        write!(out, "{}", output::audit_table(&log.entries))?;
    }
    Ok(())
}
