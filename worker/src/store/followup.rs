//! The follow-up channel in D1: look-ups by token hash, the timeline, messages, and the
//! rate-limit counters (`migrations/0004_followup.sql`).

use serde::Deserialize;
use worker::Env;
use worker::wasm_bindgen::JsValue;

use sealdrop_shared::followup::{Author, TimelineStep};
use sealdrop_shared::id::MessageId;
use sealdrop_shared::time::Timestamp;

use crate::error::ApiError;
use crate::routes::storage;
use crate::store::db;
use crate::store::reports::{COLUMNS, Row};

#[derive(Deserialize)]
struct HashRow {
    #[serde(flatten)]
    row: Row,
    lookup_hash: String,
}

/// The case whose lookup hash is `hash`, confirmed with a constant-time comparison of the stored
/// hash. Every miss costs the same: one indexed query that finds nothing.
pub async fn by_lookup_hash(env: &Env, hash: &str) -> Result<Option<Row>, ApiError> {
    let stmt = db(env)?
        .prepare(format!("SELECT {COLUMNS}, lookup_hash FROM reports WHERE lookup_hash = ?1"))
        .bind(&[hash.into()])
        .map_err(storage)?;
    let found = stmt.first::<HashRow>(None).await.map_err(storage)?;
    Ok(found.filter(|r| crate::auth::constant_time_eq(r.lookup_hash.as_bytes(), hash.as_bytes())).map(|r| r.row))
}

#[derive(Deserialize)]
struct StepRow {
    at: Timestamp,
    status: sealdrop_shared::staff::Status,
    expected_resolution: Option<chrono::NaiveDate>,
}

/// The reporter's timeline: `received`, then every status change, oldest first.
pub async fn timeline(env: &Env, report: &Row) -> Result<Vec<TimelineStep>, ApiError> {
    let stmt = db(env)?
        .prepare("SELECT at, status, expected_resolution FROM timeline WHERE report_id = ?1 ORDER BY seq")
        .bind(&[report.id.as_str().into()])
        .map_err(storage)?;
    let rows = stmt.all().await.map_err(storage)?.results::<StepRow>().map_err(storage)?;
    let received = TimelineStep {
        status: sealdrop_shared::staff::Status::Received,
        at: report.received_at,
        expected_resolution: None,
    };
    Ok(std::iter::once(received)
        .chain(rows.into_iter().map(|r| TimelineStep {
            status: r.status,
            at: r.at,
            expected_resolution: r.expected_resolution,
        }))
        .collect())
}

/// One stored message (id and time parsed as the row is read).
#[derive(Debug, Clone, Deserialize)]
pub struct MessageRow {
    /// Message id.
    pub id: MessageId,
    /// When it was stored.
    pub at: Timestamp,
    /// `staff` or `reporter`.
    pub author: Author,
    /// Object key in R2.
    pub r2_key: String,
}

/// A new message.
#[derive(Debug, Clone)]
pub struct NewMessage<'a> {
    /// Message id.
    pub id: &'a MessageId,
    /// Case id.
    pub report_id: &'a str,
    /// When it was stored.
    pub at: Timestamp,
    /// Who wrote it.
    pub author: Author,
    /// Bytes.
    pub size: u64,
    /// Hex SHA-256 of the body.
    pub sha256: &'a str,
    /// Object key in R2.
    pub r2_key: &'a str,
}

/// The message with this body on this case, if one was stored already (a retry).
pub async fn message_by_digest(env: &Env, report_id: &str, sha256: &str) -> Result<Option<MessageRow>, ApiError> {
    let stmt = db(env)?
        .prepare("SELECT id, at, author, r2_key FROM messages WHERE report_id = ?1 AND sha256 = ?2")
        .bind(&[report_id.into(), sha256.into()])
        .map_err(storage)?;
    stmt.first::<MessageRow>(None).await.map_err(storage)
}

