//! Ciphertext blobs in the R2 bucket `REPORTS`.

use worker::{Env, HttpMetadata};

use crate::error::ApiError;
use crate::routes::storage;

const BINDING: &str = "REPORTS";

/// The object key of a report.
pub fn key(id: &str) -> String {
    format!("reports/{id}.asc")
}

/// Stores the armored ciphertext (known length: production R2 rejects unknown-length streams).
pub async fn put(env: &Env, id: &str, body: Vec<u8>) -> Result<(), ApiError> {
    let bucket = env.bucket(BINDING).map_err(storage)?;
    let meta =
        HttpMetadata { content_type: Some(sealdrop_shared::api::PGP_MEDIA_TYPE.to_owned()), ..Default::default() };
    bucket.put(key(id), body).http_metadata(meta).execute().await.map_err(storage)?;
    Ok(())
}

/// Reads the armored ciphertext.
pub async fn get(env: &Env, id: &str) -> Result<Option<Vec<u8>>, ApiError> {
    let bucket = env.bucket(BINDING).map_err(storage)?;
    let Some(object) = bucket.get(key(id)).execute().await.map_err(storage)? else { return Ok(None) };
    let Some(body) = object.body() else { return Ok(None) };
    body.bytes().await.map(Some).map_err(storage)
}

/// Removes a blob (used when a concurrent duplicate lost the race).
pub async fn delete(env: &Env, id: &str) -> Result<(), ApiError> {
    env.bucket(BINDING).map_err(storage)?.delete(key(id)).await.map_err(storage)
}
