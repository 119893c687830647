//! CORS for the public API: any origin may call it (it carries only ciphertext and public data,
//! and no cookie or ambient credential exists), staff endpoints never answer cross-origin. Which
//! endpoint answers how follows from its declaration (`sealdrop_shared::api::Endpoint::cors`).

/// Headers a preflight may ask for.
pub const ALLOW_HEADERS: &str =
    "Content-Type, Idempotency-Key, X-Sealdrop-Lookup, X-Sealdrop-Reply-Key, X-Sealdrop-Receipt, X-Sealdrop-Pow";
