//! The CRA clock in D1 (`migrations/0008_cra.sql`): the flag and the fix on the case's row, one
//! `obligations` row per Article 14 obligation started, and the scheduled run's queries over them
//! (the same claim, lease and back-off as the response promise's, `store/reports.rs`).

use worker::wasm_bindgen::JsValue;
use worker::{D1PreparedStatement, Env};

use sealdrop_shared::cra::{Due, Obligation, ObligationRecord, Outcome};
use sealdrop_shared::deadline::Notice;
use sealdrop_shared::staff::AuditEntry;
use sealdrop_shared::time::Timestamp;

use crate::error::ApiError;
use crate::routes::storage;
use crate::schedule::{Candidate, Cursor};
use crate::store::reports::notice_column;
use crate::store::{audit, changed_one, db};

/// The statement that starts an obligation (nothing if it started already).
pub fn start(env: &Env, report_id: &str, due: &Due) -> Result<D1PreparedStatement, ApiError> {
    let text = |t| Timestamp::from_utc(t).to_string();
    db(env)?
        .prepare(
            "INSERT OR IGNORE INTO obligations (report_id, obligation, started_at, remind_at, due_at) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )
        .bind(&[
            report_id.into(),
            due.obligation.as_str().into(),
            text(due.started_at).into(),
            text(due.remind_at).into(),
            text(due.due_at).into(),
        ])
        .map_err(storage)
}

/// Flags a case exploited (the first flag wins: its time and who set it stay) and starts `dues`,
/// with the audit entry, in one transaction.
pub async fn flag(
    env: &Env,
    id: &str,
    at: Timestamp,
    by: &str,
    dues: &[Due],
    entry: &AuditEntry,
) -> Result<(), ApiError> {
    let update = db(env)?
        .prepare(
            "UPDATE reports SET exploited_at = COALESCE(exploited_at, ?2), exploited_by = COALESCE(exploited_by, ?3) \
             WHERE id = ?1",
        )
        .bind(&[id.into(), at.to_string().into(), by.into()])
        .map_err(storage)?;
    let mut batch = vec![update];
    for due in dues {
        batch.push(start(env, id, due)?);
    }
    batch.push(audit::append(env, id, entry)?);
    db(env)?.batch(batch).await.map_err(storage).map(|_| ())
}

/// Records that a fix is available (the first time stays) and starts `final_report` if the case is
/// flagged, with the audit entry, in one transaction.
pub async fn fix_available(
    env: &Env,
    id: &str,
    at: Timestamp,
    final_report: Option<&Due>,
    entry: &AuditEntry,
) -> Result<(), ApiError> {
    let update = db(env)?
        .prepare("UPDATE reports SET fix_available_at = COALESCE(fix_available_at, ?2) WHERE id = ?1")
        .bind(&[id.into(), at.to_string().into()])
        .map_err(storage)?;
    let mut batch = vec![update];
    if let Some(due) = final_report {
        batch.push(start(env, id, due)?);
    }
    batch.push(audit::append(env, id, entry)?);
    db(env)?.batch(batch).await.map_err(storage).map(|_| ())
}

/// Settles open obligations of a case (one, or all when `obligation` is `None`) with `outcome`,
/// and appends the audit entry, in one transaction.
pub async fn settle(
    env: &Env,
    id: &str,
    obligation: Option<Obligation>,
    outcome: Outcome,
    entry: &AuditEntry,
) -> Result<(), ApiError> {
    let outcome = match outcome {
        Outcome::Done => "done",
        Outcome::Withdrawn => "withdrawn",
    };
    let update = db(env)?
        .prepare(
            "UPDATE obligations SET settled_at = ?3, settled_by = ?4, outcome = ?5 \
             WHERE report_id = ?1 AND (?2 IS NULL OR obligation = ?2) AND settled_at IS NULL",
        )
        .bind(&[
            id.into(),
            obligation.map_or(JsValue::NULL, |o| o.as_str().into()),
            entry.at.to_string().into(),
            entry.actor.as_str().into(),
            outcome.into(),
        ])
        .map_err(storage)?;
    db(env)?.batch(vec![update, audit::append(env, id, entry)?]).await.map_err(storage).map(|_| ())
}

/// A case's obligations, in the order they fall due.
pub async fn obligations(env: &Env, id: &str) -> Result<Vec<ObligationRecord>, ApiError> {
    let stmt = db(env)?
        .prepare(
            "SELECT obligation, started_at, due_at, reminded_at, escalated_at, settled_at, settled_by, outcome \
             FROM obligations WHERE report_id = ?1 ORDER BY due_at, obligation",
        )
        .bind(&[id.into()])
        .map_err(storage)?;
    stmt.all().await.map_err(storage)?.results::<ObligationRecord>().map_err(storage)
}

/// When an obligation's next notice falls due; the same expression as the index
/// `obligations_notice_due`.
const NOTICE_AT: &str = "(CASE WHEN reminded_at IS NULL THEN remind_at ELSE due_at END)";

/// At most `limit` open obligations whose next notice is due at `now` (not settled, not
/// escalated, not backing off), by due time, case and obligation, after `after`.
pub async fn due_notices(
    env: &Env,
    now: Timestamp,
    after: Option<&Cursor>,
    limit: u32,
) -> Result<Vec<Candidate>, ApiError> {
    let (after_at, after_id, after_duty) = after.map_or((String::new(), String::new(), String::new()), |c| {
        (c.notice_at.to_string(), c.id.to_string(), c.duty.to_string())
    });
    let stmt = db(env)?
        .prepare(format!(
            "SELECT report_id AS id, obligation AS duty, started_at, due_at, reminded_at, notice_attempts, \
             {NOTICE_AT} AS notice_at FROM obligations \
             WHERE settled_at IS NULL AND escalated_at IS NULL AND {NOTICE_AT} <= ?1 \
             AND (notice_next_at IS NULL OR notice_next_at <= ?1) \
             AND ({NOTICE_AT}, report_id, obligation) > (?2, ?3, ?4) \
             ORDER BY {NOTICE_AT}, report_id, obligation LIMIT ?5"
        ))
        .bind(&[now.to_string().into(), after_at.into(), after_id.into(), after_duty.into(), JsValue::from(limit)])
        .map_err(storage)?;
    stmt.all().await.map_err(storage)?.results::<Candidate>().map_err(storage)
}

/// Claims an obligation's notice as a lease, like `reports::claim_notice`: never once it is
/// settled or the notice recorded.
pub async fn claim_notice(
    env: &Env,
    id: &str,
    obligation: Obligation,
    notice: Notice,
    at: Timestamp,
    lease_until: Timestamp,
) -> Result<bool, ApiError> {
    let column = notice_column(notice);
    let stmt = db(env)?
        .prepare(format!(
            "UPDATE obligations SET notice_attempts = notice_attempts + 1, notice_next_at = ?4 \
             WHERE report_id = ?2 AND obligation = ?3 AND {column} IS NULL AND settled_at IS NULL \
             AND (notice_next_at IS NULL OR notice_next_at <= ?1)"
        ))
        .bind(&[at.to_string().into(), id.into(), obligation.as_str().into(), lease_until.to_string().into()])
        .map_err(storage)?;
    changed_one(stmt).await
}

/// After a failed e-mail: the first run from `retry_at` on tries again.
pub async fn release_notice(env: &Env, id: &str, obligation: Obligation, retry_at: Timestamp) -> Result<(), ApiError> {
    let stmt = db(env)?
        .prepare("UPDATE obligations SET notice_next_at = ?3 WHERE report_id = ?1 AND obligation = ?2")
        .bind(&[id.into(), obligation.as_str().into(), retry_at.to_string().into()])
        .map_err(storage)?;
    stmt.run().await.map_err(storage).map(|_| ())
}

/// Records a sent notice and its audit entry, in one transaction.
pub async fn notice_sent(
    env: &Env,
    id: &str,
    obligation: Obligation,
    notice: Notice,
    at: Timestamp,
    entry: &AuditEntry,
) -> Result<(), ApiError> {
    let column = notice_column(notice);
    let record = db(env)?
        .prepare(format!(
            "UPDATE obligations SET {column} = ?3, notice_attempts = 0, notice_next_at = NULL \
             WHERE report_id = ?1 AND obligation = ?2"
        ))
        .bind(&[id.into(), obligation.as_str().into(), at.to_string().into()])
        .map_err(storage)?;
    db(env)?.batch(vec![record, audit::append(env, id, entry)?]).await.map_err(storage).map(|_| ())
}
