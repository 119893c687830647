//! The EU Cyber Resilience Act's clock (Regulation (EU) 2024/2847, Article 14) for a vulnerability
//! that is being exploited in the wild: on top of the policy's business-day promise, an early
//! warning within 24 hours, a notification within 72 hours and a final report within 14 days after
//! a fix is available. These run in wall-clock hours, not business days, in UTC.
//!
//! The clock starts when the reporter ticks "being exploited" (the one bit a submission carries in
//! clear, [`EXPLOITED_HEADER`]) or when staff flag the case ([`CraChange::Exploited`]). Each
//! obligation gets the response promise's treatment: a reminder once half its window has passed, an
//! escalation once it has passed, until staff mark it done ([`deadline::notice_due`] decides, with
//! `acknowledged` meaning "done"). The current time is always a parameter, so this is tested
//! natively across weekends.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::deadline;
use crate::time::Timestamp;

/// Header of a submission whose reporter ticked "I believe this is being exploited in the wild"
/// (value [`EXPLOITED_VALUE`]); an upload in parts says so in `UploadStart::exploited`. Refused
/// unless the policy uses the CRA clock.
pub const EXPLOITED_HEADER: &str = "X-Sealdrop-Exploited";
/// The header's only value.
pub const EXPLOITED_VALUE: &str = "yes";
/// Who flagged a case the reporter flagged (`exploited_by`); staff are named by their token.
pub const REPORTER: &str = "reporter";

/// One of the Article 14 obligations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Obligation {
    /// Article 14(2)(a): an early warning within 24 hours of becoming aware.
    EarlyWarning,
    /// Article 14(2)(b): a vulnerability notification within 72 hours.
    Notification,
    /// Article 14(2)(c): a final report within 14 days after a corrective measure is available.
    Final,
}

impl Obligation {
    /// Every obligation, in the order they fall due.
    pub const ALL: [Obligation; 3] = [Obligation::EarlyWarning, Obligation::Notification, Obligation::Final];

    /// The stable name stored in D1 and used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Obligation::EarlyWarning => "early_warning",
            Obligation::Notification => "notification",
            Obligation::Final => "final",
        }
    }

    /// The name on the command line (`sealdrop cra ID early-warning --done`).
    pub fn arg(self) -> &'static str {
        match self {
            Obligation::EarlyWarning => "early-warning",
            Obligation::Notification => "notification",
            Obligation::Final => "final",
        }
    }

    /// Words for people.
    pub fn label(self) -> &'static str {
        match self {
            Obligation::EarlyWarning => "CRA early warning (24 h)",
            Obligation::Notification => "CRA notification (72 h)",
            Obligation::Final => "CRA final report (14 days after the fix)",
        }
    }

    /// How long after its start the obligation falls due.
    pub fn window(self) -> Duration {
        match self {
            Obligation::EarlyWarning => Duration::hours(24),
            Obligation::Notification => Duration::hours(72),
            Obligation::Final => Duration::days(14),
        }
    }

    /// Whether its clock starts when a fix is available (else when the case is flagged).
    pub fn starts_with_fix(self) -> bool {
        self == Obligation::Final
    }

    /// The obligations a flag and a fix, as far as they happened, have started, with their starts.
    pub fn started(exploited_at: Option<DateTime<Utc>>, fix_available_at: Option<DateTime<Utc>>) -> Vec<Due> {
        let Some(exploited_at) = exploited_at else { return Vec::new() };
        Obligation::ALL
            .into_iter()
            .filter_map(|o| {
                let start = if o.starts_with_fix() { fix_available_at? } else { exploited_at };
                Some(Due::new(o, start))
            })
            .collect()
    }
}

impl fmt::Display for Obligation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Obligation {
    type Err = CraProblem;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().replace(['-', ' '], "_").to_ascii_lowercase();
        Obligation::ALL
            .into_iter()
            .find(|o| o.as_str() == wanted)
            .ok_or_else(|| CraProblem::UnknownObligation(s.into()))
    }
}

/// When an obligation started, its reminder falls due and it falls due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Due {
    /// Which.
    pub obligation: Obligation,
    /// When its clock started.
    pub started_at: DateTime<Utc>,
    /// Half its window: the reminder (rounded up to the second, [`deadline::reminder_at`]).
    pub remind_at: DateTime<Utc>,
    /// Its deadline: the escalation is owed once this has passed.
    pub due_at: DateTime<Utc>,
}

impl Due {
    /// The times of `obligation` started at `started_at`.
    pub fn new(obligation: Obligation, started_at: DateTime<Utc>) -> Self {
        let due_at = started_at + obligation.window();
        Due { obligation, started_at, remind_at: deadline::reminder_at(started_at, due_at), due_at }
    }
}

