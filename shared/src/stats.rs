//! `sealdrop stats`: how the team keeps its promise, from each case's times alone. Received =
//! cases received in the period; acknowledged = the first acknowledgement; triaged = the first
//! status change to one of [`crate::staff::Status::TRIAGED`]; a promise is kept when the case was acknowledged by its
//! `respond_by`, missed when it was acknowledged later or not at all by then, and still open
//! while it may yet be kept. Periods are calendar months of the policy's time zone, by receipt.
//!
//! Medians of an even count are the mean of the two middle values; the 90th percentile is the
//! nearest rank (the smallest value at least 90 % of the values do not exceed). Everything takes
//! "now" as a parameter, so it is tested natively.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::id::CaseId;
use crate::time::Timestamp;

/// The most cases one answer counts (older ones beyond it are left out, and the answer says so).
pub const MAX_CASES: u32 = 10_000;

/// One case's times, as the store has them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseTimes {
    /// Case id.
    pub id: CaseId,
    /// When it arrived.
    pub received_at: Timestamp,
    /// The end of the promised response window.
    pub respond_by: Timestamp,
    /// The first acknowledgement.
    pub acknowledged_at: Option<Timestamp>,
    /// The first change to a [`crate::staff::Status::TRIAGED`] status.
    pub triaged_at: Option<Timestamp>,
}

/// A median and a 90th percentile, in seconds (absent when nothing was measured).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Spread {
    /// How many durations.
    pub count: u32,
    /// Their median, in seconds.
    pub median_secs: Option<f64>,
    /// Their 90th percentile (nearest rank), in seconds.
    pub p90_secs: Option<f64>,
}

impl Spread {
    /// The spread of `values` (seconds, any order).
    pub fn of(mut values: Vec<f64>) -> Self {
        values.sort_by(f64::total_cmp);
        let n = values.len();
        if n == 0 {
            return Self::default();
        }
        let median = if n % 2 == 1 { values[n / 2] } else { (values[n / 2 - 1] + values[n / 2]) / 2.0 };
        let rank = (n * 9).div_ceil(10).max(1);
        Self { count: n as u32, median_secs: Some(median), p90_secs: Some(values[rank - 1]) }
    }
}

/// The numbers of one period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Period {
    /// `YYYY-MM`, or `all` for the whole range.
    pub period: String,
    /// Cases received.
    pub received: u32,
    /// From receipt to the first acknowledgement.
    pub time_to_acknowledge: Spread,
    /// From receipt to the first triage.
    pub time_to_triage: Spread,
    /// Acknowledged by the promised time.
    pub promises_kept: u32,
    /// Acknowledged late, or not acknowledged by the promised time.
    pub promises_missed: u32,
    /// Not acknowledged yet, and the promised time has not come.
    pub promises_open: u32,
}

/// `GET /api/v1/staff/stats`: the whole range, then each month with a case, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    /// The first day counted (in the policy's time zone), if limited.
    pub since: Option<NaiveDate>,
    /// The time zone of the months.
    pub time_zone: String,
    /// Whether more than [`MAX_CASES`] cases matched (only the newest were counted).
    pub truncated: bool,
    /// All the cases counted.
    pub total: Period,
    /// Month by month.
    pub months: Vec<Period>,
}

fn seconds(from: Timestamp, to: Timestamp) -> f64 {
    (to.utc() - from.utc()).num_milliseconds().max(0) as f64 / 1000.0
}

fn period(name: String, cases: &[&CaseTimes], now: DateTime<Utc>) -> Period {
    let (mut kept, mut missed, mut open) = (0, 0, 0);
    for c in cases {
        match c.acknowledged_at {
            Some(ack) if ack <= c.respond_by => kept += 1,
            Some(_) => missed += 1,
            None if now > c.respond_by.utc() => missed += 1,
            None => open += 1,
        }
    }
    let durations = |pick: fn(&CaseTimes) -> Option<Timestamp>| {
        Spread::of(cases.iter().filter_map(|c| pick(c).map(|t| seconds(c.received_at, t))).collect())
    };
    Period {
        period: name,
        received: cases.len() as u32,
        time_to_acknowledge: durations(|c| c.acknowledged_at),
        time_to_triage: durations(|c| c.triaged_at),
        promises_kept: kept,
        promises_missed: missed,
        promises_open: open,
    }
}

/// The statistics of `cases` at `now`, by month of receipt in `tz`.
pub fn compute(cases: &[CaseTimes], since: Option<NaiveDate>, tz: Tz, truncated: bool, now: DateTime<Utc>) -> Stats {
    let month = |c: &CaseTimes| {
        let local = c.received_at.utc().with_timezone(&tz);
        format!("{:04}-{:02}", local.year(), local.month())
    };
    let mut months: Vec<(String, Vec<&CaseTimes>)> = Vec::new();
    let mut sorted: Vec<&CaseTimes> = cases.iter().collect();
    sorted.sort_by_key(|c| c.received_at);
    for c in &sorted {
        let m = month(c);
        match months.last_mut() {
            Some((last, list)) if *last == m => list.push(c),
            _ => months.push((m, vec![c])),
        }
    }
    Stats {
        since,
        time_zone: tz.name().to_owned(),
        truncated,
        total: period("all".to_owned(), &sorted, now),
        months: months.into_iter().map(|(m, list)| period(m, &list, now)).collect(),
    }
}

