//! Turning a validated report into ciphertext, in the encryption module (`jobs.rs`), and the
//! page's small waits.

use base64::Engine as _;
use sealdrop_shared::key::RecipientKey;
use sealdrop_shared::mime::{Attachment, build_entity};
use sealdrop_shared::policy::PublicPolicy;
use sealdrop_shared::receipt::{Receipt, lookup_hash};
use sealdrop_shared::report::{Draft, Report};
use wasm_bindgen_futures::JsFuture;

use crate::error::WidgetError;

/// Yields to the browser so it can paint progress before a long synchronous step.
pub async fn yield_to_browser() {
    sleep_ms(16).await;
}

/// Waits `ms` milliseconds without blocking the page.
pub async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// The follow-up channel a report opens: the receipt (shown to the reporter only after the
/// report is stored) and what the worker gets — the lookup hash and the public reply key.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Channel {
    /// The receipt, printed form.
    pub receipt: String,
    /// Hex SHA-256 of the lookup token (`X-Sealdrop-Lookup`).
    pub lookup_hash: String,
    /// The public reply key, binary, base64 (`X-Sealdrop-Reply-Key`).
    pub reply_key_b64: String,
    /// The public reply key, armored (inside the encrypted report).
    pub reply_key_armored: String,
}

/// Creates a fresh receipt (160 random bits) and derives the channel from it.
pub fn new_channel() -> Result<Channel, WidgetError> {
    let mut bytes = [0u8; sealdrop_shared::receipt::RECEIPT_BYTES];
    getrandom::getrandom(&mut bytes).map_err(|e| WidgetError::Encrypt(format!("no randomness: {e}")))?;
    let receipt = Receipt::from_bytes(bytes);
    let key = receipt.reply_key().map_err(|e| WidgetError::Encrypt(e.to_string()))?;
    let binary = {
        use pgp::ser::Serialize as _;
        key.to_public_key().to_bytes().map_err(|e| WidgetError::Encrypt(e.to_string()))?
    };
    Ok(Channel {
        receipt: receipt.display(),
        lookup_hash: lookup_hash(&receipt.lookup_token()),
        reply_key_b64: base64::engine::general_purpose::STANDARD.encode(binary),
        reply_key_armored: sealdrop_shared::receipt::armored_public(&key)
            .map_err(|e| WidgetError::Encrypt(e.to_string()))?,
    })
}

/// Builds the MIME entity and encrypts it to `keys`: the organisation key and every staff key,
/// checked against the pins (`jobs::checked_keys`).
pub fn encrypt(
    keys: &[RecipientKey],
    policy: &PublicPolicy,
    draft: &Draft,
    report: &Report,
    files: &[Attachment],
    reply_key: Option<&str>,
) -> Result<String, WidgetError> {
    let fingerprint = keys.first().map(RecipientKey::fingerprint).map(|f| f.to_string()).unwrap_or_default();
    let entity = build_entity(&policy.organisation.name, &fingerprint, draft, report, files, reply_key);
    sealdrop_shared::envelope::encrypt(keys, entity, rand::rngs::OsRng).map_err(|e| WidgetError::Encrypt(e.to_string()))
}

/// Encrypts a follow-up message to `keys` (the organisation and staff keys, and the reporter's
/// own reply key so the reporter can read their history), signed with the reply key: staff can
/// tell it from one the server (or anyone holding the lookup token) made up.
pub fn encrypt_message(
    keys: &[RecipientKey],
    subject: &str,
    text: &str,
    files: &[Attachment],
    signer: &pgp::composed::SignedSecretKey,
) -> Result<String, WidgetError> {
    let entity = sealdrop_shared::mime::build_message(subject, text, files);
    sealdrop_shared::envelope::encrypt_signed(keys, entity, signer, pgp::types::Password::empty(), rand::rngs::OsRng)
        .map_err(|e| WidgetError::Encrypt(e.to_string()))
}

/// Decrypts a follow-up message with the reply key: its text and files, and who of `signers`
/// signed it. At most `limit` bytes of plaintext are read (`envelope::plaintext_limit`).
pub fn decrypt_message(
    key: &pgp::composed::SignedSecretKey,
    armored: &str,
    signers: &[&pgp::composed::SignedPublicKey],
    limit: u64,
) -> Result<(sealdrop_shared::mime::MessageParts, sealdrop_shared::envelope::Signature), WidgetError> {
    use pgp::composed::Message;
    let fail = |e: &dyn std::fmt::Display| WidgetError::Decrypt(e.to_string());
    let (message, _) = Message::from_string(armored).map_err(|e| fail(&e))?;
    let message = message.decrypt(&pgp::types::Password::empty(), key).map_err(|e| fail(&e))?;
    let opened = sealdrop_shared::envelope::open(message, signers, limit).map_err(|e| fail(&e))?;
    let parts = sealdrop_shared::mime::parse_message(&opened.data).map_err(|e| fail(&e))?;
    Ok((parts, opened.signature))
}

/// A fresh random idempotency key (one per report, reused by retries).
pub fn idempotency_key() -> String {
    let mut bytes = [0u8; 16];
    let _ = getrandom::getrandom(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
