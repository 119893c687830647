//! The OpenPGP keys messages are encrypted to: fingerprint, version and the subkeys that may
//! encrypt; [`Fingerprint`], parsed once wherever one enters (policy, pins, JSON).
//!
//! Which subkeys may encrypt depends on the time ([`RecipientKey::recipients_at`]): a revoked or
//! expired primary key has none, and a subkey counts only while its newest binding signature
//! says it encrypts and has not expired, and no revocation applies. The `…_at` functions take the
//! time; the others use [`now`].

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use pgp::composed::{Deserializable, SignedPublicKey, SignedPublicSubKey};
use pgp::packet::{RevocationCode, Signature, SignatureType};
use pgp::types::{KeyDetails, KeyVersion, Timestamp};

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
    /// Parses an ASCII-armored public key, checks its binding signatures and that it can be
    /// encrypted to now ([`RecipientKey::check_at`]).
    pub fn parse(armored: &str) -> Result<Self, Error> {
        Self::parse_at(armored, now())
    }

    /// [`RecipientKey::parse`], for a key that must be usable at `now`.
    pub fn parse_at(armored: &str, now: DateTime<Utc>) -> Result<Self, Error> {
        let (key, _headers) = SignedPublicKey::from_string(armored).map_err(Error::Key)?;
        Self::verified(key, now)
    }

    /// Parses a binary transferable public key (e.g. a reply key sent base64-encoded), like
    /// [`RecipientKey::parse`].
    pub fn from_binary(bytes: &[u8]) -> Result<Self, Error> {
        Self::from_binary_at(bytes, now())
    }

    /// [`RecipientKey::from_binary`], for a key that must be usable at `now`.
    pub fn from_binary_at(bytes: &[u8], now: DateTime<Utc>) -> Result<Self, Error> {
        let key = SignedPublicKey::from_bytes(bytes).map_err(Error::Key)?;
        Self::verified(key, now)
    }

    /// Parses an armored key and checks its binding signatures, but not whether it is valid now:
    /// for a key loaded once and used for a long time (the worker's policy keys), whose validity
    /// is asked each time it is used ([`RecipientKey::recipients`]). A key that expires after a
    /// deployment then refuses new messages, while everything else keeps working.
    pub fn parse_lasting(armored: &str) -> Result<Self, Error> {
        let (key, _headers) = SignedPublicKey::from_string(armored).map_err(Error::Key)?;
        key.verify_bindings().map_err(Error::Key)?;
        Ok(Self { key })
    }

    fn verified(key: SignedPublicKey, now: DateTime<Utc>) -> Result<Self, Error> {
        // Every signature on the key must verify, so everything below reads only self-signatures.
        key.verify_bindings().map_err(Error::Key)?;
        let parsed = Self { key };
        parsed.check_at(now)?;
        Ok(parsed)
    }

    /// Whether messages can be encrypted to the key at `now`, and if not, why: the primary key
    /// is revoked, expired or not valid yet, or no encryption subkey is usable (each one named
    /// with its reason), or it has none at all.
    pub fn check_at(&self, now: DateTime<Utc>) -> Result<(), Error> {
        let fingerprint = self.fingerprint();
        match self.primary_at(now) {
            Ok(()) => {}
            Err(Unusable::Revoked) => return Err(Error::KeyRevoked { fingerprint }),
            Err(Unusable::Expired(expired)) => return Err(Error::KeyExpired { fingerprint, expired }),
            Err(Unusable::NotYetValid(valid_from)) => return Err(Error::KeyNotYetValid { fingerprint, valid_from }),
        }
        let mut subkeys = Vec::new();
        for subkey in &self.key.public_subkeys {
            match subkey_at(subkey, now) {
                Some(Ok(())) => return Ok(()),
                Some(Err(why)) => subkeys.push((Fingerprint::of(subkey.fingerprint()), why)),
                None => {}
            }
        }
        if subkeys.is_empty() {
            Err(Error::NoEncryptionKey { fingerprint })
        } else {
            Err(Error::NoValidEncryptionSubkey { fingerprint, subkeys })
        }
    }

    /// Whether the primary key is valid at `now`: created by then, not revoked, and not expired
    /// by the key expiration time of its newest self-signature (direct-key or user id) made by
    /// then.
    fn primary_at(&self, now: DateTime<Utc>) -> Result<(), Unusable> {
        let primary = &self.key.primary_key;
        let created = instant(primary.created_at());
        if created > now {
            return Err(Unusable::NotYetValid(created));
        }
        let details = &self.key.details;
        if details.revocation_signatures.iter().any(|s| revokes(s, now)) {
            return Err(Unusable::Revoked);
        }
        let self_signatures: Vec<&Signature> = details
            .direct_signatures
            .iter()
            .filter(|s| s.typ() == Some(SignatureType::Key))
            .chain(details.users.iter().flat_map(|u| &u.signatures).filter(|s| is_user_id_binding(s)))
            .collect();
        // A key without any self-signature carries no expiry to honour.
        if self_signatures.is_empty() {
            return Ok(());
        }
        let newest = newest(&self_signatures, now).ok_or_else(|| Unusable::NotYetValid(first(&self_signatures)))?;
        match expiry(primary.created_at(), newest) {
            Some(expired) if expired <= now => Err(Unusable::Expired(expired)),
            _ => Ok(()),
        }
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

    /// Subkeys that may encrypt now: [`RecipientKey::recipients_at`] the current time.
    pub fn recipients(&self) -> Vec<Recipient<'_>> {
        self.recipients_at(now())
    }

    /// Subkeys that may encrypt at `now`: none while the primary key is revoked, expired or not
    /// yet created; otherwise each subkey with an encryption algorithm whose newest binding
    /// signature (made by `now`) carries encryption key flags and has not expired (its key
    /// expiration time counts from the subkey's creation), and that no revocation withdrew.
    pub fn recipients_at(&self, now: DateTime<Utc>) -> Vec<Recipient<'_>> {
        if self.primary_at(now).is_err() {
            return Vec::new();
        }
        self.key
            .public_subkeys
            .iter()
            .filter(|subkey| matches!(subkey_at(subkey, now), Some(Ok(()))))
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

