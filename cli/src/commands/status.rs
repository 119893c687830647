//! `sealdrop status`: set a report's status. The status is parsed by clap into the shared
//! [`Status`] (its `FromStr`, which forgives case, blanks and `-`), so an unknown one fails before
//! anything is sent.

use std::io::Write;

use chrono::NaiveDate;
use sealdrop_shared::api::endpoint;
use sealdrop_shared::id::CaseId;
use sealdrop_shared::staff::{ChangeProblem, Status, StatusChange};

use super::{Context, case_id};
use crate::error::CliError;
use crate::output;

/// `sealdrop status`'s arguments.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Case id.
    #[arg(value_parser = case_id)]
    pub id: CaseId,
    /// The new status.
    #[arg(value_parser = status)]
    pub status: Status,
    /// The date you expect the problem to be resolved (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub expected_resolution: Option<NaiveDate>,
}

/// clap's `value_parser` for `STATUS`: the shared names; an unknown one is a usage error that
/// lists them.
pub fn status(text: &str) -> Result<Status, CliError> {
    text.parse().map_err(|e: ChangeProblem| CliError::Usage(e.to_string()))
}

/// Changes the status and prints the record.
pub fn run(args: Args, cx: &Context, out: &mut impl Write) -> Result<(), CliError> {
    let change = StatusChange { status: args.status, expected_resolution: args.expected_resolution };
    let record = cx.client.call(&endpoint::StaffStatus { id: args.id }, &change)?;
    write!(out, "{}", output::record_lines(&record))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_parses_by_its_name() {
        for s in Status::ALL {
            assert!(matches!(status(s.as_str()), Ok(parsed) if parsed == s), "{s}");
        }
        assert!(matches!(status("Not a vulnerability"), Ok(Status::NotAVulnerability)));
        assert!(matches!(status("out-of-scope"), Ok(Status::OutOfScope)));
        assert!(matches!(status("fixed"), Err(CliError::Usage(m)) if m.contains("is not a status; use one of:")));
    }
}
