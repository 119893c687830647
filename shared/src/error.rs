use thiserror::Error;

/// Everything that can go wrong in `sealdrop-shared`.
#[derive(Debug, Error)]
pub enum Error {
    /// The policy file is not valid TOML or misses a required setting.
    #[error("policy file: {0}")]
    PolicySyntax(#[from] toml::de::Error),
    /// A policy setting is present but its value is unusable.
    #[error("policy setting `{setting}`: {problem}")]
    PolicyValue {
        /// The dotted path of the setting, e.g. `response.time_zone`.
        setting: &'static str,
        /// What is wrong with it.
        problem: String,
    },
    /// The organisation key could not be read.
    #[error("OpenPGP key: {0}")]
    Key(#[source] pgp::errors::Error),
    /// The key has no subkey that can encrypt, at any time (no encryption algorithm or flags).
    #[error("OpenPGP key {fingerprint} has no encryption subkey")]
    NoEncryptionKey {
        /// Fingerprint of the primary key.
        fingerprint: crate::key::Fingerprint,
    },
    /// The key has encryption subkeys, but none is usable now: each expired or was revoked.
    #[error(
        "OpenPGP key {fingerprint} has no valid encryption subkey (all expired or revoked): {}",
        crate::key::unusable_subkeys(.subkeys)
    )]
    NoValidEncryptionSubkey {
        /// Fingerprint of the primary key.
        fingerprint: crate::key::Fingerprint,
        /// Every encryption subkey, with why it cannot be used.
        subkeys: Vec<(crate::key::Fingerprint, crate::key::Unusable)>,
    },
    /// The primary key is revoked, so none of its subkeys may be used.
    #[error("OpenPGP key {fingerprint} is revoked")]
    KeyRevoked {
        /// Fingerprint of the primary key.
        fingerprint: crate::key::Fingerprint,
    },
    /// The primary key has expired, so none of its subkeys may be used.
    #[error("OpenPGP key {fingerprint} has expired (on {})", crate::key::when(.expired))]
    KeyExpired {
        /// Fingerprint of the primary key.
        fingerprint: crate::key::Fingerprint,
        /// When it expired.
        expired: chrono::DateTime<chrono::Utc>,
    },
    /// The primary key was created after the time it is checked at (a clock is wrong).
    #[error(
        "OpenPGP key {fingerprint} is not valid until {} (it was created in the future: is the clock right?)",
        crate::key::when(.valid_from)
    )]
    KeyNotYetValid {
        /// Fingerprint of the primary key.
        fingerprint: crate::key::Fingerprint,
        /// When it becomes valid.
        valid_from: chrono::DateTime<chrono::Utc>,
    },
    /// Encrypting a report failed.
    #[error("encryption failed: {0}")]
    Encrypt(#[source] pgp::errors::Error),
    /// The submitted body is not an OpenPGP message of the expected shape.
    #[error("not an encrypted OpenPGP message: {0}")]
    NotEncrypted(&'static str),
    /// The submitted body could not be parsed as OpenPGP.
    #[error("malformed OpenPGP data: {0}")]
    MalformedMessage(#[source] pgp::errors::Error),
    /// The message is encrypted, but (also) to someone other than the organisation key.
    #[error("encrypted to a key that is not the organisation's ({key_id})")]
    WrongRecipient {
        /// The key id or fingerprint found in the PKESK packet, hex.
        key_id: String,
    },
    /// A key the message must be encrypted to is not among its recipients.
    #[error("the message is not encrypted to key {fingerprint}")]
    RecipientMissing {
        /// The missing key's fingerprint.
        fingerprint: crate::key::Fingerprint,
    },
    /// A receipt that is not 32 base32 characters.
    #[error("a receipt has 32 characters in groups of four, e.g. 7K3M-…")]
    ReceiptFormat,
    /// The reply key could not be derived.
    #[error("reply key: {0}")]
    ReplyKey(String),
    /// A supplied security.txt is not an OpenPGP cleartext-signed file with a valid `Expires`.
    #[error("signed security.txt: {0}")]
    SignedSecurityTxt(&'static str),
    /// A decrypted report is not the MIME entity the widget builds.
    #[error("report format: {0}")]
    ReportFormat(String),
    /// A decrypted message holds more than the policy allows (a decompression bomb).
    #[error("the decrypted message is larger than {limit} bytes, more than the policy allows; not reading further")]
    TooLarge {
        /// The limit, bytes.
        limit: u64,
    },
    /// A `data-theme`, `data-accent` or `data-font` attribute the form cannot use.
    #[error("{attribute}=\"{value}\" is not used: expected {expected}")]
    Look {
        /// The attribute.
        attribute: &'static str,
        /// What it said (at most 80 characters of it).
        value: String,
        /// What a valid value is.
        expected: &'static str,
    },
    /// A JSON document (deployed policy) could not be read.
    #[error("JSON: {0}")]
    Json(#[from] serde_json::Error),
}