/// Why a key, or one of its subkeys, cannot be encrypted to at a given time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unusable {
    /// A revocation signature withdrew it.
    Revoked,
    /// Its key expiration time passed, at this instant.
    Expired(DateTime<Utc>),
    /// It was created (or bound) after the time asked about; valid from this instant.
    NotYetValid(DateTime<Utc>),
}

impl fmt::Display for Unusable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Revoked => f.write_str("is revoked"),
            Self::Expired(at) => write!(f, "expired on {}", when(at)),
            Self::NotYetValid(at) => write!(f, "is not valid until {} (is the clock right?)", when(at)),
        }
    }
}

/// An instant as key errors show it: `2021-01-01 00:00 UTC`.
pub(crate) fn when(t: &DateTime<Utc>) -> impl fmt::Display + '_ {
    t.format("%Y-%m-%d %H:%M UTC")
}

/// The unusable subkeys of [`Error::NoValidEncryptionSubkey`], one after another.
pub(crate) fn unusable_subkeys(subkeys: &[(Fingerprint, Unusable)]) -> String {
    subkeys.iter().map(|(fpr, why)| format!("subkey {fpr} {why}")).collect::<Vec<_>>().join("; ")
}

/// The current time, from rPGP's clock: `SystemTime` natively, `Date.now()` on wasm32 (rPGP's
/// `wasm` feature, which the widget and the worker build with). chrono's `Utc::now()` is not
/// available here: this crate builds chrono without its `now` feature, and without `wasmbind` it
/// would panic on wasm32-unknown-unknown.
pub fn now() -> DateTime<Utc> {
    instant(Timestamp::now())
}

fn instant(t: Timestamp) -> DateTime<Utc> {
    DateTime::from_timestamp(i64::from(t.as_secs()), 0).unwrap_or_default()
}

