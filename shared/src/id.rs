//! Ids that travel in paths and bodies, parsed once at the edge: [`CaseId`] and [`MessageId`]
//! (both ULIDs). A value of either type is always 26 upper-case Crockford base32 characters, so
//! it is safe in a URL path, an R2 key and a file name.

use std::fmt;
use std::str::FromStr;

/// Why a string is not an id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a valid id (26 Crockford base32 characters)")]
pub struct InvalidId(pub String);

macro_rules! ulid_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            /// The id as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// A new id from a Unix time in milliseconds and 10 random bytes.
            pub fn new(unix_millis: u64, random: [u8; 10]) -> Self {
                Self(crate::ulid::encode(unix_millis, random))
            }
        }

        impl FromStr for $name {
            type Err = InvalidId;

            fn from_str(s: &str) -> Result<Self, InvalidId> {
                if crate::ulid::is_valid(s) {
                    Ok(Self(s.to_owned()))
                } else {
                    Err(InvalidId(s.chars().take(64).collect()))
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        serde_as_text!($name);
    };
}

ulid_id! {
    /// A case (one report and everything that follows it).
    CaseId
}

ulid_id! {
    /// One follow-up message of a case.
    MessageId
}

/// An upload in parts (`POST /api/v1/uploads`): 32 lower-case hex digits, 128 random bits. It is
/// the upload's only credential, so it is never listed or logged.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UploadId(String);

impl UploadId {
    /// An id from 16 random bytes.
    pub fn from_random(random: [u8; 16]) -> Self {
        Self(hex::encode(random))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for UploadId {
    type Err = InvalidId;

    fn from_str(s: &str) -> Result<Self, InvalidId> {
        if s.len() == 32 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
            Ok(Self(s.to_owned()))
        } else {
            Err(InvalidId(s.chars().take(64).collect()))
        }
    }
}

impl fmt::Display for UploadId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

serde_as_text!(UploadId);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_ulids_parse() {
        let cases: &[(&str, bool)] = &[
            ("01ARZ3NDEKTSV4RRFFQ69G5FAV", true),
            ("7ZZZZZZZZZZZZZZZZZZZZZZZZZ", true),
            ("8ZZZZZZZZZZZZZZZZZZZZZZZZZ", false),
            ("01arz3ndektsv4rrffq69g5fav", false),
            ("01ARZ3NDEKTSV4RRFFQ69G5FA", false),
            ("../../.config/autostart/xx", false),
            ("01ARZ3NDEKTSV4RRFFQ69G5FAU", false),
            ("", false),
        ];
        for (text, ok) in cases {
            assert_eq!(text.parse::<CaseId>().is_ok(), *ok, "{text}");
            assert_eq!(text.parse::<MessageId>().is_ok(), *ok, "{text}");
        }
    }

    #[test]
    fn upload_ids_are_128_bits_of_hex() {
        let id = UploadId::from_random([0xab; 16]);
        assert_eq!(id.as_str().parse::<UploadId>().ok(), Some(id));
        for bad in ["", "ABABABABABABABABABABABABABABABAB", "abab", "../../../../../../../../../../..", &"a".repeat(33)]
        {
            assert!(bad.parse::<UploadId>().is_err(), "{bad}");
        }
    }

    #[test]
    fn serde_checks_and_keeps_the_text() {
        let id: CaseId = serde_json::from_str("\"01ARZ3NDEKTSV4RRFFQ69G5FAV\"").expect("valid");
        assert_eq!(serde_json::to_string(&id).expect("serialises"), "\"01ARZ3NDEKTSV4RRFFQ69G5FAV\"");
        assert!(serde_json::from_str::<CaseId>("\"../x\"").is_err());
    }
}
