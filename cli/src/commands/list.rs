//! `sealdrop list`: reports, newest first, with what is overdue or due soon and whether staff
//! were e-mailed about each.

use std::io::Write;

use chrono::Utc;
use sealdrop_shared::api::endpoint;

use super::{Context, pretty_for_terminal};
use crate::error::CliError;
use crate::{output, trust};

/// The most reports the worker lists at once.
const MAX_LIMIT: u32 = 500;

/// `sealdrop list`'s arguments.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    /// How many reports (at most 500).
    #[arg(long, default_value_t = 100)]
    pub limit: u32,
}

/// Prints the listing: a table, or with `--json` the worker's JSON with each report's urgency.
/// With keys pinned, the served policy is fetched too and a warning printed when its keys differ;
/// a warning on stderr names the cases whose e-mail to staff failed.
pub fn run(args: Args, cx: &Context, out: &mut impl Write) -> Result<(), CliError> {
    let query = [("limit", args.limit.clamp(1, MAX_LIMIT).to_string())];
    let list = cx.client.call_with_query(&endpoint::StaffList {}, &query, &())?;
    if !cx.pins.is_empty() {
        match cx.client.call(&endpoint::Policy {}, &()) {
            Ok(policy) => {
                trust::check_served(&policy, &cx.pins);
            }
            Err(e) => trust::warn(&format!("cannot check the served keys against your pins: {e}")),
        }
    }
    let now = Utc::now();
    if args.json {
        let rows: Vec<serde_json::Value> = list
            .reports
            .iter()
            .map(|r| {
                let mut v = serde_json::to_value(r).unwrap_or_default();
                v["urgency"] = serde_json::to_value(output::report_urgency(r, now)).unwrap_or_default();
                v
            })
            .collect();
        writeln!(out, "{}", pretty_for_terminal(&serde_json::json!({ "reports": rows }))?)?;
    } else {
        write!(out, "{}", output::list_table(&list.reports, now, output::colour_stdout()))?;
    }
    if let Some(warning) = output::notification_warning(&list.reports) {
        trust::warn(&warning);
    }
    Ok(())
}
