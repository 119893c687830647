//! Checks on a submission that need no binding: headers, size, envelope. Pure: tested natively.

use base64::Engine as _;
use sealdrop_shared::api::{MAX_IDEMPOTENCY_KEY_LEN, PART_MEDIA_TYPE, PGP_MEDIA_TYPE};
use sealdrop_shared::cra::EXPLOITED_VALUE;
use sealdrop_shared::followup::{MAX_REPLY_KEY_BYTES, is_lookup_hash};
use sealdrop_shared::key::RecipientKey;
use sha2::{Digest, Sha256};

use crate::error::ApiError;

/// Checks `Content-Type` and `Content-Length` of an armored body before it is read; returns the
/// length.
pub fn check_headers(content_type: Option<&str>, content_length: Option<&str>, limit: u64) -> Result<u64, ApiError> {
    check_body_headers(content_type, content_length, limit, ARMORED)
}

/// What an armored body's `Content-Type` must be, as the error says it.
const ARMORED: (&str, &str) = (PGP_MEDIA_TYPE, "application/pgp-encrypted (an ASCII-armored OpenPGP message)");
/// What an upload part's `Content-Type` must be.
pub const PART: (&str, &str) = (PART_MEDIA_TYPE, "application/octet-stream (a part of a binary OpenPGP message)");

/// Checks `Content-Type` (`expected`: the media type, and how the error names it) and
/// `Content-Length` before a body is read; returns the length.
pub fn check_body_headers(
    content_type: Option<&str>,
    content_length: Option<&str>,
    limit: u64,
    expected: (&str, &'static str),
) -> Result<u64, ApiError> {
    let media_type = content_type.and_then(|c| c.split(';').next()).map(|m| m.trim().to_ascii_lowercase());
    if media_type.as_deref() != Some(expected.0) {
        return Err(ApiError::UnsupportedMediaType(expected.1));
    }
    let length = check_length(content_length, limit)?;
    if length == 0 {
        return Err(ApiError::NotEncrypted("the body is empty".to_owned()));
    }
    Ok(length)
}

/// Checks a `Content-Length` against `limit` before the body is read (JSON and ciphertext bodies
/// alike): required, a number, at most the limit.
pub fn check_length(content_length: Option<&str>, limit: u64) -> Result<u64, ApiError> {
    let length: u64 =
        content_length.ok_or(ApiError::LengthRequired)?.trim().parse().map_err(|_| ApiError::LengthRequired)?;
    if length > limit {
        return Err(ApiError::PayloadTooLarge { size: length, limit });
    }
    Ok(length)
}

/// Validates an optional `Idempotency-Key` header.
pub fn idempotency_key(header: Option<&str>) -> Result<Option<String>, ApiError> {
    let Some(key) = header else { return Ok(None) };
    let ok = !key.is_empty() && key.len() <= MAX_IDEMPOTENCY_KEY_LEN && key.bytes().all(|b| b.is_ascii_graphic());
    if ok { Ok(Some(key.to_owned())) } else { Err(ApiError::IdempotencyKeyInvalid) }
}

/// A follow-up channel a submission opens: the lookup hash and the reply key, re-armored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Channel {
    /// Hex SHA-256 of the lookup token.
    pub lookup_hash: String,
    /// The reporter's public reply key, armored.
    pub reply_key: String,
}