/// What the scheduled run owes: the response promise of an unacknowledged case, or one CRA
/// obligation not yet done. The D1 rows say it as text ([`Duty::as_str`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Duty {
    /// Answer within the policy's business days.
    Respond,
    /// One Article 14 obligation.
    Cra(Obligation),
}

impl Duty {
    /// `response`, or the obligation's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Duty::Respond => "response",
            Duty::Cra(o) => o.as_str(),
        }
    }
}

impl fmt::Display for Duty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Duty {
    type Err = CraProblem;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s == Duty::Respond.as_str() { Ok(Duty::Respond) } else { s.parse().map(Duty::Cra) }
    }
}

serde_as_text!(Duty);

/// `POST /api/v1/staff/reports/{id}/cra`: what staff record about the CRA clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "change", rename_all = "snake_case", deny_unknown_fields)]
pub enum CraChange {
    /// Triage found it exploited in the wild: the 24 h and 72 h clocks start now (if the reporter
    /// flagged it already, nothing changes).
    Exploited,
    /// A fix is available: the final report's 14 days start now (also set by status `resolved`).
    FixAvailable,
    /// The obligation was met: its notices stop.
    Done {
        /// Which.
        obligation: Obligation,
    },
    /// Triage found it not exploited after all: every open obligation is withdrawn (the record and
    /// the audit log keep them).
    Withdraw,
}

/// Why a CRA change is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CraProblem {
    /// Not an obligation's name.
    #[error("`{0}` is not an obligation; use early-warning, notification or final")]
    UnknownObligation(String),
    /// The policy does not use the clock.
    #[error("this policy does not use the CRA clock (set `[cra] clock = true` in the policy file)")]
    ClockOff,
    /// Done before it started.
    #[error("the {0} has not started: flag the case as exploited first (and, for the final report, record the fix)")]
    NotStarted(Obligation),
    /// Withdrawn without a flag.
    #[error("the case is not flagged as exploited")]
    NotFlagged,
}

/// How an obligation ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Met: the early warning, notification or final report was sent to the CSIRT / ENISA.
    Done,
    /// The case turned out not to be exploited.
    Withdrawn,
}

/// One obligation of a case, as the staff record shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObligationRecord {
    /// Which.
    pub obligation: Obligation,
    /// When its clock started.
    pub started_at: Timestamp,
    /// Its deadline.
    pub due_at: Timestamp,
    /// When the half-window reminder went out.
    pub reminded_at: Option<Timestamp>,
    /// When the deadline escalation went out.
    pub escalated_at: Option<Timestamp>,
    /// When it was marked done or withdrawn.
    pub settled_at: Option<Timestamp>,
    /// Who did.
    pub settled_by: Option<String>,
    /// How it ended.
    pub outcome: Option<Outcome>,
}

impl ObligationRecord {
    /// Whether notices are still owed.
    pub fn is_open(&self) -> bool {
        self.settled_at.is_none()
    }
}

/// The open obligation of a case that falls due first, as the staff listing shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextDue {
    /// Which.
    pub obligation: Obligation,
    /// Its deadline.
    pub due_at: Timestamp,
}

/// The CRA side of a case record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CraRecord {
    /// When the case was flagged exploited (the clock's start).
    pub exploited_at: Timestamp,
    /// Who flagged it: [`REPORTER`], or the staff member's name.
    pub exploited_by: String,
    /// The obligations started so far, in the order they fall due.
    pub obligations: Vec<ObligationRecord>,
}

impl CraRecord {
    /// Whether the case still counts as exploited: flagged, and not withdrawn by staff (`sealdrop
    /// cra ID withdraw` settles its obligations as [`Outcome::Withdrawn`]).
    pub fn is_exploited(&self) -> bool {
        !self.obligations.iter().any(|o| o.outcome == Some(Outcome::Withdrawn))
    }

    /// Whether the reporter flagged it (rather than staff, after triage).
    pub fn by_reporter(&self) -> bool {
        self.exploited_by == REPORTER
    }

