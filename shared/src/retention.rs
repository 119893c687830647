//! Retention: a policy's promise to delete what a reporter sent some days after their case is
//! closed (`[retention] delete_after_days`), and the legal hold that stops it.
//!
//! A case is *closed* while its status is one that ends it ([`crate::staff::Status::is_closed`]); its retention
//! runs from the last status change into a closed status and stops when staff reopen it. When it
//! has run out, the worker's cron deletes the report's ciphertext and every follow-up message
//! (R2 objects and rows) and keeps a tombstone: id, dates, status, size, digest, credit, CRA
//! record and the audit log. A held case (`sealdrop hold ID`) is never deleted. Once a deletion has
//! begun it is finished, and a hold can no longer stop it.
//!
//! Everything here takes the current time as a parameter, so it is tested natively.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::time::Timestamp;

/// The longest retention a policy may set (ten years).
pub const MAX_DAYS: u32 = 3650;
/// The longest reason a hold may carry, in characters.
pub const MAX_REASON_CHARS: usize = 200;

/// `[retention]`: how long a closed case's content is kept.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Retention {
    /// Days after the case was closed (1 to [`MAX_DAYS`]).
    pub delete_after_days: u32,
}

impl Retention {
    /// When a case closed at `closed_at` loses its content.
    pub fn delete_at(&self, closed_at: DateTime<Utc>) -> DateTime<Utc> {
        closed_at + Duration::days(i64::from(self.delete_after_days))
    }

    /// Cases closed at or before this instant are due at `now`.
    pub fn cutoff(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        now - Duration::days(i64::from(self.delete_after_days))
    }

    /// The promise as the policy page and the form state it, in `lang`.
    pub fn promise(&self, lang: crate::i18n::Lang) -> String {
        lang.tf("policy-retention", &[("days", crate::i18n::Arg::from(self.delete_after_days))])
    }
}

/// A legal hold (`sealdrop hold ID`): the case is never deleted while it lasts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hold {
    /// When it was placed.
    pub at: Timestamp,
    /// The staff token that placed it.
    pub by: String,
    /// Why, if given.
    #[serde(default)]
    pub reason: Option<String>,
}

/// What becomes of a case's content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Fate {
    /// Deleted at this time `at` or soon after (the policy's retention has started).
    Deletes {
        /// When it is due.
        at: Timestamp,
    },
    /// Held: never deleted while the hold lasts.
    Held(Hold),
    /// Its deletion has begun and will be finished.
    Deleting {
        /// When it began.
        since: Timestamp,
    },
    /// Deleted: only the tombstone is left.
    Deleted {
        /// When.
        at: Timestamp,
    },
}

/// What the store knows of a case's retention (the columns of `migrations/0009_retention.sql`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stored {
    /// The last status change into a closed status, while the case is closed.
    pub closed_at: Option<Timestamp>,
    /// The hold, if one is placed.
    pub hold: Option<Hold>,
    /// When the deletion began.
    pub deleting_at: Option<Timestamp>,
    /// When it was finished.
    pub deleted_at: Option<Timestamp>,
}

impl Stored {
    /// The case's fate under `retention` (`None`: kept, as far as anyone can tell today).
    pub fn fate(&self, retention: Option<Retention>) -> Option<Fate> {
        if let Some(at) = self.deleted_at {
            return Some(Fate::Deleted { at });
        }
        if let Some(since) = self.deleting_at {
            return Some(Fate::Deleting { since });
        }
        if let Some(hold) = &self.hold {
            return Some(Fate::Held(hold.clone()));
        }
        let (retention, closed_at) = (retention?, self.closed_at?);
        Some(Fate::Deletes { at: Timestamp::from_utc(retention.delete_at(closed_at.utc())) })
    }

    /// Whether the content is gone, or going: nothing may read or add to it.
    pub fn is_gone(&self) -> bool {
        self.deleting_at.is_some() || self.deleted_at.is_some()
    }

    /// Whether the cron deletes the case at `now` (finishing one begun, whatever else holds).
    pub fn due(&self, retention: Option<Retention>, now: DateTime<Utc>) -> bool {
        if self.deleted_at.is_some() {
            return false;
        }
        if self.deleting_at.is_some() {
            return true;
        }
        match (retention, self.closed_at, &self.hold) {
            (Some(r), Some(closed), None) => closed.utc() <= r.cutoff(now),
            _ => false,
        }
    }
}

/// `POST /api/v1/staff/reports/{id}/hold`: place (`hold: true`) or lift a legal hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HoldChange {
    /// Place the hold, or lift it.
    pub hold: bool,
    /// Why (one line of at most [`MAX_REASON_CHARS`]); only with `hold: true`.
    #[serde(default)]
    pub reason: Option<String>,
}

/// Why a hold change was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HoldProblem {
    /// A reason that is not one short line.
    #[error("the reason is one line of at most {MAX_REASON_CHARS} characters")]
    Reason,
    /// A reason for lifting a hold.
    #[error("a reason goes with placing a hold, not lifting one")]
    ReasonOnRelease,
}

