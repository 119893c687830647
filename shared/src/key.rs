//! The OpenPGP keys messages are encrypted to: fingerprint, version and the subkeys that may
//! encrypt; [`Fingerprint`], parsed once wherever one enters (policy, pins, JSON).

use std::fmt;
use std::str::FromStr;

use pgp::composed::{Deserializable, SignedPublicKey, SignedPublicSubKey};
use pgp::packet::SignatureType;
use pgp::types::{KeyDetails, KeyVersion};

use crate::Error;

/// An OpenPGP fingerprint: 40 (v4) or 64 (v6) upper-case hex digits. Parsing forgives what
/// people and pages type (spaces, colons, lower case).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Fingerprint(String);

/// Why a text is not a fingerprint.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not an OpenPGP fingerprint (40 or 64 hex digits)")]
pub struct InvalidFingerprint(pub String);

impl Fingerprint {
    /// The fingerprint as upper-case hex.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// In blocks of four, for reading aloud (`ABCD 1234 …`).
    pub fn grouped(&self) -> String {
        self.0.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join(" ")
    }

    fn of(bytes: impl fmt::UpperHex) -> Self {
        Self(format!("{bytes:X}"))
    }

    /// The fingerprint of a key's primary key.
    pub fn from_key(key: &SignedPublicKey) -> Self {
        Self::of(key.primary_key.fingerprint())
    }

    /// The last 16 hex digits in blocks of four (`89AB CDEF 0123 4567`): what the widget shows
    /// beside a name; the full fingerprint is one click away.
    pub fn short(&self) -> String {
        let tail = &self.0[self.0.len().saturating_sub(16)..];
        Self(tail.to_owned()).grouped()
    }
}

impl FromStr for Fingerprint {
    type Err = InvalidFingerprint;

    fn from_str(text: &str) -> Result<Self, InvalidFingerprint> {
        let hex = normalise_fingerprint(text);
        if matches!(hex.len(), 40 | 64) && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            Ok(Self(hex))
        } else {
            Err(InvalidFingerprint(text.chars().take(80).collect()))
        }
    }
}

serde_as_text!(Fingerprint);

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A parsed, binding-verified public key that messages are encrypted to: the organisation key,
/// a staff member's key, or a reporter's reply key (one type for all three).
#[derive(Debug, Clone)]
pub struct RecipientKey {
    key: SignedPublicKey,
}

/// An encryption-capable component of the organisation key.
#[derive(Debug, Clone)]
pub struct Recipient<'a> {
    subkey: &'a SignedPublicSubKey,
}

impl Recipient<'_> {
    /// The subkey, for encryption.
    pub fn subkey(&self) -> &SignedPublicSubKey {
        self.subkey
    }

    /// The subkey's fingerprint.
    pub fn fingerprint(&self) -> Fingerprint {
        Fingerprint::of(self.subkey.fingerprint())
    }

    /// The 8-byte key id (for v3 PKESK packets).
    pub fn key_id(&self) -> [u8; 8] {
        let id = self.subkey.legacy_key_id();
        let mut out = [0u8; 8];
        out.copy_from_slice(&id.as_ref()[..8]);
        out
    }
}

impl RecipientKey {
    /// Parses an ASCII-armored public key and checks its binding signatures.
    pub fn parse(armored: &str) -> Result<Self, Error> {
        let (key, _headers) = SignedPublicKey::from_string(armored).map_err(Error::Key)?;
        key.verify_bindings().map_err(Error::Key)?;
        let org = Self { key };
        if org.recipients().is_empty() {
            return Err(Error::NoEncryptionKey { fingerprint: org.fingerprint() });
        }
        Ok(org)
    }

    /// Parses a binary transferable public key (e.g. a reply key sent base64-encoded).
    pub fn from_binary(bytes: &[u8]) -> Result<Self, Error> {
        use pgp::composed::Deserializable as _;
        let key = SignedPublicKey::from_bytes(bytes).map_err(Error::Key)?;
        key.verify_bindings().map_err(Error::Key)?;
        let parsed = Self { key };
        if parsed.recipients().is_empty() {
            return Err(Error::NoEncryptionKey { fingerprint: parsed.fingerprint() });
        }
        Ok(parsed)
    }

    /// The key ASCII-armored.
    pub fn to_armored(&self) -> Result<String, Error> {
        self.key.to_armored_string(pgp::composed::ArmorOptions::default()).map_err(Error::Key)
    }

    /// Upper-case hex fingerprint of the primary key.
    pub fn fingerprint(&self) -> Fingerprint {
        Fingerprint::of(self.key.primary_key.fingerprint())
    }

    /// Whether this is an RFC 9580 (v6) key: messages to it use SEIPDv2, otherwise SEIPDv1.
    pub fn is_v6(&self) -> bool {
        self.key.primary_key.version() == KeyVersion::V6
    }