/// Whether an encryption subkey can be used at `now` (`None`: it is not an encryption subkey).
fn subkey_at(subkey: &SignedPublicSubKey, now: DateTime<Utc>) -> Option<Result<(), Unusable>> {
    let encrypts = |s: &Signature| s.key_flags().encrypt_comms() || s.key_flags().encrypt_storage();
    let bindings: Vec<&Signature> =
        subkey.signatures.iter().filter(|s| s.typ() == Some(SignatureType::SubkeyBinding)).collect();
    if !subkey.key.algorithm().can_encrypt() || !bindings.iter().any(|s| encrypts(s)) {
        return None;
    }
    let created = instant(subkey.key.created_at());
    if created > now {
        return Some(Err(Unusable::NotYetValid(created)));
    }
    let mut revocations = subkey.signatures.iter().filter(|s| s.typ() == Some(SignatureType::SubkeyRevocation));
    if revocations.any(|s| revokes(s, now)) {
        return Some(Err(Unusable::Revoked));
    }
    let Some(binding) = newest(&bindings, now) else {
        return Some(Err(Unusable::NotYetValid(first(&bindings))));
    };
    if !encrypts(binding) {
        return None;
    }
    match expiry(subkey.key.created_at(), binding) {
        Some(expired) if expired <= now => Some(Err(Unusable::Expired(expired))),
        _ => Some(Ok(())),
    }
}

/// A certification of a user id (not its revocation); on a parsed key, always a self-signature.
fn is_user_id_binding(s: &Signature) -> bool {
    matches!(
        s.typ(),
        Some(
            SignatureType::CertGeneric
                | SignatureType::CertPersona
                | SignatureType::CertCasual
                | SignatureType::CertPositive
        )
    )
}

/// The newest of `signatures` made by `now`: a later self-signature supersedes an earlier one.
fn newest<'a>(signatures: &[&'a Signature], now: DateTime<Utc>) -> Option<&'a Signature> {
    signatures.iter().copied().filter(|s| s.created().is_some_and(|c| instant(c) <= now)).max_by_key(|s| s.created())
}

/// When the earliest of `signatures` was made (from then on, one of them is in force).
fn first(signatures: &[&Signature]) -> DateTime<Utc> {
    signatures.iter().filter_map(|s| s.created()).min().map(instant).unwrap_or_default()
}

/// When a key created at `created` expires by `signature`'s key expiration time (none, or zero:
/// never).
fn expiry(created: Timestamp, signature: &Signature) -> Option<DateTime<Utc>> {
    let lifetime = signature.key_expiration_time()?.as_secs();
    if lifetime == 0 {
        return None;
    }
    DateTime::from_timestamp(i64::from(created.as_secs()) + i64::from(lifetime), 0)
}

/// Whether a revocation applies at `now`. A soft one (superseded, retired) applies from when it
/// was made; any other (compromised, no reason, unknown) always, since the key may have been
/// misused before anyone revoked it (RFC 9580, section 5.2.3.31).
fn revokes(revocation: &Signature, now: DateTime<Utc>) -> bool {
    match revocation.revocation_reason_code() {
        Some(RevocationCode::KeySuperseded | RevocationCode::KeyRetired) => {
            revocation.created().is_some_and(|c| instant(c) <= now)
        }
        _ => true,
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
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum PinMismatch {
    /// The organisation key is not the pinned one.
    Organisation {
        /// What the page pinned.
        pinned: String,
        /// The served key's fingerprint, computed from the key.
        actual: Fingerprint,
    },
    /// The policy adds a staff key the page did not pin.
    StaffKey {
        /// The unpinned key's fingerprint, computed from the key.
        fingerprint: Fingerprint,
    },
    /// A served key carries an encryption subkey the pinned build did not.
    Subkey {
        /// The primary key.
        key: Fingerprint,
        /// The unexpected subkey.
        subkey: Fingerprint,
    },
    /// The page's `data-fingerprint` holds something that is not a fingerprint.
    Malformed(String),
    /// The policy serves no key at all.
    NoKey,
}

impl PinMismatch {
    /// What the reporter reads, in `lang` (`pin-*` in `shared/src/i18n`); its `Display` is the
    /// English for the console and the loader.
    pub fn message(&self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::Arg;
        let fpr = |f: &Fingerprint| Arg::from(f.to_string());
        match self {
            PinMismatch::Organisation { pinned, actual } => {
                lang.tf("pin-organisation", &[("actual", fpr(actual)), ("pinned", Arg::from(pinned.as_str()))])
            }
            PinMismatch::StaffKey { fingerprint } => lang.tf("pin-staff-key", &[("fingerprint", fpr(fingerprint))]),
            PinMismatch::Subkey { key, subkey } => lang.tf("pin-subkey", &[("key", fpr(key)), ("subkey", fpr(subkey))]),
            PinMismatch::Malformed(text) => lang.tf("pin-malformed", &[("pin", Arg::from(text.as_str()))]),
            PinMismatch::NoKey => lang.t("pin-no-key"),
        }
    }
}

/// English: the console and the loader's fallback reason.
impl std::fmt::Display for PinMismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(crate::i18n::Lang::En))
    }
}

