//! Retrying what the worker e-mails by itself, and what staff see of it.
//!
//! Every e-mail that must reach staff (a new report, a reporter's answer, a reminder, an
//! escalation) is tried again after a failure, with exponential back-off: 2 minutes after the
//! first failed attempt, then 4, 8 … at most 6 hours ([`delay`]). A new-report or reporter-answer
//! e-mail is given up after [`MAX_ATTEMPTS`] attempts ([`next_attempt`]) and then shows as
//! [`Notification::Failed`] in the staff listing; the report or answer itself is stored and can
//! be read with the CLI. A reminder or escalation is never given up while the case is
//! unacknowledged (it keeps its back-off, at most 6 hours apart); the audit log records that it
//! failed [`MAX_ATTEMPTS`] times. Pure: the worker's scheduled handler and the listing use it, and
//! it is tested natively.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// Attempts at a new-report or reporter-answer e-mail before it is given up as failed (and after
/// which a failing reminder or escalation is recorded in the audit log).
pub const MAX_ATTEMPTS: u32 = 8;

/// The wait after the first failed attempt, in seconds; each further failure doubles it.
pub const FIRST_DELAY_SECS: i64 = 2 * 60;

/// The longest wait between two attempts, in seconds.
pub const MAX_DELAY_SECS: i64 = 6 * 60 * 60;

/// How long to wait after the `attempt`th attempt (counting from 1) failed: 2 minutes, 4, 8 …,
/// at most 6 hours.
pub fn delay(attempt: u32) -> Duration {
    // 2^20 × 2 minutes is far past the cap; the shift never overflows.
    let doublings = attempt.saturating_sub(1).min(20);
    Duration::seconds(FIRST_DELAY_SECS.saturating_mul(1_i64 << doublings).min(MAX_DELAY_SECS))
}

/// What to do with an e-mail that `attempts` attempts have not sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attempt {
    /// Make attempt number `number` now. It is counted before it runs, so an attempt that never
    /// reports back (the isolate was stopped) counts too; if it fails, the next one is due at
    /// `retry_at`.
    Try {
        /// This attempt's number, from 1.
        number: u32,
        /// When the next attempt is due if this one fails.
        retry_at: DateTime<Utc>,
    },
    /// [`MAX_ATTEMPTS`] were made: mark it failed and never try again.
    GiveUp,
}

/// The next step for an e-mail that `attempts` attempts (none yet: 0) have not sent, at `now`.
pub fn next_attempt(attempts: u32, now: DateTime<Utc>) -> Attempt {
    if attempts >= MAX_ATTEMPTS {
        Attempt::GiveUp
    } else {
        let number = attempts + 1;
        Attempt::Try { number, retry_at: now + delay(number) }
    }
}

/// Whether a failed attempt number `number` was the last one.
pub fn was_last(number: u32) -> bool {
    number >= MAX_ATTEMPTS
}

/// Whether staff were e-mailed, as the listing shows it. Ordered from good to bad.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Notification {
    /// Every e-mail went out.
    Sent,
    /// An e-mail has not gone out yet and is being retried.
    Pending,
    /// An e-mail was given up after [`MAX_ATTEMPTS`] attempts: staff were never told by e-mail.
    Failed,
}

impl Notification {
    /// The wire name (`sent`, `pending`, `failed`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sent => "sent",
            Self::Pending => "pending",
            Self::Failed => "failed",
        }
    }
}

/// Where one or more e-mails stand: their state and the attempts behind it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Delivery {
    /// Sent, pending or failed.
    pub state: Notification,
    /// Attempts made.
    pub attempts: u32,
}

impl Delivery {
    /// One e-mail: sent (`sent_at` is set), else failed (`failed_at` is set), else pending.
    pub fn of(sent: bool, failed: bool, attempts: u32) -> Self {
        let state = if sent {
            Notification::Sent
        } else if failed {
            Notification::Failed
        } else {
            Notification::Pending
        };
        Self { state, attempts }
    }

    /// A case's reporter answers, counted: `failed` given up, `pending` still being tried (the
    /// most attempts any unsent one had: `attempts`); sent when neither.
    pub fn of_messages(failed: u32, pending: u32, attempts: u32) -> Self {
        match (failed, pending) {
            (0, 0) => Self { state: Notification::Sent, attempts: 0 },
            (0, _) => Self { state: Notification::Pending, attempts },
            _ => Self { state: Notification::Failed, attempts },
        }
    }

