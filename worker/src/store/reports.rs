//! Report metadata in the D1 database `DB` (schema in `migrations/`).

use chrono::NaiveDate;
use serde::Deserialize;
use worker::Env;
use worker::wasm_bindgen::JsValue;

use sealdrop_shared::api::{ReportSummary, SubmitAnswer};
use sealdrop_shared::cra::{self, CraRecord, NextDue, Obligation, ObligationRecord};
use sealdrop_shared::deadline::{self, Notice};
use sealdrop_shared::id::CaseId;
use sealdrop_shared::retention::{self, Hold, Retention};
use sealdrop_shared::retry::Delivery;
use sealdrop_shared::staff::{AuditEntry, CaseCredit, CaseRecord, Status, StatusChange};
use sealdrop_shared::stats::CaseTimes;
use sealdrop_shared::time::Timestamp;

use crate::durable::{Fault, Store, StoredReport};
pub use crate::durable::{Inserted, NewReport};
use crate::error::ApiError;
use crate::routes::storage;
use crate::schedule::{Candidate, Cursor};
use crate::store::{audit, changed_one, db, gone_or_storage};

/// One row of `reports`. Ids and times are parsed as the row is read: a row with a malformed
/// one is an error, not a case.
#[derive(Debug, Clone, Deserialize)]
pub struct Row {
    /// Case id.
    pub id: CaseId,
    /// When the report arrived.
    pub received_at: Timestamp,
    /// The end of the promised response window.
    pub respond_by: Timestamp,
    /// Bytes.
    pub size: f64,
    /// Hex SHA-256 of the body.
    pub sha256: String,
    /// State.
    pub status: Status,
    /// First acknowledgement.
    pub acknowledged_at: Option<Timestamp>,
    /// Set with `accepted` or `fixing`.
    pub expected_resolution: Option<NaiveDate>,
    /// What was awarded.
    pub reward: Option<String>,
    /// Notification sent.
    pub notified_at: Option<Timestamp>,
    /// Reminder sent.
    pub reminded_at: Option<Timestamp>,
    /// Escalation sent.
    pub escalated_at: Option<Timestamp>,
    /// The reporter's armored public reply key, if the report opened a follow-up channel.
    pub reply_key: Option<String>,
    /// Attempts at the new-report e-mail (a D1 number).
    pub notify_attempts: f64,
    /// When the new-report e-mail was given up.
    pub notify_failed_at: Option<Timestamp>,
    /// Where the ciphertext is in R2 (`blobs::key_for`).
    pub r2_key: String,
    /// When the case was flagged exploited in the wild (the CRA clock's start).
    pub exploited_at: Option<Timestamp>,
    /// Who flagged it: `reporter`, or a staff member.
    pub exploited_by: Option<String>,
    /// When staff recorded that a fix is available.
    pub fix_available_at: Option<Timestamp>,
    /// The last status change into a closed status, while the case is closed.
    pub closed_at: Option<Timestamp>,
    /// When a legal hold was placed.
    pub held_at: Option<Timestamp>,
    /// The staff token that placed it.
    pub held_by: Option<String>,
    /// Why, if given.
    pub hold_reason: Option<String>,
    /// When its deletion under the policy's retention began.
    pub deleting_at: Option<Timestamp>,
    /// When the deletion was finished (the row is a tombstone).
    pub deleted_at: Option<Timestamp>,
    /// Who works on it.
    pub assignee: Option<String>,
    /// The case it duplicates.
    pub duplicate_of: Option<CaseId>,
    /// The planned disclosure date.
    pub planned_disclosure: Option<NaiveDate>,
}

impl Row {
    /// Attempts at the new-report e-mail.
    pub fn notify_attempts(&self) -> u32 {
        self.notify_attempts.max(0.0) as u32
    }

    /// What the store knows of the case's retention.
    pub fn retention(&self) -> retention::Stored {
        let hold = match (self.held_at, &self.held_by) {
            (Some(at), Some(by)) => Some(Hold { at, by: by.clone(), reason: self.hold_reason.clone() }),
            _ => None,
        };
        retention::Stored {
            closed_at: self.closed_at,
            hold,
            deleting_at: self.deleting_at,
            deleted_at: self.deleted_at,
        }
    }

