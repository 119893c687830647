//! `sealdrop stats`: how the team keeps its promise. Reports received, time to acknowledge and to
//! triage (median and 90th percentile), promises kept, missed and still open: for every case,
//! then per month of receipt in the policy's time zone (`sealdrop_shared::stats`).

use std::io::Write;

use chrono::NaiveDate;
use sealdrop_shared::api::endpoint;
use sealdrop_shared::stats::{Period, Spread, Stats, human};

use super::{Context, pretty_for_terminal};
use crate::error::CliError;

/// `sealdrop stats`'s arguments.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Count only cases received from this day on (YYYY-MM-DD, in the policy's time zone).
    #[arg(long, value_name = "DATE")]
    pub since: Option<NaiveDate>,
    /// Print the worker's JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Prints the numbers.
pub fn run(args: Args, cx: &Context, out: &mut impl Write) -> Result<(), CliError> {
    let query: Vec<(&'static str, String)> = args.since.iter().map(|d| ("since", d.to_string())).collect();
    let stats = cx.client.call_with_query(&endpoint::StaffStats {}, &query, &())?;
    if args.json {
        writeln!(out, "{}", pretty_for_terminal(&stats)?)?;
    } else {
        write!(out, "{}", table(&stats))?;
    }
    Ok(())
}

fn spread_cells(s: &Spread) -> [String; 2] {
    let cell = |v: Option<f64>| v.map_or_else(|| "-".to_owned(), human);
    [cell(s.median_secs), cell(s.p90_secs)]
}

fn row(p: &Period) -> String {
    let [ack_median, ack_p90] = spread_cells(&p.time_to_acknowledge);
    let [triage_median, triage_p90] = spread_cells(&p.time_to_triage);
    let line = format!(
        "{:<8} {:>8}  {ack_median:>12} {ack_p90:>12}  {triage_median:>12} {triage_p90:>12}  {:>5} {:>6} {:>5}",
        p.period, p.received, p.promises_kept, p.promises_missed, p.promises_open
    );
    format!("{}\n", line.trim_end())
}

/// The table `sealdrop stats` prints.
pub fn table(stats: &Stats) -> String {
    let mut out = match stats.since {
        Some(day) => format!("Cases received since {day}, by month in {}.\n", stats.time_zone),
        None => format!("Every case, by month of receipt in {}.\n", stats.time_zone),
    };
    if stats.total.received == 0 {
        out.push_str("No reports received in that time.\n");
        return out;
    }
    out.push_str(&format!(
        "{:<8} {:>8}  {:>25}  {:>25}  {:>18}\n",
        "", "", "time to acknowledge", "time to triage", "response promise"
    ));
    out.push_str(&format!(
        "{:<8} {:>8}  {:>12} {:>12}  {:>12} {:>12}  {:>5} {:>6} {:>5}\n",
        "month", "received", "median", "90th pct", "median", "90th pct", "kept", "missed", "open"
    ));
    for p in &stats.months {
        out.push_str(&row(p));
    }
    out.push_str(&row(&stats.total));
    if stats.truncated {
        out.push_str("Only the newest 10000 cases are counted; use --since for an older period.\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_reads_each_month_then_all() {
        let spread = |median: f64, p90: f64| Spread { count: 2, median_secs: Some(median), p90_secs: Some(p90) };
        let period = |name: &str| Period {
            period: name.to_owned(),
            received: 3,
            time_to_acknowledge: spread(4.0 * 3600.0, 30.0 * 3600.0),
            time_to_triage: Spread::default(),
            promises_kept: 2,
            promises_missed: 1,
            promises_open: 0,
        };
        let stats = Stats {
            since: Some("2026-03-01".parse().expect("date")),
            time_zone: "Europe/Amsterdam".into(),
            truncated: false,
            total: period("all"),
            months: vec![period("2026-03")],
        };
        let text = table(&stats);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "Cases received since 2026-03-01, by month in Europe/Amsterdam.");
        let march: Vec<&str> = lines[3].split_whitespace().collect();
        assert_eq!(march, ["2026-03", "3", "4", "h", "1", "d", "6", "h", "-", "-", "2", "1", "0"]);
        assert!(lines[4].starts_with("all "));
        let empty = Stats { total: Period { received: 0, ..period("all") }, months: vec![], ..stats };
        assert!(table(&empty).ends_with("No reports received in that time.\n"));
    }
}
