//! Uploads in parts (`migrations/0007_uploads.sql`): their rows in D1 and their R2 multipart
//! uploads. The rules are `upload.rs`'s; the report they become is stored by `durable.rs`'s flow
//! through [`UploadStore`].

use serde::Deserialize;
use worker::wasm_bindgen::JsValue;
use worker::{Env, HttpMetadata, UploadedPart};

use sealdrop_shared::api::PART_MEDIA_TYPE;
use sealdrop_shared::id::{CaseId, UploadId};
use sealdrop_shared::time::Timestamp;

use crate::durable::{Fault, Inserted, NewReport, Store, StoredReport};
use crate::error::ApiError;
use crate::routes::storage;
use crate::store::{blobs, changed_one, db, reports};
use crate::upload::Progress;

/// One row of `uploads`.
#[derive(Debug, Clone, Deserialize)]
pub struct UploadRow {
    /// The upload's id.
    pub id: UploadId,
    /// The report's id.
    pub case_id: CaseId,
    /// The key its first request carried.
    pub idempotency_key: String,
    /// Where the report goes in R2.
    pub r2_key: String,
    /// R2's multipart upload id.
    pub r2_upload_id: String,
    /// Hex SHA-256 of the lookup token, if the report opens a follow-up channel.
    pub lookup_hash: Option<String>,
    /// The reporter's armored reply key, with `lookup_hash`.
    pub reply_key: Option<String>,
    /// `upload::Progress` as JSON.
    progress: String,
    /// When it became a report.
    pub completed_at: Option<Timestamp>,
    /// The reporter flagged it exploited in the wild (a D1 number: 0 or 1).
    pub exploited: f64,
}

impl UploadRow {
    /// Where it stands.
    pub fn progress(&self) -> Result<Progress, ApiError> {
        serde_json::from_str(&self.progress).map_err(|e| ApiError::Storage(format!("upload progress: {e}")))
    }
}

const COLUMNS: &str =
    "id, case_id, idempotency_key, r2_key, r2_upload_id, lookup_hash, reply_key, progress, completed_at, exploited";

/// An upload by its id.
pub async fn get(env: &Env, id: &UploadId) -> Result<Option<UploadRow>, ApiError> {
    db(env)?
        .prepare(format!("SELECT {COLUMNS} FROM uploads WHERE id = ?1"))
        .bind(&[id.as_str().into()])
        .map_err(storage)?
        .first::<UploadRow>(None)
        .await
        .map_err(storage)
}

/// The upload an idempotency key began.
pub async fn by_idempotency_key(env: &Env, key: &str) -> Result<Option<UploadRow>, ApiError> {
    db(env)?
        .prepare(format!("SELECT {COLUMNS} FROM uploads WHERE idempotency_key = ?1"))
        .bind(&[key.into()])
        .map_err(storage)?
        .first::<UploadRow>(None)
        .await
        .map_err(storage)
}

/// What a new upload's row holds.
#[derive(Debug)]
pub struct NewUpload<'a> {
    /// Its id.
    pub id: &'a UploadId,
    /// The report's id.
    pub case_id: &'a CaseId,
    /// Its idempotency key.
    pub idempotency_key: &'a str,
    /// The follow-up channel: lookup hash and armored reply key.
    pub channel: Option<(&'a str, &'a str)>,
    /// When it began.
    pub created_at: Timestamp,
    /// Its empty progress.
    pub progress: &'a Progress,
    /// The reporter flagged it exploited in the wild.
    pub exploited: bool,
}

/// Begins an upload: R2's multipart upload, then the row. `Ok(false)` if a concurrent request
/// with the same key won (this one's multipart upload is aborted).
pub async fn begin(env: &Env, new: &NewUpload<'_>) -> Result<bool, ApiError> {
    let r2_key = blobs::key_for(new.case_id.as_str(), true);
    let meta = HttpMetadata { content_type: Some(PART_MEDIA_TYPE.to_owned()), ..Default::default() };
    let multipart = blobs::bucket(env)?
        .create_multipart_upload(r2_key.as_str())
        .http_metadata(meta)
        .execute()
        .await
        .map_err(storage)?;
    let r2_upload_id = multipart.upload_id().await;
    let progress = serde_json::to_string(new.progress).map_err(|e| ApiError::Internal(e.to_string()))?;
    let optional = |v: Option<&str>| v.map_or(JsValue::NULL, JsValue::from);
    let stmt = db(env)?
        .prepare(
            "INSERT INTO uploads (id, case_id, idempotency_key, r2_key, r2_upload_id, lookup_hash, reply_key, \
             created_at, parts, progress, exploited) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 0, ?9, ?10)",
        )
        .bind(&[
            new.id.as_str().into(),
            new.case_id.as_str().into(),
            new.idempotency_key.into(),
            r2_key.as_str().into(),
            r2_upload_id.as_str().into(),
            optional(new.channel.map(|c| c.0)),
            optional(new.channel.map(|c| c.1)),
            new.created_at.to_string().into(),
            progress.into(),
            JsValue::from(u8::from(new.exploited)),
        ])
        .map_err(storage)?;
    match stmt.run().await {
        Ok(_) => Ok(true),
        Err(e) if e.to_string().contains("UNIQUE constraint failed: uploads.idempotency_key") => {
            let _ = multipart.abort().await;
            Ok(false)
        }
        Err(e) => Err(storage(e)),
    }
}

