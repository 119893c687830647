//! Sealdrop's reporting form: a Leptos app in a sandboxed iframe on the worker's origin.
//! It shows the policy, validates every field, encrypts the report and its attachments in the
//! browser with the organisation's OpenPGP key, and posts only ciphertext.
//!
//! One crate, two wasm modules: `src/main.rs` is the form (the frame's first view: Leptos, the
//! catalogues, validation; no OpenPGP), `src/bin/sealdrop-crypto.rs` the encryption module (rPGP),
//! fetched while the reporter reads and types and run in a Web Worker. The form asks it for
//! [`jobs`] through `crypto.rs`; `cargo xtask build` checks that no OpenPGP code is linked into the
//! form.
#![deny(unsafe_code)]
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

mod api;
mod cancel;
pub mod components;
mod crypto;
mod download;
mod error;
mod form_state;
mod frame;
mod i18n;
pub mod jobs;
mod submission;
mod upload;
mod work;
