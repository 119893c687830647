//! What staff do with a report, on the wire between the staff CLI and the worker: the status a
//! case is in, the changes staff make (parsed here once, for both sides), the case record and the
//! audit log.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::id::CaseId;
use crate::time::Timestamp;

/// Where a case stands. The order is the order of the reporter's timeline:
/// received → acknowledged → triaged (accepted / not a vulnerability / duplicate / out of scope)
/// → fixing (with an expected resolution date) → resolved → disclosed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Stored; nobody has acknowledged it yet.
    Received,
    /// A staff member confirmed receipt.
    Acknowledged,
    /// Triaged: a real vulnerability that will be fixed.
    Accepted,
    /// Triaged: not a vulnerability.
    NotAVulnerability,
    /// Triaged: already known.
    Duplicate,
    /// Triaged: outside the policy's scope.
    OutOfScope,
    /// Being fixed; an expected resolution date is set.
    Fixing,
    /// Fixed.
    Resolved,
    /// Published.
    Disclosed,
}

impl Status {
    /// Every status, in timeline order.
    pub const ALL: [Status; 9] = [
        Status::Received,
        Status::Acknowledged,
        Status::Accepted,
        Status::NotAVulnerability,
        Status::Duplicate,
        Status::OutOfScope,
        Status::Fixing,
        Status::Resolved,
        Status::Disclosed,
    ];

    /// The stable name stored in D1 and used in JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Received => "received",
            Status::Acknowledged => "acknowledged",
            Status::Accepted => "accepted",
            Status::NotAVulnerability => "not_a_vulnerability",
            Status::Duplicate => "duplicate",
            Status::OutOfScope => "out_of_scope",
            Status::Fixing => "fixing",
            Status::Resolved => "resolved",
            Status::Disclosed => "disclosed",
        }
    }

    /// Words for people.
    pub fn label(self) -> &'static str {
        match self {
            Status::Received => "received",
            Status::Acknowledged => "acknowledged",
            Status::Accepted => "triaged: accepted",
            Status::NotAVulnerability => "triaged: not a vulnerability",
            Status::Duplicate => "triaged: duplicate of a known report",
            Status::OutOfScope => "triaged: out of scope",
            Status::Fixing => "fixing",
            Status::Resolved => "resolved",
            Status::Disclosed => "disclosed",
        }
    }

    /// The outcomes of triage (the first of them is when a case was triaged).
    pub const TRIAGED: [Status; 4] =
        [Status::Accepted, Status::NotAVulnerability, Status::Duplicate, Status::OutOfScope];

    /// Whether this status is an outcome of triage.
    pub fn is_triage(self) -> bool {
        Self::TRIAGED.contains(&self)
    }

    /// Whether the response promise is met: any status but `received`.
    pub fn is_acknowledged(self) -> bool {
        self != Status::Received
    }

    /// Whether the case needs no further work.
    pub fn is_closed(self) -> bool {
        matches!(
            self,
            Status::NotAVulnerability | Status::Duplicate | Status::OutOfScope | Status::Resolved | Status::Disclosed
        )
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Status {
    type Err = ChangeProblem;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().replace(['-', ' '], "_").to_ascii_lowercase();
        Status::ALL
            .into_iter()
            .find(|st| st.as_str() == wanted)
            .ok_or_else(|| ChangeProblem::UnknownStatus(s.to_owned()))
    }
}