/// Stores part `n` in R2; answers its ETag.
pub async fn put_part(env: &Env, row: &UploadRow, n: u32, body: Vec<u8>) -> Result<String, ApiError> {
    let number = u16::try_from(n).map_err(|_| ApiError::PartInvalid("at most 10,000 parts".into()))?;
    let multipart =
        blobs::bucket(env)?.resume_multipart_upload(row.r2_key.as_str(), row.r2_upload_id.as_str()).map_err(storage)?;
    Ok(multipart.upload_part(number, body).await.map_err(storage)?.etag())
}

/// Records part `n` (its progress) if it is still the next one: true for the request that did.
pub async fn record_part(env: &Env, id: &UploadId, n: u32, progress: &Progress) -> Result<bool, ApiError> {
    let json = serde_json::to_string(progress).map_err(|e| ApiError::Internal(e.to_string()))?;
    let stmt = db(env)?
        .prepare("UPDATE uploads SET parts = ?3, progress = ?4 WHERE id = ?1 AND parts = ?2 AND completed_at IS NULL")
        .bind(&[id.as_str().into(), JsValue::from(n - 1), JsValue::from(n), json.into()])
        .map_err(storage)?;
    changed_one(stmt).await
}

/// Records that the upload became its report.
pub async fn completed(env: &Env, id: &UploadId, at: Timestamp) -> Result<(), ApiError> {
    db(env)?
        .prepare("UPDATE uploads SET completed_at = COALESCE(completed_at, ?2) WHERE id = ?1")
        .bind(&[id.as_str().into(), at.to_string().into()])
        .map_err(storage)?
        .run()
        .await
        .map_err(storage)
        .map(|_| ())
}

/// Uploads begun before `before`, at most 50, oldest first (the cron's sweep).
pub async fn older_than(env: &Env, before: Timestamp) -> Result<Vec<UploadRow>, ApiError> {
    db(env)?
        .prepare(format!("SELECT {COLUMNS} FROM uploads WHERE created_at < ?1 ORDER BY created_at LIMIT 50"))
        .bind(&[before.to_string().into()])
        .map_err(storage)?
        .all()
        .await
        .map_err(storage)?
        .results::<UploadRow>()
        .map_err(storage)
}

/// Removes an upload: an unfinished one's R2 parts are aborted first.
pub async fn remove(env: &Env, row: &UploadRow) -> Result<(), ApiError> {
    if row.completed_at.is_none() {
        let multipart = blobs::bucket(env)?
            .resume_multipart_upload(row.r2_key.as_str(), row.r2_upload_id.as_str())
            .map_err(storage)?;
        // Already aborted or completed: nothing left to remove in R2.
        let _ = multipart.abort().await;
    }
    db(env)?
        .prepare("DELETE FROM uploads WHERE id = ?1")
        .bind(&[row.id.as_str().into()])
        .map_err(storage)?
        .run()
        .await
        .map_err(storage)
        .map(|_| ())
}

/// `durable.rs`'s [`Store`] for a report uploaded in parts: its blob is written by completing the
/// multipart upload (the bytes are in R2 already; the body passed is empty), and never deleted
/// here (an orphan is harmless; the blob of the same case's winning row is not).
pub struct UploadStore<'a> {
    env: &'a Env,
    row: &'a UploadRow,
    progress: &'a Progress,
    fault: Option<Fault>,
}

impl<'a> UploadStore<'a> {
    /// The store that completes `row`'s upload.
    pub fn new(env: &'a Env, row: &'a UploadRow, progress: &'a Progress, fault: Option<Fault>) -> Self {
        Self { env, row, progress, fault }
    }

    fn fail_if(&self, fault: Fault) -> Result<(), ApiError> {
        if self.fault == Some(fault) { Err(ApiError::Storage(format!("injected fault {fault:?}"))) } else { Ok(()) }
    }
}

impl Store for UploadStore<'_> {
    async fn by_idempotency_key(&self, key: &str) -> Result<Option<StoredReport>, ApiError> {
        self.fail_if(Fault::D1Down)?;
        reports::D1R2::new(self.env, None).by_idempotency_key(key).await
    }

    async fn blob_exists(&self, _id: &CaseId) -> Result<bool, ApiError> {
        blobs::exists(self.env, &self.row.r2_key).await
    }

    async fn put_blob(&self, _id: &CaseId, _body: &[u8]) -> Result<(), ApiError> {
        self.fail_if(Fault::R2Down)?;
        // Completed by an earlier attempt whose row was not written: R2 has the object, and the
        // multipart upload is gone.
        if blobs::exists(self.env, &self.row.r2_key).await? {
            return Ok(());
        }
        let multipart = blobs::bucket(self.env)?
            .resume_multipart_upload(self.row.r2_key.as_str(), self.row.r2_upload_id.as_str())
            .map_err(storage)?;
        let parts: Vec<UploadedPart> = self
            .progress
            .parts
            .iter()
            .enumerate()
            .map(|(i, p)| UploadedPart::new(i as u16 + 1, p.etag.clone()))
            .collect();
        multipart.complete(parts).await.map_err(storage).map(|_| ())
    }

    async fn delete_blob(&self, _id: &CaseId) -> Result<(), ApiError> {
        Ok(())
    }

    async fn insert(&self, new: &NewReport<'_>) -> Result<Inserted, ApiError> {
        self.fail_if(Fault::D1Down)?;
        let inserted = reports::insert(self.env, new).await?;
        self.fail_if(Fault::D1CommitThenError)?;
        Ok(inserted)
    }
}
