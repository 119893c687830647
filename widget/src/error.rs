/// Everything that can go wrong in the widget, with a message for the reporter.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum WidgetError {
    /// The policy could not be loaded.
    #[error("The reporting policy could not be loaded ({0}). Please try again later.")]
    PolicyUnavailable(String),
    /// The served keys differ from the ones the embedding page pinned.
    #[error("The keys do not match what this page pinned: {0}. For your safety nothing will be encrypted or sent.")]
    FingerprintMismatch(#[from] sealdrop_shared::key::PinMismatch),
    /// The key cannot be used.
    #[error("The organisation's key cannot be used: {0}")]
    Key(String),
    /// A file could not be read.
    #[error("The file {0} could not be read.")]
    FileRead(String),
    /// Encryption failed.
    #[error("Encryption failed: {0}")]
    Encrypt(String),
    /// A message could not be decrypted with the receipt's key.
    #[error("A message could not be decrypted: {0}")]
    Decrypt(String),
    /// No case matches the receipt (whatever the reason: the reporter cannot tell).
    #[error(
        "No report matches this receipt. A receipt looks like XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX; check it and try again."
    )]
    ReceiptUnknown,
    /// Too many look-ups.
    #[error("Too many attempts from this connection. Please wait {0} minute(s) and try again.")]
    RateLimited(u64),
    /// The network failed; the report can be sent again unchanged.
    #[error("The report could not be sent ({0}). Check your connection and try again; it will not be stored twice.")]
    Network(String),
    /// Storage was unavailable (`503`): nothing was stored; the same bytes can be sent again.
    #[error(
        "The report could not be stored just now ({message}). Nothing was lost: send it again in a moment; it will not be stored twice."
    )]
    Unavailable {
        /// Seconds the server asked to wait.
        retry_after: u64,
        /// Server message.
        message: String,
    },
    /// The reporter cancelled the submission.
    #[error(
        "Cancelled. Change the report or send it again when you are ready; if it had already reached the server, sending it again will not store it twice."
    )]
    Cancelled,
    /// The encryption worker's code failed its integrity check: the deployment changed it.
    #[error(
        "The form's encryption code did not pass its integrity check ({0}), so nothing was encrypted or sent. Please report the problem to the organisation another way."
    )]
    CodeIntegrity(String),
    /// Files over the one-request limit are sent in parts by the encryption worker, and none can
    /// start here.
    #[error(
        "Files this large are encrypted and sent in parts by the form's encryption worker, which cannot start on this page ({0}). Attach at most 10 MiB, or send the rest once the organisation answers."
    )]
    NeedsWorker(String),
    /// The encryption worker's job failed; the message says why.
    #[error("{0}")]
    Sealing(String),
    /// The server refused the report.
    #[error("The server refused the report: {message} ({code})")]
    Rejected {
        /// Stable error code.
        code: String,
        /// Server message.
        message: String,
    },
}

/// The message a JavaScript error (an `Error`, or a thrown string) carries.
pub fn js_message(e: &wasm_bindgen::JsValue) -> String {
    use wasm_bindgen::JsCast as _;
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown error".to_owned())
}
