//! Request handlers (wasm only). Each returns `Result<Response, ApiError>`; [`error_response`]
//! is the one place errors become HTTP answers.

pub mod alerts;
pub mod followup;
pub mod policy;
pub mod publish;
pub mod reports;
pub mod staff;

use chrono::{DateTime, Utc};
use worker::{Date, Headers, Response};

use crate::config::Config;
use crate::error::ApiError;

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

/// A new ULID for a case or a message.
pub fn new_id(t: DateTime<Utc>) -> Result<String, ApiError> {
    let mut random = [0u8; 10];
    getrandom::getrandom(&mut random).map_err(|e| ApiError::Internal(format!("randomness: {e}")))?;
    Ok(sealdrop_shared::ulid::encode(t.timestamp_millis() as u64, random))
}

/// The current time.
pub fn now() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(Date::now().as_millis() as i64).unwrap_or_default()
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

/// Answers a CORS preflight: 204 for an origin the policy lists for embedding, 403 otherwise.
pub fn preflight(origin: Option<&str>, config: &Config, allow: &'static str) -> Result<Response, ApiError> {
    let embed = &config.policy.public.embed.origins;
    let Some(origin) = crate::cors::allowed_origin(origin, embed) else {
        return Err(ApiError::OriginNotAllowed(origin.unwrap_or("(none)").chars().take(200).collect()));
    };
    let methods = format!("{allow}, OPTIONS");
    with_headers(
        Vec::new(),
        204,
        &[
            ("Access-Control-Allow-Origin", origin),
            ("Access-Control-Allow-Methods", &methods),
            ("Access-Control-Allow-Headers", crate::cors::ALLOW_HEADERS),
            ("Access-Control-Max-Age", "600"),
            ("Vary", "Origin"),
        ],
    )
}

/// Adds CORS headers to a public API response when the request's origin is listed.
pub fn add_cors(response: &mut Response, origin: Option<&str>, config: &Config) {
    let headers = response.headers_mut();
    let _ = headers.append("Vary", "Origin");
    if let Some(origin) = crate::cors::allowed_origin(origin, &config.policy.public.embed.origins) {
        let _ = headers.set("Access-Control-Allow-Origin", origin);
        let _ = headers.set("Access-Control-Expose-Headers", "Content-Type");
    }
}

/// The one mapping from [`ApiError`] to an HTTP response. Internal detail is logged only.
pub fn error_response(error: &ApiError) -> Response {
    if let Some(detail) = error.log_detail() {
        worker::console_error!("{}: {}", error.code(), detail);
    }
    let mut response = json(&error.body(), error.status()).unwrap_or_else(|_| {
        Response::error("internal error", 500)
            .unwrap_or_else(|_| Response::empty().unwrap_or_else(|_| unreachable_response()))
    });
    let headers = response.headers_mut();
    match error {
        ApiError::AuthRequired | ApiError::AuthInvalid => {
            let _ = headers.set("WWW-Authenticate", "Bearer realm=\"sealdrop-staff\"");
        }
        ApiError::MethodNotAllowed { allowed } => {
            let _ = headers.set("Allow", allowed);
        }
        ApiError::RateLimited { retry_after } => {
            let _ = headers.set("Retry-After", &retry_after.to_string());
        }
        _ => {}
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