    /// The user ids (e.g. `Example Security <security@example.com>`).
    pub fn user_ids(&self) -> Vec<String> {
        self.key.details.users.iter().map(|u| String::from_utf8_lossy(u.id.id()).into_owned()).collect()
    }

    /// Subkeys that may encrypt: an encryption algorithm, encryption key flags (when flags are
    /// present) and no revocation.
    pub fn recipients(&self) -> Vec<Recipient<'_>> {
        self.key
            .public_subkeys
            .iter()
            .filter(|sk| sk.key.algorithm().can_encrypt())
            .filter(|sk| !sk.signatures.iter().any(|s| s.typ() == Some(SignatureType::SubkeyRevocation)))
            .filter(|sk| {
                sk.signatures.iter().filter(|s| s.typ() == Some(SignatureType::SubkeyBinding)).any(|s| {
                    let flags = s.key_flags();
                    flags.encrypt_comms() || flags.encrypt_storage()
                })
            })
            .map(|subkey| Recipient { subkey })
            .collect()
    }

    /// The transferable public key in binary (what WKD serves).
    pub fn to_binary(&self) -> Result<Vec<u8>, Error> {
        use pgp::ser::Serialize as _;
        self.key.to_bytes().map_err(Error::Key)
    }

    /// The underlying key.
    pub fn inner(&self) -> &SignedPublicKey {
        &self.key
    }
}

/// A fingerprint as typed by a person or an embedding page, without spaces and colons, upper case.
fn normalise_fingerprint(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace() && *c != ':').collect::<String>().to_ascii_uppercase()
}

/// The fingerprints an embedding page pinned in `data-fingerprint`: comma-separated, each
/// forgiving spaces and colons (`"ABCD 1234…, 5678:9ABC…"`). One malformed pin refuses them all:
/// dropping it could leave no pin, and no check.
pub fn parse_pins(text: &str) -> Result<Vec<Fingerprint>, PinMismatch> {
    text.split(',')
        .filter(|p| !p.trim().is_empty())
        .map(|p| p.parse().map_err(|InvalidFingerprint(text)| PinMismatch::Malformed(text)))
        .collect()
}

/// Why the keys a policy serves do not match what the embedding page pinned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PinMismatch {
    /// The organisation key is not the pinned one.
    #[error("the organisation's key ({actual}) is not the one this page pinned ({pinned})")]
    Organisation {
        /// What the page pinned.
        pinned: String,
        /// The served key's fingerprint, computed from the key.
        actual: Fingerprint,
    },
    /// The policy adds a staff key the page did not pin.
    #[error("the policy adds staff key {fingerprint}, which this page did not pin")]
    StaffKey {
        /// The unpinned key's fingerprint, computed from the key.
        fingerprint: Fingerprint,
    },
    /// A served key carries an encryption subkey the pinned build did not.
    #[error("key {key} carries encryption subkey {subkey}, which this page's pinned build does not")]
    Subkey {
        /// The primary key.
        key: Fingerprint,
        /// The unexpected subkey.
        subkey: Fingerprint,
    },
    /// The page's `data-fingerprint` holds something that is not a fingerprint.
    #[error("this page pinned `{0}`, which is not a key fingerprint (40 or 64 hex digits)")]
    Malformed(String),
    /// The policy serves no key at all.
    #[error("the policy serves no key")]
    NoKey,
}

/// The pinned loader's stricter check, on top of [`check_pins`]: the organisation key is the first
/// pin (so a server cannot present a staff key as the organisation's), and every encryption subkey
/// of every served key is one the build saw (so a server cannot bring back a subkey the
/// organisation had replaced, or add one). `subkeys` empty refuses: a pinned build always pins
/// them.
pub fn check_pinned_build(
    keys: &[RecipientKey],
    pinned: &[Fingerprint],
    subkeys: &[Fingerprint],
) -> Result<(), PinMismatch> {
    let first = pinned.first().ok_or(PinMismatch::NoKey)?;
    let actual = keys.first().map(RecipientKey::fingerprint).ok_or(PinMismatch::NoKey)?;
    if &actual != first {
        return Err(PinMismatch::Organisation { pinned: first.to_string(), actual });
    }
    check_pins(keys, pinned)?;
    for key in keys {
        if let Some(subkey) = key.recipients().iter().map(Recipient::fingerprint).find(|s| !subkeys.contains(s)) {
            return Err(PinMismatch::Subkey { key: key.fingerprint(), subkey });
        }
    }
    Ok(())
}

