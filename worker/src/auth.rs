//! Staff authentication: `Authorization: Bearer <token>`, compared by SHA-256 in constant time
//! against the `STAFF_TOKEN_SHA256` secret (one shared token, recorded as `staff`) and the
//! `STAFF_TOKENS` secret (one named token per staff member, so the audit log says who). The
//! worker never holds a token itself.

use sha2::{Digest, Sha256};

use crate::error::ApiError;

/// The actor name of the single token in `STAFF_TOKEN_SHA256`.
pub const DEFAULT_ACTOR: &str = "staff";

/// The staff tokens the worker accepts, by SHA-256, each with the name the audit log records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tokens(Vec<(String, Vec<u8>)>);

impl Tokens {
    /// From the secrets: `STAFF_TOKEN_SHA256` (hex; actor `staff`) and `STAFF_TOKENS`
    /// (`name:hex` pairs separated by commas or line breaks, one per staff member). A malformed
    /// entry makes the whole configuration invalid rather than silently dropping a person.
    pub fn from_secrets(single: Option<&str>, named: Option<&str>) -> Result<Self, ApiError> {
        let mut tokens = Vec::new();
        if let Some(hex_digest) = single.map(str::trim).filter(|s| !s.is_empty()) {
            tokens.push((DEFAULT_ACTOR.to_owned(), digest(hex_digest)?));
        }
        for entry in named.unwrap_or("").split([',', '\n']).map(str::trim).filter(|e| !e.is_empty()) {
            let (name, hex_digest) = entry.split_once(':').ok_or(ApiError::AuthNotConfigured)?;
            let name = name.trim();
            let valid_name = (1..=40).contains(&name.len())
                && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"._-@".contains(&b));
            if !valid_name {
                return Err(ApiError::AuthNotConfigured);
            }
            tokens.push((name.to_owned(), digest(hex_digest)?));
        }
        if tokens.is_empty() { Err(ApiError::AuthNotConfigured) } else { Ok(Self(tokens)) }
    }

    /// The staff members' names (`STAFF_TOKENS`; not the shared token's `staff`): who a case can
    /// be assigned to.
    pub fn members(&self) -> Vec<&str> {
        self.0.iter().map(|(name, _)| name.as_str()).filter(|n| *n != DEFAULT_ACTOR).collect()
    }

    /// Checks an `Authorization` header; returns who it is. Every configured digest is compared,
    /// in constant time, whatever matches first.
    pub fn check(&self, authorization: Option<&str>) -> Result<String, ApiError> {
        let header = authorization.map(str::trim).filter(|h| !h.is_empty()).ok_or(ApiError::AuthRequired)?;
        let (scheme, token) = header.split_once(' ').ok_or(ApiError::AuthInvalid)?;
        if !scheme.eq_ignore_ascii_case("bearer") {
            return Err(ApiError::AuthRequired);
        }
        let actual = Sha256::digest(token.trim().as_bytes());
        let mut found = None;
        for (name, expected) in &self.0 {
            if constant_time_eq(&actual, expected) && found.is_none() {
                found = Some(name.clone());
            }
        }
        found.ok_or(ApiError::AuthInvalid)
    }
}

fn digest(hex_digest: &str) -> Result<Vec<u8>, ApiError> {
    let hex_digest = hex_digest.trim();
    if hex_digest.len() != 64 {
        return Err(ApiError::AuthNotConfigured);
    }
    hex::decode(hex_digest).map_err(|_| ApiError::AuthNotConfigured)
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
            let got = Tokens::from_secrets(*secret, None).and_then(|t| t.check(*header)).map(|_| ());
            assert_eq!(&got.map_err(|e| e.code()), expected, "{header:?}");
        }
    }

    #[test]
    fn named_tokens_say_who() {
        let named = format!("alice:{},\n bob:{}", hash("alice-token"), hash("bob-token"));
        let tokens = Tokens::from_secrets(Some(&hash(TOKEN)), Some(&named)).expect("configured");
        let cases: &[(&str, Result<&str, &str>)] = &[
            ("Bearer alice-token", Ok("alice")),
            ("Bearer bob-token", Ok("bob")),
            ("Bearer correct horse battery staple", Ok(DEFAULT_ACTOR)),
            ("Bearer carol-token", Err("auth_invalid")),
        ];
        for (header, expected) in cases {
            let got = tokens.check(Some(header)).map_err(|e| e.code());
            assert_eq!(got.as_deref().map_err(|e| *e), *expected, "{header}");
        }
        assert_eq!(tokens.members(), ["alice", "bob"], "cases are assigned to named members, not the shared token");
        let only_named = Tokens::from_secrets(None, Some(&named)).expect("named only");
        assert_eq!(only_named.check(Some("Bearer bob-token")).ok().as_deref(), Some("bob"));
        for broken in ["alice", "alice:abc", &format!("al ice:{}", hash("x")), &format!(":{}", hash("x"))] {
            assert_eq!(
                Tokens::from_secrets(None, Some(broken)).map_err(|e| e.code()),
                Err("auth_not_configured"),
                "{broken}"
            );
        }
        assert_eq!(Tokens::from_secrets(None, None).map_err(|e| e.code()), Err("auth_not_configured"));
    }
}