impl std::error::Error for PinMismatch {}

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

    /// A validity fixture (`tests/fixtures/keys/validity-<name>.pub.asc`, made by
    /// `make-validity-keys.sh` there: primary keys created 2020-01-01 00:00, subkeys a minute
    /// apart after it, expiries on 2021-01-01 00:00, revocations on 2020-06-01).
    fn validity_fixture(name: &str) -> &'static str {
        match name {
            "one-subkey-expired" => include_str!("../../tests/fixtures/keys/validity-one-subkey-expired.pub.asc"),
            "only-subkey-expired" => include_str!("../../tests/fixtures/keys/validity-only-subkey-expired.pub.asc"),
            "one-subkey-revoked" => include_str!("../../tests/fixtures/keys/validity-one-subkey-revoked.pub.asc"),
            "primary-revoked" => include_str!("../../tests/fixtures/keys/validity-primary-revoked.pub.asc"),
            "primary-expired" => include_str!("../../tests/fixtures/keys/validity-primary-expired.pub.asc"),
            "expiry-extended" => include_str!("../../tests/fixtures/keys/validity-expiry-extended.pub.asc"),
            other => panic!("no validity fixture `{other}`"),
        }
    }

    #[test]
    fn key_selection_honours_expiry_and_revocation_of_subkeys_and_primary_keys() {
        // (fixture, time (None: now, through `parse` and `recipients`), the usable subkeys by
        // position, or what the refusal says)
        type Case = (&'static str, Option<&'static str>, Result<&'static [usize], &'static [&'static str]>);
        let cases: &[Case] = &[
            ("one-subkey-expired", None, Ok(&[1])),
            ("one-subkey-expired", Some("2020-12-31T23:59:59Z"), Ok(&[0, 1])),
            ("one-subkey-expired", Some("2021-01-01T00:00:00Z"), Ok(&[1])),
            // The second subkey was created at 00:02: not yet valid at 00:01:30.
            ("one-subkey-expired", Some("2020-01-01T00:01:30Z"), Ok(&[0])),
            (
                "one-subkey-expired",
                Some("2019-12-31T00:00:00Z"),
                Err(&["is not valid until 2020-01-01 00:00 UTC", "created in the future"]),
            ),
            (
                "only-subkey-expired",
                None,
                Err(&["has no valid encryption subkey (all expired or revoked)", "expired on 2021-01-01 00:00 UTC"]),
            ),
            ("only-subkey-expired", Some("2020-06-01T00:00:00Z"), Ok(&[0])),
            ("one-subkey-revoked", None, Ok(&[1])),
            // Revoked as "no longer used" on 2020-06-01: usable before that.
            ("one-subkey-revoked", Some("2020-03-01T00:00:00Z"), Ok(&[0, 1])),
            ("one-subkey-revoked", Some("2020-06-01T00:00:00Z"), Ok(&[1])),
            ("primary-revoked", None, Err(&["is revoked"])),
            // Revoked as compromised: that reaches back before the revocation.
            ("primary-revoked", Some("2020-03-01T00:00:00Z"), Err(&["is revoked"])),
            ("primary-expired", None, Err(&["has expired (on 2021-01-01 00:00 UTC)"])),
            ("primary-expired", Some("2020-06-01T00:00:00Z"), Ok(&[0])),
            // First set to expire on 2021-01-01, extended on 2020-12-01: the newer self-signatures
            // (primary and subkey) win, though the superseded ones come first in the key.
            ("expiry-extended", None, Ok(&[0])),
            ("expiry-extended", Some("2022-06-01T00:00:00Z"), Ok(&[0])),
            ("expiry-extended", Some("2020-06-01T00:00:00Z"), Ok(&[0])),
        ];
        for &(name, time, expected) in cases {
            let armored = validity_fixture(name);
            let what = format!("{name} at {}", time.unwrap_or("now"));
            let at = time.map(|t| t.parse::<DateTime<Utc>>().expect("test time"));
            // The key as parsed, without the check, to see what selection does on its own.
            let (raw, _) = SignedPublicKey::from_string(armored).expect("fixture parses");
            let unchecked = RecipientKey { key: raw.clone() };
            let selected: Vec<Fingerprint> = match at {
                Some(at) => unchecked.recipients_at(at),
                None => unchecked.recipients(),
            }
            .iter()
            .map(Recipient::fingerprint)
            .collect();
            let parsed = match at {
                Some(at) => RecipientKey::parse_at(armored, at),
                None => RecipientKey::parse(armored),
            };
            let binary = unchecked.to_binary().expect("binary");
            let from_binary = match at {
                Some(at) => RecipientKey::from_binary_at(&binary, at),
                None => RecipientKey::from_binary(&binary),
            };
            match expected {
                Ok(positions) => {
                    let expected: Vec<Fingerprint> =
                        positions.iter().map(|&i| Fingerprint::of(raw.public_subkeys[i].fingerprint())).collect();
                    assert_eq!(selected, expected, "{what}: selected subkeys");
                    let parsed = parsed.unwrap_or_else(|e| panic!("{what}: {e}"));
                    assert!(from_binary.is_ok(), "{what}: from_binary refused");
                    if let Some(at) = at {
                        let again: Vec<Fingerprint> =
                            parsed.recipients_at(at).iter().map(Recipient::fingerprint).collect();
                        assert_eq!(again, expected, "{what}: after parsing");
                    }
                }
                Err(needles) => {
                    assert_eq!(selected, vec![], "{what}: nothing may be selected");
                    for result in [parsed.map(|_| ()), from_binary.map(|_| ())] {
                        let message = result.err().map(|e| e.to_string()).unwrap_or_else(|| panic!("{what}: accepted"));
                        assert!(message.contains(unchecked.fingerprint().as_str()), "{what}: `{message}` names no key");
                        for needle in needles {
                            assert!(message.contains(needle), "{what}: `{message}` lacks `{needle}`");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn a_key_with_no_valid_encryption_subkey_names_each_subkey() {
        let armored = validity_fixture("only-subkey-expired");
        let (raw, _) = SignedPublicKey::from_string(armored).expect("fixture parses");
        let subkey = Fingerprint::of(raw.public_subkeys[0].fingerprint());
        let err = RecipientKey::parse(armored).expect_err("refused");
        let expired = "2021-01-01T00:00:00Z".parse().expect("time");
        assert!(
            matches!(&err, Error::NoValidEncryptionSubkey { subkeys, .. } if subkeys == &[(subkey.clone(), Unusable::Expired(expired))]),
            "{err:?}"
        );
        assert_eq!(
            err.to_string(),
            format!(
                "OpenPGP key {} has no valid encryption subkey (all expired or revoked): subkey {subkey} expired on 2021-01-01 00:00 UTC",
                Fingerprint::from_key(&raw)
            )
        );
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