/// Reads the optional follow-up headers of a submission: both or neither.
pub fn channel(lookup: Option<&str>, reply_key: Option<&str>) -> Result<Option<Channel>, ApiError> {
    let (lookup, reply_key) = match (lookup.map(str::trim), reply_key.map(str::trim)) {
        (None, None) => return Ok(None),
        (Some(l), Some(k)) => (l, k),
        _ => return Err(ApiError::InvalidChannel("send both X-Sealdrop-Lookup and X-Sealdrop-Reply-Key, or neither")),
    };
    if !is_lookup_hash(lookup) {
        return Err(ApiError::InvalidChannel("X-Sealdrop-Lookup must be 64 lower-case hex digits"));
    }
    if reply_key.len() > MAX_REPLY_KEY_BYTES * 4 / 3 + 4 {
        return Err(ApiError::InvalidChannel("X-Sealdrop-Reply-Key is too large"));
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(reply_key)
        .map_err(|_| ApiError::InvalidChannel("X-Sealdrop-Reply-Key must be base64"))?;
    let key = RecipientKey::from_binary(&bytes)
        .map_err(|_| ApiError::InvalidChannel("X-Sealdrop-Reply-Key is not an OpenPGP public key that can encrypt"))?;
    let reply_key = key.to_armored().map_err(|e| ApiError::Internal(format!("re-armoring the reply key: {e}")))?;
    Ok(Some(Channel { lookup_hash: lookup.to_owned(), reply_key }))
}

/// Reads the reporter's "being exploited in the wild" flag ([`sealdrop_shared::cra`]): absent is
/// `false`; `yes` is `true` where the policy uses the CRA clock; anything else, or the flag on a
/// policy without the clock, is refused (the widget sends it only where the policy offers it).
pub fn exploited(header: Option<&str>, clock: bool) -> Result<bool, ApiError> {
    match header.map(str::trim) {
        None => Ok(false),
        Some(EXPLOITED_VALUE) if clock => Ok(true),
        Some(_) => Err(ApiError::ExploitedNotAsked),
    }
}

/// A body that passed every check.
#[derive(Debug, Clone)]
pub struct Accepted {
    /// Hex SHA-256 of the body.
    pub sha256: String,
}

/// Checks the body: its length and its OpenPGP envelope (addressed to the organisation key, the
/// first of `keys`, and to nothing but `keys`).
pub fn check_body(keys: &[RecipientKey], body: &[u8], declared: u64, limit: u64) -> Result<Accepted, ApiError> {
    check_body_for(keys, keys.get(..1).unwrap_or_default(), body, declared, limit)
}

/// Like [`check_body`], with the keys that must be addressed given separately (a staff reply:
/// the organisation key and the reporter's reply key).
pub fn check_body_for(
    allowed: &[RecipientKey],
    required: &[RecipientKey],
    body: &[u8],
    declared: u64,
    limit: u64,
) -> Result<Accepted, ApiError> {
    if body.len() as u64 > limit {
        return Err(ApiError::PayloadTooLarge { size: body.len() as u64, limit });
    }
    if body.len() as u64 != declared {
        return Err(ApiError::LengthMismatch);
    }
    let expected = || allowed.first().map(|k| k.fingerprint().to_string()).unwrap_or_default();
    sealdrop_shared::envelope::inspect_for(allowed, required, body).map_err(|e| match ApiError::from(e) {
        ApiError::WrongRecipient { key_id, .. } => ApiError::WrongRecipient { key_id, expected: expected() },
        other => other,
    })?;
    Ok(Accepted { sha256: hex::encode(Sha256::digest(body)) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_exploited_flag_is_one_value_and_only_where_the_clock_runs() {
        let code = |r: Result<bool, ApiError>| r.map_err(|e| e.code());
        let cases: &[(Option<&str>, bool, Result<bool, &str>)] = &[
            (None, true, Ok(false)),
            (None, false, Ok(false)),
            (Some("yes"), true, Ok(true)),
            (Some(" yes "), true, Ok(true)),
            (Some("yes"), false, Err("exploited_not_asked")),
            (Some("no"), true, Err("exploited_not_asked")),
            (Some("1"), true, Err("exploited_not_asked")),
            (Some(""), true, Err("exploited_not_asked")),
        ];
        for (header, clock, expected) in cases {
            assert_eq!(code(exploited(*header, *clock)), *expected, "{header:?} clock={clock}");
        }
    }

    #[test]
    fn headers_table() {
        type Case<'a> = (Option<&'a str>, Option<&'a str>, Result<u64, &'a str>);
        let cases: &[Case<'_>] = &[
            (Some("application/pgp-encrypted"), Some("100"), Ok(100)),
            (Some("Application/PGP-Encrypted; charset=us-ascii"), Some("100"), Ok(100)),
            (Some("text/plain"), Some("100"), Err("unsupported_media_type")),
            (None, Some("100"), Err("unsupported_media_type")),
            (Some("application/pgp-encrypted"), None, Err("length_required")),
            (Some("application/pgp-encrypted"), Some("abc"), Err("length_required")),
            (Some("application/pgp-encrypted"), Some("1001"), Err("payload_too_large")),
            (Some("application/pgp-encrypted"), Some("0"), Err("not_encrypted")),
        ];
        for (ct, cl, expected) in cases {
            assert_eq!(&check_headers(*ct, *cl, 1000).map_err(|e| e.code()), expected, "{ct:?} {cl:?}");
        }
    }

    /// JSON bodies too: the declared length is checked before a byte is read.
    #[test]
    fn content_length_before_the_body() {
        let cases: &[(Option<&str>, Result<u64, &str>)] = &[
            (Some("10"), Ok(10)),
            (Some(" 1000 "), Ok(1000)),
            (Some("0"), Ok(0)),
            (Some("1001"), Err("payload_too_large")),
            (Some("99999999999999999999999"), Err("length_required")),
            (Some("-1"), Err("length_required")),
            (None, Err("length_required")),
        ];
        for (cl, expected) in cases {
            assert_eq!(&check_length(*cl, 1000).map_err(|e| e.code()), expected, "{cl:?}");
        }
    }

    #[test]
    fn follow_up_channel_headers() {
        use sealdrop_shared::receipt::{Receipt, lookup_hash};
        let receipt = Receipt::from_bytes([7; 20]);
        let key = receipt.reply_key().expect("reply key");
        let binary = {
            use pgp::ser::Serialize as _;
            key.to_public_key().to_bytes().expect("bytes")
        };
        let b64 = base64::engine::general_purpose::STANDARD.encode(&binary);
        let hash = lookup_hash(&receipt.lookup_token());
        let opened = channel(Some(&hash), Some(&b64)).expect("valid").expect("a channel");
        assert_eq!(opened.lookup_hash, hash);
        assert!(opened.reply_key.starts_with("-----BEGIN PGP PUBLIC KEY BLOCK-----"));
        assert_eq!(channel(None, None).ok(), Some(None));
        let cases: &[(Option<&str>, Option<&str>)] = &[
            (Some(&hash), None),
            (None, Some(&b64)),
            (Some("ABC"), Some(&b64)),
            (Some(&hash.to_uppercase()), Some(&b64)),
            (Some(&hash), Some("not base64!")),
            (Some(&hash), Some("aGVsbG8=")),
        ];
        for (lookup, key) in cases {
            assert_eq!(channel(*lookup, *key).map_err(|e| e.code()), Err("invalid_channel"), "{lookup:?} {key:?}");
        }
    }

    #[test]
    fn idempotency_keys() {
        assert_eq!(idempotency_key(None).ok(), Some(None));
        assert_eq!(idempotency_key(Some("01HZX-abc")).ok(), Some(Some("01HZX-abc".to_owned())));
        for bad in ["", "has space", "ünïcode", &"x".repeat(129)] {
            assert_eq!(idempotency_key(Some(bad)).map_err(|e| e.code()), Err("idempotency_key_invalid"), "{bad:?}");
        }
    }
}
