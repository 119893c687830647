//! Size buckets: every report and follow-up message is padded before it is encrypted, so its
//! ciphertext's size (what the worker stores, what staff's e-mail carries, what anyone watching
//! the upload sees) tells only which bucket the plaintext fell in, not its length.
//!
//! The buckets: every MIME entity of at most [`MIN_BUCKET`] (16 KiB) is padded to 16 KiB, so all
//! reports of text alone, up to many pages, look alike. Above it, lengths are rounded up the way
//! Padmé does (Nikitin et al., "Reducing Metadata Leakage from Encrypted Files and Communication
//! with PURBs", PETS 2019): a length between 2^E and 2^(E+1) keeps only its top ⌊log2 E⌋ + 1 bits,
//! which costs at most 6.25 % (from 64 KiB on, at most 3.2 %) and leaves O(log log L) bits of the
//! length visible — for example, 16–17 KiB pads to 17 KiB, 1–1.03 MiB to 1.03 MiB (multiples of
//! 32 KiB), and around 100 MiB lengths round up to a multiple of 2 MiB.
//!
//! The padding is the entity's epilogue (RFC 2046 §5.1.1: text after the closing boundary, which
//! every MIME reader ignores): lines of spaces, so nothing a reader sees changes. The one size
//! calculation ([`crate::policy::PublicPolicy::max_body_bytes`]) pads its bound the same way.

/// Every entity is padded to at least this many bytes.
pub const MIN_BUCKET: u64 = 16 * 1024;

/// The size an entity of `len` bytes is padded to: never less than `len`, and the same for every
/// length of a bucket. Monotonic, so a bound of a length pads to a bound of its bucket.
pub fn bucket(len: u64) -> u64 {
    if len <= MIN_BUCKET {
        return MIN_BUCKET;
    }
    // Padmé: E = ⌊log2 L⌋, S = ⌊log2 E⌋ + 1; the lowest E − S bits are rounded up.
    let e = u64::from(63 - len.leading_zeros());
    let s = u64::from(63 - e.leading_zeros()) + 1;
    let mask = (1u64 << (e - s)) - 1;
    (len + mask) & !mask
}

/// One line of the padding: CRLF, then spaces (a cut anywhere leaves only whitespace).
const LINE: &[u8; 78] = b"\r\n                                                                            ";

/// `n` bytes of padding starting `offset` bytes into it (so it can be written in slices).
pub fn padding_bytes(offset: u64, n: usize) -> Vec<u8> {
    let start = (offset % LINE.len() as u64) as usize;
    LINE.iter().copied().cycle().skip(start).take(n).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_hold_every_length_and_cost_little() {
        for len in (0..70_000).chain((1..4096).map(|i| i * 25_013)).chain([(100 << 20) - 1, 100 << 20, 2 << 30]) {
            let padded = bucket(len);
            assert!(padded >= len, "{len}");
            assert!(bucket(len + 1) >= padded, "monotonic at {len}");
            if len > MIN_BUCKET {
                let most = if len >= 64 * 1024 { 0.032 } else { 0.0625 };
                assert!((padded - len) as f64 <= most * len as f64, "{len} → {padded}");
            }
            assert_eq!(bucket(padded), padded, "a bucket's size is its own bucket: {len}");
        }
    }

    #[test]
    fn the_buckets_the_docs_name() {
        let kib = 1024;
        let mib = 1024 * kib;
        let cases = [
            (1, 16 * kib),
            (16 * kib, 16 * kib),
            (16 * kib + 1, 17 * kib),
            (17 * kib, 17 * kib),
            (mib + 1, mib + 32 * kib),
            (100 * mib - 1, 100 * mib),
            (100 * mib + 1, 102 * mib),
        ];
        for (len, padded) in cases {
            assert_eq!(bucket(len), padded, "{len}");
        }
    }

    #[test]
    fn padding_is_whitespace_in_short_lines_however_it_is_sliced() {
        let whole = padding_bytes(0, 10_000);
        assert!(whole.iter().all(|b| b" \r\n".contains(b)));
        assert!(whole.split(|&b| b == b'\n').all(|line| line.len() <= 78));
        let sliced: Vec<u8> =
            (0..10_000u64).step_by(333).flat_map(|at| padding_bytes(at, 333.min(10_000 - at as usize))).collect();
        assert_eq!(sliced, whole);
    }
}
