//! Turning a validated report into ciphertext, in the browser.

use sealdrop_shared::key::OrgKey;
use sealdrop_shared::mime::{Attachment, build_entity};
use sealdrop_shared::policy::PublicPolicy;
use sealdrop_shared::report::{Draft, Report};
use wasm_bindgen_futures::JsFuture;

use crate::error::WidgetError;

/// Reads a file's bytes.
pub async fn read_file(file: &web_sys::File) -> Result<Vec<u8>, WidgetError> {
    let buffer = JsFuture::from(file.array_buffer()).await.map_err(|_| WidgetError::FileRead(file.name()))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// Yields to the browser so it can paint progress before a long synchronous step.
pub async fn yield_to_browser() {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 16);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// Builds the MIME entity and encrypts it to the organisation key and every staff key.
pub fn encrypt(
    policy: &PublicPolicy,
    draft: &Draft,
    report: &Report,
    files: &[Attachment],
) -> Result<String, WidgetError> {
    let keys = policy.recipient_keys().map_err(|e| WidgetError::Key(e.to_string()))?;
    let fingerprint = keys.first().map(OrgKey::fingerprint).unwrap_or_default();
    let entity = build_entity(&policy.organisation.name, &fingerprint, draft, report, files);
    sealdrop_shared::envelope::encrypt(&keys, entity, rand::rngs::OsRng)
        .map_err(|e| WidgetError::Encrypt(e.to_string()))
}

/// A fresh random idempotency key (one per report, reused by retries).
pub fn idempotency_key() -> String {
    let mut bytes = [0u8; 16];
    let _ = getrandom::getrandom(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
