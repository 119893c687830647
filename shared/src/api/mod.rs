//! The HTTP API, declared once: [`ENDPOINTS`] lists every endpoint the worker answers with its
//! method, path template, who may call it, what its request carries and what it answers. The
//! worker routes and authorises from it, CORS follows from it, the staff CLI and the widget build
//! their requests from the typed endpoint structs in [`endpoint`], and the README's API table is
//! checked against it. Wire types are in [`wire`] (re-exported here).
//!
//! To add an endpoint: one line in the `endpoints!` invocation below, a handler in the worker's
//! `routes/`, and one dispatch arm in the worker's `lib.rs` (the compiler points at it).

mod wire;

pub use wire::*;

use std::fmt;

use serde::Serialize;

use crate::followup::{CaseView, LookupRequest, MessageAnswer, MessageList};
use crate::id::{CaseId, UploadId};
use crate::staff::{AuditEntry, AuditLog, CaseRecord, CreditChange, CreditRecord, RewardChange, StatusChange};

/// An HTTP method the API uses. `HEAD` is answered wherever `GET` is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    /// `GET` (and `HEAD`).
    Get,
    /// `POST`.
    Post,
    /// `PUT`.
    Put,
}

impl Method {
    /// The method's name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
        }
    }

    /// Whether a request's method is this one (`HEAD` counts as `GET`).
    pub fn accepts(self, method: &str) -> bool {
        method == self.as_str() || (self == Method::Get && method == "HEAD")
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who may call an endpoint: the kind of credential the worker checks *before* dispatch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Access {
    /// Anyone; no credential.
    Public,
    /// The reporter of one case: the lookup token derived from the receipt, in the JSON body
    /// (`{"token"}`) for JSON requests and in [`crate::followup::RECEIPT_HEADER`] for ciphertext
    /// requests. Checked with the same answer for every wrong token, under the receipt rate limit.
    Reporter,
    /// A staff member: `Authorization: Bearer <token>`.
    Staff,
}

impl Access {
    /// How the README's API table names it.
    pub fn as_str(self) -> &'static str {
        match self {
            Access::Public => "anyone",
            Access::Reporter => "reporter",
            Access::Staff => "staff",
        }
    }
}

/// What a request's body carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestKind {
    /// No body.
    Empty,
    /// A small JSON document.
    Json,
    /// An ASCII-armored OpenPGP message ([`PGP_MEDIA_TYPE`]) with a required `Content-Length`.
    Ciphertext,
    /// A part of a binary OpenPGP message ([`PART_MEDIA_TYPE`]) with a required `Content-Length`.
    Part,
}

/// What a successful answer carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AnswerKind {
    /// JSON.
    Json,
    /// An OpenPGP message, byte for byte as stored (armored, or binary for an upload in parts).
    Ciphertext,
    /// Plain text (security.txt, an armored public key).
    Text,
    /// An HTML page.
    Html,
    /// Binary (an OpenPGP key for WKD).
    Binary,
}

/// Which request budget an endpoint draws on before it does any work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Limit {
    /// None beyond the body size limits.
    Unlimited,
    /// The receipt look-up limit: per client and overall, fixed windows (see the worker's
    /// `ratelimit.rs`).
    Receipt,
    /// The submission quota: per client, a fixed window.
    Report,
    /// The parts of an upload: the flood gate only (the upload began under [`Limit::Report`]).
    Upload,
}

impl Limit {
    /// Whether a request must also carry a proof of work ([`crate::pow`]): every request that
    /// draws on a budget does, so a script that floods pays for each one before it is counted.
    pub fn needs_work(self) -> bool {
        match self {
            Limit::Unlimited | Limit::Upload => false,
            Limit::Receipt | Limit::Report => true,
        }
    }

    /// Whether requests pass the flood gate (every budget does).
    pub fn flood_gated(self) -> bool {
        self != Limit::Unlimited
    }
}

/// Which cross-origin callers may read an endpoint's answers, derived from its declaration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cors {
    /// None: staff endpoints and pages.
    None,
    /// Any origin, `null` included (the pinned widget's frame has an opaque origin), after a
    /// preflight, without credentials (`Access-Control-Allow-Origin: *`): the JSON API that is not
    /// for staff. It carries only ciphertext and public data, and its credentials (the reporter's
    /// lookup token) travel in the body, so no origin gains anything a script elsewhere lacks.
    Api,
    /// Any origin, without a preflight (`Access-Control-Allow-Origin: *`): the published files
    /// (security.txt, the key, WKD), which RFC 9116 and WKD clients in browsers read cross-origin.
    Anyone,
}

