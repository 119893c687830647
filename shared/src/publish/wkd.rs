//! The Web Key Directory (draft-koch-openpgp-webkey-service, direct method): which addresses the
//! key serves and their z-base-32 hashes.

use sha1::{Digest as _, Sha1};

const ZBASE32: &[u8; 32] = b"ybndrfg8ejkmcpqxot1uwisza345h769";

/// z-base-32 (as used by WKD): 5 bits per character, most significant first, no padding.
pub fn zbase32(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for &byte in bytes {
        buffer = (buffer << 8) | u32::from(byte);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(ZBASE32[((buffer >> bits) & 31) as usize]));
        }
    }
    if bits > 0 {
        out.push(char::from(ZBASE32[((buffer << (5 - bits)) & 31) as usize]));
    }
    out
}

/// The WKD hash of an address's local part: z-base-32 of the SHA-1 of the ASCII-lowercased local
/// part (what `gpg-wks-client --print-wkd-hash` prints).
pub fn wkd_hash(local_part: &str) -> String {
    zbase32(&Sha1::digest(local_part.to_ascii_lowercase().as_bytes()))
}

/// An e-mail address on one of the key's user ids, with its WKD hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WkdEntry {
    /// The local part as written on the user id.
    pub local_part: String,
    /// The domain.
    pub domain: String,
    /// [`wkd_hash`] of the local part.
    pub hash: String,
}

/// The addresses on `user_ids` (`Name <local@domain>` or a bare address) that WKD can serve.
pub fn wkd_entries(user_ids: &[String]) -> Vec<WkdEntry> {
    let mut entries: Vec<WkdEntry> = Vec::new();
    for uid in user_ids {
        let address = match (uid.rfind('<'), uid.rfind('>')) {
            (Some(open), Some(close)) if open < close => &uid[open + 1..close],
            _ => uid.trim(),
        };
        let Some((local, domain)) = address.rsplit_once('@') else { continue };
        if local.is_empty() || domain.is_empty() || address.chars().any(char::is_whitespace) {
            continue;
        }
        let hash = wkd_hash(local);
        if !entries.iter().any(|e| e.hash == hash && e.domain.eq_ignore_ascii_case(domain)) {
            entries.push(WkdEntry { local_part: local.to_owned(), domain: domain.to_ascii_lowercase(), hash });
        }
    }
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zbase32_vectors() {
        // Whole bytes, padded with zero bits: 0xf0 = 11110|000(00).
        let cases: &[(&[u8], &str)] = &[(b"", ""), (&[0xf0], "6y"), (&[0x00], "yy"), (&[0xff; 5], "99999999")];
        for (input, expected) in cases {
            assert_eq!(zbase32(input), *expected, "{input:?}");
        }
        // draft-koch-openpgp-webkey-service: "Joe.Doe" -> iy9q119eutrkn8s1mk4r39qejnbu3n5q
        assert_eq!(wkd_hash("Joe.Doe"), "iy9q119eutrkn8s1mk4r39qejnbu3n5q");
    }

    #[test]
    fn wkd_entries_from_user_ids() {
        let uids = vec![
            "Nimbus Security <Security@nimbus.example>".to_owned(),
            "cvd@nimbus.example".to_owned(),
            "No address".to_owned(),
            "Dup <security@NIMBUS.example>".to_owned(),
        ];
        let entries = wkd_entries(&uids);
        let got: Vec<(&str, &str)> = entries.iter().map(|e| (e.local_part.as_str(), e.domain.as_str())).collect();
        assert_eq!(got, vec![("Security", "nimbus.example"), ("cvd", "nimbus.example")]);
    }
}