    /// The case, unless its content was deleted (or is being deleted) under the policy's retention.
    pub fn live(self) -> Result<Self, ApiError> {
        if self.retention().is_gone() { Err(ApiError::ReportDeleted(self.id.to_string())) } else { Ok(self) }
    }

    /// The full staff view, with the credit if one is recorded.
    pub fn record(
        self,
        credit: Option<CaseCredit>,
        obligations: Vec<ObligationRecord>,
        policy: Option<Retention>,
    ) -> CaseRecord {
        let retention = self.retention().fate(policy);
        let cra = match (self.exploited_at, self.exploited_by) {
            (Some(exploited_at), Some(exploited_by)) => Some(CraRecord { exploited_at, exploited_by, obligations }),
            _ => None,
        };
        CaseRecord {
            id: self.id,
            received_at: self.received_at,
            respond_by: self.respond_by,
            status: self.status,
            acknowledged_at: self.acknowledged_at,
            expected_resolution: self.expected_resolution,
            reward: self.reward,
            credit,
            size: self.size as u64,
            sha256: self.sha256,
            notified_at: self.notified_at,
            reminded_at: self.reminded_at,
            escalated_at: self.escalated_at,
            reply_key: self.reply_key,
            fix_available_at: self.fix_available_at,
            cra,
            retention,
            assignee: self.assignee,
            duplicate_of: self.duplicate_of,
            planned_disclosure: self.planned_disclosure,
        }
    }
}

pub(crate) const COLUMNS: &str = "id, received_at, respond_by, size, sha256, status, acknowledged_at, expected_resolution, \
                       reward, notified_at, reminded_at, escalated_at, reply_key, notify_attempts, notify_failed_at, r2_key, \
                       exploited_at, exploited_by, fix_available_at, closed_at, held_at, held_by, hold_reason, deleting_at, \
                       deleted_at, assignee, duplicate_of, planned_disclosure";

/// A row of the staff listing: the case, and where the e-mails about its reporter's answers stand.
#[derive(Debug, Clone, Deserialize)]
pub struct ListRow {
    #[serde(flatten)]
    row: Row,
    /// Answers whose e-mail was given up.
    messages_failed: f64,
    /// Answers whose e-mail is still being tried.
    messages_pending: f64,
    /// The most attempts of an answer's unsent e-mail.
    messages_attempts: f64,
    /// The open CRA obligation that falls due first, and its deadline.
    cra_next: Option<Obligation>,
    cra_next_due: Option<Timestamp>,
}

/// The listing's columns beyond [`COLUMNS`]: the e-mails about the reporter's answers.
const MESSAGE_NOTIFICATIONS: &str = "\
    (SELECT COUNT(*) FROM messages m WHERE m.report_id = reports.id AND m.author = 'reporter' \
     AND m.notified_at IS NULL AND m.notify_failed_at IS NOT NULL) AS messages_failed, \
    (SELECT COUNT(*) FROM messages m WHERE m.report_id = reports.id AND m.author = 'reporter' \
     AND m.notified_at IS NULL AND m.notify_failed_at IS NULL) AS messages_pending, \
    (SELECT COALESCE(MAX(m.notify_attempts), 0) FROM messages m WHERE m.report_id = reports.id \
     AND m.author = 'reporter' AND m.notified_at IS NULL) AS messages_attempts, \
    (SELECT o.obligation FROM obligations o WHERE o.report_id = reports.id AND o.settled_at IS NULL \
     ORDER BY o.due_at, o.obligation LIMIT 1) AS cra_next, \
    (SELECT MIN(o.due_at) FROM obligations o WHERE o.report_id = reports.id AND o.settled_at IS NULL) AS cra_next_due";

