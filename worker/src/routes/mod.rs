//! Request handlers (wasm only). Each returns `Result<Response, ApiError>`; [`error_response`]
//! is the one place errors become HTTP answers.

pub mod access;
pub mod alerts;
pub mod followup;
pub mod policy;
pub mod publish;
pub mod reports;
pub mod retention;
pub mod staff;
pub mod uploads;
pub mod work;

use chrono::{DateTime, Utc};
use worker::{Date, Headers, Response};

use sealdrop_shared::api::{Cors, Route};
use sealdrop_shared::id::{CaseId, MessageId};

use crate::config::Config;
use crate::error::ApiError;
use crate::routes::access::Caller;

/// A Workers secret, or a plain variable of the same name (local development).
pub fn secret(env: &worker::Env, name: &str) -> Option<String> {
    env.secret(name)
        .ok()
        .map(|s| s.to_string())
        .or_else(|| env.var(name).ok().map(|v| v.to_string()))
        .filter(|s| !s.trim().is_empty())
}

/// Reads a small JSON body (at most `max` bytes) into `T`.
pub async fn read_json<T: serde::de::DeserializeOwned>(req: &mut worker::Request, max: usize) -> Result<T, ApiError> {
    // The declared length first: a body over the limit is refused before a byte is read.
    let declared = req.headers().get("Content-Length").ok().flatten();
    crate::submit::check_length(declared.as_deref(), max as u64)?;
    let bytes = req.bytes().await.map_err(|e| ApiError::InvalidJson(e.to_string()))?;
    if bytes.len() > max {
        return Err(ApiError::PayloadTooLarge { size: bytes.len() as u64, limit: max as u64 });
    }
    serde_json::from_slice(&bytes).map_err(|e| ApiError::InvalidJson(e.to_string()))
}

/// Reads an armored OpenPGP body (a report or a message) after checking its `Content-Type` and
/// `Content-Length` against `limit`; returns the bytes and the declared length.
pub async fn read_ciphertext(req: &mut worker::Request, limit: u64) -> Result<(Vec<u8>, u64), ApiError> {
    let headers = req.headers();
    let header = |name: &str| headers.get(name).ok().flatten();
    let declared =
        crate::submit::check_headers(header("Content-Type").as_deref(), header("Content-Length").as_deref(), limit)?;
    let body = req.bytes().await.map_err(|e| ApiError::NotEncrypted(format!("could not read the body: {e}")))?;
    Ok((body, declared))
}

fn ulid_parts(t: DateTime<Utc>) -> Result<(u64, [u8; 10]), ApiError> {
    let mut random = [0u8; 10];
    getrandom::getrandom(&mut random).map_err(|e| ApiError::Internal(format!("randomness: {e}")))?;
    Ok((t.timestamp_millis().max(0) as u64, random))
}

/// A new case id for a report received at `t`.
pub fn new_case_id(t: DateTime<Utc>) -> Result<CaseId, ApiError> {
    ulid_parts(t).map(|(millis, random)| CaseId::new(millis, random))
}

/// A new message id for a message received at `t`.
pub fn new_message_id(t: DateTime<Utc>) -> Result<MessageId, ApiError> {
    ulid_parts(t).map(|(millis, random)| MessageId::new(millis, random))
}

/// Runs the handler of a routed request. The caller's credential was checked before (see
/// [`access::check`]); the match is exhaustive, so a new endpoint does not compile without its
/// handler.
pub async fn dispatch(
    route: Route,
    caller: Caller,
    req: worker::Request,
    env: &worker::Env,
    ctx: &worker::Context,
    config: &'static Config,
) -> Result<Response, ApiError> {
    match route {
        Route::Policy(_) => policy::get(config),
        Route::Challenge(_) => work::challenge(env, config).await,
        Route::Submit(_) => reports::submit(req, env, ctx, config).await,
        Route::UploadStart(_) => uploads::start(req, env, config).await,
        Route::UploadPart(e) => uploads::part(req, env, config, &e.upload, e.n).await,
        Route::UploadGet(e) => uploads::get(env, &e.upload).await,
        Route::UploadComplete(e) => uploads::complete(req, env, ctx, config, &e.upload).await,
        Route::StaffList(_) => staff::list(&req, env, config, caller.staff()?).await,
        Route::StaffStats(_) => staff::stats(&req, env, config, caller.staff()?).await,
        Route::StaffGet(e) => staff::get(env, caller.staff()?, &e.id).await,
        Route::StaffCredit(e) => staff::credit(req, env, caller.staff()?, &e.id).await,
        Route::StaffDuplicate(e) => staff::duplicate(req, env, config, caller.staff()?, &e.id).await,
        Route::StaffDisclosure(e) => staff::disclosure(req, env, config, caller.staff()?, &e.id).await,
        Route::StaffAssign(e) => staff::assign(req, env, config, caller.staff()?, &e.id).await,
        Route::StaffForwarded(e) => staff::forwarded(req, env, caller.staff()?, &e.id).await,
        Route::StaffHold(e) => staff::hold(req, env, config, caller.staff()?, &e.id).await,
        Route::StaffRecord(e) => staff::record(env, config, caller.staff()?, &e.id).await,
        Route::StaffLog(e) => staff::log(env, caller.staff()?, &e.id).await,
        Route::StaffStatus(e) => staff::status(req, env, config, caller.staff()?, &e.id).await,
        Route::StaffCra(e) => staff::cra(req, env, config, caller.staff()?, &e.id).await,
        Route::StaffReward(e) => staff::reward(req, env, config, caller.staff()?, &e.id).await,
        Route::StaffNotes(e) => staff::notes(env, caller.staff()?, &e.id).await,
        Route::StaffNote(e) => staff::note(req, env, config, caller.staff()?, &e.id).await,
        Route::StaffMessages(e) => staff::messages(env, caller.staff()?, &e.id).await,
        Route::StaffReply(e) => staff::reply(req, env, config, caller.staff()?, &e.id).await,
        Route::FollowupLookup(_) => followup::lookup(env, caller.reporter()?.live()?).await,
        Route::FollowupMessage(_) => {
            followup::reporter_message(req, env, ctx, config, caller.reporter()?.live()?).await
        }
        Route::SecurityTxt(_) => publish::security_txt(config, &req),
        Route::WkdKey(e) => publish::wkd_key(config, &e.hash),
        Route::WkdPolicy(_) => publish::wkd_policy(),
        Route::PolicyPage(_) => publish::policy_page(config, &req),
        Route::PolicyKey(_) => publish::key(config),
        Route::HallOfFame(_) => publish::hall_of_fame(config, env, &req).await,
        Route::HallOfFameFeed(_) => publish::hall_of_fame_feed(config, env, &req).await,
    }
}

