//! Staff authentication: `Authorization: Bearer <token>`, compared by SHA-256 in constant time
//! against the `STAFF_TOKEN_SHA256` secret. The worker never holds the token itself.

use sha2::{Digest, Sha256};

use crate::error::ApiError;

/// Checks an `Authorization` header value against the hex SHA-256 of the staff token.
pub fn check(authorization: Option<&str>, expected_sha256_hex: Option<&str>) -> Result<(), ApiError> {
    let expected = expected_sha256_hex.map(str::trim).filter(|e| e.len() == 64).ok_or(ApiError::AuthNotConfigured)?;
    let expected = hex::decode(expected).map_err(|_| ApiError::AuthNotConfigured)?;
    let header = authorization.map(str::trim).filter(|h| !h.is_empty()).ok_or(ApiError::AuthRequired)?;
    let (scheme, token) = header.split_once(' ').ok_or(ApiError::AuthInvalid)?;
    if !scheme.eq_ignore_ascii_case("bearer") {
        return Err(ApiError::AuthRequired);
    }
    let actual = Sha256::digest(token.trim().as_bytes());
    if constant_time_eq(&actual, &expected) { Ok(()) } else { Err(ApiError::AuthInvalid) }
}

/// Compares two byte strings without an early exit on the first difference.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "correct horse battery staple";

    fn hash(t: &str) -> String {
        hex::encode(Sha256::digest(t.as_bytes()))
    }

    #[test]
    fn table() {
        let h = hash(TOKEN);
        type Case<'a> = (Option<&'a str>, Option<&'a str>, Result<(), &'a str>);
        let cases: &[Case<'_>] = &[
            (Some("Bearer correct horse battery staple"), Some(&h), Ok(())),
            (Some("bearer correct horse battery staple"), Some(&h), Ok(())),
            (Some("Bearer wrong"), Some(&h), Err("auth_invalid")),
            (Some("Bearer "), Some(&h), Err("auth_invalid")),
            (None, Some(&h), Err("auth_required")),
            (Some(""), Some(&h), Err("auth_required")),
            (Some("Basic dXNlcjpwYXNz"), Some(&h), Err("auth_required")),
            (Some("Bearer correct horse battery staple"), None, Err("auth_not_configured")),
            (Some("Bearer x"), Some("not-hex"), Err("auth_not_configured")),
        ];
        for (header, secret, expected) in cases {
            assert_eq!(&check(*header, *secret).map_err(|e| e.code()), expected, "{header:?}");
        }
    }
}