/// Records a message (its ciphertext is in R2 already), with an audit entry when given.
pub async fn insert_message(
    env: &Env,
    m: &NewMessage<'_>,
    audit: Option<&sealdrop_shared::staff::AuditEntry>,
) -> Result<(), ApiError> {
    let insert = db(env)?
        .prepare("INSERT INTO messages (id, report_id, at, author, size, sha256, r2_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
        .bind(&[
            m.id.as_str().into(),
            m.report_id.into(),
            m.at.to_string().into(),
            m.author.as_str().into(),
            JsValue::from(m.size as f64),
            m.sha256.into(),
            m.r2_key.into(),
        ])
        .map_err(storage)?;
    let mut statements = vec![insert];
    if let Some(entry) = audit {
        statements.push(crate::store::audit::append(env, m.report_id, entry)?);
    }
    db(env)?.batch(statements).await.map_err(crate::store::gone_or_storage(m.report_id)).map(|_| ())
}

/// A case's messages, oldest first (at most 200).
pub async fn messages(env: &Env, report_id: &str) -> Result<Vec<MessageRow>, ApiError> {
    let stmt = db(env)?
        .prepare("SELECT id, at, author, r2_key FROM messages WHERE report_id = ?1 ORDER BY id LIMIT 200")
        .bind(&[report_id.into()])
        .map_err(storage)?;
    stmt.all().await.map_err(storage)?.results::<MessageRow>().map_err(storage)
}

/// A reporter's message whose e-mail to staff has not gone out.
#[derive(Debug, Clone, Deserialize)]
pub struct Unnotified {
    /// Message id.
    pub id: MessageId,
    /// Case id.
    pub report_id: sealdrop_shared::id::CaseId,
    /// Object key in R2.
    pub r2_key: String,
    /// Attempts at its e-mail so far (a D1 number).
    notify_attempts: f64,
}

impl Unnotified {
    /// Attempts at its e-mail so far.
    pub fn notify_attempts(&self) -> u32 {
        self.notify_attempts.max(0.0) as u32
    }
}

/// Reporter messages whose e-mail to staff is due for another attempt at `now`, earliest due
/// first, at most 20: never tried and stored before `older_than` (so one still being sent is not
/// sent twice), or past the back-off of their last attempt; never one given up (times compare as
/// text: every stored time is in UTC, written the same way).
pub async fn unnotified_messages(
    env: &Env,
    older_than: Timestamp,
    now: Timestamp,
) -> Result<Vec<Unnotified>, ApiError> {
    let stmt = db(env)?
        .prepare(
            "SELECT id, report_id, r2_key, notify_attempts FROM messages \
             WHERE notified_at IS NULL AND notify_failed_at IS NULL AND author = 'reporter' \
             AND ((notify_next_at IS NULL AND at < ?1) OR notify_next_at <= ?2) \
             ORDER BY COALESCE(notify_next_at, at), id LIMIT 20",
        )
        .bind(&[older_than.to_string().into(), now.to_string().into()])
        .map_err(storage)?;
    stmt.all().await.map_err(storage)?.results::<Unnotified>().map_err(storage)
}

#[derive(Deserialize)]
struct CountRow {
    count: f64,
}

/// Admits one request in `bucket` for the fixed window `window` if fewer than `limit` were
/// admitted in it, and counts it; a refused request is not counted (one statement, so concurrent
/// requests cannot both take the last place).
pub async fn admit(env: &Env, bucket: &str, window: u64, limit: u64) -> Result<bool, ApiError> {
    let stmt = db(env)?
        .prepare(
            "INSERT INTO rate_limits (bucket, window, count) VALUES (?1, ?2, 1) \
             ON CONFLICT (bucket) DO UPDATE SET \
             count = CASE WHEN window = excluded.window THEN count + 1 ELSE 1 END, window = excluded.window \
             WHERE rate_limits.window <> excluded.window OR rate_limits.count < ?3 \
             RETURNING count",
        )
        .bind(&[bucket.into(), JsValue::from(window as f64), JsValue::from(limit as f64)])
        .map_err(storage)?;
    Ok(stmt.first::<CountRow>(None).await.map_err(storage)?.is_some_and(|r| r.count >= 1.0))
}

/// How many requests `bucket` has counted in `window`.
pub async fn count(env: &Env, bucket: &str, window: u64) -> Result<u64, ApiError> {
    let row = db(env)?
        .prepare("SELECT count FROM rate_limits WHERE bucket = ?1 AND window = ?2")
        .bind(&[bucket.into(), JsValue::from(window as f64)])
        .map_err(storage)?
        .first::<CountRow>(None)
        .await
        .map_err(storage)?;
    Ok(row.map_or(0, |r| r.count as u64))
}

/// Gives back a request [`admit`] counted (when a later limit refused it after all).
pub async fn give_back(env: &Env, bucket: &str, window: u64) -> Result<(), ApiError> {
    db(env)?
        .prepare("UPDATE rate_limits SET count = count - 1 WHERE bucket = ?1 AND window = ?2 AND count > 0")
        .bind(&[bucket.into(), JsValue::from(window as f64)])
        .map_err(storage)?
        .run()
        .await
        .map_err(storage)?;
    Ok(())
}
