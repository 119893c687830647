//! The organisation's OpenPGP key: fingerprint, version and the subkeys that may encrypt.

use pgp::composed::{Deserializable, SignedPublicKey, SignedPublicSubKey};
use pgp::packet::SignatureType;
use pgp::types::{KeyDetails, KeyVersion};

use crate::Error;

/// A parsed, binding-verified organisation public key.
#[derive(Debug, Clone)]
pub struct OrgKey {
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

    /// Upper-case hex fingerprint of the subkey.
    pub fn fingerprint(&self) -> String {
        format!("{:X}", self.subkey.fingerprint())
    }

    /// The 8-byte key id (for v3 PKESK packets).
    pub fn key_id(&self) -> [u8; 8] {
        let id = self.subkey.legacy_key_id();
        let mut out = [0u8; 8];
        out.copy_from_slice(&id.as_ref()[..8]);
        out
    }
}

impl OrgKey {
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

    /// Upper-case hex fingerprint of the primary key.
    pub fn fingerprint(&self) -> String {
        format!("{:X}", self.key.primary_key.fingerprint())
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

/// Normalises a fingerprint typed by a person or an embedding page: hex digits only, upper case.
pub fn normalise_fingerprint(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace() && *c != ':').collect::<String>().to_ascii_uppercase()
}
