//! The worker's one error type, mapped to HTTP status and a stable public code in one place.
//! Internal detail goes to the log, never into a response.

use sealdrop_shared::api::{ErrorBody, ErrorDetail, RouteError};

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
        allowed: String,
    },
    /// Staff endpoint without a bearer token.
    #[error("this endpoint needs `Authorization: Bearer <staff token>`")]
    AuthRequired,
    /// Staff endpoint with a wrong token.
    #[error("the staff token is not valid")]
    AuthInvalid,
    /// Wrong `Content-Type` on a ciphertext body: what it must be.
    #[error("send the body as `Content-Type: {0}`")]
    UnsupportedMediaType(&'static str),
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
        fingerprint: sealdrop_shared::key::Fingerprint,
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
    #[error("`{0}` is not a valid id (a case id is 26 characters, an upload id 32 hex digits)")]
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
    /// Too many receipt look-ups, or submissions, from one client (or overall).
    #[error("too many attempts; try again in {retry_after} seconds")]
    RateLimited {
        /// Seconds until the window ends.
        retry_after: u64,
    },
    /// A rate-limited request without a proof of work.
    #[error("{}", sealdrop_shared::pow::PowError::Missing)]
    PowRequired,
    /// A proof of work that does not solve a challenge of this worker's.
    #[error("{}", sealdrop_shared::pow::PowError::Invalid)]
    PowInvalid,
    /// A proof of work whose challenge has expired.
    #[error("{}", sealdrop_shared::pow::PowError::Expired)]
    PowExpired,
    /// A proof of work already spent on another request.
    #[error("this proof of work was already used for another request; solve a new challenge")]
    PowReused,
    /// The report did not open a follow-up channel, so there is no key to reply to.
    #[error("this report has no follow-up channel (it was sent without a receipt)")]
    NoReplyChannel,
    /// No key for this WKD hash.
    #[error("no key is published for this address")]
    WkdNotFound,
    /// The worker was built without a policy.
    #[error("the worker was built without a policy (build it with `cargo xtask build`)")]
    PolicyMissing,
    /// The staff token secret is not set.
    #[error("the staff token secret STAFF_TOKEN_SHA256 is not configured")]
    AuthNotConfigured,
    /// An upload needs an `Idempotency-Key` (its retries find it by the key).
    #[error("an upload needs an `Idempotency-Key` header")]
    IdempotencyKeyRequired,
    /// No upload with this id (never begun, or removed by the cron a day after it began).
    #[error("no upload has this id (uploads are removed a day after they began, completed or not, or it never began)")]
    UploadUnknown,
    /// A part that is not the next one.
    #[error("part {n} is not the next part of this upload; send part {next} (GET the upload to see where it stands)")]
    PartOutOfOrder {
        /// The part sent.
        n: u32,
        /// The part expected.
        next: u32,
    },
    /// An acknowledged part sent again with other bytes.
    #[error("part {0} was already received with other bytes")]
    PartMismatch(u32),
    /// A part of the wrong size, or after the last.
    #[error("{0}")]
    PartInvalid(String),
    /// `complete` before the message's end.
    #[error("the upload is not complete: the message has not ended after {parts} parts ({bytes} bytes)")]
    UploadIncomplete {
        /// Parts acknowledged.
        parts: u32,
        /// Bytes acknowledged.
        bytes: u64,
    },
    /// The CRA flag where the policy asks for none, or a value other than `yes`.
    #[error(
        "`X-Sealdrop-Exploited` (or `exploited` in an upload) is `yes` only, and only when the policy uses the CRA clock; this one does not"
    )]
    ExploitedNotAsked,

    /// A CRA change on a policy without the clock.
    #[error("this policy does not use the CRA clock (set `[cra] clock = true` in the policy file)")]
    CraOff,

    /// A CRA change that does not fit the case.
    #[error("the CRA change cannot be recorded: {0}")]
    InvalidCraChange(sealdrop_shared::cra::CraProblem),

    /// The case's content was deleted under the policy's retention (or its deletion has begun):
    /// only its tombstone (record and audit log) is left.
    #[error("report {0} was deleted under the policy's retention; only its record and audit log are kept")]
    ReportDeleted(String),

    /// A hold change with a bad reason.
    #[error("the hold cannot be recorded: {0}")]
    InvalidHold(sealdrop_shared::retention::HoldProblem),

    /// An assignee who is not a staff member.
    #[error("`{name}` is not a staff member in STAFF_TOKENS; assign one of: {known}")]
    UnknownAssignee {
        /// The name asked for.
        name: String,
        /// The names there are (or a hint when there are none).
        known: String,
    },

    /// Storage failed (D1 or R2).
    #[error("storage is unavailable; the report was not stored, please retry")]
    Storage(String),
    /// Anything else unexpected.
    #[error("internal error")]
    Internal(String),
}