/// One endpoint, as declared in [`ENDPOINTS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Endpoint {
    /// Which one.
    pub id: EndpointId,
    /// Method.
    pub method: Method,
    /// Path template; `{name}` is one path segment captured as the endpoint struct's field.
    pub path: &'static str,
    /// Who may call it.
    pub access: Access,
    /// What the request carries.
    pub request: RequestKind,
    /// What a successful answer carries.
    pub answer: AnswerKind,
    /// The request budget it draws on.
    pub limit: Limit,
    /// One line for the README's API table.
    pub summary: &'static str,
}

impl Endpoint {
    /// Who may read it cross-origin: never staff endpoints; the public JSON API and published
    /// text and binary files for anyone; pages for no one.
    pub fn cors(&self) -> Cors {
        match (self.access, self.answer) {
            (Access::Staff, _) => Cors::None,
            (_, AnswerKind::Json) => Cors::Api,
            (_, AnswerKind::Text | AnswerKind::Binary) => Cors::Anyone,
            (_, AnswerKind::Html | AnswerKind::Ciphertext) => Cors::None,
        }
    }

    /// The path's segments after the leading `/`, a trailing `/` ignored.
    fn segments(&self) -> impl Iterator<Item = &'static str> {
        segments(self.path)
    }

    /// Captures `{name}` segments of `path` if it matches the template.
    fn capture<'p>(&self, path: &[&'p str]) -> Option<Params<'p>> {
        let mut params = Params::default();
        let mut n = 0;
        for (i, template) in self.segments().enumerate() {
            let given = *path.get(i)?;
            match template.strip_prefix('{').and_then(|t| t.strip_suffix('}')) {
                Some(name) => params.0.push((name, given)),
                None if template == given => {}
                None => return None,
            }
            n = i + 1;
        }
        (n == path.len()).then_some(params)
    }
}

fn segments(path: &str) -> impl Iterator<Item = &str> {
    path.trim_end_matches('/').split('/').skip(1)
}

/// The `{name}` segments a path matched, still text: they become typed fields once the caller's
/// credential has been checked (so an unauthenticated caller learns nothing from id errors).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params<'p>(Vec<(&'static str, &'p str)>);

impl<'p> Params<'p> {
    fn get(&self, name: &str) -> &'p str {
        self.0.iter().find(|(n, _)| *n == name).map(|(_, v)| *v).unwrap_or_default()
    }
}

/// Why a request has no endpoint.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RouteError {
    /// No endpoint has this path.
    #[error("no such endpoint")]
    NotFound,
    /// The path exists, but not for this method.
    #[error("method not allowed; use {allowed}")]
    MethodNotAllowed {
        /// The methods the path declares, comma-separated (`HEAD` is answered with `GET` too).
        allowed: String,
    },
    /// A `{name}` segment does not parse.
    #[error("`{value}` is not a valid {name}")]
    InvalidParam {
        /// The template's name for it.
        name: &'static str,
        /// What was given (shortened).
        value: String,
    },
}

/// A request matched to an endpoint, its path parameters not yet parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matched<'p> {
    /// The endpoint.
    pub endpoint: &'static Endpoint,
    params: Params<'p>,
}

impl Matched<'_> {
    /// The typed request, its path parameters parsed.
    pub fn route(&self) -> Result<Route, RouteError> {
        Route::parse(self.endpoint.id, &self.params)
    }
}

/// What an `OPTIONS` request on a path is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preflight {
    /// The methods a CORS caller may use on the path, e.g. `"POST, OPTIONS"`.
    pub methods: String,
}

/// Finds the endpoint for a method and path. `OPTIONS` is a CORS preflight, allowed only where an
/// endpoint on the path answers CORS.
pub fn find<'p>(method: &str, path: &'p str) -> Result<Result<Matched<'p>, Preflight>, RouteError> {
    let given: Vec<&'p str> = segments(path).collect();
    let on_path: Vec<(&'static Endpoint, Params<'p>)> =
        ENDPOINTS.iter().filter_map(|e| e.capture(&given).map(|p| (e, p))).collect();
    if on_path.is_empty() {
        return Err(RouteError::NotFound);
    }
    if method == "OPTIONS" {
        let cors: Vec<&str> =
            on_path.iter().filter(|(e, _)| e.cors() == Cors::Api).map(|(e, _)| e.method.as_str()).collect();
        if !cors.is_empty() {
            return Ok(Err(Preflight { methods: format!("{}, OPTIONS", cors.join(", ")) }));
        }
    }
    match on_path.iter().find(|(e, _)| e.method.accepts(method)) {
        Some((endpoint, params)) => Ok(Ok(Matched { endpoint, params: params.clone() })),
        None => {
            let allowed: Vec<&str> = on_path.iter().map(|(e, _)| e.method.as_str()).collect();
            Err(RouteError::MethodNotAllowed { allowed: allowed.join(", ") })
        }
    }
}