impl ListRow {
    /// The staff listing's view: the case, and the worst of its e-mails to staff.
    pub fn summary(self, policy: Option<Retention>) -> ReportSummary {
        let count = |n: f64| n.max(0.0) as u32;
        let retention = self.row.retention().fate(policy);
        let r = self.row;
        let report = Delivery::of(r.notified_at.is_some(), r.notify_failed_at.is_some(), r.notify_attempts());
        let answers = Delivery::of_messages(
            count(self.messages_failed),
            count(self.messages_pending),
            count(self.messages_attempts),
        );
        let worst = report.worse(answers);
        ReportSummary {
            id: r.id,
            received_at: r.received_at,
            respond_by: r.respond_by,
            size: r.size as u64,
            status: r.status,
            expected_resolution: r.expected_resolution,
            notification: worst.state,
            notify_attempts: worst.attempts,
            cra_next: match (self.cra_next, self.cra_next_due) {
                (Some(obligation), Some(due_at)) => Some(NextDue { obligation, due_at }),
                _ => None,
            },
            retention,
            assignee: r.assignee,
        }
    }
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

/// Inserts a report's metadata, with the due times of its notices; a report the reporter flagged
/// exploited starts its CRA obligations in the same transaction.
pub async fn insert(env: &Env, r: &NewReport<'_>) -> Result<Inserted, ApiError> {
    let r2_key = super::blobs::key_for(r.id.as_str(), r.in_parts);
    let optional = |v: Option<&str>| v.map_or(JsValue::NULL, JsValue::from);
    let remind_at = Timestamp::from_utc(deadline::reminder_at(r.received_at.utc(), r.respond_by.utc()));
    let escalate_at = Timestamp::from_utc(r.respond_by.utc());
    let (exploited_at, exploited_by) = if r.exploited {
        (JsValue::from(r.received_at.to_string()), JsValue::from(cra::REPORTER))
    } else {
        (JsValue::NULL, JsValue::NULL)
    };
    let stmt = db(env)?
        .prepare(
            "INSERT INTO reports (id, received_at, respond_by, size, sha256, status, idempotency_key, r2_key, \
             lookup_hash, reply_key, remind_at, escalate_at, exploited_at, exploited_by) \
             VALUES (?1, ?2, ?3, ?4, ?5, 'received', ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        )
        .bind(&[
            r.id.as_str().into(),
            r.received_at.to_string().into(),
            r.respond_by.to_string().into(),
            JsValue::from(r.size as f64),
            r.sha256.into(),
            optional(r.idempotency_key),
            r2_key.as_str().into(),
            optional(r.lookup_hash),
            optional(r.reply_key),
            remind_at.to_string().into(),
            escalate_at.to_string().into(),
            exploited_at,
            exploited_by,
        ])
        .map_err(storage)?;
    let ran = if r.exploited {
        let mut batch = vec![stmt];
        for due in Obligation::started(Some(r.received_at.utc()), None) {
            batch.push(super::cra::start(env, r.id.as_str(), &due)?);
        }
        let entry = AuditEntry {
            at: r.received_at,
            actor: crate::routes::alerts::WORKER_ACTOR.to_owned(),
            action: "cra".to_owned(),
            detail: "the reporter flagged it as exploited in the wild: the CRA clock started at receipt".to_owned(),
        };
        batch.push(audit::append(env, r.id.as_str(), &entry)?);
        db(env)?.batch(batch).await.map(|_| ())
    } else {
        stmt.run().await.map(|_| ())
    };
    match ran {
        Ok(()) => Ok(Inserted::New),
        Err(e) => {
            let text = e.to_string();
            if text.contains("UNIQUE constraint failed: reports.idempotency_key") {
                Ok(Inserted::DuplicateKey)
            } else if text.contains("UNIQUE constraint failed: reports.lookup_hash") {
                Ok(Inserted::LookupTaken)
            } else {
                Err(storage(e))
            }
        }
    }
}

/// Newest first, at most `limit`, optionally only those received before `before` (an id).
pub async fn list(env: &Env, limit: u32, before: Option<&str>) -> Result<Vec<ListRow>, ApiError> {
    let db = db(env)?;
    let stmt = match before {
        Some(b) => db
            .prepare(format!(
                "SELECT {COLUMNS}, {MESSAGE_NOTIFICATIONS} FROM reports WHERE id < ?1 ORDER BY id DESC LIMIT ?2"
            ))
            .bind(&[b.into(), JsValue::from(limit)]),
        None => db
            .prepare(format!("SELECT {COLUMNS}, {MESSAGE_NOTIFICATIONS} FROM reports ORDER BY id DESC LIMIT ?1"))
            .bind(&[JsValue::from(limit)]),
    }
    .map_err(storage)?;
    stmt.all().await.map_err(storage)?.results::<ListRow>().map_err(storage)
}

/// The times of at most `limit` cases received at or after `since`, newest first: receipt, the
/// promise, the first acknowledgement and the first triage (`Status::TRIAGED`).
pub async fn case_times(env: &Env, since: Timestamp, limit: u32) -> Result<Vec<CaseTimes>, ApiError> {
    let triaged: Vec<String> = Status::TRIAGED.iter().map(|s| format!("'{}'", s.as_str())).collect();
    let stmt = db(env)?
        .prepare(format!(
            "SELECT id, received_at, respond_by, acknowledged_at, \
             (SELECT MIN(t.at) FROM timeline t WHERE t.report_id = reports.id AND t.status IN ({})) AS triaged_at \
             FROM reports WHERE received_at >= ?1 ORDER BY received_at DESC, id DESC LIMIT ?2",
            triaged.join(", ")
        ))
        .bind(&[since.to_string().into(), JsValue::from(limit)])
        .map_err(storage)?;
    stmt.all().await.map_err(storage)?.results::<CaseTimes>().map_err(storage)
}

/// Reports whose new-report e-mail is due for another attempt at `now`, earliest due first, at
/// most 20: never tried and received before `older_than` (so one still being sent is not sent
/// twice), or past the back-off of their last attempt; never one given up (times compare as
/// text: every stored time is in UTC, written the same way).
pub async fn unnotified(env: &Env, older_than: Timestamp, now: Timestamp) -> Result<Vec<Row>, ApiError> {
    let stmt = db(env)?
        .prepare(format!(
            "SELECT {COLUMNS} FROM reports WHERE notified_at IS NULL AND notify_failed_at IS NULL \
             AND ((notify_next_at IS NULL AND received_at < ?1) OR notify_next_at <= ?2) \
             ORDER BY COALESCE(notify_next_at, received_at), id LIMIT 20"
        ))
        .bind(&[older_than.to_string().into(), now.to_string().into()])
        .map_err(storage)?;
    stmt.all().await.map_err(storage)?.results::<Row>().map_err(storage)
}

/// Applies a checked status change and appends its audit entry, in one transaction. The first
/// change away from `received` records the acknowledgement (which stops reminders); a date is
/// kept until another one replaces it.
pub async fn set_status(env: &Env, id: &str, change: &StatusChange, entry: &AuditEntry) -> Result<(), ApiError> {
    let statements = status_statements(env, id, change, entry)?;
    db(env)?.batch(statements).await.map_err(gone_or_storage(id)).map(|_| ())
}

/// Marks a case a duplicate of `of`: the status change of [`set_status`] and the link, in one
/// transaction.
pub async fn mark_duplicate(env: &Env, id: &str, of: &str, entry: &AuditEntry) -> Result<(), ApiError> {
    let change = StatusChange { status: Status::Duplicate, expected_resolution: None };
    let mut statements = status_statements(env, id, &change, entry)?;
    statements.push(
        db(env)?
            .prepare("UPDATE reports SET duplicate_of = ?1 WHERE id = ?2")
            .bind(&[of.into(), id.into()])
            .map_err(storage)?,
    );
    db(env)?.batch(statements).await.map_err(gone_or_storage(id)).map(|_| ())
}

/// The statements of a status change: the row, the timeline step and the audit entry.
fn status_statements(
    env: &Env,
    id: &str,
    change: &StatusChange,
    entry: &AuditEntry,
) -> Result<Vec<worker::D1PreparedStatement>, ApiError> {
    let date: JsValue = change.expected_resolution.map_or(JsValue::NULL, |d| JsValue::from(d.to_string()));
    let at = entry.at.to_string();
    // A change into a closed status (re)starts the retention; one out of it stops it.
    let closed_at: JsValue = if change.status.is_closed() { at.as_str().into() } else { JsValue::NULL };
    let update = db(env)?
        .prepare(
            "UPDATE reports SET status = ?1, expected_resolution = COALESCE(?2, expected_resolution), \
             acknowledged_at = COALESCE(acknowledged_at, ?3), closed_at = ?5 WHERE id = ?4",
        )
        .bind(&[change.status.as_str().into(), date.clone(), at.as_str().into(), id.into(), closed_at])
        .map_err(storage)?;
    let step = db(env)?
        .prepare("INSERT INTO timeline (report_id, at, status, expected_resolution) VALUES (?1, ?2, ?3, ?4)")
        .bind(&[id.into(), at.as_str().into(), change.status.as_str().into(), date])
        .map_err(storage)?;
    Ok(vec![update, step, audit::append(env, id, entry)?])
}

/// A column of a case that staff set to a value (or clear) with nothing else.
#[derive(Debug, Clone, Copy)]
pub enum Field {
    /// What was awarded.
    Reward,
    /// Who works on it.
    Assignee,
    /// The planned disclosure date.
    PlannedDisclosure,
}

impl Field {
    fn column(self) -> &'static str {
        match self {
            Field::Reward => "reward",
            Field::Assignee => "assignee",
            Field::PlannedDisclosure => "planned_disclosure",
        }
    }
}

/// Sets (or clears) one field of a case with its audit entry, in one transaction.
pub async fn set_field(
    env: &Env,
    id: &str,
    field: Field,
    value: Option<&str>,
    entry: &AuditEntry,
) -> Result<(), ApiError> {
    let update = db(env)?
        .prepare(format!("UPDATE reports SET {} = ?1 WHERE id = ?2", field.column()))
        .bind(&[value.map_or(JsValue::NULL, JsValue::from), id.into()])
        .map_err(storage)?;
    db(env)?.batch(vec![update, audit::append(env, id, entry)?]).await.map_err(storage).map(|_| ())
}

/// Gives due times to cases stored without them (by a worker older than
/// `migrations/0006_notices.sql`, during a rollout), with the migration's own expression.
pub async fn backfill_due_times(env: &Env) -> Result<(), ApiError> {
    db(env)?
        .prepare(
            "UPDATE reports SET \
             remind_at = strftime('%Y-%m-%dT%H:%M:%S+00:00', \
             (CAST(strftime('%s', received_at) AS INTEGER) + CAST(strftime('%s', respond_by) AS INTEGER) + 1) / 2, \
             'unixepoch'), \
             escalate_at = strftime('%Y-%m-%dT%H:%M:%S+00:00', respond_by) \
             WHERE remind_at IS NULL OR escalate_at IS NULL",
        )
        .run()
        .await
        .map_err(storage)
        .map(|_| ())
}

/// When a case's next notice falls due (`deadline::next_notice_at`); the same expression as the
/// index `reports_notice_due` (`migrations/0006_notices.sql`), so the query below reads it in order.
const NOTICE_AT: &str = "(CASE WHEN reminded_at IS NULL THEN remind_at ELSE escalate_at END)";

/// At most `limit` cases whose next notice is due at `now` (not acknowledged, not escalated, not
/// backing off after a failed attempt), by due time then id, after `after` (keyset pagination;
/// `schedule::sweep` walks the pages).
pub async fn due_notices(
    env: &Env,
    now: Timestamp,
    after: Option<&Cursor>,
    limit: u32,
) -> Result<Vec<Candidate>, ApiError> {
    let (after_at, after_id) =
        after.map_or((String::new(), String::new()), |c| (c.notice_at.to_string(), c.id.to_string()));
    let stmt = db(env)?
        .prepare(format!(
            "SELECT id, 'response' AS duty, received_at AS started_at, respond_by AS due_at, reminded_at, \
             notice_attempts, {NOTICE_AT} AS notice_at FROM reports \
             WHERE acknowledged_at IS NULL AND escalated_at IS NULL AND {NOTICE_AT} <= ?1 \
             AND (notice_next_at IS NULL OR notice_next_at <= ?1) AND ({NOTICE_AT}, id) > (?2, ?3) \
             ORDER BY {NOTICE_AT}, id LIMIT ?4"
        ))
        .bind(&[now.to_string().into(), after_at.into(), after_id.into(), JsValue::from(limit)])
        .map_err(storage)?;
    stmt.all().await.map_err(storage)?.results::<Candidate>().map_err(storage)
}

pub(crate) fn notice_column(notice: Notice) -> &'static str {
    match notice {
        Notice::Reminder => "reminded_at",
        Notice::Escalation => "escalated_at",
    }
}

