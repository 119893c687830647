//! The reporter's side of the follow-up channel: the look-up (the case's timeline and messages)
//! and the reporter's answer (encrypted to the organisation like the report). The lookup token
//! and the rate limit are checked before these run (`access.rs`).

use sealdrop_shared::followup::{Author, CaseView, Message, MessageAnswer};
use sealdrop_shared::id::CaseId;
use sealdrop_shared::key::RecipientKey;
use sealdrop_shared::staff::AuditEntry;
use sealdrop_shared::time::Timestamp;
use worker::{Context, Env, Request, Response};

use crate::config::Config;
use crate::error::ApiError;
use crate::routes::{alerts, json, new_message_id, now, read_ciphertext};
use crate::store::followup::{self, NewMessage};
use crate::store::{blobs, reports};
use crate::submit::{self, Accepted};

/// A case's messages with their ciphertext.
pub async fn messages(env: &Env, case_id: &CaseId) -> Result<Vec<Message>, ApiError> {
    let mut out = Vec::new();
    for row in followup::messages(env, case_id.as_str()).await? {
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

/// The follow-up look-up: the timeline and messages of the case the reporter's token opened.
pub async fn lookup(env: &Env, row: reports::Row) -> Result<Response, ApiError> {
    let timeline = followup::timeline(env, &row).await?;
    let messages = messages(env, &row.id).await?;
    json(&CaseView { id: row.id, received_at: row.received_at, respond_by: row.respond_by, timeline, messages }, 200)
}

/// Stores a checked message once: a retry with the same body answers like the first time.
/// Returns the answer and whether the message is new.
pub async fn store_message(
    env: &Env,
    case_id: &CaseId,
    author: Author,
    body: Vec<u8>,
    accepted: &Accepted,
    audit: Option<(&str, &str)>,
) -> Result<(MessageAnswer, bool), ApiError> {
    if let Some(existing) = followup::message_by_digest(env, case_id.as_str(), &accepted.sha256).await? {
        return Ok((MessageAnswer { id: existing.id, at: existing.at }, false));
    }
    let at_time = now();
    let id = new_message_id(at_time)?;
    let at = Timestamp::from_utc(at_time);
    let r2_key = blobs::message_key(case_id.as_str(), id.as_str());
    let size = body.len() as u64;
    blobs::put(env, &r2_key, body).await?;
    let entry = audit.map(|(actor, action)| AuditEntry {
        at,
        actor: actor.to_owned(),
        action: action.to_owned(),
        detail: format!("message {id}, {size} bytes of ciphertext"),
    });
    let new = NewMessage {
        id: &id,
        report_id: case_id.as_str(),
        at,
        author,
        size,
        sha256: &accepted.sha256,
        r2_key: &r2_key,
    };
    if let Err(e) = followup::insert_message(env, &new, entry.as_ref()).await {
        let _ = blobs::delete(env, &r2_key).await;
        // A concurrent retry of the same message won the race: answer as it did.
        if let Some(existing) = followup::message_by_digest(env, case_id.as_str(), &accepted.sha256).await? {
            return Ok((MessageAnswer { id: existing.id, at: existing.at }, false));
        }
        return Err(e);
    }
    Ok((MessageAnswer { id, at }, true))
}

/// The reporter's answer (the lookup token was checked before, see `access.rs`), encrypted to the organisation key (and any staff keys and the reporter's own
/// reply key); staff get it as
/// PGP/MIME e-mail.
pub async fn reporter_message(
    mut req: Request,
    env: &Env,
    ctx: &Context,
    config: &'static Config,
    row: reports::Row,
) -> Result<Response, ApiError> {
    let max = config.policy.public.max_body_bytes();
    let (body, declared) = read_ciphertext(&mut req, max).await?;
    // The organisation key must be addressed; staff keys and the reporter's own reply key (so the
    // reporter can read their history) may be.
    let mut allowed = config.recipients.clone();
    if let Some(own) = row.reply_key.as_deref().and_then(|k| RecipientKey::parse(k).ok()) {
        allowed.push(own);
    }
    let accepted = submit::check_body_for(&allowed, std::slice::from_ref(&config.key), &body, declared, max)?;
    let armored = String::from_utf8_lossy(&body).into_owned();
    let (answer, new) =
        store_message(env, &row.id, Author::Reporter, body, &accepted, Some(("reporter", "message"))).await?;
    if new {
        let env2 = env.clone();
        let case_id = row.id.clone();
        let message_id = answer.id.clone();
        ctx.wait_until(async move {
            if let Err(e) = alerts::notify_reporter_message(&env2, config, &case_id, &message_id, &armored).await {
                worker::console_error!("message notification for {case_id} not sent (will retry): {}", e.log_line());
            }
        });
    }
    json(&answer, 201)
}