impl HoldChange {
    /// The reason, trimmed (empty is none), or why it is refused.
    pub fn check(&self) -> Result<Option<String>, HoldProblem> {
        let reason = self.reason.as_deref().map(str::trim).filter(|r| !r.is_empty());
        match reason {
            Some(_) if !self.hold => Err(HoldProblem::ReasonOnRelease),
            Some(r) if r.chars().count() > MAX_REASON_CHARS || r.chars().any(char::is_control) => {
                Err(HoldProblem::Reason)
            }
            r => Ok(r.map(str::to_owned)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::staff::Status;

    fn t(s: &str) -> Timestamp {
        s.parse().expect("timestamp")
    }

    const NINETY: Retention = Retention { delete_after_days: 90 };

    #[test]
    fn the_retention_starts_with_the_statuses_that_end_a_case() {
        let closing: Vec<&str> = Status::ALL.iter().filter(|s| s.is_closed()).map(|s| s.as_str()).collect();
        assert_eq!(closing, ["not_a_vulnerability", "duplicate", "out_of_scope", "resolved", "disclosed"]);
    }

    #[test]
    fn a_case_is_deleted_at_its_time_and_never_before() {
        let closed = Stored { closed_at: Some(t("2026-03-01T10:00:00+00:00")), ..Stored::default() };
        let hold = Hold { at: t("2026-04-01T00:00:00+00:00"), by: "alice".into(), reason: None };
        // (case, retention, now, due?)
        let cases: [(&Stored, Option<Retention>, &str, bool); 9] = [
            (&closed, Some(NINETY), "2026-05-30T09:59:59+00:00", false),
            (&closed, Some(NINETY), "2026-05-30T10:00:00+00:00", true),
            (&closed, Some(NINETY), "2027-01-01T00:00:00+00:00", true),
            (&closed, None, "2036-01-01T00:00:00+00:00", false),
            (&Stored::default(), Some(NINETY), "2036-01-01T00:00:00+00:00", false),
            (&Stored { hold: Some(hold.clone()), ..closed.clone() }, Some(NINETY), "2036-01-01T00:00:00+00:00", false),
            // A deletion begun is finished, whatever the hold or the policy says now.
            (
                &Stored { deleting_at: Some(t("2026-05-30T10:15:00+00:00")), hold: Some(hold), ..closed.clone() },
                None,
                "2026-05-30T10:30:00+00:00",
                true,
            ),
            (
                &Stored { deleted_at: Some(t("2026-05-30T10:15:00+00:00")), ..closed.clone() },
                Some(NINETY),
                "2027-01-01T00:00:00+00:00",
                false,
            ),
            (&closed, Some(Retention { delete_after_days: 1 }), "2026-03-02T10:00:00+00:00", true),
        ];
        for (n, (stored, retention, now, due)) in cases.iter().enumerate() {
            assert_eq!(stored.due(*retention, t(now).utc()), *due, "case {n}");
        }
        assert_eq!(closed.fate(Some(NINETY)), Some(Fate::Deletes { at: t("2026-05-30T10:00:00+00:00") }));
        assert_eq!(closed.fate(None), None);
    }

    #[test]
    fn fates_serialize_with_their_state() {
        let fate =
            Fate::Held(Hold { at: t("2026-04-01T00:00:00+00:00"), by: "alice".into(), reason: Some("court".into()) });
        let json = serde_json::to_value(&fate).expect("json");
        assert_eq!(
            json,
            serde_json::json!({"state": "held", "at": "2026-04-01T00:00:00+00:00", "by": "alice", "reason": "court"})
        );
        let deleted: Fate =
            serde_json::from_str(r#"{"state":"deleted","at":"2026-05-30T10:15:00+00:00"}"#).expect("parse");
        assert_eq!(deleted, Fate::Deleted { at: t("2026-05-30T10:15:00+00:00") });
    }

    #[test]
    fn hold_reasons_are_one_short_line() {
        let change = |hold: bool, reason: Option<&str>| HoldChange { hold, reason: reason.map(str::to_owned) };
        assert_eq!(change(true, Some("  litigation 2026-17 ")).check(), Ok(Some("litigation 2026-17".into())));
        assert_eq!(change(true, Some("   ")).check(), Ok(None));
        assert_eq!(change(true, None).check(), Ok(None));
        assert_eq!(change(false, None).check(), Ok(None));
        assert_eq!(change(false, Some("done")).check(), Err(HoldProblem::ReasonOnRelease));
        assert_eq!(change(true, Some("a\nb")).check(), Err(HoldProblem::Reason));
        assert_eq!(change(true, Some(&"x".repeat(MAX_REASON_CHARS + 1))).check(), Err(HoldProblem::Reason));
    }

    #[test]
    fn the_promise_counts_its_days() {
        assert!(NINETY.promise(crate::i18n::Lang::En).contains(" 90 days after the case is closed"));
        assert!(Retention { delete_after_days: 1 }.promise(crate::i18n::Lang::En).contains(" 1 day after"));
    }
}