/// Checks served keys (the organisation key first, then staff keys) against the page's pins.
/// With no pins everything passes; with pins, the organisation key and every staff key must be
/// pinned, so a server that slips in another key is caught. Fingerprints are computed from the
/// keys themselves, never taken from a field the server sent.
pub fn check_pins(keys: &[RecipientKey], pinned: &[Fingerprint]) -> Result<(), PinMismatch> {
    if pinned.is_empty() {
        return Ok(());
    }
    let mut fingerprints = keys.iter().map(RecipientKey::fingerprint);
    let actual = fingerprints.next().ok_or(PinMismatch::NoKey)?;
    if !pinned.contains(&actual) {
        let pinned = pinned.iter().map(Fingerprint::as_str).collect::<Vec<_>>().join(", ");
        return Err(PinMismatch::Organisation { pinned, actual });
    }
    match fingerprints.find(|f| !pinned.contains(f)) {
        Some(fingerprint) => Err(PinMismatch::StaffKey { fingerprint }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(armored: &str) -> RecipientKey {
        RecipientKey::parse(armored).expect("example key")
    }

    #[test]
    fn pins() {
        let org = key(include_str!("../../examples/policies/nimbus-cloud/security.asc"));
        let alice = key(include_str!("../../examples/policies/nimbus-cloud/staff/alice.asc"));
        let other = key(include_str!("../../examples/policies/payfast/security.asc"));
        let (o, a) = (org.fingerprint(), alice.fingerprint());
        let (os, as_) = (o.as_str(), a.as_str());
        assert_eq!(
            parse_pins(&format!(" {} , {}:{} ,", os.to_lowercase(), &as_[..20], &as_[20..])),
            Ok(vec![o.clone(), a.clone()])
        );
        for malformed in ["abc", "ZZ", &format!("{os}, nope"), &format!("{os}0")] {
            assert!(matches!(parse_pins(malformed), Err(PinMismatch::Malformed(_))), "{malformed}");
        }
        assert_eq!(parse_pins(" , "), Ok(vec![]));
        let both = [org.clone(), alice.clone()];
        type Case<'a> = (&'a [RecipientKey], Vec<Fingerprint>, Result<(), &'a str>);
        let cases: Vec<Case<'_>> = vec![
            (&both, vec![], Ok(())),
            (&both, vec![o.clone(), a.clone()], Ok(())),
            (&both, vec![a.clone(), o.clone()], Ok(())),
            (std::slice::from_ref(&org), vec![o.clone()], Ok(())),
            (&both, vec![o.clone()], Err("staff key")),
            (std::slice::from_ref(&other), vec![o.clone()], Err("is not the one this page pinned")),
            (&both, vec![a.clone()], Err("is not the one this page pinned")),
        ];
        for (keys, pinned, expected) in cases {
            let got = check_pins(keys, &pinned).map_err(|e| e.to_string());
            match (got, expected) {
                (Ok(()), Ok(())) => {}
                (Err(e), Err(needle)) => assert!(e.contains(needle), "{pinned:?}: `{e}` lacks `{needle}`"),
                (got, expected) => panic!("{pinned:?}: got {got:?}, expected {expected:?}"),
            }
        }
    }

    #[test]
    fn a_pinned_build_pins_the_organisation_first_and_every_subkey() {
        let org = key(include_str!("../../examples/policies/nimbus-cloud/security.asc"));
        let alice = key(include_str!("../../examples/policies/nimbus-cloud/staff/alice.asc"));
        let subkeys = |keys: &[&RecipientKey]| -> Vec<Fingerprint> {
            keys.iter().flat_map(|k| k.recipients().iter().map(Recipient::fingerprint).collect::<Vec<_>>()).collect()
        };
        let (o, a) = (org.fingerprint(), alice.fingerprint());
        let both = [org.clone(), alice.clone()];
        let all = subkeys(&[&org, &alice]);
        let only_org = subkeys(&[&org]);
        type Case<'a> = (&'a str, Vec<RecipientKey>, Vec<Fingerprint>, Vec<Fingerprint>, Result<(), &'a str>);
        let cases: Vec<Case<'_>> = vec![
            ("as built", both.to_vec(), vec![o.clone(), a.clone()], all.clone(), Ok(())),
            (
                "a staff key served as the organisation's",
                vec![alice.clone(), org.clone()],
                vec![o.clone(), a.clone()],
                all.clone(),
                Err("is not the one this page pinned"),
            ),
            (
                "a subkey the build did not see",
                both.to_vec(),
                vec![o.clone(), a.clone()],
                only_org,
                Err("encryption subkey"),
            ),
            ("no pins at all", both.to_vec(), vec![], all.clone(), Err("serves no key")),
            ("no subkeys pinned", both.to_vec(), vec![o.clone(), a.clone()], vec![], Err("encryption subkey")),
        ];
        for (what, keys, pinned, pinned_subkeys, expected) in cases {
            let got = check_pinned_build(&keys, &pinned, &pinned_subkeys).map_err(|e| e.to_string());
            match (got, expected) {
                (Ok(()), Ok(())) => {}
                (Err(e), Err(needle)) => assert!(e.contains(needle), "{what}: `{e}` lacks `{needle}`"),
                (got, expected) => panic!("{what}: got {got:?}, expected {expected:?}"),
            }
        }
    }
}