/// What the client sees of an error: status, stable code and extra headers. The message is the
/// error's `Display` text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Public {
    /// HTTP status.
    pub status: u16,
    /// Stable snake_case code.
    pub code: &'static str,
    /// Headers the answer carries (`WWW-Authenticate`, `Allow`, `Retry-After`).
    pub headers: Vec<(&'static str, String)>,
}

impl ApiError {
    /// **The one mapping** from an error to what the client sees.
    pub fn public(&self) -> Public {
        let plain = |status, code| Public { status, code, headers: Vec::new() };
        let with = |status, code, name, value: String| Public { status, code, headers: vec![(name, value)] };
        let bearer = || "Bearer realm=\"sealdrop-staff\"".to_owned();
        match self {
            ApiError::NotFound => plain(404, "not_found"),
            ApiError::MethodNotAllowed { allowed } => with(405, "method_not_allowed", "Allow", allowed.clone()),
            ApiError::AuthRequired => with(401, "auth_required", "WWW-Authenticate", bearer()),
            ApiError::AuthInvalid => with(401, "auth_invalid", "WWW-Authenticate", bearer()),
            ApiError::UnsupportedMediaType(_) => plain(415, "unsupported_media_type"),
            ApiError::LengthRequired => plain(411, "length_required"),
            ApiError::PayloadTooLarge { .. } => plain(413, "payload_too_large"),
            ApiError::LengthMismatch => plain(400, "length_mismatch"),
            ApiError::NotEncrypted(_) => plain(400, "not_encrypted"),
            ApiError::WrongRecipient { .. } => plain(422, "wrong_recipient"),
            ApiError::RecipientMissing { .. } => plain(422, "recipient_missing"),
            ApiError::IdempotencyKeyInvalid => plain(400, "idempotency_key_invalid"),
            ApiError::IdempotencyKeyReused => plain(422, "idempotency_key_reused"),
            ApiError::InvalidQuery(_) => plain(400, "invalid_query"),
            ApiError::InvalidId(_) => plain(400, "invalid_id"),
            ApiError::ReportNotFound(_) => plain(404, "report_not_found"),
            ApiError::InvalidJson(_) => plain(400, "invalid_json"),
            ApiError::InvalidCredit(_) => plain(400, "invalid_credit"),
            ApiError::InvalidChange(_) => plain(422, "invalid_change"),
            ApiError::InvalidChannel(_) => plain(400, "invalid_channel"),
            ApiError::LookupTaken => plain(409, "receipt_in_use"),
            ApiError::ReceiptUnknown => plain(404, "receipt_unknown"),
            ApiError::RateLimited { retry_after } => with(429, "rate_limited", "Retry-After", retry_after.to_string()),
            ApiError::PowRequired => plain(428, "pow_required"),
            ApiError::PowInvalid => plain(403, "pow_invalid"),
            ApiError::PowExpired => plain(403, "pow_expired"),
            ApiError::PowReused => plain(409, "pow_reused"),
            ApiError::NoReplyChannel => plain(409, "no_reply_channel"),
            ApiError::WkdNotFound => plain(404, "key_not_found"),
            ApiError::PolicyMissing => plain(500, "policy_missing"),
            ApiError::AuthNotConfigured => plain(500, "auth_not_configured"),
            ApiError::IdempotencyKeyRequired => plain(400, "idempotency_key_required"),
            ApiError::UploadUnknown => plain(404, "upload_unknown"),
            ApiError::PartOutOfOrder { .. } => plain(409, "part_out_of_order"),
            ApiError::PartMismatch(_) => plain(409, "part_mismatch"),
            ApiError::PartInvalid(_) => plain(400, "part_invalid"),
            ApiError::UploadIncomplete { .. } => plain(409, "upload_incomplete"),
            ApiError::ExploitedNotAsked => plain(400, "exploited_not_asked"),
            ApiError::CraOff => plain(409, "cra_off"),
            ApiError::InvalidCraChange(_) => plain(409, "invalid_cra_change"),
            ApiError::ReportDeleted(_) => plain(410, "report_deleted"),
            ApiError::InvalidHold(_) => plain(400, "invalid_hold"),
            ApiError::UnknownAssignee { .. } => plain(400, "unknown_assignee"),
            // Nothing was stored (or what was is found again by the idempotency key): retry soon.
            ApiError::Storage(_) => with(503, "storage_unavailable", "Retry-After", "5".to_owned()),
            ApiError::Internal(_) => plain(500, "internal"),
        }
    }

