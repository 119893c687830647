//! The reporter's side of the follow-up channel: `POST /api/v1/followup` (look a case up with the
//! token derived from the receipt) and `POST /api/v1/followup/messages` (answer, encrypted to the
//! organisation like the report). Every wrong token gets the same `404 receipt_unknown`; both are
//! rate limited per client and overall.

use sealdrop_shared::followup::{
    Author, CaseView, LookupRequest, Message, MessageReceipt, RECEIPT_HEADER, parse_token,
};
use sealdrop_shared::key::OrgKey;
use sealdrop_shared::receipt::lookup_hash;
use sealdrop_shared::staff::AuditEntry;
use worker::{Context, Env, Request, Response};

use crate::config::Config;
use crate::error::ApiError;
use crate::ratelimit::{self, Limits};
use crate::routes::{alerts, json, new_id, now, read_ciphertext, read_json, secret};
use crate::store::followup::{self, NewMessage};
use crate::store::{blobs, reports};
use crate::submit::{self, Accepted};

/// The largest look-up body.
const MAX_LOOKUP_BODY: usize = 1024;

/// Counts a look-up against the client's and the overall limit.
async fn limit(req: &Request, env: &Env) -> Result<(), ApiError> {
    let limits = Limits::from_vars(
        secret(env, "FOLLOWUP_LIMIT_PER_CLIENT").as_deref(),
        secret(env, "FOLLOWUP_LIMIT_TOTAL").as_deref(),
    );
    let (window, retry_after) = limits.window(now().timestamp().max(0) as u64);
    let ip = req.headers().get("CF-Connecting-IP").ok().flatten();
    let client = followup::hit(env, &ratelimit::client_bucket(ip.as_deref()), window).await?;
    let total = followup::hit(env, "all", window).await?;
    limits.check(client, total, retry_after)
}

/// The case a lookup token opens, or the one answer every wrong token gets.
async fn case_for(env: &Env, token_hex: &str) -> Result<reports::Row, ApiError> {
    let token = parse_token(token_hex).ok_or(ApiError::ReceiptUnknown)?;
    followup::by_lookup_hash(env, &lookup_hash(&token)).await?.ok_or(ApiError::ReceiptUnknown)
}

/// A case's messages with their ciphertext.
pub async fn messages(env: &Env, case_id: &str) -> Result<Vec<Message>, ApiError> {
    let mut out = Vec::new();
    for row in followup::messages(env, case_id).await? {
        let body = blobs::get(env, &row.r2_key)
            .await?
            .ok_or_else(|| ApiError::Storage(format!("blob {} missing", row.r2_key)))?;
        out.push(Message {
            id: row.id,
            at: row.at,
            author: row.author,
            armored: String::from_utf8_lossy(&body).into_owned(),
        });
    }
    Ok(out)
}

/// `POST /api/v1/followup` with `{"token"}`: the case's timeline and messages.
pub async fn lookup(mut req: Request, env: &Env) -> Result<Response, ApiError> {
    limit(&req, env).await?;
    let request: LookupRequest = read_json(&mut req, MAX_LOOKUP_BODY).await?;
    let row = case_for(env, &request.token).await?;
    let timeline = followup::timeline(env, &row).await?;
    let messages = messages(env, &row.id).await?;
    json(&CaseView { id: row.id, received_at: row.received_at, respond_by: row.respond_by, timeline, messages }, 200)
}

/// Stores a checked message once: a retry with the same body answers like the first time.
/// Returns the receipt and whether it is new.
pub async fn store_message(
    env: &Env,
    case_id: &str,
    author: Author,
    body: Vec<u8>,
    accepted: &Accepted,
    audit: Option<(&str, &str)>,
) -> Result<(MessageReceipt, bool), ApiError> {
    if let Some(existing) = followup::message_by_digest(env, case_id, &accepted.sha256).await? {
        return Ok((MessageReceipt { id: existing.id, at: existing.at }, false));
    }
    let at_time = now();
    let id = new_id(at_time)?;
    let at = sealdrop_shared::deadline::rfc3339(at_time.fixed_offset());
    let r2_key = blobs::message_key(case_id, &id);
    let size = body.len() as u64;
    blobs::put(env, &r2_key, body).await?;
    let entry = audit.map(|(actor, action)| AuditEntry {
        at: at.clone(),
        actor: actor.to_owned(),
        action: action.to_owned(),
        detail: format!("message {id}, {size} bytes of ciphertext"),
    });
    let new =
        NewMessage { id: &id, report_id: case_id, at: &at, author, size, sha256: &accepted.sha256, r2_key: &r2_key };
    if let Err(e) = followup::insert_message(env, &new, entry.as_ref()).await {
        let _ = blobs::delete(env, &r2_key).await;
        // A concurrent retry of the same message won the race: answer as it did.
        if let Some(existing) = followup::message_by_digest(env, case_id, &accepted.sha256).await? {
            return Ok((MessageReceipt { id: existing.id, at: existing.at }, false));
        }
        return Err(e);
    }
    Ok((MessageReceipt { id, at }, true))
}

/// `POST /api/v1/followup/messages`: the reporter's answer (header `X-Sealdrop-Receipt` carries
/// the lookup token), encrypted to the organisation key (and any staff keys and the reporter's own
/// reply key); staff get it as
/// PGP/MIME e-mail.
pub async fn reporter_message(
    mut req: Request,
    env: &Env,
    ctx: &Context,
    config: &'static Config,
) -> Result<Response, ApiError> {
    limit(&req, env).await?;
    let token = req.headers().get(RECEIPT_HEADER).ok().flatten().unwrap_or_default();
    let row = case_for(env, &token).await?;
    let max = config.policy.public.max_body_bytes();
    let (body, declared) = read_ciphertext(&mut req, max).await?;
    // The organisation key must be addressed; staff keys and the reporter's own reply key (so the
    // reporter can read their history) may be.
    let mut allowed = config.recipients.clone();
    if let Some(own) = row.reply_key.as_deref().and_then(|k| OrgKey::parse(k).ok()) {
        allowed.push(own);
    }
    let accepted = submit::check_body_for(&allowed, std::slice::from_ref(&config.key), &body, declared, max)?;
    let armored = String::from_utf8_lossy(&body).into_owned();
    let (receipt, new) =
        store_message(env, &row.id, Author::Reporter, body, &accepted, Some(("reporter", "message"))).await?;
    if new {
        let env2 = env.clone();
        let case_id = row.id.clone();
        let message_id = receipt.id.clone();
        ctx.wait_until(async move {
            if let Err(e) = alerts::notify_reporter_message(&env2, config, &case_id, &message_id, &armored).await {
                worker::console_error!("message notification for {case_id} not sent (will retry): {}", e.log_line());
            }
        });
    }
    json(&receipt, 201)
}
