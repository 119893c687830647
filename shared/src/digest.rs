//! SHA-256 over a message that arrives in parts, each in its own request: the state between parts
//! (eight words, the byte count and at most 63 unhashed bytes) is serialisable, so the worker
//! keeps it in D1 and the stored report's digest is the same as a one-request report's — the
//! SHA-256 of its bytes.

use serde::{Deserialize, Serialize};
use sha2::digest::generic_array::GenericArray;

const INITIAL: [u32; 8] =
    [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

/// A SHA-256 computation between parts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartialSha256 {
    state: [u32; 8],
    /// Bytes hashed so far, `tail` included.
    len: u64,
    /// The bytes of an unfinished block.
    #[serde(with = "hex_bytes")]
    tail: Vec<u8>,
}

impl Default for PartialSha256 {
    fn default() -> Self {
        PartialSha256 { state: INITIAL, len: 0, tail: Vec::new() }
    }
}

impl PartialSha256 {
    /// Hashes the next bytes.
    pub fn update(&mut self, mut data: &[u8]) {
        self.len += data.len() as u64;
        if !self.tail.is_empty() {
            let take = (64 - self.tail.len()).min(data.len());
            self.tail.extend_from_slice(&data[..take]);
            data = &data[take..];
            if self.tail.len() < 64 {
                return;
            }
            let block = std::mem::take(&mut self.tail);
            self.compress(&block);
        }
        let whole = data.len() / 64 * 64;
        self.compress(&data[..whole]);
        self.tail = data[whole..].to_vec();
    }

    fn compress(&mut self, blocks: &[u8]) {
        let blocks: Vec<GenericArray<u8, _>> = blocks.chunks_exact(64).map(GenericArray::clone_from_slice).collect();
        sha2::compress256(&mut self.state, &blocks);
    }

    /// The digest, lower-case hex (FIPS 180-4 padding: `0x80`, zeros, the bit length).
    pub fn finish_hex(mut self) -> String {
        let bits = self.len.wrapping_mul(8);
        let mut last = std::mem::take(&mut self.tail);
        last.push(0x80);
        while last.len() % 64 != 56 {
            last.push(0);
        }
        last.extend_from_slice(&bits.to_be_bytes());
        self.compress(&last);
        self.state.iter().map(|w| format!("{w:08x}")).collect()
    }
}

mod hex_bytes {
    pub fn serialize<S: serde::Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&hex::encode(bytes))
    }

    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let text = <String as serde::Deserialize>::deserialize(d)?;
        let bytes = hex::decode(text).map_err(serde::de::Error::custom)?;
        if bytes.len() >= 64 {
            return Err(serde::de::Error::custom("a tail is shorter than a block"));
        }
        Ok(bytes)
    }
}

#[cfg(test)]
mod tests {
    use sha2::{Digest, Sha256};

    use super::*;

    /// The same digest as SHA-256 of the whole, however the bytes are cut, through JSON between
    /// the parts.
    #[test]
    fn equals_sha256_of_the_whole() {
        let data: Vec<u8> = (0..10_000u32).map(|i| (i * 13 % 256) as u8).collect();
        for len in [0, 1, 55, 56, 63, 64, 65, 119, 128, 10_000] {
            for cut in [1, 7, 63, 64, 100, 4096, 10_000] {
                let mut state = PartialSha256::default();
                for part in data[..len].chunks(cut) {
                    state.update(part);
                    state = serde_json::from_str(&serde_json::to_string(&state).expect("json")).expect("back");
                }
                assert_eq!(state.finish_hex(), hex::encode(Sha256::digest(&data[..len])), "{len} bytes cut at {cut}");
            }
        }
    }
}
