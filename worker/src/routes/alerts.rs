//! What the worker sends on its own: e-mail through the `send_email` binding, the scheduled
//! handler's reminders and escalations, and the signed chat webhook.
//!
//! Reminders: once half the response window has passed without acknowledgement, one e-mail to the
//! staff addresses; once the window has passed, one escalation to the escalation addresses. Each
//! is claimed in D1 before it is sent (two overlapping runs never both send), given back if the
//! e-mail fails (the next run retries), and never sent once the case is acknowledged.

use chrono::{DateTime, Utc};
use sealdrop_shared::address::Email;
use sealdrop_shared::deadline::{self, Notice};
use sealdrop_shared::id::{CaseId, MessageId};
use sealdrop_shared::staff::AuditEntry;
use sealdrop_shared::time::Timestamp;
use worker::wasm_bindgen::JsValue;
use worker::{Env, Fetch, Headers, Method, Request, RequestInit};

use crate::config::Config;
use crate::error::ApiError;
use crate::notify;
use crate::routes::secret;
use crate::store::reports::{self, Row};
use crate::store::{audit, blobs, followup};
use crate::webhook::{self, Event, Payload};

/// The actor the audit log records for what the worker does by itself.
const WORKER_ACTOR: &str = "sealdrop";

/// Sends one raw RFC 5322 message through the `EMAIL` binding.
pub async fn mail(env: &Env, from: &str, to: &str, raw: &str) -> Result<(), ApiError> {
    let mailer = env.send_email("EMAIL").map_err(crate::routes::storage)?;
    let message = worker::EmailMessage::new(from, to, raw).map_err(|e| ApiError::Internal(format!("e-mail: {e:?}")))?;
    mailer.send(&message).await.map(|_| ()).map_err(|e| ApiError::Internal(format!("send_email: {e:?}")))
}

/// Posts the signed webhook, if `WEBHOOK_URL` is configured. Unsigned webhooks are never sent.
pub async fn webhook(
    env: &Env,
    config: &Config,
    event: Event,
    id: &CaseId,
    deadline: Timestamp,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let Some(url) = secret(env, "WEBHOOK_URL") else { return Ok(()) };
    if !webhook::url_allowed(&url) {
        return Err(ApiError::Internal("WEBHOOK_URL must be an https:// URL".into()));
    }
    let key = secret(env, "WEBHOOK_SECRET")
        .ok_or_else(|| ApiError::Internal("WEBHOOK_URL is set but WEBHOOK_SECRET is not; not sending".into()))?;
    let link = webhook::link(config.policy.public.publish.base_url.as_deref(), id);
    let body = serde_json::to_string(&Payload::new(event, id.as_str(), &deadline.to_string(), &link))
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let timestamp = now.timestamp();
    let headers = Headers::new();
    let _ = headers.set("Content-Type", "application/json");
    let _ = headers.set(webhook::TIMESTAMP_HEADER, &timestamp.to_string());
    let _ = headers.set(webhook::SIGNATURE_HEADER, &webhook::signature(key.as_bytes(), timestamp, body.as_bytes()));
    let mut init = RequestInit::new();
    init.with_method(Method::Post).with_headers(headers).with_body(Some(JsValue::from_str(&body)));
    let request = Request::new_with_init(&url, &init).map_err(|e| ApiError::Internal(format!("webhook: {e}")))?;
    let response = Fetch::Request(request).send().await.map_err(|e| ApiError::Internal(format!("webhook: {e}")))?;
    let status = response.status_code();
    if (200..300).contains(&status) {
        Ok(())
    } else {
        Err(ApiError::Internal(format!("webhook answered HTTP {status}")))
    }
}

