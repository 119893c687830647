//! Staff endpoints (bearer token): list and download reports, read a case's record and audit
//! log, and change status, reward and credit. Every change and every download lands in the audit
//! log under the name of the token used.

use sealdrop_shared::api::{PGP_MEDIA_TYPE, ReportList};
use sealdrop_shared::deadline;
use sealdrop_shared::staff::{AuditEntry, AuditLog, RewardChange, StatusChange};
use worker::{Env, Request, Response};

use sealdrop_shared::followup::{Author, MessageList};
use sealdrop_shared::key::OrgKey;

use crate::auth::Tokens;
use crate::config::Config;
use crate::error::ApiError;
use crate::routes::{followup, json, now, read_ciphertext, read_json, secret};
use crate::store::reports::Row;
use crate::store::{audit, blobs, credits, reports};
use crate::submit;

/// Checks the bearer token; returns the staff member's name for the audit log.
fn authorise(req: &Request, env: &Env) -> Result<String, ApiError> {
    let header = req.headers().get("Authorization").ok().flatten();
    let tokens =
        Tokens::from_secrets(secret(env, "STAFF_TOKEN_SHA256").as_deref(), secret(env, "STAFF_TOKENS").as_deref())?;
    tokens.check(header.as_deref())
}

fn valid_id(id: &str) -> Result<(), ApiError> {
    if sealdrop_shared::ulid::is_valid(id) { Ok(()) } else { Err(ApiError::InvalidId(id.to_owned())) }
}

async fn existing(env: &Env, id: &str) -> Result<Row, ApiError> {
    valid_id(id)?;
    reports::get(env, id).await?.ok_or_else(|| ApiError::ReportNotFound(id.to_owned()))
}

fn entry(actor: &str, action: &str, detail: String) -> AuditEntry {
    AuditEntry {
        at: deadline::rfc3339(now().fixed_offset()),
        actor: actor.to_owned(),
        action: action.to_owned(),
        detail,
    }
}

/// The largest JSON body a staff endpoint accepts.
const MAX_JSON_BODY: usize = 4096;

#[derive(serde::Deserialize)]
struct ListQuery {
    limit: Option<u32>,
    before: Option<String>,
}

/// Lists reports, newest first (`?limit=` up to 500, `?before=<id>` for the next page).
pub async fn list(req: &Request, env: &Env) -> Result<Response, ApiError> {
    authorise(req, env)?;
    let query: ListQuery = req.query().map_err(|_| ApiError::InvalidQuery("use ?limit=N&before=ID"))?;
    let limit = query.limit.unwrap_or(100).clamp(1, 500);
    if let Some(before) = &query.before {
        valid_id(before)?;
    }
    let rows = reports::list(env, limit, query.before.as_deref()).await?;
    json(&ReportList { reports: rows.into_iter().map(Row::summary).collect() }, 200)
}

/// Downloads one report's armored ciphertext, byte for byte as submitted (audited).
pub async fn get(req: &Request, env: &Env, id: &str) -> Result<Response, ApiError> {
    let actor = authorise(req, env)?;
    let row = existing(env, id).await?;
    let body =
        blobs::get(env, &blobs::key(id)).await?.ok_or_else(|| ApiError::Storage(format!("blob of {id} missing")))?;
    audit::record(env, id, &entry(&actor, "download", format!("{} bytes of ciphertext", body.len()))).await?;
    let mut response = Response::from_bytes(body).map_err(|e| ApiError::Internal(e.to_string()))?;
    let headers = response.headers_mut();
    let _ = headers.set("Content-Type", PGP_MEDIA_TYPE);
    let _ = headers.set("Content-Disposition", &format!("attachment; filename=\"{}.asc\"", row.id));
    let _ = headers.set("Cache-Control", "no-store");
    let _ = headers.set("X-Report-Status", row.status.as_str());
    Ok(response)
}

/// The case record as JSON: metadata, status, deadline, reward, credit.
async fn record_response(env: &Env, id: &str, status: u16) -> Result<Response, ApiError> {
    let row = existing(env, id).await?;
    let credit = credits::get(env, id).await?;
    json(&row.record(credit), status)
}

/// `GET /api/v1/staff/reports/{id}/record`.
pub async fn record(req: &Request, env: &Env, id: &str) -> Result<Response, ApiError> {
    authorise(req, env)?;
    record_response(env, id, 200).await
}

/// `GET /api/v1/staff/reports/{id}/log`: the audit log, oldest first.
pub async fn log(req: &Request, env: &Env, id: &str) -> Result<Response, ApiError> {
    authorise(req, env)?;
    existing(env, id).await?;
    json(&AuditLog { id: id.to_owned(), entries: audit::list(env, id).await? }, 200)
}

