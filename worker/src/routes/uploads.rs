//! The upload endpoints: a report too large for one request, sent in parts (`upload.rs` has the
//! rules, `store/uploads.rs` the rows and R2's multipart upload). Completing one stores the report
//! by the same flow as a one-request submission (`durable.rs`) and answers the same `201`.

use sealdrop_shared::api::{IDEMPOTENCY_HEADER, UPLOAD_PART_BYTES, UploadStart};
use sealdrop_shared::cra::EXPLOITED_VALUE;
use sealdrop_shared::deadline;
use sealdrop_shared::id::UploadId;
use sealdrop_shared::time::Timestamp;
use worker::{Context, Env, Request, Response};

use crate::config::Config;
use crate::durable::{self, NewReport, Stored};
use crate::error::ApiError;
use crate::routes::reports::injected_fault;
use crate::routes::{alerts, json, new_case_id, now, read_json};
use crate::store::uploads::{self, NewUpload, UploadRow, UploadStore};
use crate::submit;
use crate::upload::{Next, Progress};
use crate::webhook::Event;

/// The largest start body: the reply key (base64) and the lookup hash.
const MAX_START_BODY: usize = 16 * 1024;

/// How long an unfinished upload is kept before the cron aborts it (and a completed one's row).
pub const KEEP_HOURS: i64 = 24;

fn random_id() -> Result<UploadId, ApiError> {
    let mut random = [0u8; 16];
    getrandom::getrandom(&mut random).map_err(|e| ApiError::Internal(format!("randomness: {e}")))?;
    Ok(UploadId::from_random(random))
}

async fn open(env: &Env, id: &UploadId) -> Result<UploadRow, ApiError> {
    uploads::get(env, id).await?.ok_or(ApiError::UploadUnknown)
}

/// `POST /api/v1/uploads`: begins an upload (or answers the one this `Idempotency-Key` began).
pub async fn start(mut req: Request, env: &Env, config: &'static Config) -> Result<Response, ApiError> {
    let key = req.headers().get(IDEMPOTENCY_HEADER).ok().flatten();
    let key = submit::idempotency_key(key.as_deref())?.ok_or(ApiError::IdempotencyKeyRequired)?;
    let body: UploadStart = read_json(&mut req, MAX_START_BODY).await?;
    let channel = submit::channel(body.lookup.as_deref(), body.reply_key.as_deref())?;
    let exploited = submit::exploited(body.exploited.then_some(EXPLOITED_VALUE), config.policy.public.cra.clock)?;
    if let Some(row) = uploads::by_idempotency_key(env, &key).await? {
        return json(&row.progress()?.state(&row.id), 201);
    }
    let policy = &config.policy.public;
    let progress = Progress::new(UPLOAD_PART_BYTES, policy.max_upload_bytes());
    let id = random_id()?;
    let received = now();
    let case_id = new_case_id(received)?;
    let new = NewUpload {
        id: &id,
        case_id: &case_id,
        idempotency_key: &key,
        channel: channel.as_ref().map(|c| (c.lookup_hash.as_str(), c.reply_key.as_str())),
        created_at: Timestamp::from_utc(received),
        progress: &progress,
        exploited,
    };
    if uploads::begin(env, &new).await? {
        return json(&progress.state(&id), 201);
    }
    // A concurrent request with the same key won: its upload.
    let row = uploads::by_idempotency_key(env, &key).await?.ok_or(ApiError::UploadUnknown)?;
    json(&row.progress()?.state(&row.id), 201)
}

/// `GET /api/v1/uploads/{id}`.
pub async fn get(env: &Env, id: &UploadId) -> Result<Response, ApiError> {
    let row = open(env, id).await?;
    json(&row.progress()?.state(&row.id), 200)
}