    /// HTTP status.
    pub fn status(&self) -> u16 {
        self.public().status
    }

    /// Stable public code.
    pub fn code(&self) -> &'static str {
        self.public().code
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

impl From<sealdrop_shared::cra::CraProblem> for ApiError {
    fn from(e: sealdrop_shared::cra::CraProblem) -> Self {
        match e {
            sealdrop_shared::cra::CraProblem::ClockOff => ApiError::CraOff,
            other => ApiError::InvalidCraChange(other),
        }
    }
}

impl From<sealdrop_shared::retention::HoldProblem> for ApiError {
    fn from(e: sealdrop_shared::retention::HoldProblem) -> Self {
        ApiError::InvalidHold(e)
    }
}

impl From<sealdrop_shared::pow::PowError> for ApiError {
    fn from(e: sealdrop_shared::pow::PowError) -> Self {
        use sealdrop_shared::pow::PowError as P;
        match e {
            P::Missing => ApiError::PowRequired,
            P::Invalid => ApiError::PowInvalid,
            P::Expired => ApiError::PowExpired,
        }
    }
}

impl From<RouteError> for ApiError {
    fn from(e: RouteError) -> Self {
        match e {
            RouteError::NotFound => ApiError::NotFound,
            RouteError::MethodNotAllowed { allowed } => ApiError::MethodNotAllowed { allowed },
            RouteError::InvalidParam { value, .. } => ApiError::InvalidId(value),
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

    /// One value of every variant. [`position`] has no wildcard arm, so a new variant does not
    /// compile until it is given a position, and the test fails until it is given a sample.
    fn samples() -> Vec<ApiError> {
        vec![
            ApiError::NotFound,
            ApiError::MethodNotAllowed { allowed: "GET, HEAD".into() },
            ApiError::AuthRequired,
            ApiError::AuthInvalid,
            ApiError::UnsupportedMediaType("application/pgp-encrypted (an ASCII-armored OpenPGP message)"),
            ApiError::LengthRequired,
            ApiError::PayloadTooLarge { size: 2, limit: 1 },
            ApiError::LengthMismatch,
            ApiError::NotEncrypted("not an accepted encrypted OpenPGP message: literal data".into()),
            ApiError::WrongRecipient { key_id: "AA".into(), expected: "BB".into() },
            ApiError::RecipientMissing { fingerprint: "BB".repeat(20).parse().expect("a fingerprint") },
            ApiError::IdempotencyKeyInvalid,
            ApiError::IdempotencyKeyReused,
            ApiError::InvalidQuery("x"),
            ApiError::InvalidId("x".into()),
            ApiError::ReportNotFound("x".into()),
            ApiError::InvalidJson("x".into()),
            ApiError::InvalidCredit(sealdrop_shared::publish::CreditProblem::NameEmpty),
            ApiError::InvalidChange(sealdrop_shared::staff::ChangeProblem::ResolutionDateMissing),
            ApiError::InvalidChannel("x"),
            ApiError::LookupTaken,
            ApiError::ReceiptUnknown,
            ApiError::RateLimited { retry_after: 7 },
            ApiError::PowRequired,
            ApiError::PowInvalid,
            ApiError::PowExpired,
            ApiError::PowReused,
            ApiError::NoReplyChannel,
            ApiError::WkdNotFound,
            ApiError::PolicyMissing,
            ApiError::AuthNotConfigured,
            ApiError::IdempotencyKeyRequired,
            ApiError::UploadUnknown,
            ApiError::PartOutOfOrder { n: 3, next: 2 },
            ApiError::PartMismatch(1),
            ApiError::PartInvalid("a part is at most 8388608 bytes".into()),
            ApiError::UploadIncomplete { parts: 1, bytes: 8 },
            ApiError::ExploitedNotAsked,
            ApiError::CraOff,
            ApiError::InvalidCraChange(sealdrop_shared::cra::CraProblem::NotFlagged),
            ApiError::ReportDeleted("x".into()),
            ApiError::InvalidHold(sealdrop_shared::retention::HoldProblem::Reason),
            ApiError::UnknownAssignee { name: "bob".into(), known: "alice".into() },
            ApiError::Storage("d1 exploded at table reports".into()),
            ApiError::Internal("secret detail".into()),
        ]
    }

    fn position(e: &ApiError) -> usize {
        match e {
            ApiError::NotFound => 0,
            ApiError::MethodNotAllowed { .. } => 1,
            ApiError::AuthRequired => 2,
            ApiError::AuthInvalid => 3,
            ApiError::UnsupportedMediaType(_) => 4,
            ApiError::LengthRequired => 5,
            ApiError::PayloadTooLarge { .. } => 6,
            ApiError::LengthMismatch => 7,
            ApiError::NotEncrypted(_) => 8,
            ApiError::WrongRecipient { .. } => 9,
            ApiError::RecipientMissing { .. } => 10,
            ApiError::IdempotencyKeyInvalid => 11,
            ApiError::IdempotencyKeyReused => 12,
            ApiError::InvalidQuery(_) => 13,
            ApiError::InvalidId(_) => 14,
            ApiError::ReportNotFound(_) => 15,
            ApiError::InvalidJson(_) => 16,
            ApiError::InvalidCredit(_) => 17,
            ApiError::InvalidChange(_) => 18,
            ApiError::InvalidChannel(_) => 19,
            ApiError::LookupTaken => 20,
            ApiError::ReceiptUnknown => 21,
            ApiError::RateLimited { .. } => 22,
            ApiError::PowRequired => 23,
            ApiError::PowInvalid => 24,
            ApiError::PowExpired => 25,
            ApiError::PowReused => 26,
            ApiError::NoReplyChannel => 27,
            ApiError::WkdNotFound => 28,
            ApiError::PolicyMissing => 29,
            ApiError::AuthNotConfigured => 30,
            ApiError::IdempotencyKeyRequired => 31,
            ApiError::UploadUnknown => 32,
            ApiError::PartOutOfOrder { .. } => 33,
            ApiError::PartMismatch(_) => 34,
            ApiError::PartInvalid(_) => 35,
            ApiError::UploadIncomplete { .. } => 36,
            ApiError::ExploitedNotAsked => 37,
            ApiError::CraOff => 38,
            ApiError::InvalidCraChange(_) => 39,
            ApiError::ReportDeleted(_) => 40,
            ApiError::InvalidHold(_) => 41,
            ApiError::UnknownAssignee { .. } => 42,
            ApiError::Storage(_) => 43,
            ApiError::Internal(_) => 44,
        }
    }

    #[test]
    fn every_variant_maps_to_a_status_a_unique_code_and_no_internals() {
        let all = samples();
        let positions: Vec<usize> = all.iter().map(position).collect();
        assert_eq!(positions, (0..all.len()).collect::<Vec<_>>(), "one sample per variant, in order");
        let mut codes = std::collections::HashSet::new();
        for e in &all {
            let public = e.public();
            assert!((400..600).contains(&public.status), "{e:?}");
            assert!(public.code.chars().all(|c| c.is_ascii_lowercase() || c == '_'), "{e:?}");
            assert!(codes.insert(public.code), "duplicate code {}", public.code);
            let body = serde_json::to_string(&e.body()).expect("json");
            assert!(!body.contains("exploded") && !body.contains("secret detail"), "leaks internals: {body}");
            assert!(e.to_string().len() > 10, "a helpful message: {e:?}");
        }
    }

    #[test]
    fn headers_say_what_to_do() {
        let header = |e: ApiError| e.public().headers;
        let cases: Vec<(ApiError, Vec<(&str, &str)>)> = vec![
            (ApiError::AuthRequired, vec![("WWW-Authenticate", "Bearer realm=\"sealdrop-staff\"")]),
            (ApiError::AuthInvalid, vec![("WWW-Authenticate", "Bearer realm=\"sealdrop-staff\"")]),
            (ApiError::MethodNotAllowed { allowed: "POST".into() }, vec![("Allow", "POST")]),
            (ApiError::RateLimited { retry_after: 42 }, vec![("Retry-After", "42")]),
            (ApiError::NotFound, vec![]),
        ];
        for (e, expected) in cases {
            let got = header(e.clone());
            let got: Vec<(&str, &str)> = got.iter().map(|(n, v)| (*n, v.as_str())).collect();
            assert_eq!(got, expected, "{e:?}");
        }
    }

    #[test]
    fn route_errors_map_to_api_errors() {
        let cases: Vec<(RouteError, &str)> = vec![
            (RouteError::NotFound, "not_found"),
            (RouteError::MethodNotAllowed { allowed: "GET".into() }, "method_not_allowed"),
            (RouteError::InvalidParam { name: "id", value: "x".into() }, "invalid_id"),
        ];
        for (e, code) in cases {
            assert_eq!(ApiError::from(e).code(), code);
        }
    }
}
