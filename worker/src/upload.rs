//! A report uploaded in parts, as plain Rust (tested natively; the handlers are `routes/uploads.rs`,
//! the rows `store/uploads.rs`). Each part is its own request: the state between them — counters,
//! the envelope check's [`Framing`], the running [`PartialSha256`] and each part's ETag and digest
//! — is one small JSON value kept in D1, and nothing of the message itself is held.
//!
//! The rules:
//! - parts are numbered from 1 and arrive in order; every part but the last is exactly
//!   `part_size` bytes (R2 multipart parts are equal but the last), and the last ends the message;
//! - a part already acknowledged may be sent again (a retry whose answer was lost): the same bytes
//!   are answered as before, other bytes are refused; a later part is refused;
//! - the envelope check walks each part before it is stored, so a message to the wrong key is
//!   refused at its first part, and the whole never exceeds the policy's upload limit.

use sealdrop_shared::api::UploadState;
use sealdrop_shared::digest::PartialSha256;
use sealdrop_shared::envelope::{Envelope, Framing};
use sealdrop_shared::id::UploadId;
use sealdrop_shared::key::RecipientKey;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::ApiError;

/// One acknowledged part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Part {
    /// R2's ETag for it (what completing the multipart upload needs).
    pub etag: String,
    /// Hex SHA-256 of its bytes (to tell a retry from other bytes).
    pub sha256: String,
    /// Its length in bytes (a retry declares the same, so its body is bounded before it is read).
    pub len: u64,
}

/// Where an upload stands between its requests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// The size of every part but the last.
    pub part_size: u64,
    /// The most bytes the message may have.
    pub limit: u64,
    /// Bytes acknowledged.
    pub bytes: u64,
    /// The envelope check so far.
    pub framing: Framing,
    /// SHA-256 of the bytes so far.
    pub digest: PartialSha256,
    /// The parts acknowledged, in order.
    pub parts: Vec<Part>,
}

/// What to do with part `n`, decided before its body is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next {
    /// The next part: check and store it.
    Append,
    /// An acknowledged part again: answer as before if its bytes are the same.
    Repeat,
}

impl Progress {
    /// A new upload.
    pub fn new(part_size: u64, limit: u64) -> Self {
        Progress {
            part_size,
            limit,
            bytes: 0,
            framing: Framing::new(),
            digest: PartialSha256::default(),
            parts: Vec::new(),
        }
    }

    /// Whether the message has ended (no part may follow).
    pub fn whole(&self) -> bool {
        self.framing.is_done()
    }

    /// The answer of every upload endpoint.
    pub fn state(&self, id: &UploadId) -> UploadState {
        UploadState {
            id: id.clone(),
            part_size: self.part_size,
            limit: self.limit,
            parts: self.parts.len() as u32,
            bytes: self.bytes,
            whole: self.whole(),
        }
    }

    /// Checks part `n`'s number and declared length before its body is read.
    pub fn check(&self, n: u32, declared: u64) -> Result<Next, ApiError> {
        // Bounds first, whatever the part: no body over `part_size` is ever read.
        if declared > self.part_size {
            return Err(ApiError::PartInvalid(format!("a part is at most {} bytes", self.part_size)));
        }
        if declared == 0 {
            return Err(ApiError::PartInvalid("a part is not empty".into()));
        }
        let next = self.next();
        if n >= 1 && n < next {
            let part = &self.parts[n as usize - 1];
            if part.len != declared {
                return Err(ApiError::PartMismatch(n));
            }
            return Ok(Next::Repeat);
        }
        if n != next {
            return Err(ApiError::PartOutOfOrder { n, next });
        }
        if self.whole() {
            return Err(ApiError::PartInvalid(format!(
                "the message ended with part {}: complete the upload",
                self.parts.len()
            )));
        }
        let total = self.bytes + declared;
        if total > self.limit {
            return Err(ApiError::PayloadTooLarge { size: total, limit: self.limit });
        }
        Ok(Next::Append)
    }

