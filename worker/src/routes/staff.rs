//! Staff endpoints: `GET /api/v1/staff/reports` and `GET /api/v1/staff/reports/{id}`.

use sealdrop_shared::api::{PGP_MEDIA_TYPE, ReportList};
use worker::{Env, Request, Response};

use crate::auth;
use crate::error::ApiError;
use crate::routes::json;
use crate::store::{blobs, credits, reports};

fn authorise(req: &Request, env: &Env) -> Result<(), ApiError> {
    let header = req.headers().get("Authorization").ok().flatten();
    let secret = env
        .secret("STAFF_TOKEN_SHA256")
        .ok()
        .map(|s| s.to_string())
        .or_else(|| env.var("STAFF_TOKEN_SHA256").ok().map(|v| v.to_string()));
    auth::check(header.as_deref(), secret.as_deref())
}

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
    if let Some(before) = &query.before
        && !sealdrop_shared::ulid::is_valid(before)
    {
        return Err(ApiError::InvalidId(before.clone()));
    }
    let rows = reports::list(env, limit, query.before.as_deref()).await?;
    json(&ReportList { reports: rows.into_iter().map(reports::Row::summary).collect() }, 200)
}

/// Downloads one report's armored ciphertext, byte for byte as submitted.
pub async fn get(req: &Request, env: &Env, id: &str) -> Result<Response, ApiError> {
    authorise(req, env)?;
    if !sealdrop_shared::ulid::is_valid(id) {
        return Err(ApiError::InvalidId(id.to_owned()));
    }
    let row = reports::get(env, id).await?.ok_or_else(|| ApiError::ReportNotFound(id.to_owned()))?;
    let body = blobs::get(env, id).await?.ok_or_else(|| ApiError::Storage(format!("blob of {id} missing")))?;
    let mut response = Response::from_bytes(body).map_err(|e| ApiError::Internal(e.to_string()))?;
    let headers = response.headers_mut();
    let _ = headers.set("Content-Type", PGP_MEDIA_TYPE);
    let _ = headers.set("Content-Disposition", &format!("attachment; filename=\"{}.asc\"", row.id));
    let _ = headers.set("Cache-Control", "no-store");
    let _ = headers.set("X-Report-Status", &row.status);
    Ok(response)
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

/// The largest credit body accepted.
const MAX_CREDIT_BODY: usize = 4096;

/// `PUT /api/v1/staff/reports/{id}/credit` with `{"name", "link"?, "publish"}`: records how the
/// reporter is credited; with `publish: true` the credit appears in the hall of fame.
pub async fn credit(mut req: Request, env: &Env, id: &str) -> Result<Response, ApiError> {
    authorise(&req, env)?;
    if !sealdrop_shared::ulid::is_valid(id) {
        return Err(ApiError::InvalidId(id.to_owned()));
    }
    let bytes = req.bytes().await.map_err(|e| ApiError::InvalidJson(e.to_string()))?;
    if bytes.len() > MAX_CREDIT_BODY {
        return Err(ApiError::PayloadTooLarge { size: bytes.len() as u64, limit: MAX_CREDIT_BODY as u64 });
    }
    let body: CreditBody = serde_json::from_slice(&bytes).map_err(|e| ApiError::InvalidJson(e.to_string()))?;
    let (name, link) = sealdrop_shared::publish::check_credit(&body.name, body.link.as_deref())?;
    reports::get(env, id).await?.ok_or_else(|| ApiError::ReportNotFound(id.to_owned()))?;
    let updated_at = sealdrop_shared::deadline::rfc3339(crate::routes::now().fixed_offset());
    credits::upsert(
        env,
        &credits::NewCredit {
            report_id: id,
            name: &name,
            link: link.as_deref(),
            published: body.publish,
            updated_at: &updated_at,
        },
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
