//! Checks on a submission that need no binding: headers, size, envelope. Pure: tested natively.

use sealdrop_shared::api::{MAX_IDEMPOTENCY_KEY_LEN, PGP_MEDIA_TYPE};
use sealdrop_shared::key::OrgKey;
use sha2::{Digest, Sha256};

use crate::error::ApiError;

/// Checks `Content-Type` and `Content-Length` before the body is read; returns the length.
pub fn check_headers(content_type: Option<&str>, content_length: Option<&str>, limit: u64) -> Result<u64, ApiError> {
    let media_type = content_type.and_then(|c| c.split(';').next()).map(|m| m.trim().to_ascii_lowercase());
    if media_type.as_deref() != Some(PGP_MEDIA_TYPE) {
        return Err(ApiError::UnsupportedMediaType);
    }
    let length: u64 =
        content_length.ok_or(ApiError::LengthRequired)?.trim().parse().map_err(|_| ApiError::LengthRequired)?;
    if length > limit {
        return Err(ApiError::PayloadTooLarge { size: length, limit });
    }
    if length == 0 {
        return Err(ApiError::NotEncrypted("the body is empty".to_owned()));
    }
    Ok(length)
}

/// Validates an optional `Idempotency-Key` header.
pub fn idempotency_key(header: Option<&str>) -> Result<Option<String>, ApiError> {
    let Some(key) = header else { return Ok(None) };
    let ok = !key.is_empty() && key.len() <= MAX_IDEMPOTENCY_KEY_LEN && key.bytes().all(|b| b.is_ascii_graphic());
    if ok { Ok(Some(key.to_owned())) } else { Err(ApiError::IdempotencyKeyInvalid) }
}

/// A body that passed every check.
#[derive(Debug, Clone)]
pub struct Accepted {
    /// Hex SHA-256 of the body.
    pub sha256: String,
}

/// Checks the body: its length and its OpenPGP envelope (addressed to the organisation key, the
/// first of `keys`, and to nothing but `keys`).
pub fn check_body(keys: &[OrgKey], body: &[u8], declared: u64, limit: u64) -> Result<Accepted, ApiError> {
    if body.len() as u64 > limit {
        return Err(ApiError::PayloadTooLarge { size: body.len() as u64, limit });
    }
    if body.len() as u64 != declared {
        return Err(ApiError::LengthMismatch);
    }
    let expected = || keys.first().map(OrgKey::fingerprint).unwrap_or_default();
    sealdrop_shared::envelope::inspect(keys, body).map_err(|e| match ApiError::from(e) {
        ApiError::WrongRecipient { key_id, .. } => ApiError::WrongRecipient { key_id, expected: expected() },
        ApiError::OrganisationNotAddressed { .. } => ApiError::OrganisationNotAddressed { expected: expected() },
        other => other,
    })?;
    Ok(Accepted { sha256: hex::encode(Sha256::digest(body)) })
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn idempotency_keys() {
        assert_eq!(idempotency_key(None).ok(), Some(None));
        assert_eq!(idempotency_key(Some("01HZX-abc")).ok(), Some(Some("01HZX-abc".to_owned())));
        for bad in ["", "has space", "ünïcode", &"x".repeat(129)] {
            assert_eq!(idempotency_key(Some(bad)).map_err(|e| e.code()), Err("idempotency_key_invalid"), "{bad:?}");
        }
    }
}
