//! Request handlers (wasm only). Each returns `Result<Response, ApiError>`; [`error_response`]
//! is the one place errors become HTTP answers.

pub mod policy;
pub mod reports;
pub mod staff;

use worker::{Headers, Response};

use crate::error::ApiError;

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
