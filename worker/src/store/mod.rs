//! Storage (wasm only): report metadata in D1, ciphertext in R2.

pub mod blobs;
pub mod credits;
pub mod reports;
