use sealdrop_shared::i18n::{Arg, Lang};

/// Everything that can go wrong in the widget, with a message for the reporter.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum WidgetError {
    /// The policy could not be loaded.
    PolicyUnavailable(String),
    /// The served keys differ from the ones the embedding page pinned.
    FingerprintMismatch(sealdrop_shared::key::PinMismatch),
    /// The key cannot be used.
    Key(String),
    /// A file could not be read.
    FileRead(String),
    /// Encryption failed.
    Encrypt(String),
    /// A message could not be decrypted with the receipt's key.
    Decrypt(String),
    /// No case matches the receipt (whatever the reason: the reporter cannot tell).
    ReceiptUnknown,
    /// Too many look-ups.
    RateLimited(u64),
    /// The network failed; the report can be sent again unchanged.
    Network(String),
    /// Storage was unavailable (`503`): nothing was stored; the same bytes can be sent again.
    Unavailable {
        /// Seconds the server asked to wait.
        retry_after: u64,
        /// Server message.
        message: String,
    },
    /// The reporter cancelled the submission.
    Cancelled,
    /// The encryption worker's code failed its integrity check: the deployment changed it.
    CodeIntegrity(String),
    /// Files over the one-request limit are sent in parts by the encryption worker, and none can
    /// start here.
    NeedsWorker(String),
    /// The encryption worker's job failed; the message says why.
    Sealing(String),
    /// The reporter's answer has more or larger files than the policy allows.
    TooManyFiles,
    /// The server refused the report.
    Rejected {
        /// Stable error code.
        code: String,
        /// Server message.
        message: String,
    },
}

impl WidgetError {
    /// What the reporter reads, in `lang` (`error-*` in `shared/src/i18n`). The details in
    /// parentheses come from the browser or the server as they are.
    pub fn message(&self, lang: Lang) -> String {
        let detail = |id: &str, d: &str| lang.tf(id, &[("detail", Arg::from(d.to_owned()))]);
        match self {
            WidgetError::PolicyUnavailable(d) => detail("error-policy-unavailable", d),
            WidgetError::FingerprintMismatch(m) => detail("error-pin-mismatch", &m.message(lang)),
            WidgetError::Key(d) => detail("error-key", d),
            WidgetError::FileRead(name) => lang.tf("error-file-read", &[("name", Arg::from(name.as_str()))]),
            WidgetError::Encrypt(d) => detail("error-encrypt", d),
            WidgetError::Decrypt(d) => detail("error-decrypt", d),
            WidgetError::ReceiptUnknown => lang.t("error-receipt-unknown"),
            WidgetError::RateLimited(minutes) => lang.tf("error-rate-limited", &[("minutes", Arg::from(*minutes))]),
            WidgetError::Network(d) => detail("error-network", d),
            WidgetError::Unavailable { message, .. } => detail("error-unavailable", message),
            WidgetError::Cancelled => lang.t("error-cancelled"),
            WidgetError::CodeIntegrity(d) => detail("error-code-integrity", d),
            WidgetError::NeedsWorker(d) => lang.tf(
                "error-needs-worker",
                &[
                    ("detail", Arg::from(d.as_str())),
                    ("size", Arg::from(lang.size(sealdrop_shared::policy::ONE_REQUEST_ATTACHMENT_BYTES))),
                ],
            ),
            WidgetError::Sealing(d) => detail("error-sealing", d),
            WidgetError::TooManyFiles => lang.t("answer-too-many-files"),
            WidgetError::Rejected { code, message } => lang
                .tf("error-rejected", &[("detail", Arg::from(message.as_str())), ("code", Arg::from(code.as_str()))]),
        }
    }

    /// How the encryption worker hands an error to the page: the error itself as JSON, so that
    /// the page shows it in the reporter's language ([`Self::from_worker`]).
    pub fn to_js(&self) -> wasm_bindgen::JsValue {
        let text = serde_json::to_string(self).unwrap_or_else(|_| self.to_string());
        wasm_bindgen::JsValue::from_str(&text)
    }

    /// The error the encryption worker sent ([`Self::to_js`]); anything else it threw (the
    /// browser's own error) is [`WidgetError::Sealing`] with that text.
    pub fn from_worker(text: String) -> Self {
        serde_json::from_str(&text).unwrap_or(WidgetError::Sealing(text))
    }
}

/// English: the console and the loader's fallback reason.
impl std::fmt::Display for WidgetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for WidgetError {}

impl From<sealdrop_shared::key::PinMismatch> for WidgetError {
    fn from(m: sealdrop_shared::key::PinMismatch) -> Self {
        WidgetError::FingerprintMismatch(m)
    }
}

/// The message a JavaScript error (an `Error`, or a thrown string) carries.
pub fn js_message(e: &wasm_bindgen::JsValue) -> String {
    use wasm_bindgen::JsCast as _;
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown error".to_owned())
}
