//! `GET /api/v1/policy`: the public policy with the armored key and its fingerprint.

use worker::Response;

use crate::config::Config;
use crate::error::ApiError;

/// Serves the public part of the policy (never the notification addresses).
pub fn get(config: &Config) -> Result<Response, ApiError> {
    let mut response = Response::ok(config.public_json.clone()).map_err(|e| ApiError::Internal(e.to_string()))?;
    let headers = response.headers_mut();
    let _ = headers.set("Content-Type", "application/json; charset=utf-8");
    let _ = headers.set("Cache-Control", "public, max-age=60");
    let _ = headers.set("X-Content-Type-Options", "nosniff");
    Ok(response)
}
