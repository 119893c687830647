//! The audit log in D1: who did what to a case, and when. Entries are only ever appended, in the
//! same D1 batch (one transaction) as the change they record.

use sealdrop_shared::staff::AuditEntry;
use worker::{D1PreparedStatement, Env};

use crate::error::ApiError;
use crate::routes::storage;
use crate::store::db;

/// The statement that appends one entry; run it in a batch with the change it records.
pub fn append(env: &Env, report_id: &str, entry: &AuditEntry) -> Result<D1PreparedStatement, ApiError> {
    insert(
        env,
        "INSERT INTO audit_log (report_id, at, actor, action, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
        report_id,
        entry,
    )
}

/// The statement that appends one entry only if the case's row meets `condition` (static SQL over
/// `reports`, which may use `?2`, the entry's time) when the batch reaches it: so an entry is
/// written by the one of two racing batches whose change took effect.
pub fn append_where(
    env: &Env,
    report_id: &str,
    entry: &AuditEntry,
    condition: &'static str,
) -> Result<D1PreparedStatement, ApiError> {
    let sql = format!(
        "INSERT INTO audit_log (report_id, at, actor, action, detail) SELECT ?1, ?2, ?3, ?4, ?5 \
         WHERE EXISTS (SELECT 1 FROM reports WHERE id = ?1 AND {condition})"
    );
    insert(env, &sql, report_id, entry)
}

/// `sql` with the entry bound as `?1` (case) to `?5` (detail).
fn insert(env: &Env, sql: &str, report_id: &str, entry: &AuditEntry) -> Result<D1PreparedStatement, ApiError> {
    db(env)?
        .prepare(sql)
        .bind(&[
            report_id.into(),
            entry.at.to_string().into(),
            entry.actor.as_str().into(),
            entry.action.as_str().into(),
            entry.detail.as_str().into(),
        ])
        .map_err(storage)
}

/// Appends one entry on its own (actions that change nothing else, e.g. a download).
pub async fn record(env: &Env, report_id: &str, entry: &AuditEntry) -> Result<(), ApiError> {
    append(env, report_id, entry)?.run().await.map_err(storage).map(|_| ())
}

/// A case's entries, oldest first.
pub async fn list(env: &Env, report_id: &str) -> Result<Vec<AuditEntry>, ApiError> {
    let stmt = db(env)?
        .prepare("SELECT at, actor, action, detail FROM audit_log WHERE report_id = ?1 ORDER BY seq")
        .bind(&[report_id.into()])
        .map_err(storage)?;
    stmt.all().await.map_err(storage)?.results::<AuditEntry>().map_err(storage)
}
