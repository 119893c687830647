//! Internal notes (`migrations/0011_notes.sql`): rows in their own table and blobs under their own
//! R2 prefix, apart from the follow-up messages, so no reporter endpoint can reach one. Stored by
//! `durable::store_message`'s rules (a retry is stored once; an acknowledged note is never lost).

use serde::Deserialize;
use worker::Env;
use worker::wasm_bindgen::JsValue;

use sealdrop_shared::id::{CaseId, MessageId};
use sealdrop_shared::staff::AuditEntry;
use sealdrop_shared::time::Timestamp;

use crate::durable::{MessageStore, NewMessage};
use crate::error::ApiError;
use crate::routes::storage;
use crate::store::{audit, blobs, db, gone_or_storage};

/// One stored note.
#[derive(Debug, Clone, Deserialize)]
pub struct NoteRow {
    /// Note id.
    pub id: MessageId,
    /// When it was stored.
    pub at: Timestamp,
    /// The staff token that posted it.
    pub author: String,
    /// Object key in R2.
    pub r2_key: String,
}

/// A case's notes, oldest first (at most 200).
pub async fn list(env: &Env, report_id: &str) -> Result<Vec<NoteRow>, ApiError> {
    let stmt = db(env)?
        .prepare("SELECT id, at, author, r2_key FROM notes WHERE report_id = ?1 ORDER BY id LIMIT 200")
        .bind(&[report_id.into()])
        .map_err(storage)?;
    stmt.all().await.map_err(storage)?.results::<NoteRow>().map_err(storage)
}

/// One note of one case, identified by its digest.
pub struct D1R2Notes<'a> {
    /// The bindings.
    pub env: &'a Env,
    /// Its case.
    pub case_id: &'a CaseId,
    /// The staff token that posts it.
    pub author: &'a str,
    /// Bytes.
    pub size: u64,
    /// Hex SHA-256 of the body.
    pub sha256: &'a str,
    /// The audit entry written with it.
    pub audit: AuditEntry,
}

impl MessageStore for D1R2Notes<'_> {
    async fn by_digest(&self) -> Result<Option<NewMessage>, ApiError> {
        let stmt = db(self.env)?
            .prepare("SELECT id, at, author, r2_key FROM notes WHERE report_id = ?1 AND sha256 = ?2")
            .bind(&[self.case_id.as_str().into(), self.sha256.into()])
            .map_err(storage)?;
        Ok(stmt.first::<NoteRow>(None).await.map_err(storage)?.map(|r| NewMessage { id: r.id, at: r.at }))
    }

    async fn blob_exists(&self, id: &MessageId) -> Result<bool, ApiError> {
        blobs::exists(self.env, &blobs::note_key(self.case_id.as_str(), id.as_str())).await
    }

    async fn put_blob(&self, id: &MessageId, body: &[u8]) -> Result<(), ApiError> {
        blobs::put(self.env, &blobs::note_key(self.case_id.as_str(), id.as_str()), body.to_vec()).await
    }

    async fn delete_blob(&self, id: &MessageId) -> Result<(), ApiError> {
        blobs::delete(self.env, &blobs::note_key(self.case_id.as_str(), id.as_str())).await
    }

    async fn insert(&self, new: &NewMessage) -> Result<bool, ApiError> {
        let case = self.case_id.as_str();
        let insert = db(self.env)?
            .prepare("INSERT INTO notes (id, report_id, at, author, size, sha256, r2_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
            .bind(&[
                new.id.as_str().into(),
                case.into(),
                new.at.to_string().into(),
                self.author.into(),
                JsValue::from(self.size as f64),
                self.sha256.into(),
                blobs::note_key(case, new.id.as_str()).into(),
            ])
            .map_err(storage)?;
        let entry = audit::append(self.env, case, &self.audit)?;
        match db(self.env)?.batch(vec![insert, entry]).await.map_err(gone_or_storage(case)) {
            Ok(_) => Ok(true),
            // The definite answer that another request stored the same note first.
            Err(ApiError::Storage(text)) if text.contains("UNIQUE constraint failed: notes.") => Ok(false),
            Err(e) => Err(e),
        }
    }
}