    /// An acknowledged part sent again: the same bytes, or a refusal.
    pub fn repeat(&self, n: u32, body: &[u8]) -> Result<(), ApiError> {
        let part = self.parts.get(n as usize - 1).ok_or(ApiError::PartOutOfOrder { n, next: self.next() })?;
        if part.sha256 == hex::encode(Sha256::digest(body)) { Ok(()) } else { Err(ApiError::PartMismatch(n)) }
    }

    fn next(&self) -> u32 {
        self.parts.len() as u32 + 1
    }

    /// Checks the next part's bytes (already through [`Progress::check`]): the envelope rules on
    /// them, and the part's size (every part but the last is `part_size`; a shorter part must end
    /// the message). Returns the progress as it will be once R2 has the part ([`Progress::stored`]).
    pub fn append(&self, allowed: &[RecipientKey], body: &[u8]) -> Result<Progress, ApiError> {
        let mut next = self.clone();
        next.framing.feed(allowed, body).map_err(|e| envelope_error(allowed, e))?;
        let full = body.len() as u64 == self.part_size;
        if !next.framing.is_done() {
            if !full {
                return Err(ApiError::PartInvalid(format!(
                    "every part but the last is {} bytes, and this shorter one does not end the message",
                    self.part_size
                )));
            }
            next.framing.end_of_part().map_err(|e| envelope_error(allowed, e))?;
        }
        next.digest.update(body);
        next.bytes += body.len() as u64;
        Ok(next)
    }

    /// Records the part R2 stored.
    pub fn stored(&mut self, etag: String, body: &[u8]) {
        self.parts.push(Part { etag, sha256: hex::encode(Sha256::digest(body)), len: body.len() as u64 });
    }

    /// At the end: the envelope (addressed to each of `required`) and the message's SHA-256.
    pub fn finish(&self, allowed: &[RecipientKey], required: &[RecipientKey]) -> Result<(Envelope, String), ApiError> {
        if !self.whole() {
            return Err(ApiError::UploadIncomplete { parts: self.parts.len() as u32, bytes: self.bytes });
        }
        let envelope = self.framing.finish(required).map_err(|e| envelope_error(allowed, e))?;
        Ok((envelope, self.digest.clone().finish_hex()))
    }
}