/// Mails each of `recipients` the message `build` makes for it, dated `sent` (`kind` keeps
/// Message-IDs apart).
async fn mail_each(
    env: &Env,
    config: &Config,
    recipients: &[Email],
    id: &CaseId,
    kind: &str,
    sent: DateTime<Utc>,
    build: impl Fn(&notify::MailHeader<'_>) -> String,
) -> Result<(), ApiError> {
    let date = sent.to_rfc2822();
    for (n, to) in recipients.iter().enumerate() {
        let unique = format!("{kind}.{}.{n}", sent.timestamp_millis());
        let mut random = [0u8; 16];
        getrandom::getrandom(&mut random).map_err(|e| ApiError::Internal(format!("randomness: {e}")))?;
        let boundary = notify::boundary(random);
        let from = config.policy.notify.from.as_str();
        let header = notify::MailHeader {
            from,
            to: to.as_str(),
            case_id: id,
            date: &date,
            unique: &unique,
            boundary: &boundary,
        };
        mail(env, from, to.as_str(), &build(&header)).await?;
    }
    Ok(())
}

/// Sends one PGP/MIME e-mail per staff address, then records `notified_at`.
pub async fn notify_new_report(env: &Env, config: &Config, id: &CaseId, armored: &str) -> Result<(), ApiError> {
    let sent = crate::routes::now();
    mail_each(env, config, &config.policy.notify.to, id, "report", sent, |e| notify::message(e, armored)).await?;
    reports::mark_notified(env, id.as_str(), Timestamp::from_utc(sent)).await
}

/// Mails a reporter's answer to every staff address as PGP/MIME, then records `notified_at`.
pub async fn notify_reporter_message(
    env: &Env,
    config: &Config,
    case_id: &CaseId,
    message_id: &MessageId,
    armored: &str,
) -> Result<(), ApiError> {
    let sent = crate::routes::now();
    let to = &config.policy.notify.to;
    mail_each(env, config, to, case_id, "message", sent, |e| notify::reporter_message(e, armored)).await?;
    followup::mark_message_notified(env, message_id, Timestamp::from_utc(sent)).await
}

/// The scheduled handler: retries unsent notifications, then sends the reminders and escalations
/// due at `now` (the event's scheduled time).
pub async fn scheduled(env: &Env, config: &Config, now: DateTime<Utc>) {
    retry_notifications(env, config).await;
    let rows = match reports::unacknowledged(env).await {
        Ok(rows) => rows,
        Err(e) => {
            worker::console_error!("scheduled: cannot read cases: {}", e.log_line());
            return;
        }
    };
    for row in rows {
        let owed = deadline::notice_due(
            row.received_at.utc(),
            row.respond_by.utc(),
            row.acknowledged_at.is_some(),
            row.reminded_at.is_some(),
            row.escalated_at.is_some(),
            now,
        );
        if let Some(notice) = owed
            && let Err(e) = send_notice(env, config, &row, notice, now).await
        {
            worker::console_error!("scheduled: {notice:?} for {} not sent (will retry): {}", row.id, e.log_line());
        }
    }
}

async fn send_notice(
    env: &Env,
    config: &Config,
    row: &Row,
    notice: Notice,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let at = Timestamp::from_utc(now);
    if !reports::claim_notice(env, row.id.as_str(), notice, at).await? {
        return Ok(());
    }
    let (recipients, action, event) = match notice {
        Notice::Reminder => (config.policy.notify.to.as_slice(), "reminder", Event::Reminder),
        Notice::Escalation => (config.policy.notify.escalation_recipients(), "escalation", Event::Escalation),
    };
    let respond_by = row.respond_by.to_string();
    let sent =
        mail_each(env, config, recipients, &row.id, action, now, |e| notify::deadline_notice(e, notice, &respond_by))
            .await;
    if let Err(e) = sent {
        let _ = reports::release_notice(env, row.id.as_str(), notice, at).await;
        return Err(e);
    }
    let detail = format!("e-mailed {} address(es); respond by {}", recipients.len(), row.respond_by);
    let entry = AuditEntry { at, actor: WORKER_ACTOR.to_owned(), action: action.to_owned(), detail };
    audit::record(env, row.id.as_str(), &entry).await?;
    if let Err(e) = webhook(env, config, event, &row.id, row.respond_by, now).await {
        worker::console_error!("webhook for {} not delivered: {}", row.id, e.log_line());
    }
    Ok(())
}

/// Sends notifications (of reports and of reporters' answers) that failed when they arrived
/// (older than two minutes of wall-clock time, so one still being sent is not sent twice).
async fn retry_notifications(env: &Env, config: &Config) {
    let cutoff = Timestamp::from_utc(crate::routes::now() - chrono::Duration::minutes(2));
    let Ok(rows) = reports::unnotified(env, cutoff).await else { return };
    for row in rows {
        let result = match blobs::get(env, &blobs::key(row.id.as_str())).await {
            Ok(Some(body)) => notify_new_report(env, config, &row.id, &String::from_utf8_lossy(&body)).await,
            Ok(None) => Err(ApiError::Storage(format!("blob of {} missing", row.id))),
            Err(e) => Err(e),
        };
        if let Err(e) = result {
            worker::console_error!("retrying notification for {}: {}", row.id, e.log_line());
        }
    }
    let Ok(messages) = followup::unnotified_messages(env, cutoff).await else { return };
    for m in messages {
        let result = match blobs::get(env, &m.r2_key).await {
            Ok(Some(body)) => {
                notify_reporter_message(env, config, &m.report_id, &m.id, &String::from_utf8_lossy(&body)).await
            }
            Ok(None) => Err(ApiError::Storage(format!("blob {} missing", m.r2_key))),
            Err(e) => Err(e),
        };
        if let Err(e) = result {
            worker::console_error!("retrying message notification for {}: {}", m.id, e.log_line());
        }
    }
}
