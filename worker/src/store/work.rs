//! Proof-of-work state in D1 (`migrations/0005_proof_of_work.sql`): the HMAC key the worker signs
//! challenges with, generated on first use, and the solutions already spent.

use serde::Deserialize;
use worker::Env;
use worker::wasm_bindgen::JsValue;

use crate::error::ApiError;
use crate::routes::storage;
use crate::store::db;

const KEY_NAME: &str = "pow_hmac_key";

#[derive(Deserialize)]
struct Value {
    value: String,
}

thread_local! {
    /// The key, once read: it never changes, so one isolate reads it once.
    static KEY: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// The HMAC key: made from 32 random bytes by whichever request needs it first (every later one,
/// in any isolate, reads the same row: `INSERT … ON CONFLICT DO NOTHING`, then `SELECT`).
pub async fn hmac_key(env: &Env) -> Result<String, ApiError> {
    if let Some(key) = KEY.with(|k| k.borrow().clone()) {
        return Ok(key);
    }
    let mut random = [0u8; 32];
    getrandom::getrandom(&mut random).map_err(|e| ApiError::Internal(format!("randomness: {e}")))?;
    let db = db(env)?;
    db.prepare("INSERT INTO settings (name, value) VALUES (?1, ?2) ON CONFLICT (name) DO NOTHING")
        .bind(&[KEY_NAME.into(), hex::encode(random).into()])
        .map_err(storage)?
        .run()
        .await
        .map_err(storage)?;
    let row = db
        .prepare("SELECT value FROM settings WHERE name = ?1")
        .bind(&[KEY_NAME.into()])
        .map_err(storage)?
        .first::<Value>(None)
        .await
        .map_err(storage)?
        .ok_or_else(|| ApiError::Storage("the proof-of-work key was not stored".into()))?;
    KEY.with(|k| *k.borrow_mut() = Some(row.value.clone()));
    Ok(row.value)
}

#[derive(Deserialize)]
struct Bound {
    bound_to: String,
}

/// Spends the solution with `signature` for the request `bound_to`: the first request claims it;
/// a later one is let through only if it is bound to the same value (a retry with the same
/// idempotency key). Answers whether this request may use it.
pub async fn spend(env: &Env, signature: &str, bound_to: &str, expires: u64) -> Result<bool, ApiError> {
    let row = db(env)?
        .prepare(
            "INSERT INTO pow_spent (signature, bound_to, expires) VALUES (?1, ?2, ?3) \
             ON CONFLICT (signature) DO UPDATE SET bound_to = bound_to RETURNING bound_to",
        )
        .bind(&[signature.into(), bound_to.into(), JsValue::from(expires as f64)])
        .map_err(storage)?
        .first::<Bound>(None)
        .await
        .map_err(storage)?
        .ok_or_else(|| ApiError::Storage("the spent solution was not recorded".into()))?;
    Ok(crate::auth::constant_time_eq(row.bound_to.as_bytes(), bound_to.as_bytes()))
}

/// Forgets spent solutions whose challenges expired before `now` (Unix seconds): they are refused
/// as expired before this table is read.
pub async fn prune(env: &Env, now: u64) -> Result<(), ApiError> {
    db(env)?
        .prepare("DELETE FROM pow_spent WHERE expires < ?1")
        .bind(&[JsValue::from(now as f64)])
        .map_err(storage)?
        .run()
        .await
        .map_err(storage)?;
    Ok(())
}
