//! Business-day arithmetic: the instant by which the organisation promised to respond.
//!
//! `respond_by` is the end of the Nth business day after the day of receipt, in the policy's time
//! zone. Weekends (Saturday, Sunday) and the policy's holidays are not business days. The current
//! time is always a parameter, so this is tested natively across weekends, holidays and zones.

use chrono::{
    DateTime, Datelike, FixedOffset, LocalResult, NaiveDate, NaiveTime, SubsecRound as _, TimeZone, Utc, Weekday,
};

use crate::policy::ResponsePromise;

/// Whether `day` is a business day under the promise (not a weekend, not a holiday).
pub fn is_business_day(promise: &ResponsePromise, day: NaiveDate) -> bool {
    !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) && !promise.holidays.contains(&day)
}

/// The local date of the Nth business day after the day on which `received` falls.
pub fn due_date(promise: &ResponsePromise, received: DateTime<Utc>) -> NaiveDate {
    let mut day = received.with_timezone(&promise.time_zone).date_naive();
    let mut remaining = promise.business_days;
    while remaining > 0 {
        // `succ_opt` only fails at the end of chrono's calendar (year 262143).
        day = day.succ_opt().unwrap_or(day);
        if is_business_day(promise, day) {
            remaining -= 1;
        }
    }
    day
}

/// The instant by which the organisation promised to respond: 23:59:59 local time on the
/// [`due_date`], with the zone's offset on that day.
pub fn respond_by(promise: &ResponsePromise, received: DateTime<Utc>) -> DateTime<FixedOffset> {
    let day = due_date(promise, received);
    let end = day.and_time(NaiveTime::from_hms_opt(23, 59, 59).unwrap_or(NaiveTime::MIN));
    let local = match promise.time_zone.from_local_datetime(&end) {
        LocalResult::Single(t) | LocalResult::Ambiguous(_, t) => t,
        // A gap at 23:59:59 (no zone does this today): fall back to the UTC reading.
        LocalResult::None => promise.time_zone.from_utc_datetime(&end),
    };
    local.fixed_offset()
}

/// Formats an instant as RFC 3339 with its offset, second precision.
pub fn rfc3339(t: DateTime<FixedOffset>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

/// The instant half of the response window has passed: the reminder is due from then on.
pub fn halfway(received: DateTime<Utc>, respond_by: DateTime<Utc>) -> DateTime<Utc> {
    received + (respond_by - received) / 2
}

/// When the reminder falls due, to the second: the [`halfway`] instant rounded up, so that at this
/// instant and after it [`notice_due`] owes the reminder. Stored with the case (`remind_at`), so the
/// scheduled handler selects cases by due time.
pub fn reminder_at(received: DateTime<Utc>, respond_by: DateTime<Utc>) -> DateTime<Utc> {
    let half = halfway(received, respond_by);
    let whole = half.trunc_subsecs(0);
    if whole < half { whole + chrono::Duration::seconds(1) } else { whole }
}

/// When the next notice of an unacknowledged, unescalated case falls due: the reminder's time
/// until the reminder is sent, then the deadline (the escalation is owed once it has passed). The
/// scheduled handler's query orders by this (`CASE WHEN reminded_at IS NULL THEN remind_at ELSE
/// escalate_at END`); [`notice_due`] decides.
pub fn next_notice_at(reminder_at: DateTime<Utc>, respond_by: DateTime<Utc>, reminded: bool) -> DateTime<Utc> {
    if reminded { respond_by } else { reminder_at }
}

/// A notice the scheduled handler owes staff for a case nobody has acknowledged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    /// Half the response window has passed: remind the staff addresses.
    Reminder,
    /// The window has passed: escalate to the policy's escalation addresses.
    Escalation,
}

/// What a case is owed at `now`: the escalation once the window has passed, else the reminder once
/// half of it has; each only once, none once acknowledged. A case found only after its deadline
/// gets the escalation alone, not a stale reminder as well.
pub fn notice_due(
    received: DateTime<Utc>,
    respond_by: DateTime<Utc>,
    acknowledged: bool,
    reminded: bool,
    escalated: bool,
    now: DateTime<Utc>,
) -> Option<Notice> {
    if acknowledged || escalated {
        return None;
    }
    if now > respond_by {
        Some(Notice::Escalation)
    } else if now >= halfway(received, respond_by) && !reminded {
        Some(Notice::Reminder)
    } else {
        None
    }
}