/// Why a staff change is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChangeProblem {
    /// Not a status name.
    #[error(
        "`{0}` is not a status; use one of: acknowledged, accepted, not_a_vulnerability, duplicate, out_of_scope, fixing, resolved, disclosed"
    )]
    UnknownStatus(String),
    /// A case cannot go back to `received`.
    #[error("a case cannot be set back to `received`")]
    BackToReceived,
    /// `fixing` without a date.
    #[error("`fixing` needs an expected resolution date (YYYY-MM-DD)")]
    ResolutionDateMissing,
    /// A date with a status that has no use for it.
    #[error("an expected resolution date only goes with `accepted` or `fixing`")]
    ResolutionDateNotAllowed,
    /// A resolution date before the day the report arrived.
    #[error("the expected resolution date {date} is before the report arrived ({received})")]
    ResolutionDateTooEarly {
        /// The date given.
        date: NaiveDate,
        /// The day of receipt.
        received: NaiveDate,
    },
    /// Reward text empty or too long.
    #[error("a reward is 1 to {max} characters without line breaks, e.g. \"EUR 50\"", max = MAX_REWARD_CHARS)]
    InvalidReward,
    /// A forwarded-to user id that is not one short line.
    #[error("the user id of a forward is one line of at most {MAX_FORWARD_TO_CHARS} characters")]
    ForwardUserId,
    /// A case marked a duplicate of itself.
    #[error("a case cannot be a duplicate of itself")]
    DuplicateOfItself,
    /// A disclosure date before the day the report arrived.
    #[error("the planned disclosure date {date} is before the report arrived ({received})")]
    DisclosureTooEarly {
        /// The date given.
        date: NaiveDate,
        /// The day of receipt.
        received: NaiveDate,
    },
}

/// `POST /api/v1/staff/reports/{id}/duplicate`: the case duplicates `of` (its status becomes
/// `duplicate`; the reporter sees "duplicate of a known report", never the other case).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DuplicateChange {
    /// The case it duplicates.
    pub of: CaseId,
}

impl DuplicateChange {
    /// Checks the change on case `id`.
    pub fn check(&self, id: &CaseId) -> Result<(), ChangeProblem> {
        if &self.of == id { Err(ChangeProblem::DuplicateOfItself) } else { Ok(()) }
    }
}

/// `POST /api/v1/staff/reports/{id}/forwarded`: `sealdrop forward` re-encrypted the decrypted
/// report, on the staff machine, to a coordinator's key; the worker only records that it did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForwardRecord {
    /// The coordinator key's primary fingerprint.
    pub fingerprint: crate::key::Fingerprint,
    /// Its first user id, as the key file says (one line, at most [`MAX_FORWARD_TO_CHARS`]).
    #[serde(default)]
    pub to: Option<String>,
}

/// Longest user id a [`ForwardRecord`] keeps.
pub const MAX_FORWARD_TO_CHARS: usize = 200;

impl ForwardRecord {
    /// The audit detail: `forwarded to FINGERPRINT (user id)`, or why the record is refused.
    pub fn detail(&self) -> Result<String, ChangeProblem> {
        match self.to.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            Some(to) if to.chars().count() > MAX_FORWARD_TO_CHARS || crate::text::has_deceptive_characters(to) => {
                Err(ChangeProblem::ForwardUserId)
            }
            Some(to) => Ok(format!("forwarded to {} ({to})", self.fingerprint)),
            None => Ok(format!("forwarded to {}", self.fingerprint)),
        }
    }
}

/// `PUT /api/v1/staff/reports/{id}/disclosure`: the planned disclosure date (`null`: none),
/// shown to the reporter with the timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DisclosureChange {
    /// The day, in the policy's time zone.
    pub date: Option<NaiveDate>,
}

impl DisclosureChange {
    /// Checks the date for a report received on `received` (the policy's local date).
    pub fn check(&self, received: NaiveDate) -> Result<(), ChangeProblem> {
        match self.date {
            Some(date) if date < received => Err(ChangeProblem::DisclosureTooEarly { date, received }),
            _ => Ok(()),
        }
    }
}

/// `POST /api/v1/staff/reports/{id}/status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusChange {
    /// The new status.
    pub status: Status,
    /// Required with `fixing`, allowed with `accepted`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_resolution: Option<NaiveDate>,
}

impl StatusChange {
    /// Checks the change for a report received on `received` (the policy's local date).
    pub fn check(&self, received: NaiveDate) -> Result<(), ChangeProblem> {
        match (self.status, self.expected_resolution) {
            (Status::Received, _) => Err(ChangeProblem::BackToReceived),
            (Status::Fixing, None) => Err(ChangeProblem::ResolutionDateMissing),
            (Status::Fixing | Status::Accepted, Some(date)) if date < received => {
                Err(ChangeProblem::ResolutionDateTooEarly { date, received })
            }
            (Status::Fixing | Status::Accepted, _) => Ok(()),
            (_, Some(_)) => Err(ChangeProblem::ResolutionDateNotAllowed),
            (_, None) => Ok(()),
        }
    }
}

