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
use crate::durable;
use crate::error::ApiError;
use crate::routes::{alerts, json, new_message_id, now, read_ciphertext};
use crate::store::followup;
use crate::store::messages::D1R2Messages;
use crate::store::{blobs, reports};
use crate::submit::{self, Accepted};

/// A case's messages with their ciphertext.
pub async fn messages(env: &Env, case_id: &CaseId) -> Result<Vec<Message>, ApiError> {
    let mut out = Vec::new();
    for row in followup::messages(env, case_id.as_str()).await? {
        let armored = blobs::armored(env, &row.r2_key).await?;
        out.push(Message { id: row.id, at: row.at, author: row.author, armored });
    }
    Ok(out)
}

/// The follow-up look-up: the timeline and messages of the case the reporter's token opened.
pub async fn lookup(env: &Env, row: reports::Row) -> Result<Response, ApiError> {
    let timeline = followup::timeline(env, &row).await?;
    let messages = messages(env, &row.id).await?;
    let view = CaseView {
        id: row.id,
        received_at: row.received_at,
        respond_by: row.respond_by,
        timeline,
        planned_disclosure: row.planned_disclosure,
        messages,
    };
    json(&view, 200)
}

/// Stores a checked message once (`durable::store_message`): a retry with the same body answers
/// like the first time, and an acknowledged message is never lost when storage fails half-way.
/// Returns the answer and whether the message is new.
pub async fn store_message(
    env: &Env,
    case_id: &CaseId,
    author: Author,
    body: Vec<u8>,
    accepted: &Accepted,
    audit: Option<(&str, &str)>,
) -> Result<(MessageAnswer, bool), ApiError> {
    let at_time = now();
    let new = durable::NewMessage { id: new_message_id(at_time)?, at: Timestamp::from_utc(at_time) };
    let size = body.len() as u64;
    let audit = audit.map(|(actor, action)| AuditEntry {
        at: new.at,
        actor: actor.to_owned(),
        action: action.to_owned(),
        detail: format!("message {}, {size} bytes of ciphertext", new.id),
    });
    let store = D1R2Messages { env, case_id, author, size, sha256: &accepted.sha256, audit };
    let (stored, is_new) = durable::store_message(&store, new, &body).await?;
    Ok((MessageAnswer { id: stored.id, at: stored.at }, is_new))
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
            let armored = alerts::Armored::Here(&armored);
            if let Err(e) = alerts::notify_reporter_message(&env2, config, &case_id, &message_id, 0, armored).await {
                worker::console_error!("message notification for {case_id} not sent (will retry): {}", e.log_line());
            }
        });
    }
    json(&answer, 201)
}