/// Claims a notice for sending, as a lease: true only for the one caller whose conditional update
/// counted the attempt and moved `notice_next_at` to `lease_until` (so two overlapping cron runs
/// never both send), never once the case is acknowledged or the notice recorded, and not before
/// the back-off of a failed attempt has passed. Nothing is marked sent yet: if the run dies before
/// [`notice_sent`], the lease runs out and a later run tries again (a notice may then go out twice;
/// it is never lost).
pub async fn claim_notice(
    env: &Env,
    id: &str,
    notice: Notice,
    at: Timestamp,
    lease_until: Timestamp,
) -> Result<bool, ApiError> {
    let column = notice_column(notice);
    let stmt = db(env)?
        .prepare(format!(
            "UPDATE reports SET notice_attempts = notice_attempts + 1, notice_next_at = ?3 \
             WHERE id = ?2 AND {column} IS NULL AND acknowledged_at IS NULL \
             AND (notice_next_at IS NULL OR notice_next_at <= ?1)"
        ))
        .bind(&[at.to_string().into(), id.into(), lease_until.to_string().into()])
        .map_err(storage)?;
    changed_one(stmt).await
}

/// After a failed e-mail (its attempt counted by [`claim_notice`]): the first run from `retry_at`
/// on tries again.
pub async fn release_notice(env: &Env, id: &str, retry_at: Timestamp) -> Result<(), ApiError> {
    let stmt = db(env)?
        .prepare("UPDATE reports SET notice_next_at = ?2 WHERE id = ?1")
        .bind(&[id.into(), retry_at.to_string().into()])
        .map_err(storage)?;
    stmt.run().await.map_err(storage).map(|_| ())
}

