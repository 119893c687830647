//! The reporter's receipt: 160 random bits, shown as Crockford base32 in groups of four
//! (`XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX`), from which the browser derives everything it needs
//! to follow up on a report. Nothing about the receipt itself ever leaves the browser.
//!
//! The KDF is HKDF-SHA256 (RFC 5869) with the salt `sealdrop.receipt.v1` over the receipt's 20
//! bytes:
//! - `lookup token` = HKDF-Expand(info `"lookup token"`, 32 bytes). The browser sends the token to
//!   look a case up; the worker stores only SHA-256(token) ([`lookup_hash`]).
//! - `reply key seed` = HKDF-Expand(info `"reply key"`, 32 bytes), which seeds ChaCha20 to generate
//!   a v4 OpenPGP key (Ed25519 primary, Curve25519 encryption subkey, creation time fixed at
//!   [`REPLY_KEY_CREATED`]). Staff encrypt replies to its public half; only the receipt can
//!   recreate the secret half.
//!
//! The receipt has 160 bits of entropy, so a fast KDF suffices: nobody can enumerate 2^160
//! receipts, and look-ups are rate limited on top (see ARCHITECTURE.md for the arithmetic).

use hkdf::Hkdf;
use pgp::composed::{EncryptionCaps, KeyType, SecretKeyParamsBuilder, SignedSecretKey, SubkeyParamsBuilder};
use pgp::crypto::ecc_curve::ECCCurve;
use pgp::crypto::hash::HashAlgorithm;
use pgp::crypto::sym::SymmetricKeyAlgorithm;
use pgp::types::Timestamp;
use rand::SeedableRng as _;
use sha2::{Digest, Sha256};

use crate::Error;

/// Bytes of randomness in a receipt (160 bits).
pub const RECEIPT_BYTES: usize = 20;
/// Characters of a receipt without separators.
pub const RECEIPT_CHARS: usize = 32;
/// The creation time of every derived reply key (2026-01-01T00:00:00Z), fixed so the same receipt
/// always yields the same key and fingerprint.
pub const REPLY_KEY_CREATED: u32 = 1_767_225_600;

const SALT: &[u8] = b"sealdrop.receipt.v1";
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A receipt: the 20 bytes behind the printed form.
#[derive(Clone, PartialEq, Eq)]
pub struct Receipt([u8; RECEIPT_BYTES]);

impl std::fmt::Debug for Receipt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the secret by accident.
        f.write_str("Receipt(…)")
    }
}

impl Receipt {
    /// A receipt from fresh random bytes (the caller supplies them: this crate does no I/O).
    pub fn from_bytes(bytes: [u8; RECEIPT_BYTES]) -> Self {
        Self(bytes)
    }

    /// Reads a receipt as a person types it: case, spaces and dashes do not matter, and the
    /// look-alikes `I`/`L` (1) and `O` (0) are accepted.
    pub fn parse(text: &str) -> Result<Self, Error> {
        let mut digits = Vec::with_capacity(RECEIPT_CHARS);
        for c in text.chars().filter(|c| !c.is_whitespace() && *c != '-') {
            let c = match c.to_ascii_uppercase() {
                'I' | 'L' => '1',
                'O' => '0',
                other => other,
            };
            let digit = ALPHABET.iter().position(|&a| a as char == c).ok_or(Error::ReceiptFormat)?;
            digits.push(digit as u8);
        }
        if digits.len() != RECEIPT_CHARS {
            return Err(Error::ReceiptFormat);
        }
        // 32 digits × 5 bits = the 160 bits, most significant first.
        let mut bytes = [0u8; RECEIPT_BYTES];
        for (i, digit) in digits.iter().enumerate() {
            for b in 0..5 {
                let bit = i * 5 + b;
                if digit >> (4 - b) & 1 == 1 {
                    bytes[bit / 8] |= 1 << (7 - bit % 8);
                }
            }
        }
        Ok(Self(bytes))
    }

    /// The printed form: 32 characters in groups of four, separated by dashes.
    pub fn display(&self) -> String {
        let mut out = String::with_capacity(RECEIPT_CHARS + 7);
        for i in 0..RECEIPT_CHARS {
            if i > 0 && i % 4 == 0 {
                out.push('-');
            }
            let mut digit = 0u8;
            for b in 0..5 {
                let bit = i * 5 + b;
                let set = self.0[bit / 8] >> (7 - bit % 8) & 1;
                digit = (digit << 1) | set;
            }
            out.push(ALPHABET[digit as usize] as char);
        }
        out
    }

    fn expand(&self, info: &[u8]) -> [u8; 32] {
        let hk = Hkdf::<Sha256>::new(Some(SALT), &self.0);
        let mut out = [0u8; 32];
        // 32 bytes is far below HKDF-SHA256's limit of 8160.
        let _ = hk.expand(info, &mut out);
        out
    }

    /// The token the browser sends to look its case up.
    pub fn lookup_token(&self) -> [u8; 32] {
        self.expand(b"lookup token")
    }

    /// The seed of the reply key.
    pub fn reply_key_seed(&self) -> [u8; 32] {
        self.expand(b"reply key")
    }

