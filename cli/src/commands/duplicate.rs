//! `sealdrop duplicate ID --of OTHER`: the case duplicates a known one. Its status becomes
//! `duplicate` and the record links the other case; the reporter sees "duplicate of a known
//! report", never the other case.

use std::io::Write;

use sealdrop_shared::api::endpoint;
use sealdrop_shared::id::CaseId;
use sealdrop_shared::staff::DuplicateChange;

use super::{Context, case_id};
use crate::error::CliError;
use crate::output;

/// `sealdrop duplicate`'s arguments.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Case id.
    #[arg(value_parser = case_id)]
    pub id: CaseId,
    /// The case it duplicates.
    #[arg(long, value_parser = case_id, value_name = "OTHER")]
    pub of: CaseId,
}

/// Marks the duplicate and prints the record.
pub fn run(args: Args, cx: &Context, out: &mut impl Write) -> Result<(), CliError> {
    let change = DuplicateChange { of: args.of };
    change.check(&args.id).map_err(|e| CliError::Usage(e.to_string()))?;
    let record = cx.client.call(&endpoint::StaffDuplicate { id: args.id }, &change)?;
    write!(out, "{}", output::record_lines(&record))?;
    Ok(())
}
