//! Report metadata in the D1 database `DB` (schema in `migrations/`).

use serde::Deserialize;
use worker::wasm_bindgen::JsValue;
use worker::{D1Database, Env};

use sealdrop_shared::api::ReportSummary;

use crate::error::ApiError;
use crate::routes::storage;

/// One row of `reports`.
#[derive(Debug, Clone, Deserialize)]
pub struct Row {
    /// Case id.
    pub id: String,
    /// RFC 3339.
    pub received_at: String,
    /// RFC 3339.
    pub respond_by: String,
    /// Bytes.
    pub size: f64,
    /// Hex SHA-256 of the body.
    pub sha256: String,
    /// State.
    pub status: String,
}

impl Row {
    /// The staff listing's view.
    pub fn summary(self) -> ReportSummary {
        ReportSummary {
            id: self.id,
            received_at: self.received_at,
            respond_by: self.respond_by,
            size: self.size as u64,
            status: self.status,
        }
    }
}

/// A new report.
#[derive(Debug, Clone)]
pub struct NewReport<'a> {
    /// Case id.
    pub id: &'a str,
    /// RFC 3339.
    pub received_at: &'a str,
    /// RFC 3339.
    pub respond_by: &'a str,
    /// Bytes.
    pub size: u64,
    /// Hex SHA-256.
    pub sha256: &'a str,
    /// Client-chosen key.
    pub idempotency_key: Option<&'a str>,
    /// Object key in R2.
    pub r2_key: &'a str,
}

/// Outcome of an insert.
#[derive(Debug)]
pub enum Inserted {
    /// Stored.
    New,
    /// Another request with the same idempotency key won.
    DuplicateKey,
}

const COLUMNS: &str = "id, received_at, respond_by, size, sha256, status";

fn db(env: &Env) -> Result<D1Database, ApiError> {
    env.d1("DB").map_err(storage)
}

/// The report stored under an idempotency key, if any.
pub async fn by_idempotency_key(env: &Env, key: &str) -> Result<Option<Row>, ApiError> {
    let stmt = db(env)?
        .prepare(format!("SELECT {COLUMNS} FROM reports WHERE idempotency_key = ?1"))
        .bind(&[key.into()])
        .map_err(storage)?;
    stmt.first::<Row>(None).await.map_err(storage)
}

/// One report.
pub async fn get(env: &Env, id: &str) -> Result<Option<Row>, ApiError> {
    let stmt =
        db(env)?.prepare(format!("SELECT {COLUMNS} FROM reports WHERE id = ?1")).bind(&[id.into()]).map_err(storage)?;
    stmt.first::<Row>(None).await.map_err(storage)
}

/// Inserts a report's metadata.
pub async fn insert(env: &Env, r: &NewReport<'_>) -> Result<Inserted, ApiError> {
    let key: JsValue = r.idempotency_key.map_or(JsValue::NULL, JsValue::from);
    let stmt = db(env)?
        .prepare("INSERT INTO reports (id, received_at, respond_by, size, sha256, status, idempotency_key, r2_key) VALUES (?1, ?2, ?3, ?4, ?5, 'received', ?6, ?7)")
        .bind(&[r.id.into(), r.received_at.into(), r.respond_by.into(), JsValue::from(r.size as f64), r.sha256.into(), key, r.r2_key.into()])
        .map_err(storage)?;
    match stmt.run().await {
        Ok(_) => Ok(Inserted::New),
        Err(e) if e.to_string().contains("UNIQUE constraint failed") && r.idempotency_key.is_some() => {
            Ok(Inserted::DuplicateKey)
        }
        Err(e) => Err(storage(e)),
    }
}

/// Newest first, at most `limit`, optionally only those received before `before` (an id).
pub async fn list(env: &Env, limit: u32, before: Option<&str>) -> Result<Vec<Row>, ApiError> {
    let db = db(env)?;
    let stmt = match before {
        Some(b) => db
            .prepare(format!("SELECT {COLUMNS} FROM reports WHERE id < ?1 ORDER BY id DESC LIMIT ?2"))
            .bind(&[b.into(), JsValue::from(limit)]),
        None => {
            db.prepare(format!("SELECT {COLUMNS} FROM reports ORDER BY id DESC LIMIT ?1")).bind(&[JsValue::from(limit)])
        }
    }
    .map_err(storage)?;
    stmt.all().await.map_err(storage)?.results::<Row>().map_err(storage)
}

/// Marks the notification of a report as sent.
pub async fn mark_notified(env: &Env, id: &str, at: &str) -> Result<(), ApiError> {
    let stmt = db(env)?
        .prepare("UPDATE reports SET notified_at = ?1 WHERE id = ?2")
        .bind(&[at.into(), id.into()])
        .map_err(storage)?;
    stmt.run().await.map_err(storage).map(|_| ())
}

/// Reports whose notification was not sent and that arrived before `older_than` (RFC 3339).
pub async fn unnotified(env: &Env, older_than: &str) -> Result<Vec<Row>, ApiError> {
    let stmt = db(env)?
        .prepare(format!(
            "SELECT {COLUMNS} FROM reports WHERE notified_at IS NULL AND received_at < ?1 ORDER BY id LIMIT 20"
        ))
        .bind(&[older_than.into()])
        .map_err(storage)?;
    stmt.all().await.map_err(storage)?.results::<Row>().map_err(storage)
}