/// A duration for people: `45 min`, `5 h 30 min`, `2 d 4 h`.
pub fn human(secs: f64) -> String {
    let minutes = (secs / 60.0).round() as i64;
    let (d, h, m) = (minutes / 1440, minutes % 1440 / 60, minutes % 60);
    match (d, h, m) {
        (0, 0, m) => format!("{m} min"),
        (0, h, 0) => format!("{h} h"),
        (0, h, m) => format!("{h} h {m} min"),
        (d, 0, _) => format!("{d} d"),
        (d, h, _) => format!("{d} d {h} h"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Timestamp {
        s.parse().expect("timestamp")
    }

    /// A case received at `received` with a promise at `respond_by`, acknowledged and triaged
    /// after that many hours (if ever).
    fn case(n: u8, received: &str, respond_by: &str, ack_h: Option<f64>, triage_h: Option<f64>) -> CaseTimes {
        let r = t(received);
        let after = |h: f64| Timestamp::from_utc(r.utc() + chrono::Duration::seconds((h * 3600.0) as i64));
        CaseTimes {
            id: format!("01KAY8R5S7X0V3M2QJ4N6T8W{:02}", n).parse().expect("id"),
            received_at: r,
            respond_by: t(respond_by),
            acknowledged_at: ack_h.map(after),
            triaged_at: triage_h.map(after),
        }
    }

    #[test]
    fn medians_and_the_ninetieth_percentile() {
        // (values, median, p90)
        let cases: [(&[f64], Option<f64>, Option<f64>); 6] = [
            (&[], None, None),
            (&[7.0], Some(7.0), Some(7.0)),
            (&[4.0, 1.0], Some(2.5), Some(4.0)),
            (&[3.0, 1.0, 2.0], Some(2.0), Some(3.0)),
            (&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0], Some(5.5), Some(9.0)),
            (&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 100.0], Some(6.0), Some(10.0)),
        ];
        for (values, median, p90) in cases {
            let s = Spread::of(values.to_vec());
            assert_eq!((s.count as usize, s.median_secs, s.p90_secs), (values.len(), median, p90), "{values:?}");
        }
    }

    #[test]
    fn stats_over_a_fixture_of_cases_give_the_expected_medians() {
        let now = t("2026-04-10T12:00:00+00:00").utc();
        let cases = vec![
            // March (Amsterdam): acknowledged after 2, 4, 30 hours; triaged after 5, 50 hours.
            case(1, "2026-03-02T09:00:00+00:00", "2026-03-05T22:59:59+00:00", Some(2.0), Some(5.0)),
            case(2, "2026-03-10T09:00:00+00:00", "2026-03-13T22:59:59+00:00", Some(4.0), Some(50.0)),
            case(3, "2026-03-20T09:00:00+00:00", "2026-03-21T09:00:00+00:00", Some(30.0), None),
            // 31 March 23:30 UTC is 1 April in Amsterdam: April's.
            case(4, "2026-03-31T23:30:00+00:00", "2026-04-03T21:59:59+00:00", None, None),
            // April: one never acknowledged with its promise still open.
            case(5, "2026-04-09T09:00:00+00:00", "2026-04-14T21:59:59+00:00", None, None),
        ];
        let stats = compute(&cases, None, chrono_tz::Europe::Amsterdam, false, now);
        let hours = |s: Option<f64>| s.map(|v| v / 3600.0);
        let march = &stats.months[0];
        assert_eq!(march.period, "2026-03");
        assert_eq!(march.received, 3);
        assert_eq!(hours(march.time_to_acknowledge.median_secs), Some(4.0));
        assert_eq!(hours(march.time_to_acknowledge.p90_secs), Some(30.0));
        assert_eq!(hours(march.time_to_triage.median_secs), Some(27.5));
        assert_eq!(march.time_to_triage.count, 2);
        assert_eq!((march.promises_kept, march.promises_missed, march.promises_open), (2, 1, 0));
        let april = &stats.months[1];
        assert_eq!((april.period.as_str(), april.received), ("2026-04", 2));
        assert_eq!(april.time_to_acknowledge, Spread::default());
        assert_eq!((april.promises_kept, april.promises_missed, april.promises_open), (0, 1, 1));
        assert_eq!(stats.months.len(), 2);
        let all = &stats.total;
        assert_eq!((all.period.as_str(), all.received), ("all", 5));
        assert_eq!(hours(all.time_to_acknowledge.median_secs), Some(4.0));
        assert_eq!((all.promises_kept, all.promises_missed, all.promises_open), (2, 2, 1));
    }

    #[test]
    fn durations_read_as_people_say_them() {
        for (secs, text) in [
            (0.0, "0 min"),
            (2700.0, "45 min"),
            (7200.0, "2 h"),
            (19800.0, "5 h 30 min"),
            (86400.0, "1 d"),
            (187200.0, "2 d 4 h"),
        ] {
            assert_eq!(human(secs), text);
        }
    }
}