/// `POST /api/v1/staff/reports/{id}/status` with `{"status", "expected_resolution"?}`.
pub async fn status(mut req: Request, env: &Env, config: &Config, id: &str) -> Result<Response, ApiError> {
    let actor = authorise(&req, env)?;
    valid_id(id)?;
    let change: StatusChange = read_json(&mut req, MAX_JSON_BODY).await?;
    let row = existing(env, id).await?;
    let received = chrono::DateTime::parse_from_rfc3339(&row.received_at)
        .map_err(|e| ApiError::Internal(format!("stored received_at of {id}: {e}")))?
        .with_timezone(&config.policy.public.response.time_zone)
        .date_naive();
    change.check(received)?;
    let detail = match change.expected_resolution {
        Some(date) => format!("{} (expected resolution {date})", change.status),
        None => change.status.to_string(),
    };
    reports::set_status(env, id, &change, &entry(&actor, "status", detail)).await?;
    record_response(env, id, 200).await
}

/// `PUT /api/v1/staff/reports/{id}/reward` with `{"amount"}`.
pub async fn reward(mut req: Request, env: &Env, id: &str) -> Result<Response, ApiError> {
    let actor = authorise(&req, env)?;
    valid_id(id)?;
    let change: RewardChange = read_json(&mut req, MAX_JSON_BODY).await?;
    let amount = change.check()?;
    existing(env, id).await?;
    reports::set_reward(env, id, &amount, &entry(&actor, "reward", amount.clone())).await?;
    record_response(env, id, 200).await
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct CreditBody {
    name: String,
    #[serde(default)]
    link: Option<String>,
    #[serde(default)]
    publish: bool,
}

/// `PUT /api/v1/staff/reports/{id}/credit` with `{"name", "link"?, "publish"}`: records how the
/// reporter is credited; with `publish: true` the credit appears in the hall of fame.
pub async fn credit(mut req: Request, env: &Env, id: &str) -> Result<Response, ApiError> {
    let actor = authorise(&req, env)?;
    valid_id(id)?;
    let body: CreditBody = read_json(&mut req, MAX_JSON_BODY).await?;
    let (name, link) = sealdrop_shared::publish::check_credit(&body.name, body.link.as_deref())?;
    existing(env, id).await?;
    let audit_entry =
        entry(&actor, "credit", format!("{name}{}", if body.publish { " (published)" } else { " (not published)" }));
    let updated_at = audit_entry.at.clone();
    credits::upsert(
        env,
        &credits::NewCredit {
            report_id: id,
            name: &name,
            link: link.as_deref(),
            published: body.publish,
            updated_at: &updated_at,
        },
        &audit_entry,
    )
    .await?;
    json(
        &serde_json::json!({
            "report_id": id,
            "credit_id": sealdrop_shared::publish::credit_id(id),
            "name": name,
            "link": link,
            "published": body.publish,
            "updated_at": updated_at,
        }),
        200,
    )
}

/// `GET /api/v1/staff/reports/{id}/messages`: the follow-up messages, both ways, oldest first.
pub async fn messages(req: &Request, env: &Env, id: &str) -> Result<Response, ApiError> {
    authorise(req, env)?;
    existing(env, id).await?;
    json(&MessageList { messages: followup::messages(env, id).await? }, 200)
}

/// `POST /api/v1/staff/reports/{id}/messages`: a reply to the reporter, accepted only as an
/// OpenPGP message addressed to the reporter's reply key and the organisation key (so staff keep
/// their history), and to nothing but those and the staff keys.
pub async fn reply(mut req: Request, env: &Env, config: &Config, id: &str) -> Result<Response, ApiError> {
    let actor = authorise(&req, env)?;
    let row = existing(env, id).await?;
    let reply_key = row.reply_key.as_deref().ok_or(ApiError::NoReplyChannel)?;
    let reporter =
        OrgKey::parse(reply_key).map_err(|e| ApiError::Internal(format!("stored reply key of {id}: {e}")))?;
    let max = config.policy.public.max_body_bytes();
    let (body, declared) = read_ciphertext(&mut req, max).await?;
    let allowed: Vec<OrgKey> = config.recipients.iter().cloned().chain(std::iter::once(reporter.clone())).collect();
    let required = [config.key.clone(), reporter];
    let accepted = submit::check_body_for(&allowed, &required, &body, declared, max)?;
    let (receipt, _) =
        followup::store_message(env, id, Author::Staff, body, &accepted, Some((actor.as_str(), "reply"))).await?;
    json(&receipt, 201)
}