/// Longest reward text.
pub const MAX_REWARD_CHARS: usize = 64;

/// `PUT /api/v1/staff/reports/{id}/reward`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RewardChange {
    /// What was awarded, e.g. "EUR 50" or "T-shirt".
    pub amount: String,
}

impl RewardChange {
    /// The trimmed amount, or why it is refused.
    pub fn check(&self) -> Result<String, ChangeProblem> {
        let amount = self.amount.trim();
        let chars = amount.chars().count();
        if chars == 0 || chars > MAX_REWARD_CHARS || amount.chars().any(char::is_control) {
            return Err(ChangeProblem::InvalidReward);
        }
        Ok(amount.to_owned())
    }
}

/// A case as staff see it (`GET /api/v1/staff/reports/{id}/record`): metadata only, never
/// content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseRecord {
    /// Case id.
    pub id: CaseId,
    /// When the worker received the report.
    pub received_at: Timestamp,
    /// The end of the promised response window.
    pub respond_by: Timestamp,
    /// Current status.
    pub status: Status,
    /// When first acknowledged.
    pub acknowledged_at: Option<Timestamp>,
    /// The date staff expect the problem to be resolved.
    pub expected_resolution: Option<NaiveDate>,
    /// What was awarded.
    pub reward: Option<String>,
    /// How the reporter is credited.
    pub credit: Option<CaseCredit>,
    /// Bytes of armored ciphertext.
    pub size: u64,
    /// Hex SHA-256 of the ciphertext.
    pub sha256: String,
    /// When staff were notified.
    pub notified_at: Option<Timestamp>,
    /// When the half-window reminder went out.
    pub reminded_at: Option<Timestamp>,
    /// When the deadline escalation went out.
    pub escalated_at: Option<Timestamp>,
    /// The reporter's armored public reply key, when the report opened a follow-up channel.
    /// Check it against the one inside the decrypted report before encrypting to it.
    #[serde(default)]
    pub reply_key: Option<String>,
    /// When staff recorded that a fix is available (`sealdrop cra ID fix-available`, or status
    /// `resolved`).
    #[serde(default)]
    pub fix_available_at: Option<Timestamp>,
    /// The CRA clock, once the case is flagged exploited.
    #[serde(default)]
    pub cra: Option<crate::cra::CraRecord>,
    /// What becomes of the content under the policy's retention (absent: kept).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention: Option<crate::retention::Fate>,
    /// Who works on it (`sealdrop assign`), a name from `STAFF_TOKENS`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee: Option<String>,
    /// The case this one duplicates (`sealdrop duplicate --of`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duplicate_of: Option<CaseId>,
    /// The planned disclosure date (`sealdrop disclosure`), which the reporter sees.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub planned_disclosure: Option<NaiveDate>,
}

/// An internal note (`sealdrop note`): staff only, encrypted to the organisation and staff keys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    /// Note id (ULID).
    pub id: crate::id::MessageId,
    /// When the worker stored it.
    pub at: Timestamp,
    /// The staff token that posted it (the signature inside says who wrote it).
    pub author: String,
    /// The ASCII-armored OpenPGP message.
    pub armored: String,
}

/// `GET /api/v1/staff/reports/{id}/notes`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteList {
    /// Oldest first.
    pub notes: Vec<Note>,
}

/// `POST /api/v1/staff/reports/{id}/assign`: who works on the case (`null`: nobody).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssignChange {
    /// A staff member's name as in `STAFF_TOKENS`, or `null`.
    pub assignee: Option<String>,
}

/// How a reporter is credited (see `PUT /api/v1/staff/reports/{id}/credit`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseCredit {
    /// Name or handle.
    pub name: String,
    /// `https://` link.
    pub link: Option<String>,
    /// Whether it is in the hall of fame.
    pub published: bool,
}

/// `PUT /api/v1/staff/reports/{id}/credit`: how the reporter is to be credited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreditChange {
    /// Name or handle (checked by `publish::check_credit`).
    pub name: String,
    /// Optional `https://` link.
    #[serde(default)]
    pub link: Option<String>,
    /// Whether to show it in the hall of fame.
    #[serde(default)]
    pub publish: bool,
}