/// An envelope error as the one-request path words it (the organisation key's fingerprint in a
/// wrong-recipient answer).
fn envelope_error(allowed: &[RecipientKey], e: sealdrop_shared::Error) -> ApiError {
    match ApiError::from(e) {
        ApiError::WrongRecipient { key_id, .. } => ApiError::WrongRecipient {
            key_id,
            expected: allowed.first().map(|k| k.fingerprint().to_string()).unwrap_or_default(),
        },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org() -> RecipientKey {
        RecipientKey::parse(include_str!("../../examples/policies/nimbus-cloud/security.asc")).expect("org key")
    }

    fn message(keys: &[RecipientKey], len: usize) -> Vec<u8> {
        let plaintext: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
        let mut out = Vec::new();
        sealdrop_shared::envelope::encrypt_stream(keys, &plaintext[..], &mut out, rand::thread_rng())
            .expect("encrypts");
        out
    }

    /// Sends `message` in parts of `part_size` as the handler does, with R2 answering an ETag.
    fn upload(keys: &[RecipientKey], message: &[u8], part_size: u64, limit: u64) -> Result<Progress, ApiError> {
        let mut progress = Progress::new(part_size, limit);
        for (i, part) in message.chunks(part_size as usize).enumerate() {
            let n = i as u32 + 1;
            assert_eq!(progress.check(n, part.len() as u64)?, Next::Append);
            let mut next = progress.append(keys, part)?;
            next.stored(format!("etag-{n}"), part);
            progress = serde_json::from_str(&serde_json::to_string(&next).expect("json")).expect("back");
        }
        Ok(progress)
    }

    #[test]
    fn a_message_in_parts_is_whole_with_the_digest_of_its_bytes() {
        let keys = [org()];
        let bytes = message(&keys, 300_000);
        for part_size in [bytes.len() as u64, 65_536, 100_000] {
            let progress = upload(&keys, &bytes, part_size, 1 << 30).expect("accepted");
            let (envelope, sha256) = progress.finish(&keys, &keys).expect("whole");
            assert_eq!(envelope.recipients.len(), 1);
            assert_eq!(sha256, hex::encode(Sha256::digest(&bytes)), "parts of {part_size}");
            assert_eq!(
                progress.state(&UploadId::from_random([1; 16])).parts as usize,
                bytes.len().div_ceil(part_size as usize)
            );
        }
    }

    /// The limit holds at the byte: a message of exactly the limit passes, one byte more is refused
    /// before that part is read.
    #[test]
    fn the_limit_holds_at_the_byte() {
        let keys = [org()];
        let bytes = message(&keys, 200_000);
        let exact = bytes.len() as u64;
        assert!(upload(&keys, &bytes, 65_536, exact).is_ok(), "exactly the limit");
        let e = upload(&keys, &bytes, 65_536, exact - 1).expect_err("one byte over");
        assert_eq!(e.code(), "payload_too_large");
    }

    #[test]
    fn parts_out_of_order_other_bytes_and_odd_sizes_are_refused() {
        let keys = [org()];
        let bytes = message(&keys, 200_000);
        let size = 65_536u64;
        let mut progress = Progress::new(size, 1 << 30);
        let first = &bytes[..size as usize];
        let mut next = progress.append(&keys, first).expect("first part");
        next.stored("e1".into(), first);
        progress = next;
        let cases: Vec<(u32, u64, &str)> = vec![
            (3, size, "part_out_of_order"),
            (0, size, "part_out_of_order"),
            (2, size + 1, "part_invalid"),
            (2, 0, "part_invalid"),
        ];
        for (n, declared, code) in cases {
            assert_eq!(progress.check(n, declared).map_err(|e| e.code()), Err(code), "part {n} of {declared}");
        }
        // Part 1 again: the same bytes are answered as before; other bytes are refused, and a
        // repeat that declares another length (or more than a part) before its body is read.
        assert_eq!(progress.check(1, size).expect("a repeat"), Next::Repeat);
        assert_eq!(progress.check(1, size - 1).map_err(|e| e.code()), Err("part_mismatch"));
        assert_eq!(progress.check(1, 100 << 20).map_err(|e| e.code()), Err("part_invalid"));
        assert_eq!(progress.check(1, 0).map_err(|e| e.code()), Err("part_invalid"));
        assert!(progress.repeat(1, first).is_ok());
        assert_eq!(progress.repeat(1, &bytes[1..=size as usize]).map_err(|e| e.code()), Err("part_mismatch"));
        // A short part that does not end the message.
        assert_eq!(
            progress.append(&keys, &bytes[size as usize..size as usize + 1000]).map_err(|e| e.code()),
            Err("part_invalid")
        );
        // Completing early.
        assert_eq!(progress.finish(&keys, &keys).map_err(|e| e.code()), Err("upload_incomplete"));
    }

    #[test]
    fn a_message_to_another_key_is_refused_at_its_first_part() {
        let stranger = RecipientKey::parse(include_str!("../../tests/fixtures/keys/stranger.pub.asc")).expect("key");
        let bytes = message(std::slice::from_ref(&stranger), 100_000);
        let progress = Progress::new(65_536, 1 << 30);
        let e = progress.append(&[org()], &bytes[..65_536]).expect_err("refused");
        assert_eq!(e.code(), "wrong_recipient");
        assert!(e.to_string().contains(org().fingerprint().as_str()), "{e}");
    }
}
