//! Ciphertext blobs in the R2 bucket `REPORTS`: reports and follow-up messages.

use worker::{Env, HttpMetadata};

use crate::error::ApiError;
use crate::routes::storage;

const BINDING: &str = "REPORTS";

/// The object key of a report: armored (`.asc`) from one request, binary OpenPGP (`.pgp`) when
/// uploaded in parts.
pub fn key_for(id: &str, in_parts: bool) -> String {
    if in_parts { format!("reports/{id}.pgp") } else { format!("reports/{id}.asc") }
}

/// The object key of a report sent in one request.
pub fn key(id: &str) -> String {
    key_for(id, false)
}

/// Whether a report's object is binary (uploaded in parts).
pub fn is_binary(object_key: &str) -> bool {
    object_key.ends_with(".pgp")
}

/// A stored object's body as a stream, for a response (never read into the worker's memory).
pub async fn stream(env: &Env, object_key: &str) -> Result<Option<worker::ResponseBody>, ApiError> {
    let bucket = env.bucket(BINDING).map_err(storage)?;
    let Some(object) = bucket.get(object_key).execute().await.map_err(storage)? else { return Ok(None) };
    object.body().map(|b| b.response_body()).transpose().map_err(storage)
}

/// The R2 bucket, for the multipart uploads of `store/uploads.rs`.
pub fn bucket(env: &Env) -> Result<worker::Bucket, ApiError> {
    env.bucket(BINDING).map_err(storage)
}

/// The object key of a follow-up message.
pub fn message_key(case_id: &str, message_id: &str) -> String {
    format!("{}{message_id}.asc", message_prefix(case_id))
}

/// The object key of an internal note.
pub fn note_key(case_id: &str, note_id: &str) -> String {
    format!("{}{note_id}.asc", note_prefix(case_id))
}

/// The prefix of every note object of a case.
pub fn note_prefix(case_id: &str) -> String {
    format!("notes/{case_id}/")
}

/// The prefix of every message object of a case.
pub fn message_prefix(case_id: &str) -> String {
    format!("messages/{case_id}/")
}

/// Stores armored ciphertext (known length: production R2 rejects unknown-length streams).
pub async fn put(env: &Env, object_key: &str, body: Vec<u8>) -> Result<(), ApiError> {
    let bucket = env.bucket(BINDING).map_err(storage)?;
    let meta =
        HttpMetadata { content_type: Some(sealdrop_shared::api::PGP_MEDIA_TYPE.to_owned()), ..Default::default() };
    bucket.put(object_key, body).http_metadata(meta).execute().await.map_err(storage)?;
    Ok(())
}

/// Whether a blob exists (a `HEAD`, no body read).
pub async fn exists(env: &Env, object_key: &str) -> Result<bool, ApiError> {
    let bucket = env.bucket(BINDING).map_err(storage)?;
    Ok(bucket.head(object_key).await.map_err(storage)?.is_some())
}

/// Reads armored ciphertext.
pub async fn get(env: &Env, object_key: &str) -> Result<Option<Vec<u8>>, ApiError> {
    let bucket = env.bucket(BINDING).map_err(storage)?;
    let Some(object) = bucket.get(object_key).execute().await.map_err(storage)? else { return Ok(None) };
    let Some(body) = object.body() else { return Ok(None) };
    body.bytes().await.map(Some).map_err(storage)
}

/// Reads a stored message or note as armored text; a missing blob is a storage error (its row
/// says it exists).
pub async fn armored(env: &Env, object_key: &str) -> Result<String, ApiError> {
    let body = get(env, object_key).await?.ok_or_else(|| ApiError::Storage(format!("blob {object_key} missing")))?;
    Ok(String::from_utf8_lossy(&body).into_owned())
}

/// Removes a blob (used when a concurrent duplicate lost the race).
pub async fn delete(env: &Env, object_key: &str) -> Result<(), ApiError> {
    env.bucket(BINDING).map_err(storage)?.delete(object_key).await.map_err(storage)
}
