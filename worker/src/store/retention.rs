//! Retention in D1 and R2 (`migrations/0009_retention.sql`): the cases whose content is due for
//! deletion, the claim that begins one, the deletion of its R2 objects and message rows, the
//! tombstone that is left, and the legal hold.
//!
//! Order: the claim (`deleting_at`, refused to a held case, and once set never undone) → every R2
//! object of the case → one D1 transaction that deletes the messages and notes, marks the row deleted and
//! appends the audit entry. A run that dies half-way leaves `deleting_at` set and the next one
//! finishes (deleting objects twice is harmless); a tombstone therefore never outlives content.

use serde::Deserialize;
use worker::Env;
use worker::wasm_bindgen::JsValue;

use sealdrop_shared::id::CaseId;
use sealdrop_shared::retention::Hold;
use sealdrop_shared::staff::AuditEntry;
use sealdrop_shared::time::Timestamp;

use crate::error::ApiError;
use crate::routes::storage;
use crate::store::{audit, blobs, changed_one, db};

/// A case the cron deletes.
#[derive(Debug, Clone, Deserialize)]
pub struct Due {
    /// Case id.
    pub id: CaseId,
    /// Its report's R2 key.
    pub r2_key: String,
    /// When it was closed (absent for a deletion begun under another policy).
    pub closed_at: Option<Timestamp>,
}

/// At most `limit` cases to delete at this run: deletions begun and not finished first, then cases
/// closed at or before `cutoff` and not held (none without a retention), oldest first.
pub async fn due(env: &Env, cutoff: Option<Timestamp>, limit: u32) -> Result<Vec<Due>, ApiError> {
    let cutoff = cutoff.map_or(JsValue::NULL, |c| JsValue::from(c.to_string()));
    let stmt = db(env)?
        .prepare(
            "SELECT id, r2_key, closed_at FROM reports WHERE deleted_at IS NULL AND (deleting_at IS NOT NULL \
             OR (held_at IS NULL AND closed_at IS NOT NULL AND closed_at <= ?1)) \
             ORDER BY deleting_at IS NULL, closed_at, id LIMIT ?2",
        )
        .bind(&[cutoff, JsValue::from(limit)])
        .map_err(storage)?;
    stmt.all().await.map_err(storage)?.results::<Due>().map_err(storage)
}

/// Begins a case's deletion at `at`: true if it is (now, or already) being deleted. The
/// conditions are checked again in the one statement, so a hold or a reopening that committed
/// first wins, and once this has run neither can.
pub async fn begin(env: &Env, id: &str, at: Timestamp, cutoff: Option<Timestamp>) -> Result<bool, ApiError> {
    let cutoff = cutoff.map_or(JsValue::NULL, |c| JsValue::from(c.to_string()));
    let stmt = db(env)?
        .prepare(
            "UPDATE reports SET deleting_at = COALESCE(deleting_at, ?2) WHERE id = ?1 AND deleted_at IS NULL \
             AND (deleting_at IS NOT NULL OR (held_at IS NULL AND closed_at IS NOT NULL AND closed_at <= ?3))",
        )
        .bind(&[id.into(), at.to_string().into(), cutoff])
        .map_err(storage)?;
    changed_one(stmt).await
}

/// Deletes every R2 object of a case: its report, every message and every internal note (listed
/// by key prefix, so one whose row never committed goes too). Returns how many objects there were.
pub async fn delete_objects(env: &Env, id: &str, report_key: &str) -> Result<usize, ApiError> {
    let bucket = blobs::bucket(env)?;
    let mut deleted = 0;
    for prefix in [blobs::message_prefix(id), blobs::note_prefix(id)] {
        deleted += delete_prefix(&bucket, &prefix).await?;
    }
    if bucket.head(report_key).await.map_err(storage)?.is_some() {
        deleted += 1;
    }
    bucket.delete(report_key).await.map_err(storage)?;
    Ok(deleted)
}

async fn delete_prefix(bucket: &worker::Bucket, prefix: &str) -> Result<usize, ApiError> {
    let mut deleted = 0;
    loop {
        // Each page's keys are deleted before the next listing, so the listing restarts at the top.
        let page = bucket.list().prefix(prefix).limit(1000).execute().await.map_err(storage)?;
        let keys: Vec<String> = page.objects().iter().map(|o| o.key()).collect();
        if keys.is_empty() {
            break;
        }
        deleted += keys.len();
        bucket.delete_multiple(keys).await.map_err(storage)?;
    }
    Ok(deleted)
}

/// Finishes a deletion whose objects are gone: the message and note rows go, the row becomes the tombstone
/// (the reply key goes too) and the audit entry is appended, in one transaction; a second run
/// racing this one changes nothing and appends nothing.
pub async fn finish(env: &Env, id: &str, entry: &AuditEntry) -> Result<(), ApiError> {
    let db = db(env)?;
    let messages = db.prepare("DELETE FROM messages WHERE report_id = ?1").bind(&[id.into()]).map_err(storage)?;
    let notes = db.prepare("DELETE FROM notes WHERE report_id = ?1").bind(&[id.into()]).map_err(storage)?;
    let tombstone = db
        .prepare("UPDATE reports SET deleted_at = ?2, reply_key = NULL WHERE id = ?1 AND deleted_at IS NULL")
        .bind(&[id.into(), entry.at.to_string().into()])
        .map_err(storage)?;
    let audit = audit::append_where(env, id, entry, "deleted_at = ?2")?;
    db.batch(vec![messages, notes, tombstone, audit]).await.map_err(storage).map(|_| ())
}

/// Places (`Some`) or lifts a legal hold, with its audit entry, in one transaction: false, and
/// nothing recorded, if the case's deletion has begun.
pub async fn hold(env: &Env, id: &str, hold: Option<&Hold>, entry: &AuditEntry) -> Result<bool, ApiError> {
    let text = |v: Option<&str>| v.map_or(JsValue::NULL, JsValue::from);
    let db = db(env)?;
    let update = db
        .prepare(
            "UPDATE reports SET held_at = ?2, held_by = ?3, hold_reason = ?4 WHERE id = ?1 AND deleting_at IS NULL",
        )
        .bind(&[
            id.into(),
            hold.map_or(JsValue::NULL, |h| JsValue::from(h.at.to_string())),
            text(hold.map(|h| h.by.as_str())),
            text(hold.and_then(|h| h.reason.as_deref())),
        ])
        .map_err(storage)?;
    let audit = audit::append_where(env, id, entry, "deleting_at IS NULL")?;
    let results = db.batch(vec![update, audit]).await.map_err(storage)?;
    let changed = results.first().and_then(|r| r.meta().ok().flatten()).and_then(|m| m.changes).unwrap_or(0);
    Ok(changed == 1)
}
