//! Credits in D1 (`migrations/0002_credits.sql`).

use serde::Deserialize;
use worker::Env;
use worker::wasm_bindgen::JsValue;

use sealdrop_shared::publish::{PublishedCredit, credit_id};
use sealdrop_shared::staff::{AuditEntry, CaseCredit};
use sealdrop_shared::time::Timestamp;

use crate::error::ApiError;
use crate::routes::storage;
use crate::store::{audit, db};

/// A credit to record.
#[derive(Debug, Clone)]
pub struct NewCredit<'a> {
    /// The report it belongs to.
    pub report_id: &'a str,
    /// Checked name.
    pub name: &'a str,
    /// Checked link.
    pub link: Option<&'a str>,
    /// Whether it appears in the hall of fame.
    pub published: bool,
    /// When it changed.
    pub updated_at: Timestamp,
}

/// Records (or replaces) the credit of a report and its audit entry, in one transaction.
pub async fn upsert(env: &Env, c: &NewCredit<'_>, entry: &AuditEntry) -> Result<(), ApiError> {
    let link: JsValue = c.link.map_or(JsValue::NULL, JsValue::from);
    let stmt = db(env)?
        .prepare(
            "INSERT INTO credits (report_id, name, link, published, updated_at) VALUES (?1, ?2, ?3, ?4, ?5) \
             ON CONFLICT (report_id) DO UPDATE SET name = excluded.name, link = excluded.link, \
             published = excluded.published, updated_at = excluded.updated_at",
        )
        .bind(&[
            c.report_id.into(),
            c.name.into(),
            link,
            JsValue::from(u32::from(c.published)),
            c.updated_at.to_string().into(),
        ])
        .map_err(storage)?;
    db(env)?.batch(vec![stmt, audit::append(env, c.report_id, entry)?]).await.map_err(storage).map(|_| ())
}

#[derive(Deserialize)]
struct CreditRow {
    name: String,
    link: Option<String>,
    published: f64,
}

/// The credit of one report, if recorded.
pub async fn get(env: &Env, report_id: &str) -> Result<Option<CaseCredit>, ApiError> {
    let stmt = db(env)?
        .prepare("SELECT name, link, published FROM credits WHERE report_id = ?1")
        .bind(&[report_id.into()])
        .map_err(storage)?;
    let row = stmt.first::<CreditRow>(None).await.map_err(storage)?;
    Ok(row.map(|r| CaseCredit { name: r.name, link: r.link, published: r.published != 0.0 }))
}

#[derive(Deserialize)]
struct Row {
    report_id: String,
    name: String,
    link: Option<String>,
    month: String,
}

/// Published credits, newest report first.
pub async fn published(env: &Env) -> Result<Vec<PublishedCredit>, ApiError> {
    let stmt = db(env)?.prepare(
        "SELECT c.report_id, c.name, c.link, substr(r.received_at, 1, 7) AS month FROM credits c \
         JOIN reports r ON r.id = c.report_id WHERE c.published = 1 ORDER BY c.report_id DESC LIMIT 1000",
    );
    let rows = stmt.all().await.map_err(storage)?.results::<Row>().map_err(storage)?;
    Ok(rows
        .into_iter()
        .map(|r| PublishedCredit { id: credit_id(&r.report_id), name: r.name, link: r.link, month: r.month })
        .collect())
}
