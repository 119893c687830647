//! `sealdrop cra`: the CRA clock of a case flagged exploited. `cra ID early-warning --done` (or
//! `notification`, `final`) records that an obligation was met, which stops its notices;
//! `cra ID fix-available` starts the final report's 14 days (status `resolved` does too);
//! `cra ID withdraw` says it was not exploited after all.

use std::io::Write;

use sealdrop_shared::api::endpoint;
use sealdrop_shared::cra::{CraChange, CraProblem, Obligation};
use sealdrop_shared::id::CaseId;

use super::{Context, case_id};
use crate::error::CliError;
use crate::output;

/// `sealdrop cra`'s arguments.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Case id.
    #[arg(value_parser = case_id)]
    pub id: CaseId,
    /// early-warning, notification or final (with --done), fix-available, or withdraw.
    #[arg(value_parser = what, value_name = "WHAT")]
    pub what: What,
    /// Mark the obligation done (it was sent to the CSIRT / ENISA).
    #[arg(long)]
    pub done: bool,
}

/// What `sealdrop cra` records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum What {
    /// An obligation (needs `--done`).
    Obligation(Obligation),
    /// A fix is available.
    FixAvailable,
    /// Not exploited after all.
    Withdraw,
}

/// clap's `value_parser` for `WHAT`.
pub fn what(text: &str) -> Result<What, CliError> {
    match text.trim().to_ascii_lowercase().replace('_', "-").as_str() {
        "fix-available" => Ok(What::FixAvailable),
        "withdraw" => Ok(What::Withdraw),
        other => other
            .parse()
            .map(What::Obligation)
            .map_err(|e: CraProblem| CliError::Usage(format!("{e}, or fix-available, or withdraw"))),
    }
}

/// The change `args` ask for.
fn change(args: &Args) -> Result<CraChange, CliError> {
    match (args.what, args.done) {
        (What::Obligation(obligation), true) => Ok(CraChange::Done { obligation }),
        (What::Obligation(o), false) => Err(CliError::Usage(format!(
            "add --done to mark the {} done: sealdrop cra ID {} --done",
            o.label(),
            o.arg()
        ))),
        (What::FixAvailable, false) => Ok(CraChange::FixAvailable),
        (What::Withdraw, false) => Ok(CraChange::Withdraw),
        (_, true) => Err(CliError::Usage("--done goes with early-warning, notification or final".to_owned())),
    }
}

/// Records the change and prints the record with the obligations.
pub fn run(args: Args, cx: &Context, out: &mut impl Write) -> Result<(), CliError> {
    let change = change(&args)?;
    let record = cx.client.call(&endpoint::StaffCra { id: args.id }, &change)?;
    write!(out, "{}", output::record_lines(&record))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(what_text: &str, done: bool) -> Result<CraChange, String> {
        let id = "01KAY8R5S7X0V3M2QJ4N6T8W9Z".parse().expect("id");
        let what = what(what_text).map_err(|e| e.to_string())?;
        change(&Args { id, what, done }).map_err(|e| e.to_string())
    }

    #[test]
    fn what_and_done_make_one_change() {
        assert_eq!(args("early-warning", true), Ok(CraChange::Done { obligation: Obligation::EarlyWarning }));
        assert_eq!(args("Final", true), Ok(CraChange::Done { obligation: Obligation::Final }));
        assert_eq!(args("fix_available", false), Ok(CraChange::FixAvailable));
        assert_eq!(args("withdraw", false), Ok(CraChange::Withdraw));
        assert!(args("notification", false).is_err_and(|e| e.contains("add --done")));
        assert!(args("withdraw", true).is_err_and(|e| e.contains("--done goes with")));
        assert!(args("early", true).is_err_and(|e| e.contains("use early-warning, notification or final")));
    }
}
