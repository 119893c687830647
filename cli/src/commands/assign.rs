//! `sealdrop assign`: who works on a case, a staff member named in the worker's `STAFF_TOKENS`
//! (the worker refuses other names and says which there are); `--nobody` unassigns it.

use std::io::Write;

use sealdrop_shared::api::endpoint;
use sealdrop_shared::id::CaseId;
use sealdrop_shared::staff::AssignChange;

use super::{Context, case_id};
use crate::error::CliError;
use crate::output;

/// `sealdrop assign`'s arguments.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Case id.
    #[arg(value_parser = case_id)]
    pub id: CaseId,
    /// The staff member's name, as in STAFF_TOKENS.
    #[arg(required_unless_present = "nobody", conflicts_with = "nobody")]
    pub name: Option<String>,
    /// Unassign the case.
    #[arg(long)]
    pub nobody: bool,
}

/// Assigns the case and prints its record.
pub fn run(args: Args, cx: &Context, out: &mut impl Write) -> Result<(), CliError> {
    let change = AssignChange { assignee: args.name };
    let record = cx.client.call(&endpoint::StaffAssign { id: args.id }, &change)?;
    write!(out, "{}", output::record_lines(&record))?;
    Ok(())
}