/// `PUT /api/v1/uploads/{id}/parts/{n}`.
pub async fn part(
    mut req: Request,
    env: &Env,
    config: &'static Config,
    id: &UploadId,
    n: u32,
) -> Result<Response, ApiError> {
    let row = open(env, id).await?;
    if row.completed_at.is_some() {
        return Err(ApiError::PartInvalid("the upload is completed".into()));
    }
    let progress = row.progress()?;
    let headers = req.headers();
    let header = |name: &str| headers.get(name).ok().flatten();
    // The size check is the upload's (its limit and part size); the header check only needs the
    // declared length to be there and a number.
    let declared = submit::check_body_headers(
        header("Content-Type").as_deref(),
        header("Content-Length").as_deref(),
        u64::MAX,
        submit::PART,
    )?;
    let next = progress.check(n, declared)?;
    let body = req.bytes().await.map_err(|e| ApiError::PartInvalid(format!("could not read the part: {e}")))?;
    if body.len() as u64 != declared {
        return Err(ApiError::LengthMismatch);
    }
    if next == Next::Repeat {
        progress.repeat(n, &body)?;
        return json(&progress.state(id), 200);
    }
    let mut updated = progress.append(&config.recipients, &body)?;
    let etag = uploads::put_part(env, &row, n, body.clone()).await?;
    updated.stored(etag, &body);
    if uploads::record_part(env, id, n, &updated).await? {
        return json(&updated.state(id), 200);
    }
    // Another request recorded part `n` first (a retry racing its original): where it stands now,
    // if that part had these bytes.
    let row = open(env, id).await?;
    let now = row.progress()?;
    now.repeat(n, &body)?;
    json(&now.state(id), 200)
}

/// `POST /api/v1/uploads/{id}/complete`: the report is stored and answered like a one-request one.
pub async fn complete(
    req: Request,
    env: &Env,
    ctx: &Context,
    config: &'static Config,
    id: &UploadId,
) -> Result<Response, ApiError> {
    let row = open(env, id).await?;
    let progress = row.progress()?;
    let required = config.recipients.get(..1).unwrap_or_default();
    let (_envelope, sha256) = progress.finish(&config.recipients, required)?;
    let received = now();
    let received_at = Timestamp::from_utc(received);
    let respond_by = Timestamp::new(deadline::respond_by(&config.policy.public.response, received));
    let new = NewReport {
        id: &row.case_id,
        received_at,
        respond_by,
        size: progress.bytes,
        sha256: &sha256,
        idempotency_key: Some(&row.idempotency_key),
        lookup_hash: row.lookup_hash.as_deref(),
        reply_key: row.reply_key.as_deref(),
        in_parts: true,
        exploited: row.exploited != 0.0,
    };
    let store = UploadStore::new(env, &row, &progress, injected_fault(&req, env));
    let answer = match durable::store_report(&store, &new, &[]).await? {
        Stored::New(answer) => answer,
        Stored::Replayed(answer) => {
            mark_completed(env, id, received_at).await;
            let mut response = json(&answer, 201)?;
            let _ = response.headers_mut().set("Idempotent-Replayed", "true");
            return Ok(response);
        }
    };
    mark_completed(env, id, received_at).await;
    let case_id = row.case_id.clone();
    let size = progress.bytes;
    let env2 = env.clone();
    ctx.wait_until(async move {
        if let Err(e) = alerts::notify_new_report(&env2, config, &case_id, 0, alerts::Armored::Uploaded(size)).await {
            worker::console_error!("notification for {case_id} not sent (will retry): {}", e.log_line());
        }
        if let Err(e) = alerts::webhook(&env2, config, Event::NewReport, &case_id, respond_by, received).await {
            worker::console_error!("webhook for {case_id} not delivered: {}", e.log_line());
        }
    });
    json(&answer, 201)
}

/// Marks the upload completed once its report is stored. The report is acknowledged whatever
/// happens here: if D1 fails now, the row stays unfinished (a further part is refused, since the
/// message has ended; a completion again is answered from the stored report) until the cron
/// removes it, and removing an unfinished row only aborts a multipart upload that R2 has completed.
async fn mark_completed(env: &Env, id: &UploadId, at: Timestamp) {
    if let Err(e) = uploads::completed(env, id, at).await {
        worker::console_error!("upload {id}: stored, but not marked completed: {}", e.log_line());
    }
}

/// The cron's sweep: uploads begun more than [`KEEP_HOURS`] ago are removed (an unfinished one's
/// parts aborted in R2; a completed one's report is untouched).
pub async fn scheduled(env: &Env, now: chrono::DateTime<chrono::Utc>) {
    let before = Timestamp::from_utc(now - chrono::Duration::hours(KEEP_HOURS));
    match uploads::older_than(env, before).await {
        Ok(rows) => {
            for row in rows {
                if let Err(e) = uploads::remove(env, &row).await {
                    worker::console_error!("scheduled: cannot remove an old upload: {}", e.log_line());
                }
            }
        }
        Err(e) => worker::console_error!("scheduled: cannot read old uploads: {}", e.log_line()),
    }
}