/// Records a sent notice: the notice's column, a fresh count for the next notice and its audit
/// entry, in one transaction.
pub async fn notice_sent(
    env: &Env,
    id: &str,
    notice: Notice,
    at: Timestamp,
    entry: &AuditEntry,
) -> Result<(), ApiError> {
    let column = notice_column(notice);
    let record = db(env)?
        .prepare(format!("UPDATE reports SET {column} = ?2, notice_attempts = 0, notice_next_at = NULL WHERE id = ?1"))
        .bind(&[id.into(), at.to_string().into()])
        .map_err(storage)?;
    db(env)?.batch(vec![record, audit::append(env, id, entry)?]).await.map_err(storage).map(|_| ())
}

/// The worker's [`Store`]: rows in D1, blobs in R2 (with an injected fault in test builds).
pub struct D1R2<'a> {
    env: &'a Env,
    fault: Option<Fault>,
}

impl<'a> D1R2<'a> {
    /// The store of this deployment.
    pub fn new(env: &'a Env, fault: Option<Fault>) -> Self {
        Self { env, fault }
    }

    fn fail_if(&self, fault: Fault) -> Result<(), ApiError> {
        if self.fault == Some(fault) { Err(ApiError::Storage(format!("injected fault {fault:?}"))) } else { Ok(()) }
    }
}

