//! The worker's one error type, mapped to HTTP status and a stable public code in one place.
//! Internal detail goes to the log, never into a response.

use sealdrop_shared::api::{ErrorBody, ErrorDetail};

/// Everything a request can fail with.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ApiError {
    /// No route for this path.
    #[error("no such endpoint")]
    NotFound,
    /// The path exists, but not for this method.
    #[error("method not allowed; use {allowed}")]
    MethodNotAllowed {
        /// The allowed methods, comma-separated.
        allowed: &'static str,
    },
    /// Staff endpoint without a bearer token.
    #[error("this endpoint needs `Authorization: Bearer <staff token>`")]
    AuthRequired,
    /// Staff endpoint with a wrong token.
    #[error("the staff token is not valid")]
    AuthInvalid,
    /// Wrong `Content-Type` on a submission.
    #[error("send the report as `Content-Type: application/pgp-encrypted` (an ASCII-armored OpenPGP message)")]
    UnsupportedMediaType,
    /// No `Content-Length`.
    #[error("a `Content-Length` header is required")]
    LengthRequired,
    /// Body larger than the policy allows.
    #[error("the report is {size} bytes; this policy accepts at most {limit} bytes")]
    PayloadTooLarge {
        /// Declared or actual size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// Body length differs from `Content-Length`.
    #[error("the body length does not match `Content-Length`")]
    LengthMismatch,
    /// The body is not an OpenPGP message of the accepted shape.
    #[error("{0}")]
    NotEncrypted(String),
    /// The message is encrypted to a key other than the organisation's.
    #[error("the message is encrypted to key {key_id}, which is not this organisation's key; encrypt to {expected}")]
    WrongRecipient {
        /// What the message is addressed to.
        key_id: String,
        /// The organisation key's fingerprint.
        expected: String,
    },
    /// A key the message must be encrypted to is missing.
    #[error("the message is not encrypted to key {fingerprint}, which it must be addressed to")]
    RecipientMissing {
        /// The missing key.
        fingerprint: String,
    },
    /// Malformed `Idempotency-Key`.
    #[error("`Idempotency-Key` must be 1 to 128 visible ASCII characters")]
    IdempotencyKeyInvalid,
    /// Same `Idempotency-Key` with a different body.
    #[error("this `Idempotency-Key` was already used for a different report")]
    IdempotencyKeyReused,
    /// Malformed query string.
    #[error("the query string is not valid: {0}")]
    InvalidQuery(&'static str),
    /// Malformed case id.
    #[error("`{0}` is not a case id")]
    InvalidId(String),
    /// Unknown case id.
    #[error("no report with id `{0}`")]
    ReportNotFound(String),
    /// A request body that should be JSON is not, or misses fields.
    #[error("the body is not valid JSON for this endpoint: {0}")]
    InvalidJson(String),
    /// A credit that cannot be published.
    #[error("the credit cannot be recorded: {0}")]
    InvalidCredit(#[from] sealdrop_shared::publish::CreditProblem),
    /// A status change or reward that cannot be recorded.
    #[error("the change cannot be recorded: {0}")]
    InvalidChange(#[from] sealdrop_shared::staff::ChangeProblem),
    /// Malformed follow-up headers on a submission.
    #[error("the follow-up channel cannot be opened: {0}")]
    InvalidChannel(&'static str),
    /// Another report already uses this lookup hash.
    #[error("this receipt is already in use; create a new one")]
    LookupTaken,
    /// No case matches a receipt (the same answer for every wrong receipt).
    #[error("no report matches this receipt")]
    ReceiptUnknown,
    /// Too many receipt look-ups.
    #[error("too many attempts; try again in {retry_after} seconds")]
    RateLimited {
        /// Seconds until the window ends.
        retry_after: u64,
    },
    /// The report did not open a follow-up channel, so there is no key to reply to.
    #[error("this report has no follow-up channel (it was sent without a receipt)")]
    NoReplyChannel,
    /// A CORS preflight from an origin the policy does not list.
    #[error("origin `{0}` may not call this endpoint; the policy lists the origins that embed the widget")]
    OriginNotAllowed(String),
    /// No key for this WKD hash.
    #[error("no key is published for this address")]
    WkdNotFound,
    /// The worker was built without a policy.
    #[error("the worker was built without a policy (build it with `cargo xtask build`)")]
    PolicyMissing,
    /// The staff token secret is not set.
    #[error("the staff token secret STAFF_TOKEN_SHA256 is not configured")]
    AuthNotConfigured,
    /// Storage failed (D1 or R2).
    #[error("storage is unavailable; the report was not stored, please retry")]
    Storage(String),
    /// Anything else unexpected.
    #[error("internal error")]
    Internal(String),
}

impl ApiError {
    /// HTTP status.
    pub fn status(&self) -> u16 {
        match self {
            ApiError::NotFound | ApiError::ReportNotFound(_) | ApiError::WkdNotFound | ApiError::ReceiptUnknown => 404,
            ApiError::RateLimited { .. } => 429,
            ApiError::LookupTaken | ApiError::NoReplyChannel => 409,
            ApiError::InvalidChannel(_) => 400,
            ApiError::OriginNotAllowed(_) => 403,
            ApiError::InvalidJson(_) | ApiError::InvalidCredit(_) => 400,
            ApiError::MethodNotAllowed { .. } => 405,
            ApiError::AuthRequired | ApiError::AuthInvalid => 401,
            ApiError::UnsupportedMediaType => 415,
            ApiError::LengthRequired => 411,
            ApiError::PayloadTooLarge { .. } => 413,
            ApiError::LengthMismatch
            | ApiError::NotEncrypted(_)
            | ApiError::InvalidQuery(_)
            | ApiError::IdempotencyKeyInvalid
            | ApiError::InvalidId(_) => 400,
            ApiError::WrongRecipient { .. }
            | ApiError::RecipientMissing { .. }
            | ApiError::IdempotencyKeyReused
            | ApiError::InvalidChange(_) => 422,
            ApiError::Storage(_) => 503,
            ApiError::PolicyMissing | ApiError::AuthNotConfigured | ApiError::Internal(_) => 500,
        }
    }

    /// Stable public code.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::NotFound => "not_found",
            ApiError::MethodNotAllowed { .. } => "method_not_allowed",
            ApiError::AuthRequired => "auth_required",
            ApiError::AuthInvalid => "auth_invalid",
            ApiError::UnsupportedMediaType => "unsupported_media_type",
            ApiError::LengthRequired => "length_required",
            ApiError::PayloadTooLarge { .. } => "payload_too_large",
            ApiError::LengthMismatch => "length_mismatch",
            ApiError::NotEncrypted(_) => "not_encrypted",
            ApiError::WrongRecipient { .. } => "wrong_recipient",
            ApiError::RecipientMissing { .. } => "recipient_missing",
            ApiError::IdempotencyKeyInvalid => "idempotency_key_invalid",
            ApiError::IdempotencyKeyReused => "idempotency_key_reused",
            ApiError::InvalidQuery(_) => "invalid_query",
            ApiError::InvalidId(_) => "invalid_id",
            ApiError::ReportNotFound(_) => "report_not_found",
            ApiError::InvalidJson(_) => "invalid_json",
            ApiError::InvalidCredit(_) => "invalid_credit",
            ApiError::InvalidChange(_) => "invalid_change",
            ApiError::OriginNotAllowed(_) => "origin_not_allowed",
            ApiError::InvalidChannel(_) => "invalid_channel",
            ApiError::LookupTaken => "receipt_in_use",
            ApiError::ReceiptUnknown => "receipt_unknown",
            ApiError::RateLimited { .. } => "rate_limited",
            ApiError::NoReplyChannel => "no_reply_channel",
            ApiError::WkdNotFound => "key_not_found",
            ApiError::PolicyMissing => "policy_missing",
            ApiError::AuthNotConfigured => "auth_not_configured",
            ApiError::Storage(_) => "storage_unavailable",
            ApiError::Internal(_) => "internal",
        }
    }

    /// The public JSON body. Storage and internal details are not included.
    pub fn body(&self) -> ErrorBody {
        ErrorBody { error: ErrorDetail { code: self.code().to_owned(), message: self.to_string() } }
    }

    /// The error with its internal detail, for the worker's log (never for a response).
    pub fn log_line(&self) -> String {
        match self.log_detail() {
            Some(detail) => format!("{}: {detail}", self.code()),
            None => format!("{}: {self}", self.code()),
        }
    }

    /// Detail worth logging (never sent to the client).
    pub fn log_detail(&self) -> Option<&str> {
        match self {
            ApiError::Storage(d) | ApiError::Internal(d) => Some(d),
            _ => None,
        }
    }
}

impl From<sealdrop_shared::Error> for ApiError {
    fn from(e: sealdrop_shared::Error) -> Self {
        use sealdrop_shared::Error as E;
        match e {
            E::WrongRecipient { key_id } => ApiError::WrongRecipient { key_id, expected: String::new() },
            E::RecipientMissing { fingerprint } => ApiError::RecipientMissing { fingerprint },
            E::NotEncrypted(why) => ApiError::NotEncrypted(format!("not an accepted encrypted OpenPGP message: {why}")),
            E::MalformedMessage(_) => {
                ApiError::NotEncrypted("the body is not a well-formed ASCII-armored OpenPGP message".to_owned())
            }
            other => ApiError::Internal(other.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_has_a_4xx_or_5xx_status_and_a_snake_case_code() {
        let all = [
            ApiError::NotFound,
            ApiError::MethodNotAllowed { allowed: "GET" },
            ApiError::AuthRequired,
            ApiError::AuthInvalid,
            ApiError::UnsupportedMediaType,
            ApiError::LengthRequired,
            ApiError::PayloadTooLarge { size: 2, limit: 1 },
            ApiError::LengthMismatch,
            ApiError::NotEncrypted("x".into()),
            ApiError::WrongRecipient { key_id: "AA".into(), expected: "BB".into() },
            ApiError::RecipientMissing { fingerprint: "BB".into() },
            ApiError::IdempotencyKeyInvalid,
            ApiError::IdempotencyKeyReused,
            ApiError::InvalidId("x".into()),
            ApiError::InvalidQuery("x"),
            ApiError::ReportNotFound("x".into()),
            ApiError::InvalidChange(sealdrop_shared::staff::ChangeProblem::ResolutionDateMissing),
            ApiError::InvalidJson("x".into()),
            ApiError::InvalidChannel("x"),
            ApiError::LookupTaken,
            ApiError::ReceiptUnknown,
            ApiError::RateLimited { retry_after: 1 },
            ApiError::NoReplyChannel,
            ApiError::PolicyMissing,
            ApiError::AuthNotConfigured,
            ApiError::Storage("d1 exploded at table reports".into()),
            ApiError::Internal("secret detail".into()),
        ];
        let mut codes = std::collections::HashSet::new();
        for e in all {
            assert!((400..600).contains(&e.status()), "{e:?}");
            assert!(e.code().chars().all(|c| c.is_ascii_lowercase() || c == '_'), "{e:?}");
            assert!(codes.insert(e.code()), "duplicate code {}", e.code());
            let body = serde_json::to_string(&e.body()).expect("json");
            assert!(!body.contains("exploded") && !body.contains("secret detail"), "leaks internals: {body}");
        }
    }
}