/// One endpoint as a type: its path parameters as fields, its request and answer bodies as
/// associated types. The staff CLI and the widget call the API only through these.
pub trait Call {
    /// What the request's body is ( `()` for none; the armored text for ciphertext).
    type Request;
    /// What a successful answer is (`()` for answers that are not JSON).
    type Answer;
    /// Its declaration.
    fn endpoint() -> &'static Endpoint;
    /// The path with its parameters filled in.
    fn path(&self) -> String;
}

/// The body of a ciphertext request: ASCII-armored OpenPGP.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Armored;

/// The body of an upload's part: a slice of a binary OpenPGP message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartBody;

/// The answer of an endpoint that does not answer JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotJson;

macro_rules! ty_or {
    ($default:ty;) => {
        $default
    };
    ($default:ty; $t:ty) => {
        $t
    };
}

macro_rules! endpoints {
    ($(
        $(#[doc = $doc:literal])*
        $name:ident { $($field:ident : $fty:ty),* }
            = $method:ident $path:literal, $access:ident, $limit:ident,
              $request:ident $(<$rty:ty>)? -> $answer:ident $(<$aty:ty>)?,
              $summary:literal;
    )*) => {
        /// Every endpoint, by name.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
        pub enum EndpointId {
            $($(#[doc = $doc])* $name,)*
        }

        /// Every endpoint the worker answers, in the order of the README's API table.
        pub const ENDPOINTS: &[Endpoint] = &[$(
            Endpoint {
                id: EndpointId::$name,
                method: Method::$method,
                path: $path,
                access: Access::$access,
                request: RequestKind::$request,
                answer: AnswerKind::$answer,
                limit: Limit::$limit,
                summary: $summary,
            },
        )*];

        /// The endpoints as types: path parameters as fields.
        pub mod endpoint {
            #[allow(unused_imports, reason = "each endpoint uses some of them")]
            use super::*;
            $(
                $(#[doc = $doc])*
                #[doc = concat!("\n\n`", stringify!($method), " ", $path, "`")]
                #[derive(Debug, Clone, PartialEq, Eq)]
                pub struct $name { $(#[doc = "Path parameter."] pub $field: $fty,)* }

                impl Call for $name {
                    type Request = ty_or!(Armored; $($rty)?);
                    type Answer = ty_or!(NotJson; $($aty)?);
                    fn endpoint() -> &'static Endpoint {
                        endpoint_of(EndpointId::$name)
                    }
                    #[allow(unused_mut, reason = "endpoints without parameters")]
                    fn path(&self) -> String {
                        let mut path = String::from($path);
                        $(path = path.replace(concat!("{", stringify!($field), "}"), &self.$field.to_string());)*
                        path
                    }
                }
            )*
        }

        /// A request for one endpoint, its path parameters parsed.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum Route {
            $($(#[doc = $doc])* $name(endpoint::$name),)*
        }

        impl Route {
            fn parse(id: EndpointId, params: &Params<'_>) -> Result<Route, RouteError> {
                match id {
                    $(EndpointId::$name => Ok(Route::$name(endpoint::$name {
                        $($field: params.get(stringify!($field)).parse().map_err(|_| RouteError::InvalidParam {
                            name: stringify!($field),
                            value: params.get(stringify!($field)).chars().take(64).collect(),
                        })?,)*
                    })),)*
                }
            }

            /// Its endpoint's declaration.
            pub fn endpoint(&self) -> &'static Endpoint {
                match self {
                    $(Route::$name(_) => endpoint_of(EndpointId::$name),)*
                }
            }
        }
    };
}

/// The declaration of an endpoint: `ENDPOINTS` and `EndpointId` come from the same list in the
/// same order, so the id is the index (checked at compile time below).
pub const fn endpoint_of(id: EndpointId) -> &'static Endpoint {
    &ENDPOINTS[id as usize]
}

const _: () = {
    let mut i = 0;
    while i < ENDPOINTS.len() {
        assert!(ENDPOINTS[i].id as usize == i, "ENDPOINTS is in EndpointId order");
        i += 1;
    }
};

endpoints! {
    /// The public policy.
    Policy {} = Get "/api/v1/policy", Public, Unlimited, Empty<()> -> Json<crate::policy::PublicPolicy>,
        "the public policy as JSON, with the armored key, its fingerprint and `max_body_bytes`";
    /// A proof-of-work challenge.
    Challenge {} = Get "/api/v1/challenge", Public, Unlimited, Empty<()> -> Json<crate::pow::Challenge>,
        "a proof-of-work challenge in ALTCHA's v1 format `{\"algorithm\",\"challenge\",\"maxnumber\",\"salt\",\"signature\"}`, valid 30 minutes; every request below that is rate limited sends its solution (base64 JSON) in `X-Sealdrop-Pow` and spends it (only a submission's retry with the same `Idempotency-Key` may use it again); `428 pow_required`, `403 pow_invalid` / `pow_expired`, `409 pow_reused`";
    /// A new report.
    Submit {} = Post "/api/v1/reports", Public, Report, Ciphertext -> Json<SubmitAnswer>,
        "body: an ASCII-armored OpenPGP message (`Content-Type: application/pgp-encrypted`, `Content-Length` required, optional `Idempotency-Key`; optional `X-Sealdrop-Lookup` (hex SHA-256 of the lookup token) with `X-Sealdrop-Reply-Key` (base64 public key) to open the follow-up channel; `X-Sealdrop-Exploited: yes` when the reporter ticked \"being exploited in the wild\", which starts the CRA clock, `400 exploited_not_asked` when the policy has none); answer `201 {\"id\",\"received_at\",\"respond_by\"}`";
    /// A report too large for one request begins.
    UploadStart {} = Post "/api/v1/uploads", Public, Report, Json<UploadStart> -> Json<UploadState>,
        "a report too large for one request (the form sends one when its files exceed 10 MiB) begins: body `{\"lookup\"?,\"reply_key\"?,\"exploited\"?}` (the follow-up channel and the CRA flag, as in the headers above), `Idempotency-Key` required (the same key gives the same upload); answers `201` with the upload's state `{\"id\",\"part_size\",\"limit\",\"parts\",\"bytes\",\"whole\"}`; the id (128 random bits) is the upload's only credential";
    /// One part of an upload.
    UploadPart { upload: UploadId, n: u32 } = Put "/api/v1/uploads/{upload}/parts/{n}", Public, Upload, Part<PartBody> -> Json<UploadState>,
        "part `n` (from 1, in order) of a binary OpenPGP message (`Content-Type: application/octet-stream`, `Content-Length` required): `part_size` bytes, or fewer for the last; checked as it arrives (the first part holds the session keys, which must be the organisation's; then only the packet framing) and streamed into an R2 multipart upload; a part already acknowledged is answered again if its bytes are the same (`409 part_mismatch` if not), a later one is `409 part_out_of_order`; answers the state";
    /// Where an upload stands.
    UploadGet { upload: UploadId } = Get "/api/v1/uploads/{upload}", Public, Upload, Empty<()> -> Json<UploadState>,
        "the upload's state, to resume after a dropped connection from part `parts + 1`; `404 upload_unknown` once it is a day old (an unfinished one is then aborted) or if it never existed";
    /// An upload becomes a report.
    UploadComplete { upload: UploadId } = Post "/api/v1/uploads/{upload}/complete", Public, Upload, Empty<()> -> Json<SubmitAnswer>,
        "the message is whole: the report is stored as one R2 object and answered like a one-request submission, `201 {\"id\",\"received_at\",\"respond_by\"}` (a retry gets the same answer, `Idempotent-Replayed: true`); `409 upload_incomplete` before the message's end";
    /// The staff listing.
    StaffList {} = Get "/api/v1/staff/reports", Staff, Unlimited, Empty<()> -> Json<ReportList>,
        "`{\"reports\":[{\"id\",\"received_at\",\"respond_by\",\"size\",\"status\",\"expected_resolution\",\"notification\",\"notify_attempts\",\"cra_next\",\"retention\",\"assignee\"}]}`, newest first; `cra_next`: the CRA obligation not yet done that falls due first (`{\"obligation\",\"due_at\"}`); `retention`: what becomes of the content under the policy's `[retention]`, `{\"state\":\"deletes\",\"at\"}`, `{\"state\":\"held\",\"at\",\"by\",\"reason\"}`, `{\"state\":\"deleting\",\"since\"}` or `{\"state\":\"deleted\",\"at\"}` (absent while the case is open); `notification`: whether staff were e-mailed about the report and every answer, `sent`, `pending` (retried with back-off) or `failed` (given up after 8 attempts); `?limit=` (≤ 500, default 100), `?before=ID` for the next page";
    /// How the promise is kept.
    StaffStats {} = Get "/api/v1/staff/stats", Staff, Unlimited, Empty<()> -> Json<crate::stats::Stats>,
        "`sealdrop stats`: reports received, time to acknowledge and to triage (median and 90th percentile, seconds), promises kept, missed and still open, for all cases and per month of receipt in the policy's time zone: `{\"since\",\"time_zone\",\"truncated\",\"total\":{…},\"months\":[{\"period\",\"received\",\"time_to_acknowledge\":{\"count\",\"median_secs\",\"p90_secs\"},\"time_to_triage\",\"promises_kept\",\"promises_missed\",\"promises_open\"}]}`; `?since=YYYY-MM-DD` counts cases received from that day on; at most the newest 10 000 cases (`truncated`)";
    /// One report's ciphertext.
    StaffGet { id: CaseId } = Get "/api/v1/staff/reports/{id}", Staff, Unlimited, Empty<()> -> Ciphertext,
        "the ciphertext, byte for byte as submitted: armored (`application/pgp-encrypted`), or binary OpenPGP (`application/octet-stream`) for a report uploaded in parts; streamed (the download is audited); `410 report_deleted` once deleted under the policy's retention (as are the messages, replies, status changes and the reporter's look-up and answers)";
    /// A case's record.
    StaffRecord { id: CaseId } = Get "/api/v1/staff/reports/{id}/record", Staff, Unlimited, Empty<()> -> Json<CaseRecord>,
        "the case: status, times, `acknowledged_at`, `expected_resolution`, reward, credit, reminder and escalation times, `fix_available_at` and `cra` (`{\"exploited_at\",\"exploited_by\",\"obligations\":[{\"obligation\",\"started_at\",\"due_at\",\"reminded_at\",\"escalated_at\",\"settled_at\",\"settled_by\",\"outcome\"}]}`, once flagged exploited) and `retention` (as in the listing); a deleted case's record is its tombstone";
    /// A case's audit log.
    StaffLog { id: CaseId } = Get "/api/v1/staff/reports/{id}/log", Staff, Unlimited, Empty<()> -> Json<AuditLog>,
        "`{\"id\",\"entries\":[{\"at\",\"actor\",\"action\",\"detail\"}]}`, oldest first";
    /// A status change.
    StaffStatus { id: CaseId } = Post "/api/v1/staff/reports/{id}/status", Staff, Unlimited, Json<StatusChange> -> Json<CaseRecord>,
        "body `{\"status\",\"expected_resolution\"?}` (a date; required with `fixing`); answers the record";
    /// A reward.
    StaffReward { id: CaseId } = Put "/api/v1/staff/reports/{id}/reward", Staff, Unlimited, Json<RewardChange> -> Json<CaseRecord>,
        "body `{\"amount\"}` (1–64 characters); answers the record";
    /// The CRA clock.
    StaffCra { id: CaseId } = Post "/api/v1/staff/reports/{id}/cra", Staff, Unlimited, Json<crate::cra::CraChange> -> Json<CaseRecord>,
        "body `{\"change\":\"exploited\"}` (the 24 h and 72 h clocks start now), `{\"change\":\"fix_available\"}` (the final report's 14 days start), `{\"change\":\"done\",\"obligation\":\"early_warning\"|\"notification\"|\"final\"}` or `{\"change\":\"withdraw\"}` (not exploited after all); `409 cra_off` when the policy has no `[cra] clock`; answers the record";
    /// A duplicate.
    StaffDuplicate { id: CaseId } = Post "/api/v1/staff/reports/{id}/duplicate", Staff, Unlimited, Json<crate::staff::DuplicateChange> -> Json<CaseRecord>,
        "body `{\"of\":\"OTHER\"}`: the status becomes `duplicate` and the record links the other case (`duplicate_of`); the reporter sees \"duplicate of a known report\", never the other case; `404 report_not_found` for an unknown other, `422 invalid_change` for the case itself; answers the record";
    /// The planned disclosure date.
    StaffDisclosure { id: CaseId } = Put "/api/v1/staff/reports/{id}/disclosure", Staff, Unlimited, Json<crate::staff::DisclosureChange> -> Json<CaseRecord>,
        "body `{\"date\":\"YYYY-MM-DD\"}` (not before the day of receipt) or `{\"date\":null}`: the planned disclosure date, shown to the reporter with the timeline (`planned_disclosure`); answers the record";
    /// A forward to a coordinator, recorded.
    StaffForwarded { id: CaseId } = Post "/api/v1/staff/reports/{id}/forwarded", Staff, Unlimited, Json<crate::staff::ForwardRecord> -> Json<AuditEntry>,
        "`sealdrop forward`: body `{\"fingerprint\",\"to\"?}` (the coordinator key's fingerprint and user id) records in the audit log that the report was re-encrypted, on the staff machine, to that key (the worker never sees what was forwarded); `410 report_deleted` once deleted; answers `201` with the audit entry";
    /// Who works on a case.
    StaffAssign { id: CaseId } = Post "/api/v1/staff/reports/{id}/assign", Staff, Unlimited, Json<crate::staff::AssignChange> -> Json<CaseRecord>,
        "body `{\"assignee\":\"NAME\"}` (a name from `STAFF_TOKENS`; `400 unknown_assignee` names the ones there are) or `{\"assignee\":null}`; shown in the record and the listing (`assignee`), not in the webhook; answers the record";
    /// A legal hold.
    StaffHold { id: CaseId } = Post "/api/v1/staff/reports/{id}/hold", Staff, Unlimited, Json<crate::retention::HoldChange> -> Json<CaseRecord>,
        "body `{\"hold\":true,\"reason\"?}` (one line, ≤ 200 characters) places a legal hold: the case is never deleted under the policy's retention while it lasts; `{\"hold\":false}` lifts it; `410 report_deleted` once the deletion has begun; answers the record";
    /// How the reporter is credited.
    StaffCredit { id: CaseId } = Put "/api/v1/staff/reports/{id}/credit", Staff, Unlimited, Json<CreditChange> -> Json<CreditRecord>,
        "body `{\"name\",\"link\"?,\"publish\"}` (name ≤ 100 characters, link `https://`); with `publish: true` the credit appears in the hall of fame";
    /// The follow-up messages of a case.
    StaffMessages { id: CaseId } = Get "/api/v1/staff/reports/{id}/messages", Staff, Unlimited, Empty<()> -> Json<MessageList>,
        "`{\"messages\":[…]}`, both ways, oldest first";
    /// A reply to the reporter.
    StaffReply { id: CaseId } = Post "/api/v1/staff/reports/{id}/messages", Staff, Unlimited, Ciphertext -> Json<MessageAnswer>,
        "a reply: an armored message that must be encrypted to the reporter's reply key (`reply_key` in the record) and the organisation key; answers `201 {\"id\",\"at\"}`";
    /// A case's internal notes.
    StaffNotes { id: CaseId } = Get "/api/v1/staff/reports/{id}/notes", Staff, Unlimited, Empty<()> -> Json<crate::staff::NoteList>,
        "`{\"notes\":[{\"id\",\"at\",\"author\",\"armored\"}]}`, oldest first (audited, like the messages); never served by any reporter endpoint";
    /// An internal note.
    StaffNote { id: CaseId } = Post "/api/v1/staff/reports/{id}/notes", Staff, Unlimited, Ciphertext -> Json<MessageAnswer>,
        "`sealdrop note`: an armored message that must be encrypted to the organisation key and to nothing but the organisation and staff keys (`422 wrong_recipient` for the reporter's reply key); a retry with the same body is stored once; answers `201 {\"id\",\"at\"}`";
    /// The reporter opens their case.
    FollowupLookup {} = Post "/api/v1/followup", Reporter, Receipt, Json<LookupRequest> -> Json<CaseView>,
        "body `{\"token\"}` (the lookup token derived from the receipt, hex); answers `{\"id\",\"received_at\",\"respond_by\",\"timeline\":[{\"status\",\"at\",\"expected_resolution\"}],\"planned_disclosure\"?,\"messages\":[{\"id\",\"at\",\"author\",\"armored\"}]}`; every wrong token `404 receipt_unknown`; rate limited (`429 rate_limited`, `Retry-After`)";
    /// The reporter answers.
    FollowupMessage {} = Post "/api/v1/followup/messages", Reporter, Receipt, Ciphertext -> Json<MessageAnswer>,
        "header `X-Sealdrop-Receipt: <token>`; body an armored message to the organisation key (staff keys and the reporter's own reply key allowed); answers `201 {\"id\",\"at\"}`; staff get it as PGP/MIME; rate limited like the look-up";
    /// Published credits.
    HallOfFame {} = Get "/hall-of-fame/", Public, Unlimited, Empty<()> -> Html,
        "published credits (name, link, month of the report), newest first";
    /// Published credits as JSON Feed 1.1.
    HallOfFameFeed {} = Get "/hall-of-fame/feed.json", Public, Unlimited, Empty<()> -> Json<serde_json::Value>,
        "the same credits as JSON Feed 1.1";
    /// The policy as a page.
    PolicyPage {} = Get "/policy/", Public, Unlimited, Empty<()> -> Html,
        "the policy page (hosting the widget), generated from the policy file";
    /// The organisation key.
    PolicyKey {} = Get "/policy/key.asc", Public, Unlimited, Empty<()> -> Text,
        "the organisation's public key, armored";
    /// RFC 9116.
    SecurityTxt {} = Get "/.well-known/security.txt", Public, Unlimited, Empty<()> -> Text,
        "RFC 9116, `text/plain; charset=utf-8`";
    /// WKD, direct method.
    WkdKey { hash: String } = Get "/.well-known/openpgpkey/hu/{hash}", Public, Unlimited, Empty<()> -> Binary,
        "the key in binary for an address on its user ids (WKD direct method)";
    /// WKD policy file.
    WkdPolicy {} = Get "/.well-known/openpgpkey/policy", Public, Unlimited, Empty<()> -> Text,
        "empty, as the WKD direct method allows";
}

/// The README's API table, generated from [`ENDPOINTS`] (a test keeps the README equal to it).
pub fn markdown_table() -> String {
    let mut out = String::from("| endpoint | who | what |\n| --- | --- | --- |\n");
    for e in ENDPOINTS {
        out.push_str(&format!("| `{} {}` | {} | {} |\n", e.method, e.path, e.access.as_str(), e.summary));
    }
    out
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    const ID: &str = "01ARZ3NDEKTSV4RRFFQ69G5FAV";

    fn id() -> CaseId {
        ID.parse().expect("valid")
    }

    /// What `find` + `route` make of a request: the route, `preflight <methods>`, or an error.
    fn routed(method: &str, path: &str) -> Result<String, String> {
        match find(method, path) {
            Ok(Ok(matched)) => matched.route().map(|r| format!("{r:?}")).map_err(|e| format!("{e}")),
            Ok(Err(preflight)) => Ok(format!("preflight {}", preflight.methods)),
            Err(e) => Err(format!("{e}")),
        }
    }

    #[test]
    fn table() {
        let route = |r: Route| Ok(format!("{r:?}"));
        let not_allowed = |m: &str| Err(format!("method not allowed; use {m}"));
        let not_found = Err("no such endpoint".to_owned());
        let cases: Vec<(&str, String, Result<String, String>)> = vec![
            ("GET", "/api/v1/policy".into(), route(Route::Policy(endpoint::Policy {}))),
            ("GET", "/api/v1/policy/".into(), route(Route::Policy(endpoint::Policy {}))),
            ("HEAD", "/api/v1/policy".into(), route(Route::Policy(endpoint::Policy {}))),
            ("POST", "/api/v1/policy".into(), not_allowed("GET")),
            ("POST", "/api/v1/reports".into(), route(Route::Submit(endpoint::Submit {}))),
            ("GET", "/api/v1/challenge".into(), route(Route::Challenge(endpoint::Challenge {}))),
            ("GET", "/api/v1/reports".into(), not_allowed("POST")),
            ("GET", "/api/v1/staff/reports".into(), route(Route::StaffList(endpoint::StaffList {}))),
            ("GET", format!("/api/v1/staff/reports/{ID}"), route(Route::StaffGet(endpoint::StaffGet { id: id() }))),
            ("GET", "/api/v1/staff/reports/..%2F..%2Fetc".into(), Err("`..%2F..%2Fetc` is not a valid id".into())),
            ("DELETE", format!("/api/v1/staff/reports/{ID}"), not_allowed("GET")),
            ("GET", "/api/v1/staff/reports/a/b".into(), not_found.clone()),
            ("GET", "/api/v2/policy".into(), not_found.clone()),
            ("GET", "/api".into(), not_found.clone()),
            ("GET", "/".into(), not_found.clone()),
            (
                "PUT",
                format!("/api/v1/staff/reports/{ID}/credit"),
                route(Route::StaffCredit(endpoint::StaffCredit { id: id() })),
            ),
            ("GET", format!("/api/v1/staff/reports/{ID}/credit"), not_allowed("PUT")),
            (
                "POST",
                format!("/api/v1/staff/reports/{ID}/status"),
                route(Route::StaffStatus(endpoint::StaffStatus { id: id() })),
            ),
            ("PUT", format!("/api/v1/staff/reports/{ID}/status"), not_allowed("POST")),
            ("OPTIONS", format!("/api/v1/staff/reports/{ID}/status"), not_allowed("POST")),
            (
                "GET",
                format!("/api/v1/staff/reports/{ID}/messages"),
                route(Route::StaffMessages(endpoint::StaffMessages { id: id() })),
            ),
            (
                "POST",
                format!("/api/v1/staff/reports/{ID}/messages"),
                route(Route::StaffReply(endpoint::StaffReply { id: id() })),
            ),
            ("PUT", format!("/api/v1/staff/reports/{ID}/messages"), not_allowed("GET, POST")),
            ("OPTIONS", format!("/api/v1/staff/reports/{ID}/messages"), not_allowed("GET, POST")),
            ("POST", "/api/v1/followup".into(), route(Route::FollowupLookup(endpoint::FollowupLookup {}))),
            ("GET", "/api/v1/followup".into(), not_allowed("POST")),
            ("OPTIONS", "/api/v1/followup".into(), Ok("preflight POST, OPTIONS".into())),
            ("OPTIONS", "/api/v1/reports".into(), Ok("preflight POST, OPTIONS".into())),
            ("OPTIONS", "/api/v1/policy".into(), Ok("preflight GET, OPTIONS".into())),
            ("OPTIONS", "/hall-of-fame/feed.json".into(), Ok("preflight GET, OPTIONS".into())),
            ("OPTIONS", "/hall-of-fame/".into(), not_allowed("GET")),
            ("OPTIONS", "/api/v1/staff/reports".into(), not_allowed("GET")),
            (
                "GET",
                "/.well-known/openpgpkey/hu/abc".into(),
                route(Route::WkdKey(endpoint::WkdKey { hash: "abc".into() })),
            ),
            ("GET", "/.well-known/other".into(), not_found.clone()),
            ("GET", "/policy".into(), route(Route::PolicyPage(endpoint::PolicyPage {}))),
            ("HEAD", "/policy/key.asc".into(), route(Route::PolicyKey(endpoint::PolicyKey {}))),
            ("POST", "/hall-of-fame/".into(), not_allowed("GET")),
        ];
        for (method, path, expected) in cases {
            assert_eq!(routed(method, &path), expected, "{method} {path}");
        }
    }

    #[test]
    fn every_endpoint_is_declared_once_and_routes_to_itself() {
        let ids: HashSet<EndpointId> = ENDPOINTS.iter().map(|e| e.id).collect();
        assert_eq!(ids.len(), ENDPOINTS.len(), "an id is declared twice");
        let keys: HashSet<(Method, &str)> = ENDPOINTS.iter().map(|e| (e.method, e.path)).collect();
        assert_eq!(keys.len(), ENDPOINTS.len(), "a method and path are declared twice");
        for e in ENDPOINTS {
            assert_eq!(endpoint_of(e.id), e);
            assert!(e.path.starts_with('/'), "{}", e.path);
            // Fill every parameter with a value of the right shape and route it back.
            let path = e
                .path
                .replace("{id}", ID)
                .replace("{hash}", "abc")
                .replace("{upload}", &"ab".repeat(16))
                .replace("{n}", "1");
            let matched = find(e.method.as_str(), &path).expect("routes").expect("not a preflight");
            assert_eq!(matched.endpoint.id, e.id, "{path}");
            assert_eq!(matched.route().expect("parses").endpoint().id, e.id);
            // Staff endpoints never answer CORS; reporter and public JSON endpoints do.
            let api = e.access != Access::Staff && e.answer == AnswerKind::Json;
            assert_eq!(e.cors() == Cors::Api, api, "{path}");
            if e.access == Access::Staff {
                assert_eq!(e.cors(), Cors::None, "{path}");
            }
            if e.access == Access::Staff {
                assert!(e.path.starts_with("/api/v1/staff/"), "staff endpoints live under /api/v1/staff/: {path}");
            }
            // Reporter endpoints draw on the receipt budget; the credential needs a body or header.
            assert_eq!(e.access == Access::Reporter, e.limit == Limit::Receipt, "{path}");
            // Whatever draws on a budget costs a proof of work, and only the public API does.
            if e.limit.needs_work() {
                assert_eq!(e.cors(), Cors::Api, "{path}");
            }
        }
    }

    #[test]
    fn typed_paths_fill_their_parameters() {
        assert_eq!(endpoint::StaffRecord { id: id() }.path(), format!("/api/v1/staff/reports/{ID}/record"));
        assert_eq!(endpoint::StaffList {}.path(), "/api/v1/staff/reports");
        assert_eq!(<endpoint::StaffReply as Call>::endpoint().method, Method::Post);
        assert_eq!(endpoint::WkdKey { hash: "x1".into() }.path(), "/.well-known/openpgpkey/hu/x1");
    }
}
