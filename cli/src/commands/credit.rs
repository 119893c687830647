//! `sealdrop credit`: record how the reporter is credited, optionally in the hall of fame.

use std::io::Write;

use sealdrop_shared::api::endpoint;
use sealdrop_shared::id::CaseId;
use sealdrop_shared::staff::CreditChange;

use super::{Context, case_id};
use crate::error::CliError;
use crate::output::terminal_safe;

/// `sealdrop credit`'s arguments.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Case id.
    #[arg(value_parser = case_id)]
    pub id: CaseId,
    /// The name or handle to credit.
    #[arg(long)]
    pub name: String,
    /// An https:// link for the name.
    #[arg(long)]
    pub link: Option<String>,
    /// Show it in the public hall of fame.
    #[arg(long)]
    pub publish: bool,
}

/// Records the credit and says whether it is published.
pub fn run(args: Args, cx: &Context, out: &mut impl Write) -> Result<(), CliError> {
    let Args { id, name, link, publish } = args;
    let change = CreditChange { name, link, publish };
    let credit = cx.client.call(&endpoint::StaffCredit { id: id.clone() }, &change)?;
    let published = if publish { "published in the hall of fame" } else { "recorded, not published" };
    writeln!(out, "Credit for {id}: {} ({published})", terminal_safe(&credit.name))?;
    Ok(())
}
