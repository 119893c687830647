//! The credential check every request passes *before* its handler runs, chosen by the endpoint's
//! declared [`Access`] and [`Limit`] (`sealdrop_shared::api`): no handler can forget it.

use sealdrop_shared::api::{Access, Endpoint, Limit, RequestKind};
use sealdrop_shared::followup::{LookupRequest, RECEIPT_HEADER, parse_token};
use sealdrop_shared::receipt::lookup_hash;
use worker::{Env, Request};

use crate::auth::Tokens;
use crate::error::ApiError;
use crate::ratelimit::{self, Limits, Quota};
use crate::routes::{read_json, secret, unix_now};
use crate::store::followup;
use crate::store::reports::Row;

/// The largest look-up body (it carries only the token).
const MAX_LOOKUP_BODY: usize = 1024;

/// Who is calling, as established by [`check`].
#[derive(Debug)]
pub enum Caller {
    /// No credential was needed.
    Anyone,
    /// The reporter of this case (their lookup token matched it).
    Reporter(Box<Row>),
    /// A staff member, by the name of their token (for the audit log).
    Staff(String),
}

impl Caller {
    /// The staff member's name. Only reachable for endpoints declared `Access::Staff`.
    pub fn staff(&self) -> Result<&str, ApiError> {
        match self {
            Caller::Staff(actor) => Ok(actor),
            _ => Err(ApiError::Internal("a staff handler ran without a staff credential".into())),
        }
    }

    /// The reporter's case. Only reachable for endpoints declared `Access::Reporter`.
    pub fn reporter(self) -> Result<Row, ApiError> {
        match self {
            Caller::Reporter(row) => Ok(*row),
            _ => Err(ApiError::Internal("a reporter handler ran without a reporter credential".into())),
        }
    }
}

/// Draws on the endpoint's request budget, then checks the credential its access level needs.
///
/// For a budgeted endpoint, in order of cost: the flood gate (the Rate Limiting binding, in
/// memory), the proof of work (one hash, one HMAC, one D1 write to spend it), then the exact D1
/// counters. Each step refuses before the next costs anything.
pub async fn check(endpoint: &Endpoint, req: &mut Request, env: &Env) -> Result<Caller, ApiError> {
    if endpoint.limit.flood_gated() {
        flood_gate(endpoint.limit, req, env).await?;
    }
    if endpoint.limit.needs_work() {
        crate::routes::work::check(endpoint, req, env).await?;
    }
    match endpoint.limit {
        Limit::Unlimited | Limit::Upload => {}
        Limit::Receipt => receipt_limit(req, env).await?,
        Limit::Report => report_limit(req, env).await?,
    }
    match endpoint.access {
        Access::Public => Ok(Caller::Anyone),
        Access::Staff => {
            let header = req.headers().get("Authorization").ok().flatten();
            let tokens = staff_tokens(env)?;
            // Wrong tokens are counted per client; past the limit every staff request from that
            // client is refused until the window ends, the right token included (otherwise the
            // answer would still tell a guesser when they hit).
            let failures = Quota::staff_auth_failures();
            let (window, retry_after) = failures.window(unix_now());
            let ip = req.headers().get("CF-Connecting-IP").ok().flatten();
            let bucket = ratelimit::client_bucket("staff-auth", ip.as_deref());
            if followup::count(env, &bucket, window).await? >= failures.per_client {
                return Err(ApiError::RateLimited { retry_after });
            }
            match tokens.check(header.as_deref()) {
                Err(ApiError::AuthInvalid) => {
                    followup::admit(env, &bucket, window, u64::MAX).await?;
                    Err(ApiError::AuthInvalid)
                }
                other => other.map(Caller::Staff),
            }
        }
        Access::Reporter => {
            // JSON requests carry the token in the body, ciphertext requests in a header.
            let token = match endpoint.request {
                RequestKind::Json => read_json::<LookupRequest>(req, MAX_LOOKUP_BODY).await?.token,
                RequestKind::Ciphertext | RequestKind::Part | RequestKind::Empty => {
                    req.headers().get(RECEIPT_HEADER).ok().flatten().unwrap_or_default()
                }
            };
            case_for(env, &token).await.map(|row| Caller::Reporter(Box::new(row)))
        }
    }
}

/// The short window: at most [`ratelimit::FLOOD`] requests per client per minute for each
/// budget, counted by Cloudflare's Rate Limiting binding (`[[ratelimits]]` in `wrangler.toml`;
/// `wrangler dev` simulates it in memory). It is approximate (per location, eventually
/// consistent) and exists to stop a flood before it costs a D1 write; the exact limits are the
/// D1 counters below.
async fn flood_gate(limit: Limit, req: &Request, env: &Env) -> Result<(), ApiError> {
    let limiter = env.rate_limiter(ratelimit::FLOOD.binding).map_err(crate::routes::storage)?;
    let ip = req.headers().get("CF-Connecting-IP").ok().flatten();
    let key = ratelimit::flood_key(limit, ip.as_deref());
    let outcome = limiter.limit(key).await.map_err(crate::routes::storage)?;
    if outcome.success { Ok(()) } else { Err(ApiError::RateLimited { retry_after: ratelimit::FLOOD.retry_after() }) }
}

/// Admits a look-up under the client's limit first, then the overall one; only admitted look-ups
/// count, so a client over its limit never uses up everybody's.
async fn receipt_limit(req: &Request, env: &Env) -> Result<(), ApiError> {
    let limits = Limits::from_vars(
        secret(env, "FOLLOWUP_LIMIT_PER_CLIENT").as_deref(),
        secret(env, "FOLLOWUP_LIMIT_TOTAL").as_deref(),
    );
    let (window, retry_after) = limits.window(unix_now());
    let ip = req.headers().get("CF-Connecting-IP").ok().flatten();
    let client = ratelimit::client_bucket("client", ip.as_deref());
    if !followup::admit(env, &client, window, limits.per_client).await? {
        return Err(ApiError::RateLimited { retry_after });
    }
    if !followup::admit(env, "all", window, limits.total).await? {
        followup::give_back(env, &client, window).await?;
        return Err(ApiError::RateLimited { retry_after });
    }
    Ok(())
}

/// Admits a submission under the client's quota.
async fn report_limit(req: &Request, env: &Env) -> Result<(), ApiError> {
    let quota = Quota::from_var(secret(env, "REPORT_LIMIT_PER_CLIENT").as_deref());
    let (window, retry_after) = quota.window(unix_now());
    let ip = req.headers().get("CF-Connecting-IP").ok().flatten();
    let client = ratelimit::client_bucket("report", ip.as_deref());
    if followup::admit(env, &client, window, quota.per_client).await? {
        Ok(())
    } else {
        Err(ApiError::RateLimited { retry_after })
    }
}

/// The staff tokens of this deployment (`STAFF_TOKEN_SHA256`, `STAFF_TOKENS`).
pub fn staff_tokens(env: &worker::Env) -> Result<Tokens, ApiError> {
    Tokens::from_secrets(secret(env, "STAFF_TOKEN_SHA256").as_deref(), secret(env, "STAFF_TOKENS").as_deref())
}

/// The case a lookup token opens, or the one answer every wrong token gets.
async fn case_for(env: &Env, token_hex: &str) -> Result<Row, ApiError> {
    let token = parse_token(token_hex).ok_or(ApiError::ReceiptUnknown)?;
    followup::by_lookup_hash(env, &lookup_hash(&token)).await?.ok_or(ApiError::ReceiptUnknown)
}