impl Store for D1R2<'_> {
    async fn by_idempotency_key(&self, key: &str) -> Result<Option<StoredReport>, ApiError> {
        self.fail_if(Fault::D1Down)?;
        Ok(by_idempotency_key(self.env, key).await?.map(|row| StoredReport {
            answer: SubmitAnswer { id: row.id.clone(), received_at: row.received_at, respond_by: row.respond_by },
            sha256: row.sha256,
        }))
    }

    async fn blob_exists(&self, id: &CaseId) -> Result<bool, ApiError> {
        super::blobs::exists(self.env, &super::blobs::key(id.as_str())).await
    }

    async fn put_blob(&self, id: &CaseId, body: &[u8]) -> Result<(), ApiError> {
        self.fail_if(Fault::R2Down)?;
        super::blobs::put(self.env, &super::blobs::key(id.as_str()), body.to_vec()).await
    }

    async fn delete_blob(&self, id: &CaseId) -> Result<(), ApiError> {
        super::blobs::delete(self.env, &super::blobs::key(id.as_str())).await
    }

    async fn insert(&self, new: &NewReport<'_>) -> Result<Inserted, ApiError> {
        self.fail_if(Fault::D1Down)?;
        let inserted = insert(self.env, new).await?;
        self.fail_if(Fault::D1CommitThenError)?;
        Ok(inserted)
    }
}
