//! The proof of work (`sealdrop_shared::pow`): `GET /api/v1/challenge` hands out challenges, and
//! [`check`] runs before every request whose endpoint draws on a budget (`Limit::needs_work`).
//!
//! A solution is spent once: the first request that carries it binds it — a submission to its
//! `Idempotency-Key`, anything else to a random value — and a later request may use it only when
//! it is bound the same way: a submission's retry after a `503` reuses its solution; any other
//! reuse is `409 pow_reused`.

use sealdrop_shared::api::{Endpoint, IDEMPOTENCY_HEADER};
use sealdrop_shared::pow::{self, Challenge, POW_HEADER, Solution};
use worker::{Env, Request, Response};

use crate::config::Config;
use crate::error::ApiError;
use crate::routes::{json, unix_now};
use crate::store::work;
use crate::{ratelimit, submit};

/// `GET /api/v1/challenge`: a new challenge at the policy's difficulty.
pub async fn challenge(env: &Env, config: &Config) -> Result<Response, ApiError> {
    let key = work::hmac_key(env).await?;
    let mut random = [0u8; 20];
    getrandom::getrandom(&mut random).map_err(|e| ApiError::Internal(format!("randomness: {e}")))?;
    let expires = unix_now() + pow::LIFETIME_SECS;
    let challenge = Challenge::new(key.as_bytes(), config.policy.abuse.proof_of_work, random, expires);
    json(&challenge, 200)
}

/// Checks and spends the request's solution ([`ratelimit::pow_binding`] says what it is bound to).
pub async fn check(endpoint: &Endpoint, req: &Request, env: &Env) -> Result<(), ApiError> {
    let header = |name: &str| req.headers().get(name).ok().flatten();
    let solution = Solution::from_header(&header(POW_HEADER).ok_or(ApiError::PowRequired)?)?;
    let key = work::hmac_key(env).await?;
    let expires = solution.verify(key.as_bytes(), unix_now())?;
    let idempotency_key = submit::idempotency_key(header(IDEMPOTENCY_HEADER).as_deref())?;
    let mut random = [0u8; 16];
    getrandom::getrandom(&mut random).map_err(|e| ApiError::Internal(format!("randomness: {e}")))?;
    let bound_to = ratelimit::pow_binding(endpoint, idempotency_key.as_deref(), random);
    if work::spend(env, &solution.signature, &bound_to, expires).await? { Ok(()) } else { Err(ApiError::PowReused) }
}

/// The scheduled handler's part: forgets spent solutions whose challenges have expired.
pub async fn scheduled(env: &Env, now: chrono::DateTime<chrono::Utc>) {
    if let Err(e) = work::prune(env, now.timestamp().max(0) as u64).await {
        worker::console_error!("scheduled: spent solutions not pruned: {}", e.log_line());
    }
}
