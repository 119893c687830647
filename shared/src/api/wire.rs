//! The wire types between widget, worker and staff tools that belong to no other module.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::id::CaseId;
use crate::staff::Status;

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
    /// When the worker received the report (RFC 3339).
    pub received_at: String,
    /// The end of the promised response window (RFC 3339 with the policy's offset).
    pub respond_by: String,
}

/// One row of the staff listing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportSummary {
    /// Case id.
    pub id: CaseId,
    /// RFC 3339.
    pub received_at: String,
    /// RFC 3339.
    pub respond_by: String,
    /// Size of the armored ciphertext in bytes.
    pub size: u64,
    /// Processing state.
    pub status: Status,
    /// The date staff expect the problem to be resolved, once set.
    #[serde(default)]
    pub expected_resolution: Option<NaiveDate>,
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