/// The current time.
pub fn now() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(Date::now().as_millis() as i64).unwrap_or_default()
}

/// The current time in Unix seconds (rate-limit windows, proof-of-work expiry).
pub fn unix_now() -> u64 {
    now().timestamp().max(0) as u64
}

/// A response with `body` and headers (`(name, value)` pairs).
pub fn with_headers(body: impl Into<Vec<u8>>, status: u16, headers: &[(&str, &str)]) -> Result<Response, ApiError> {
    let h = Headers::new();
    let _ = h.set("X-Content-Type-Options", "nosniff");
    for (name, value) in headers {
        let _ = h.set(name, value);
    }
    Response::from_bytes(body.into())
        .map(|r| r.with_status(status).with_headers(h))
        .map_err(|e| ApiError::Internal(e.to_string()))
}

/// JSON response with a status and `Cache-Control: no-store`.
pub fn json<T: serde::Serialize>(value: &T, status: u16) -> Result<Response, ApiError> {
    let body = serde_json::to_string(value).map_err(|e| ApiError::Internal(e.to_string()))?;
    let headers = Headers::new();
    let _ = headers.set("Content-Type", "application/json; charset=utf-8");
    let _ = headers.set("Cache-Control", "no-store");
    let _ = headers.set("X-Content-Type-Options", "nosniff");
    Response::ok(body)
        .map(|r| r.with_status(status).with_headers(headers))
        .map_err(|e| ApiError::Internal(e.to_string()))
}

/// Answers a CORS preflight for the public JSON API: any origin, `null` included (the pinned
/// widget's opaque-origin frame), never with credentials.
pub fn preflight(methods: &str) -> Result<Response, ApiError> {
    with_headers(
        Vec::new(),
        204,
        &[
            ("Access-Control-Allow-Origin", "*"),
            ("Access-Control-Allow-Methods", methods),
            ("Access-Control-Allow-Headers", crate::cors::ALLOW_HEADERS),
            ("Access-Control-Max-Age", "600"),
        ],
    )
}

/// Adds the CORS headers the endpoint's declaration asks for (`Endpoint::cors`).
pub fn add_cors(response: &mut Response, cors: Cors) {
    let headers = response.headers_mut();
    match cors {
        Cors::None => {}
        Cors::Anyone => {
            let _ = headers.set("Access-Control-Allow-Origin", "*");
        }
        Cors::Api => {
            let _ = headers.set("Access-Control-Allow-Origin", "*");
            let _ = headers.set("Access-Control-Expose-Headers", "Retry-After");
        }
    }
}

/// An [`ApiError`] as an HTTP response, everything taken from [`ApiError::public`]. Internal
/// detail is logged only.
pub fn error_response(error: &ApiError) -> Response {
    if let Some(detail) = error.log_detail() {
        worker::console_error!("{}: {}", error.code(), detail);
    }
    let public = error.public();
    let mut response = json(&error.body(), public.status).unwrap_or_else(|_| {
        Response::error("internal error", 500)
            .unwrap_or_else(|_| Response::empty().unwrap_or_else(|_| unreachable_response()))
    });
    let headers = response.headers_mut();
    for (name, value) in &public.headers {
        let _ = headers.set(name, value);
    }
    response
}

#[allow(clippy::panic, reason = "Response::empty cannot fail; there is nothing else to return")]
fn unreachable_response() -> Response {
    panic!("cannot build an empty response")
}

/// Maps a binding error to a storage error (logged, not shown).
pub fn storage(e: worker::Error) -> ApiError {
    ApiError::Storage(e.to_string())
}
