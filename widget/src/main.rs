//! Sealdrop's reporting form: a Leptos app in a sandboxed iframe on the worker's origin.
//! It shows the policy, validates every field, encrypts the report and its attachments in the
//! browser with the organisation's OpenPGP key, and posts only ciphertext.
#![deny(unsafe_code)]
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

mod api;
mod cancel;
mod components;
mod crypto;
mod download;
mod error;
mod form_state;
mod frame;
mod i18n;
mod submission;
mod upload;
mod work;

fn main() {
    console_error_panic_hook::set_once();
    // The same module runs in the encryption worker (`crypto.rs`), where there is no page to mount.
    if web_sys::window().is_some() {
        components::app::mount();
    }
}