    /// The open obligation that falls due first, for listings.
    pub fn next_due(&self) -> Option<&ObligationRecord> {
        self.obligations.iter().filter(|o| o.is_open()).min_by_key(|o| o.due_at)
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::deadline::{Notice, notice_due};
    use crate::policy::ResponsePromise;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).expect("time").with_timezone(&Utc)
    }

    /// What each obligation is owed at `now` (none reminded or escalated yet unless listed).
    fn owed(dues: &[Due], now: &str, reminded: &[Obligation]) -> Vec<(Obligation, Option<Notice>)> {
        dues.iter()
            .map(|d| {
                let r = reminded.contains(&d.obligation);
                (d.obligation, notice_due(d.started_at, d.due_at, false, r, false, utc(now)))
            })
            .collect()
    }

    #[test]
    fn a_friday_evening_flag_owes_its_notices_over_the_weekend_in_wall_clock_hours() {
        // Friday 4 December 2026, 17:30 in Amsterdam (16:30 UTC).
        let flagged = utc("2026-12-04T16:30:00Z");
        let dues = Obligation::started(Some(flagged), None);
        assert_eq!(
            dues.iter().map(|d| (d.obligation, d.remind_at, d.due_at)).collect::<Vec<_>>(),
            vec![
                // Saturday 04:30 and 16:30 UTC.
                (Obligation::EarlyWarning, utc("2026-12-05T04:30:00Z"), utc("2026-12-05T16:30:00Z")),
                // Sunday 04:30, Monday 16:30 UTC.
                (Obligation::Notification, utc("2026-12-06T04:30:00Z"), utc("2026-12-07T16:30:00Z")),
            ],
            "no final report before a fix; weekends count"
        );
        // The business-day promise of the same case falls on Wednesday, far later.
        let promise = ResponsePromise {
            business_days: 3,
            time_zone: "Europe/Amsterdam".parse().expect("zone"),
            holidays: vec![],
            details: None,
        };
        assert_eq!(deadline::respond_by(&promise, flagged).to_rfc3339(), "2026-12-09T23:59:59+01:00");

        use Obligation::{EarlyWarning as Ew, Notification as N};
        // At `now`, with these reminded already: what the early warning and the notification are owed.
        type Row<'a> = (&'a str, &'a [Obligation], [Option<Notice>; 2]);
        let table: &[Row<'_>] = &[
            ("2026-12-04T22:00:00Z", &[], [None, None]),
            ("2026-12-05T04:29:59Z", &[], [None, None]),
            ("2026-12-05T04:30:00Z", &[], [Some(Notice::Reminder), None]),
            ("2026-12-05T16:30:00Z", &[Ew], [None, None]),
            ("2026-12-05T16:30:01Z", &[Ew], [Some(Notice::Escalation), None]),
            ("2026-12-06T04:30:00Z", &[Ew], [Some(Notice::Escalation), Some(Notice::Reminder)]),
            ("2026-12-07T16:30:00Z", &[Ew, N], [Some(Notice::Escalation), None]),
            ("2026-12-07T16:30:01Z", &[Ew, N], [Some(Notice::Escalation), Some(Notice::Escalation)]),
            // Found only after both deadlines: the escalations alone, not stale reminders too.
            ("2026-12-08T09:00:00Z", &[], [Some(Notice::Escalation), Some(Notice::Escalation)]),
        ];
        for (now, reminded, expected) in table {
            let got: Vec<Option<Notice>> = owed(&dues, now, reminded).into_iter().map(|(_, n)| n).collect();
            assert_eq!(got, expected.to_vec(), "at {now}");
        }
        // Done obligations are owed nothing.
        for d in &dues {
            assert_eq!(notice_due(d.started_at, d.due_at, true, false, false, utc("2026-12-09T00:00:00Z")), None);
        }
    }

    #[test]
    fn the_final_report_runs_fourteen_days_from_the_fix() {
        let flagged = utc("2026-12-04T16:30:00Z");
        let fixed = Utc.with_ymd_and_hms(2026, 12, 18, 9, 0, 1).single().expect("time");
        let dues = Obligation::started(Some(flagged), Some(fixed));
        let last = dues.last().expect("three");
        assert_eq!((last.obligation, last.due_at), (Obligation::Final, utc("2027-01-01T09:00:01Z")));
        assert_eq!(last.remind_at, utc("2026-12-25T09:00:01Z"));
        // A fix without a flag starts nothing.
        assert!(Obligation::started(None, Some(fixed)).is_empty());
    }

    #[test]
    fn names_round_trip() {
        for o in Obligation::ALL {
            assert_eq!(o.arg().parse::<Obligation>(), Ok(o));
            assert_eq!(o.as_str().parse::<Duty>(), Ok(Duty::Cra(o)));
        }
        assert_eq!("response".parse::<Duty>(), Ok(Duty::Respond));
        assert!(matches!("early".parse::<Obligation>(), Err(CraProblem::UnknownObligation(_))));
        let done: CraChange = serde_json::from_str(r#"{"change":"done","obligation":"early_warning"}"#).expect("json");
        assert_eq!(done, CraChange::Done { obligation: Obligation::EarlyWarning });
        assert!(serde_json::from_str::<CraChange>(r#"{"change":"exploit"}"#).is_err());
        assert!(serde_json::from_str::<CraChange>(r#"{"change":"done","obligation":"early"}"#).is_err());
    }
}
