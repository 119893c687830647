//! `POST /api/v1/reports` and the notification that follows it.
//!
//! Order: checks → R2 write → D1 commit → 201 → e-mail (recorded in `notified_at`, so a failed
//! send is retried by the cron handler and never lost) and the chat webhook.

use sealdrop_shared::api::{IDEMPOTENCY_HEADER, SubmitAnswer};
use sealdrop_shared::deadline;
use sealdrop_shared::followup::{LOOKUP_HEADER, REPLY_KEY_HEADER};
use sealdrop_shared::time::Timestamp;
use worker::{Context, Env, Request, Response};

use crate::config::Config;
use crate::error::ApiError;
use crate::routes::{alerts, json, new_case_id, now, read_ciphertext};
use crate::store::reports::{Inserted, NewReport, Row};
use crate::store::{blobs, reports};
use crate::submit;
use crate::webhook::Event;

fn answer(row: &Row) -> SubmitAnswer {
    SubmitAnswer { id: row.id.clone(), received_at: row.received_at, respond_by: row.respond_by }
}

/// The first answer again, for a retried submission.
fn replay(row: &Row, sha256: &str) -> Result<Response, ApiError> {
    if row.sha256 != sha256 {
        return Err(ApiError::IdempotencyKeyReused);
    }
    let mut response = json(&answer(row), 201)?;
    let _ = response.headers_mut().set("Idempotent-Replayed", "true");
    Ok(response)
}

/// Accepts a report.
pub async fn submit(mut req: Request, env: &Env, ctx: &Context, config: &'static Config) -> Result<Response, ApiError> {
    let limit = config.policy.public.max_body_bytes();
    let headers = req.headers();
    let header = |name: &str| headers.get(name).ok().flatten();
    let idempotency_key = submit::idempotency_key(header(IDEMPOTENCY_HEADER).as_deref())?;
    let channel = submit::channel(header(LOOKUP_HEADER).as_deref(), header(REPLY_KEY_HEADER).as_deref())?;

    let (body, declared) = read_ciphertext(&mut req, limit).await?;
    let accepted = submit::check_body(&config.recipients, &body, declared, limit)?;

    if let Some(key) = &idempotency_key
        && let Some(row) = reports::by_idempotency_key(env, key).await?
    {
        return replay(&row, &accepted.sha256);
    }

    let received = now();
    let id = new_case_id(received)?;
    let received_at = Timestamp::from_utc(received);
    let respond_by = Timestamp::new(deadline::respond_by(&config.policy.public.response, received));
    let r2_key = blobs::key(id.as_str());
    let size = body.len() as u64;
    let armored = String::from_utf8_lossy(&body).into_owned();
    blobs::put(env, &r2_key, body).await?;
    let new = NewReport {
        id: &id,
        received_at,
        respond_by,
        size,
        sha256: &accepted.sha256,
        idempotency_key: idempotency_key.as_deref(),
        r2_key: &r2_key,
        lookup_hash: channel.as_ref().map(|c| c.lookup_hash.as_str()),
        reply_key: channel.as_ref().map(|c| c.reply_key.as_str()),
    };
    match reports::insert(env, &new).await {
        Ok(Inserted::New) => {}
        Ok(Inserted::DuplicateKey) => {
            // A concurrent retry with the same key committed first: answer as it did.
            let _ = blobs::delete(env, &r2_key).await;
            let key = idempotency_key.as_deref().unwrap_or_default();
            let row = reports::by_idempotency_key(env, key)
                .await?
                .ok_or_else(|| ApiError::Storage("duplicate key without row".into()))?;
            return replay(&row, &accepted.sha256);
        }
        Ok(Inserted::LookupTaken) => {
            let _ = blobs::delete(env, &r2_key).await;
            return Err(ApiError::LookupTaken);
        }
        Err(e) => {
            let _ = blobs::delete(env, &r2_key).await;
            return Err(e);
        }
    }

    let env2 = env.clone();
    let id2 = id.clone();
    ctx.wait_until(async move {
        if let Err(e) = alerts::notify_new_report(&env2, config, &id2, &armored).await {
            worker::console_error!("notification for {id2} not sent (will retry): {}", e.log_line());
        }
        if let Err(e) = alerts::webhook(&env2, config, Event::NewReport, &id2, respond_by, received).await {
            worker::console_error!("webhook for {id2} not delivered: {}", e.log_line());
        }
    });
    json(&SubmitAnswer { id, received_at, respond_by }, 201)
}
