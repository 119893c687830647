//! `sealdrop ack`: acknowledge a report, i.e. set its status to `acknowledged`.

use std::io::Write;

use sealdrop_shared::api::endpoint;
use sealdrop_shared::id::CaseId;
use sealdrop_shared::staff::{Status, StatusChange};

use super::{Context, case_id};
use crate::error::CliError;
use crate::output;

/// `sealdrop ack`'s arguments.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Case id.
    #[arg(value_parser = case_id)]
    pub id: CaseId,
}

/// Acknowledges the case and prints its record.
pub fn run(args: Args, cx: &Context, out: &mut impl Write) -> Result<(), CliError> {
    let change = StatusChange { status: Status::Acknowledged, expected_resolution: None };
    let record = cx.client.call(&endpoint::StaffStatus { id: args.id }, &change)?;
    write!(out, "{}", output::record_lines(&record))?;
    Ok(())
}
