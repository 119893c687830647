//! `sealdrop disclosure ID DATE`: the planned disclosure date, which the reporter sees with the
//! timeline of their case; `--clear` removes it.

use std::io::Write;

use chrono::NaiveDate;
use sealdrop_shared::api::endpoint;
use sealdrop_shared::id::CaseId;
use sealdrop_shared::staff::DisclosureChange;

use super::{Context, case_id};
use crate::error::CliError;
use crate::output;

/// `sealdrop disclosure`'s arguments.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Case id.
    #[arg(value_parser = case_id)]
    pub id: CaseId,
    /// The planned day (YYYY-MM-DD, in the policy's time zone).
    #[arg(required_unless_present = "clear", conflicts_with = "clear", value_name = "DATE")]
    pub date: Option<NaiveDate>,
    /// Remove the planned date.
    #[arg(long)]
    pub clear: bool,
}

/// Records the date and prints the record.
pub fn run(args: Args, cx: &Context, out: &mut impl Write) -> Result<(), CliError> {
    let record = cx.client.call(&endpoint::StaffDisclosure { id: args.id }, &DisclosureChange { date: args.date })?;
    write!(out, "{}", output::record_lines(&record))?;
    Ok(())
}