/// How urgent a case is, for staff listings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    /// Not acknowledged and the response window has passed.
    Overdue,
    /// Not acknowledged and half the window has passed.
    DueSoon,
    /// Open, and the expected resolution date is before today.
    ResolutionOverdue,
    /// Nothing pressing.
    OnTrack,
    /// Closed.
    Done,
}

/// The urgency of a case at `now` (dates compare in UTC).
pub fn urgency(
    received: DateTime<Utc>,
    respond_by: DateTime<Utc>,
    expected_resolution: Option<NaiveDate>,
    acknowledged: bool,
    closed: bool,
    now: DateTime<Utc>,
) -> Urgency {
    if closed {
        Urgency::Done
    } else if !acknowledged && now > respond_by {
        Urgency::Overdue
    } else if !acknowledged && now >= halfway(received, respond_by) {
        Urgency::DueSoon
    } else if expected_resolution.is_some_and(|d| d < now.date_naive()) {
        Urgency::ResolutionOverdue
    } else {
        Urgency::OnTrack
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn promise(days: u8, zone: &str, holidays: &[&str]) -> ResponsePromise {
        ResponsePromise {
            business_days: days,
            time_zone: zone.parse().expect("zone"),
            holidays: holidays.iter().map(|d| d.parse().expect("date")).collect(),
            details: None,
        }
    }

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).expect("time").with_timezone(&Utc)
    }

    #[test]
    fn respond_by_table() {
        // (business days, zone, holidays, received (UTC), expected respond_by)
        let cases: &[(u8, &str, &[&str], &str, &str)] = &[
            // Monday noon + 3 → Thursday.
            (3, "Europe/Amsterdam", &[], "2026-11-23T12:00:00Z", "2026-11-26T23:59:59+01:00"),
            // Friday + 3 → Wednesday (weekend skipped).
            (3, "Europe/Amsterdam", &[], "2026-11-27T10:00:00Z", "2026-12-02T23:59:59+01:00"),
            // Saturday + 1 → Monday.
            (1, "Europe/Amsterdam", &[], "2026-11-28T10:00:00Z", "2026-11-30T23:59:59+01:00"),
            // Christmas holidays skipped: Wed 23 Dec + 2 → Tue 29 Dec (Mon 28 is the first).
            (2, "Europe/Amsterdam", &["2026-12-24", "2026-12-25"], "2026-12-23T09:00:00Z", "2026-12-29T23:59:59+01:00"),
            // Late Friday UTC is already Saturday in Auckland: Sat + 2 → Tue.
            (2, "Pacific/Auckland", &[], "2026-11-27T12:30:00Z", "2026-12-01T23:59:59+13:00"),
            // Monday 02:00 UTC is still Sunday in New York: Sun + 1 → Mon.
            (1, "America/New_York", &[], "2026-11-23T02:00:00Z", "2026-11-23T23:59:59-05:00"),
            // Across the spring DST change in Europe: offset of the due day is used.
            (7, "Europe/Berlin", &[], "2027-03-24T08:00:00Z", "2027-04-02T23:59:59+02:00"),
            // UTC policy.
            (5, "UTC", &[], "2026-11-22T23:59:59Z", "2026-11-27T23:59:59+00:00"),
        ];
        for &(days, zone, holidays, received, expected) in cases {
            let got = rfc3339(respond_by(&promise(days, zone, holidays), utc(received)));
            assert_eq!(got, expected, "{days} days in {zone} from {received}");
        }
    }

    #[test]
    fn respond_by_is_after_receipt() {
        let p = promise(1, "Asia/Tokyo", &[]);
        let mut t = utc("2026-01-01T00:00:00Z");
        for _ in 0..400 {
            let due = respond_by(&p, t);
            assert!(due > t, "{due} after {t}");
            t += chrono::Duration::hours(19);
        }
    }

    #[test]
    fn notices_across_a_weekend() {
        // Received Friday 10:00 UTC in Amsterdam with 2 business days: due Tuesday 23:59:59 +01:00.
        let p = promise(2, "Europe/Amsterdam", &[]);
        let received = utc("2026-11-27T10:00:00Z");
        let due = respond_by(&p, received).with_timezone(&Utc);
        assert_eq!(rfc3339(due.fixed_offset()), "2026-12-01T22:59:59+00:00");
        let half = halfway(received, due);
        assert_eq!(half, utc("2026-11-29T16:29:59.500Z"));
        // (now, acknowledged, reminded, escalated, expected)
        let cases: &[(&str, bool, bool, bool, Option<Notice>)] = &[
            ("2026-11-28T10:00:00Z", false, false, false, None),
            ("2026-11-29T16:30:00Z", false, false, false, Some(Notice::Reminder)),
            ("2026-11-29T16:30:00Z", false, true, false, None),
            ("2026-11-29T16:30:00Z", true, false, false, None),
            ("2026-12-01T22:59:59Z", false, true, false, None),
            ("2026-12-01T23:00:00Z", false, true, false, Some(Notice::Escalation)),
            // Found only after the deadline: the escalation alone.
            ("2026-12-05T00:00:00Z", false, false, false, Some(Notice::Escalation)),
            ("2026-12-05T00:00:00Z", false, true, true, None),
            ("2026-12-05T00:00:00Z", true, false, false, None),
        ];
        for &(now, acknowledged, reminded, escalated, expected) in cases {
            assert_eq!(
                notice_due(received, due, acknowledged, reminded, escalated, utc(now)),
                expected,
                "at {now} ack={acknowledged} reminded={reminded} escalated={escalated}"
            );
        }
    }

    #[test]
    fn the_stored_due_time_is_when_the_notice_is_owed() {
        let p = promise(2, "Europe/Amsterdam", &[]);
        let received = utc("2026-11-27T10:00:00Z");
        let due = respond_by(&p, received).with_timezone(&Utc);
        // Half of an odd number of seconds: rounded up to the next whole second.
        assert_eq!(reminder_at(received, due), utc("2026-11-29T16:30:00Z"));
        assert_eq!(reminder_at(utc("2026-11-23T10:00:00Z"), utc("2026-11-25T10:00:00Z")), utc("2026-11-24T10:00:00Z"));
        // Whatever the window, the notice is owed from the stored time on and not a second before;
        // once reminded, the next one is owed as soon as the deadline has passed.
        let second = chrono::Duration::seconds(1);
        let mut t = utc("2026-01-01T00:00:00Z");
        for step in 0..300 {
            let due = respond_by(&p, t).with_timezone(&Utc);
            let remind = next_notice_at(reminder_at(t, due), due, false);
            assert_eq!(notice_due(t, due, false, false, false, remind - second), None, "received {t}");
            assert_eq!(notice_due(t, due, false, false, false, remind), Some(Notice::Reminder), "received {t}");
            let escalate = next_notice_at(reminder_at(t, due), due, true);
            assert_eq!(escalate, due);
            assert_eq!(notice_due(t, due, false, true, false, escalate), None, "received {t}");
            assert_eq!(notice_due(t, due, false, true, false, escalate + second), Some(Notice::Escalation));
            t += chrono::Duration::seconds(7 * 3600 + 13 * 60 + 1 + step);
        }
    }

    #[test]
    fn urgency_table() {
        let received = utc("2026-11-23T09:00:00Z");
        let due = utc("2026-11-25T22:59:59Z");
        let date = |s: &str| s.parse::<NaiveDate>().ok();
        // (now, expected resolution, acknowledged, closed, expected)
        let cases: &[(&str, Option<&str>, bool, bool, Urgency)] = &[
            ("2026-11-23T10:00:00Z", None, false, false, Urgency::OnTrack),
            ("2026-11-24T20:00:00Z", None, false, false, Urgency::DueSoon),
            ("2026-11-26T00:00:00Z", None, false, false, Urgency::Overdue),
            ("2026-11-26T00:00:00Z", None, true, false, Urgency::OnTrack),
            ("2026-12-20T00:00:00Z", Some("2026-12-19"), true, false, Urgency::ResolutionOverdue),
            ("2026-12-19T12:00:00Z", Some("2026-12-19"), true, false, Urgency::OnTrack),
            ("2026-12-20T00:00:00Z", Some("2026-12-19"), true, true, Urgency::Done),
        ];
        for &(now, expected_resolution, acknowledged, closed, expected) in cases {
            let got = urgency(received, due, expected_resolution.and_then(date), acknowledged, closed, utc(now));
            assert_eq!(got, expected, "at {now}");
        }
    }
}
