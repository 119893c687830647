//! Storage (wasm only): report metadata, credits and the audit log in D1, ciphertext in R2.

pub mod audit;
pub mod blobs;
pub mod credits;
pub mod followup;
pub mod messages;
pub mod reports;
pub mod work;

use worker::{D1Database, Env};

use crate::error::ApiError;
use crate::routes::storage;

/// The D1 database `DB` (schema in `migrations/`).
pub fn db(env: &Env) -> Result<D1Database, ApiError> {
    env.d1("DB").map_err(storage)
}

/// Runs an update and answers whether it changed exactly one row (a claim that won).
pub async fn changed_one(stmt: worker::D1PreparedStatement) -> Result<bool, ApiError> {
    let result = stmt.run().await.map_err(storage)?;
    Ok(result.meta().map_err(storage)?.and_then(|m| m.changes).unwrap_or(0) == 1)
}