    /// The reply key pair, the same for the same receipt.
    pub fn reply_key(&self) -> Result<SignedSecretKey, Error> {
        let rng = rand_chacha::ChaCha20Rng::from_seed(self.reply_key_seed());
        let created = Timestamp::from_secs(REPLY_KEY_CREATED);
        let subkey = SubkeyParamsBuilder::default()
            .key_type(KeyType::ECDH(ECCCurve::Curve25519Legacy))
            .can_encrypt(EncryptionCaps::All)
            .created_at(created)
            .build()
            .map_err(|e| Error::ReplyKey(e.to_string()))?;
        let params = SecretKeyParamsBuilder::default()
            .key_type(KeyType::Ed25519Legacy)
            .can_certify(true)
            .can_sign(true)
            .created_at(created)
            .primary_user_id("Sealdrop reporter (reply key derived from a receipt)".into())
            .preferred_symmetric_algorithms(smallvec::smallvec![
                SymmetricKeyAlgorithm::AES256,
                SymmetricKeyAlgorithm::AES128
            ])
            .preferred_hash_algorithms(smallvec::smallvec![HashAlgorithm::Sha256, HashAlgorithm::Sha512])
            .subkey(subkey)
            .build()
            .map_err(|e| Error::ReplyKey(e.to_string()))?;
        params.generate(rng).map_err(|e| Error::ReplyKey(e.to_string()))
    }
}

/// What the worker stores for a lookup token: hex SHA-256.
pub fn lookup_hash(token: &[u8]) -> String {
    hex::encode(Sha256::digest(token))
}

/// The public half of a reply key, ASCII-armored.
pub fn armored_public(key: &SignedSecretKey) -> Result<String, Error> {
    key.to_public_key()
        .to_armored_string(pgp::composed::ArmorOptions::default())
        .map_err(|e| Error::ReplyKey(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::key::RecipientKey;

    fn fixed() -> Receipt {
        let mut bytes = [0u8; RECEIPT_BYTES];
        for (i, b) in bytes.iter_mut().enumerate() {
            *b = i as u8 + 1;
        }
        Receipt::from_bytes(bytes)
    }

    #[test]
    fn kdf_vectors() {
        // Computed independently with Python's hmac module (RFC 5869 by hand):
        // salt "sealdrop.receipt.v1", ikm = bytes 1..=20.
        let r = fixed();
        assert_eq!(hex::encode(r.lookup_token()), "33877cd5f7b1a0d0b989ba7f6e92a9f4d8104e8864b81a148eb2f6de6763502e");
        assert_eq!(lookup_hash(&r.lookup_token()), "ee11ae4c6b2c86fb32f58bac7ab240c8207d107552d8e2c07ee86f56b56ac201");
        assert_eq!(hex::encode(r.reply_key_seed()), "15ec8dca6a5e4c0bba748f3b249994d3e305e9b99f22b3a0679047d38df4d019");
    }

    #[test]
    fn the_same_receipt_gives_the_same_reply_key() {
        let r = fixed();
        let a = r.reply_key().expect("key");
        let b = Receipt::parse(&r.display()).expect("parses").reply_key().expect("key");
        let fp = |k: &SignedSecretKey| {
            RecipientKey::parse(&armored_public(k).expect("armored")).expect("usable").fingerprint()
        };
        assert_eq!(fp(&a), fp(&b));
        // A regression vector: changing the KDF, the key parameters or rPGP's key generation
        // would lock every reporter out of their replies.
        assert_eq!(fp(&a).as_str(), "BB31F36F8BE0E5A6AC8A9E5F3613D75D2AECFCD5");
        let other = Receipt::from_bytes([9; RECEIPT_BYTES]).reply_key().expect("key");
        assert_ne!(fp(&a), fp(&other));
    }

    #[test]
    fn printed_form_round_trips_and_forgives_typing() {
        let r = fixed();
        let shown = r.display();
        assert_eq!(shown.len(), RECEIPT_CHARS + 7);
        assert!(shown.split('-').all(|g| g.len() == 4), "{shown}");
        assert_eq!(Receipt::parse(&shown).ok(), Some(r.clone()));
        let typed = shown.to_lowercase().replace('-', " ");
        assert_eq!(Receipt::parse(&typed).ok(), Some(r.clone()));
        let all_ones = Receipt::from_bytes([0xFF; RECEIPT_BYTES]);
        assert_eq!(all_ones.display(), "ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ");
        assert_eq!(Receipt::parse("zzzz zzzz zzzz zzzz zzzz zzzz zzzz zzzz").ok(), Some(all_ones));
        let zeros = Receipt::from_bytes([0; RECEIPT_BYTES]);
        assert_eq!(Receipt::parse("OOOO-oooo-0000-0000-0000-0000-0000-0000").ok(), Some(zeros));
        for bad in ["", "ZZZZ-ZZZZ", &format!("{shown}-0000"), "UUUU-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ"] {
            assert!(matches!(Receipt::parse(bad), Err(Error::ReceiptFormat)), "{bad}");
        }
        for seed in 0..50u8 {
            let bytes: [u8; RECEIPT_BYTES] =
                std::array::from_fn(|i| seed.wrapping_mul(31).wrapping_add((i as u8).wrapping_mul(17)));
            let r = Receipt::from_bytes(bytes);
            assert_eq!(Receipt::parse(&r.display()).ok(), Some(r));
        }
    }

    #[test]
    fn debug_does_not_print_the_secret() {
        assert_eq!(format!("{:?}", fixed()), "Receipt(…)");
    }
}
