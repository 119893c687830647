//! `sealdrop reward`: record what was awarded.

use std::io::Write;

use sealdrop_shared::api::endpoint;
use sealdrop_shared::id::CaseId;
use sealdrop_shared::staff::RewardChange;

use super::{Context, case_id};
use crate::error::CliError;
use crate::output;

/// `sealdrop reward`'s arguments.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Case id.
    #[arg(value_parser = case_id)]
    pub id: CaseId,
    /// What was awarded.
    #[arg(long)]
    pub amount: String,
}

/// Records the reward and prints the record.
pub fn run(args: Args, cx: &Context, out: &mut impl Write) -> Result<(), CliError> {
    let record = cx.client.call(&endpoint::StaffReward { id: args.id }, &RewardChange { amount: args.amount })?;
    write!(out, "{}", output::record_lines(&record))?;
    Ok(())
}
