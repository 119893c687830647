//! `POST /api/v1/reports` and the notification that follows it.
//!
//! Order: checks → R2 write → D1 commit → 201 → e-mail (recorded in `notified_at`, so a failed
//! send is retried by the cron handler and never lost).

use chrono::{DateTime, Utc};
use sealdrop_shared::api::{IDEMPOTENCY_HEADER, SubmitReceipt};
use sealdrop_shared::deadline;
use worker::{Context, Env, Request, Response};

use crate::config::Config;
use crate::error::ApiError;
use crate::notify;
use crate::routes::{json, now};
use crate::store::reports::{Inserted, NewReport, Row};
use crate::store::{blobs, reports};
use crate::submit;

fn rfc3339_utc(t: DateTime<Utc>) -> String {
    deadline::rfc3339(t.fixed_offset())
}

fn new_id(t: DateTime<Utc>) -> Result<String, ApiError> {
    let mut random = [0u8; 10];
    getrandom::getrandom(&mut random).map_err(|e| ApiError::Internal(format!("randomness: {e}")))?;
    Ok(sealdrop_shared::ulid::encode(t.timestamp_millis() as u64, random))
}

fn receipt(row: &Row) -> SubmitReceipt {
    SubmitReceipt { id: row.id.clone(), received_at: row.received_at.clone(), respond_by: row.respond_by.clone() }
}

/// The first answer again, for a retried submission.
fn replay(row: &Row, sha256: &str) -> Result<Response, ApiError> {
    if row.sha256 != sha256 {
        return Err(ApiError::IdempotencyKeyReused);
    }
    let mut response = json(&receipt(row), 201)?;
    let _ = response.headers_mut().set("Idempotent-Replayed", "true");
    Ok(response)
}

/// Accepts a report.
pub async fn submit(mut req: Request, env: &Env, ctx: &Context, config: Config) -> Result<Response, ApiError> {
    let limit = config.policy.public.max_body_bytes();
    let headers = req.headers();
    let header = |name: &str| headers.get(name).ok().flatten();
    let declared =
        submit::check_headers(header("Content-Type").as_deref(), header("Content-Length").as_deref(), limit)?;
    let idempotency_key = submit::idempotency_key(header(IDEMPOTENCY_HEADER).as_deref())?;

    let body = req.bytes().await.map_err(|e| ApiError::NotEncrypted(format!("could not read the body: {e}")))?;
    let accepted = submit::check_body(&config.key, &body, declared, limit)?;

    if let Some(key) = &idempotency_key
        && let Some(row) = reports::by_idempotency_key(env, key).await?
    {
        return replay(&row, &accepted.sha256);
    }

    let received = now();
    let id = new_id(received)?;
    let received_at = rfc3339_utc(received);
    let respond_by = deadline::rfc3339(deadline::respond_by(&config.policy.public.response, received));
    let r2_key = blobs::key(&id);
    let size = body.len() as u64;
    let armored = String::from_utf8_lossy(&body).into_owned();
    blobs::put(env, &id, body).await?;
    let new = NewReport {
        id: &id,
        received_at: &received_at,
        respond_by: &respond_by,
        size,
        sha256: &accepted.sha256,
        idempotency_key: idempotency_key.as_deref(),
        r2_key: &r2_key,
    };
    match reports::insert(env, &new).await {
        Ok(Inserted::New) => {}
        Ok(Inserted::DuplicateKey) => {
            // A concurrent retry with the same key committed first: answer as it did.
            let _ = blobs::delete(env, &id).await;
            let key = idempotency_key.as_deref().unwrap_or_default();
            let row = reports::by_idempotency_key(env, key)
                .await?
                .ok_or_else(|| ApiError::Storage("duplicate key without row".into()))?;
            return replay(&row, &accepted.sha256);
        }
        Err(e) => {
            let _ = blobs::delete(env, &id).await;
            return Err(e);
        }
    }

    let env2 = env.clone();
    let id2 = id.clone();
    ctx.wait_until(async move {
        if let Err(e) = send_notifications(&env2, &config, &id2, &armored).await {
            worker::console_error!("notification for {id2} not sent (will retry): {e}");
        }
    });
    json(&SubmitReceipt { id, received_at, respond_by }, 201)
}

/// Sends one PGP/MIME e-mail per staff address, then records `notified_at`.
async fn send_notifications(env: &Env, config: &Config, id: &str, armored: &str) -> Result<(), ApiError> {
    let mailer = env.send_email("EMAIL").map_err(crate::routes::storage)?;
    let sent = now();
    let date = sent.to_rfc2822();
    for (n, to) in config.policy.notify.to.iter().enumerate() {
        let unique = format!("{}.{n}", sent.timestamp_millis());
        let envelope =
            notify::Envelope { from: &config.policy.notify.from, to, case_id: id, date: &date, unique: &unique };
        let raw = notify::message(&envelope, armored);
        let message = worker::EmailMessage::new(&config.policy.notify.from, to, &raw)
            .map_err(|e| ApiError::Internal(format!("e-mail: {e:?}")))?;
        mailer.send(&message).await.map_err(|e| ApiError::Internal(format!("send_email: {e:?}")))?;
    }
    reports::mark_notified(env, id, &rfc3339_utc(sent)).await
}

/// Cron: sends notifications that failed at submission time (older than two minutes).
pub async fn retry_notifications(env: &Env, config: &Config) {
    let cutoff = rfc3339_utc(now() - chrono::Duration::minutes(2));
    let Ok(rows) = reports::unnotified(env, &cutoff).await else { return };
    for row in rows {
        let result = match blobs::get(env, &row.id).await {
            Ok(Some(body)) => send_notifications(env, config, &row.id, &String::from_utf8_lossy(&body)).await,
            Ok(None) => Err(ApiError::Storage(format!("blob of {} missing", row.id))),
            Err(e) => Err(e),
        };
        if let Err(e) = result {
            worker::console_error!("retrying notification for {}: {e}", row.id);
        }
    }
}
