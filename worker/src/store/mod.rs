//! Storage (wasm only): report metadata, credits and the audit log in D1, ciphertext in R2.

pub mod audit;
pub mod blobs;
pub mod cra;
pub mod credits;
pub mod followup;
pub mod messages;
pub mod notes;
pub mod reports;
pub mod retention;
pub mod uploads;
pub mod work;

use worker::{D1Database, Env};

use crate::error::ApiError;
use crate::routes::storage;

/// The D1 database `DB` (schema in `migrations/`).
pub fn db(env: &Env) -> Result<D1Database, ApiError> {
    env.d1("DB").map_err(storage)
}

/// What the triggers of `migrations/0009_retention.sql` raise when something would add to a case
/// whose deletion has begun.
const GONE: &str = "sealdrop: report deleted";

/// Maps a D1 error to [`ApiError::ReportDeleted`] when a retention trigger refused the change
/// (the case `id` is being deleted), else to a storage error.
pub fn gone_or_storage(id: &str) -> impl Fn(worker::Error) -> ApiError + '_ {
    move |e| if e.to_string().contains(GONE) { ApiError::ReportDeleted(id.to_owned()) } else { storage(e) }
}

/// Runs an update and answers whether it changed exactly one row (a claim that won).
pub async fn changed_one(stmt: worker::D1PreparedStatement) -> Result<bool, ApiError> {
    let result = stmt.run().await.map_err(storage)?;
    Ok(result.meta().map_err(storage)?.and_then(|m| m.changes).unwrap_or(0) == 1)
}

/// The e-mails whose attempts are counted (`migrations/0006_notices.sql`): a new report's, kept on
/// its row in `reports`, and a reporter's answer's, on its row in `messages`.
#[derive(Debug, Clone, Copy)]
pub enum Mailed {
    /// The e-mail about a new report.
    Report,
    /// The e-mail about a reporter's answer.
    Message,
}

impl Mailed {
    fn table(self) -> &'static str {
        match self {
            Mailed::Report => "reports",
            Mailed::Message => "messages",
        }
    }
}

/// Claims one attempt at an e-mail: counts it and schedules the next (`retry_at`) before it runs.
/// True only for the one caller that saw `attempts` attempts (so two runs never both send), and
/// never once it was sent or given up.
pub async fn claim_notify(
    env: &Env,
    mailed: Mailed,
    id: &str,
    attempts: u32,
    retry_at: sealdrop_shared::time::Timestamp,
) -> Result<bool, ApiError> {
    let stmt = db(env)?
        .prepare(format!(
            "UPDATE {} SET notify_attempts = notify_attempts + 1, notify_next_at = ?3 \
             WHERE id = ?1 AND notified_at IS NULL AND notify_failed_at IS NULL AND notify_attempts = ?2",
            mailed.table()
        ))
        .bind(&[id.into(), worker::wasm_bindgen::JsValue::from(attempts), retry_at.to_string().into()])
        .map_err(storage)?;
    changed_one(stmt).await
}

/// Records that an e-mail was sent.
pub async fn mark_notified(
    env: &Env,
    mailed: Mailed,
    id: &str,
    at: sealdrop_shared::time::Timestamp,
) -> Result<(), ApiError> {
    db(env)?
        .prepare(format!("UPDATE {} SET notified_at = ?1 WHERE id = ?2", mailed.table()))
        .bind(&[at.to_string().into(), id.into()])
        .map_err(storage)?
        .run()
        .await
        .map_err(storage)
        .map(|_| ())
}

/// Gives an e-mail up (no attempt follows); true if this call did.
pub async fn notify_failed(
    env: &Env,
    mailed: Mailed,
    id: &str,
    at: sealdrop_shared::time::Timestamp,
) -> Result<bool, ApiError> {
    let stmt = db(env)?
        .prepare(format!(
            "UPDATE {} SET notify_failed_at = ?2, notify_next_at = NULL \
             WHERE id = ?1 AND notified_at IS NULL AND notify_failed_at IS NULL",
            mailed.table()
        ))
        .bind(&[id.into(), at.to_string().into()])
        .map_err(storage)?;
    changed_one(stmt).await
}
