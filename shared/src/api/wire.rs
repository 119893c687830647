//! The wire types between widget, worker and staff tools that belong to no other module.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::id::CaseId;
use crate::retry::Notification;
use crate::staff::Status;
use crate::time::Timestamp;

/// Content type of a submission and of a stored report: an ASCII-armored OpenPGP message.
pub const PGP_MEDIA_TYPE: &str = "application/pgp-encrypted";
/// Header that makes a submission idempotent.
pub const IDEMPOTENCY_HEADER: &str = "Idempotency-Key";
/// Longest accepted idempotency key.
pub const MAX_IDEMPOTENCY_KEY_LEN: usize = 128;

/// Answer to a successful submission (`201 Created`). Not to be confused with the reporter's
/// receipt (`receipt.rs`), the secret only the reporter holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmitAnswer {
    /// Case id (ULID).
    pub id: CaseId,
    /// When the worker received the report (in UTC).
    pub received_at: Timestamp,
    /// The end of the promised response window (with the policy's offset).
    pub respond_by: Timestamp,
}

/// The size of every part of an upload but the last ([`UploadState`]): 8 MiB, above R2's
/// minimum of 5 MiB and far below Cloudflare's 100 MB request limit.
pub const UPLOAD_PART_BYTES: u64 = 8 * 1024 * 1024;

/// Content type of an upload's part: a slice of a binary OpenPGP message.
pub const PART_MEDIA_TYPE: &str = "application/octet-stream";

/// `POST /api/v1/uploads`: a report too large for one request begins (with `Idempotency-Key`,
/// required, and the proof of work). Parts follow, each [`UPLOAD_PART_BYTES`] but the last.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UploadStart {
    /// Hex SHA-256 of the lookup token, to open the follow-up channel (with `reply_key`).
    #[serde(default)]
    pub lookup: Option<String>,
    /// The reporter's public reply key, binary, base64 (with `lookup`).
    #[serde(default)]
    pub reply_key: Option<String>,
    /// The reporter ticked "being exploited in the wild" (`cra::EXPLOITED_HEADER` of a one-request
    /// submission): the CRA clock starts at receipt. Refused unless the policy uses the clock.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub exploited: bool,
}

/// Where an upload stands: what every upload endpoint answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadState {
    /// The upload's id (its only credential).
    pub id: crate::id::UploadId,
    /// The size of every part but the last.
    pub part_size: u64,
    /// The most bytes the whole message may have.
    pub limit: u64,
    /// Parts acknowledged: the next part to send is `parts + 1`.
    pub parts: u32,
    /// Bytes acknowledged.
    pub bytes: u64,
    /// Whether the message is whole (its encrypted data packet has ended): no more parts; complete.
    pub whole: bool,
}

/// One row of the staff listing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportSummary {
    /// Case id.
    pub id: CaseId,
    /// When the worker received the report.
    pub received_at: Timestamp,
    /// The end of the promised response window.
    pub respond_by: Timestamp,
    /// Size of the armored ciphertext in bytes.
    pub size: u64,
    /// Processing state.
    pub status: Status,
    /// The date staff expect the problem to be resolved, once set.
    #[serde(default)]
    pub expected_resolution: Option<NaiveDate>,
    /// Whether staff were e-mailed about the report and about every answer of the reporter: the
    /// worst of those e-mails (`sent`, `pending` while retried, `failed` once given up after
    /// [`crate::retry::MAX_ATTEMPTS`] attempts).
    pub notification: Notification,
    /// The attempts behind `notification` (of the report's e-mail, or of the worst answer's).
    pub notify_attempts: u32,
    /// The CRA obligation not yet done that falls due first, if the case is flagged exploited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cra_next: Option<crate::cra::NextDue>,
    /// What becomes of the content under the policy's retention (absent: kept).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention: Option<crate::retention::Fate>,
    /// Who works on it (`sealdrop assign`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee: Option<String>,
}

/// `GET /api/v1/staff/reports`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportList {
    /// Newest first.
    pub reports: Vec<ReportSummary>,
}

/// Every error answer: `{"error":{"code":"...","message":"..."}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// The error.
    pub error: ErrorDetail,
}

/// A stable machine-readable code and a human message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorDetail {
    /// Stable code, e.g. `wrong_recipient`.
    pub code: String,
    /// What happened and what to do.
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Times and ids are typed, yet the JSON keeps its bytes.
    #[test]
    fn answers_keep_their_bytes() {
        let submit = r#"{"id":"01KAY8R5S7X0V3M2QJ4N6T8W9A","received_at":"2026-11-23T10:00:00+00:00","respond_by":"2026-11-26T23:59:59+01:00"}"#;
        let list = r#"{"reports":[{"id":"01KAY8R5S7X0V3M2QJ4N6T8W9A","received_at":"2026-11-23T10:00:00+00:00","respond_by":"2026-11-26T23:59:59-05:00","size":100,"status":"fixing","expected_resolution":"2027-01-15","notification":"failed","notify_attempts":8}]}"#;
        let answer: SubmitAnswer = serde_json::from_str(submit).expect("an answer");
        assert_eq!(serde_json::to_string(&answer).expect("json"), submit);
        let reports: ReportList = serde_json::from_str(list).expect("a list");
        assert_eq!(serde_json::to_string(&reports).expect("json"), list);
        let bad = submit.replace("+01:00", "");
        assert!(serde_json::from_str::<SubmitAnswer>(&bad).is_err());
    }
}