    /// The worse of two (the state first, then the attempts), for a case's one line.
    pub fn worse(self, other: Self) -> Self {
        self.max(other)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).expect("time").with_timezone(&Utc)
    }

    #[test]
    fn back_off_doubles_from_two_minutes_to_at_most_six_hours() {
        // (failed attempt, minutes to wait)
        let cases = [(0, 2), (1, 2), (2, 4), (3, 8), (4, 16), (5, 32), (6, 64), (7, 128), (8, 256), (9, 360)];
        for (attempt, minutes) in cases {
            assert_eq!(delay(attempt), Duration::minutes(minutes), "after attempt {attempt}");
        }
        for attempt in [10, 20, 21, 64, u32::MAX] {
            assert_eq!(delay(attempt), Duration::hours(6), "after attempt {attempt}");
        }
        for attempt in 1..40 {
            assert!(delay(attempt + 1) >= delay(attempt), "never shorter after attempt {attempt}");
        }
    }

    #[test]
    fn an_email_is_tried_max_attempts_times_then_given_up() {
        let now = utc("2026-11-27T10:00:00Z");
        // (attempts made, expected)
        let cases = [
            (0, Attempt::Try { number: 1, retry_at: utc("2026-11-27T10:02:00Z") }),
            (1, Attempt::Try { number: 2, retry_at: utc("2026-11-27T10:04:00Z") }),
            (2, Attempt::Try { number: 3, retry_at: utc("2026-11-27T10:08:00Z") }),
            (7, Attempt::Try { number: 8, retry_at: utc("2026-11-27T14:16:00Z") }),
            (8, Attempt::GiveUp),
            (9, Attempt::GiveUp),
            (u32::MAX, Attempt::GiveUp),
        ];
        for (attempts, expected) in cases {
            assert_eq!(next_attempt(attempts, now), expected, "after {attempts} attempt(s)");
        }
        let last: Vec<u32> = (1..=10).filter(|n| was_last(*n)).collect();
        assert_eq!(last, [8, 9, 10]);
    }

    #[test]
    fn an_always_failing_email_is_given_up_after_hours_not_minutes_nor_never() {
        // Attempt, fail, wait, until given up: how long a dead mail path is tried.
        let start = utc("2026-11-27T10:00:00Z");
        let (mut now, mut attempts, mut last) = (start, 0, start);
        while let Attempt::Try { number, retry_at } = next_attempt(attempts, now) {
            (attempts, last, now) = (number, now, retry_at);
        }
        assert_eq!(attempts, MAX_ATTEMPTS);
        // The last attempt comes 2 + 4 + … + 128 minutes after the first (the cron's 15-minute
        // ticks stretch that to about six hours).
        assert_eq!(last - start, Duration::minutes(254));
    }

    #[test]
    fn a_case_shows_its_worst_email() {
        let sent = Delivery::of(true, false, 1);
        let sent_late = Delivery::of(true, false, 3);
        let pending = Delivery::of(false, false, 2);
        let failed = Delivery::of(false, true, 8);
        assert_eq!(sent.state, Notification::Sent);
        assert_eq!(pending.state, Notification::Pending);
        assert_eq!(failed.state, Notification::Failed);
        // Sent wins over a failed flag: what went out went out.
        assert_eq!(Delivery::of(true, true, 8).state, Notification::Sent);
        // (report's e-mail, answers' e-mails: failed, pending, most attempts; expected)
        let cases = [
            (sent, (0, 0, 0), sent),
            (sent_late, (0, 0, 0), sent_late),
            (sent, (0, 1, 3), Delivery { state: Notification::Pending, attempts: 3 }),
            (sent, (1, 2, 8), Delivery { state: Notification::Failed, attempts: 8 }),
            (pending, (0, 1, 1), pending),
            (pending, (0, 1, 5), Delivery { state: Notification::Pending, attempts: 5 }),
            (failed, (0, 1, 1), failed),
            (failed, (0, 0, 0), failed),
            (pending, (1, 0, 8), Delivery { state: Notification::Failed, attempts: 8 }),
        ];
        for (report, (f, p, a), expected) in cases {
            assert_eq!(report.worse(Delivery::of_messages(f, p, a)), expected, "{report:?} with answers {f}/{p}/{a}");
        }
        let wire: Vec<String> = [Notification::Sent, Notification::Pending, Notification::Failed]
            .iter()
            .map(|n| serde_json::to_string(n).expect("json"))
            .collect();
        assert_eq!(wire, ["\"sent\"", "\"pending\"", "\"failed\""]);
        assert_eq!(Notification::Failed.as_str(), "failed");
    }
}
