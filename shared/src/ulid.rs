//! ULIDs for case ids: 48-bit millisecond time plus 80 random bits, Crockford base32.
//! The caller supplies the time and the randomness (this crate does no I/O).

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Encodes a ULID from a Unix time in milliseconds and 10 random bytes.
pub fn encode(unix_millis: u64, random: [u8; 10]) -> String {
    let mut value: u128 = u128::from(unix_millis & 0xFFFF_FFFF_FFFF) << 80;
    for (i, byte) in random.iter().enumerate() {
        value |= u128::from(*byte) << (8 * (9 - i));
    }
    (0..26).map(|i| ALPHABET[((value >> (5 * (25 - i))) & 31) as usize] as char).collect()
}

/// Whether `s` has the shape of a ULID (26 Crockford base32 characters, upper case).
pub fn is_valid(s: &str) -> bool {
    s.len() == 26 && s.bytes().all(|b| ALPHABET.contains(&b)) && s.as_bytes()[0] <= b'7'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_vectors() {
        assert_eq!(encode(0, [0; 10]), "00000000000000000000000000");
        assert_eq!(encode(0xFFFF_FFFF_FFFF, [0xFF; 10]), "7ZZZZZZZZZZZZZZZZZZZZZZZZZ");
        // Example from the ULID spec's timestamp: 1469918176385 → 01ARYZ6S41.
        assert!(encode(1_469_918_176_385, [0; 10]).starts_with("01ARYZ6S41"));
        assert!(is_valid(&encode(1_700_000_000_000, [7; 10])));
        assert!(!is_valid("01ARYZ6S41TSV4RRFFQ69G5FA"));
        assert!(!is_valid("../../etc/passwd0000000000"));
    }

    #[test]
    fn sorts_by_time() {
        assert!(encode(1_000, [0xFF; 10]) < encode(1_001, [0; 10]));
    }
}