/// The answer to a credit change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditRecord {
    // Fields in alphabetical order: the JSON keys keep the order this answer always had.
    /// The credit's public id in the hall of fame (a hash, never the case id).
    pub credit_id: String,
    /// The link as recorded.
    pub link: Option<String>,
    /// The name as recorded.
    pub name: String,
    /// Whether it is in the hall of fame.
    pub published: bool,
    /// The case.
    pub report_id: CaseId,
    /// When the credit was last changed.
    pub updated_at: Timestamp,
}

/// One entry of a case's audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// When it happened.
    pub at: Timestamp,
    /// Who: the name of the staff token used, or `sealdrop` for the worker itself.
    pub actor: String,
    /// What, e.g. `status`, `reward`, `credit`, `download`, `reminder`, `escalation`.
    pub action: String,
    /// Details, e.g. `fixing, expected 2027-01-15`.
    pub detail: String,
}

/// `GET /api/v1/staff/reports/{id}/log`: oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLog {
    /// Case id.
    pub id: CaseId,
    /// Entries, oldest first.
    pub entries: Vec<AuditEntry>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    #[test]
    fn status_names_round_trip() {
        for status in Status::ALL {
            assert_eq!(status.as_str().parse::<Status>(), Ok(status));
            let json = serde_json::to_string(&status).expect("json");
            assert_eq!(json, format!("\"{}\"", status.as_str()));
        }
        assert_eq!("not-a-vulnerability".parse::<Status>(), Ok(Status::NotAVulnerability));
        assert_eq!("Out of scope".parse::<Status>(), Ok(Status::OutOfScope));
        assert!(matches!("fixed".parse::<Status>(), Err(ChangeProblem::UnknownStatus(_))));
    }

    #[test]
    fn status_changes() {
        let received = date("2026-11-23");
        let cases: &[(Status, Option<&str>, Result<(), &str>)] = &[
            (Status::Acknowledged, None, Ok(())),
            (Status::Fixing, Some("2027-01-15"), Ok(())),
            (Status::Fixing, Some("2026-11-23"), Ok(())),
            (Status::Fixing, None, Err("needs an expected resolution date")),
            (Status::Fixing, Some("2026-11-22"), Err("before the report arrived")),
            (Status::Accepted, Some("2027-01-15"), Ok(())),
            (Status::Accepted, None, Ok(())),
            (Status::Resolved, Some("2027-01-15"), Err("only goes with")),
            (Status::Received, None, Err("cannot be set back")),
            (Status::Disclosed, None, Ok(())),
        ];
        for (status, when, expected) in cases {
            let change = StatusChange { status: *status, expected_resolution: when.map(date) };
            let got = change.check(received).map_err(|e| e.to_string());
            match (got, expected) {
                (Ok(()), Ok(())) => {}
                (Err(e), Err(needle)) => assert!(e.contains(needle), "{status}: `{e}` lacks `{needle}`"),
                (got, expected) => panic!("{status} {when:?}: got {got:?}, expected {expected:?}"),
            }
        }
    }

    #[test]
    fn rewards() {
        let check = |s: &str| RewardChange { amount: s.to_owned() }.check();
        assert_eq!(check("  EUR 50 "), Ok("EUR 50".to_owned()));
        assert_eq!(check(""), Err(ChangeProblem::InvalidReward));
        assert_eq!(check("EUR\n50"), Err(ChangeProblem::InvalidReward));
        assert_eq!(check(&"x".repeat(65)), Err(ChangeProblem::InvalidReward));
    }

    #[test]
    fn acknowledgement_and_closing() {
        assert!(!Status::Received.is_acknowledged());
        assert!(Status::ALL[1..].iter().all(|s| s.is_acknowledged()));
        assert!(Status::Duplicate.is_closed() && !Status::Fixing.is_closed());
        let triage: Vec<&str> = Status::ALL.iter().filter(|s| s.is_triage()).map(|s| s.as_str()).collect();
        assert_eq!(triage, ["accepted", "not_a_vulnerability", "duplicate", "out_of_scope"]);
    }
}
