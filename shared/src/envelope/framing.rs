//! The envelope check for a report uploaded in parts: the same rules as [`super::inspect_for`],
//! applied to a binary OpenPGP message as it streams past, part by part, without the message ever
//! being in memory. Only the head (the session key packets and the first bytes of the encrypted
//! data packet) is parsed; after it, only the packet framing is walked: the partial body lengths
//! of the one encrypted data packet, to its final length, after which nothing may follow.
//!
//! The state between parts is small (a few counters and at most one unfinished length header, five
//! bytes) and serialisable, so the worker keeps it in D1 from one part's request to the next: the
//! work per part is proportional to the number of length headers in it, not to its bytes.

use pgp::packet::PacketParser;
use serde::{Deserialize, Serialize};

use super::{Head, classify};
use crate::Error;
use crate::key::{Fingerprint, RecipientKey};

/// The most bytes the head (every packet before the encrypted data, and that packet's header) may
/// take: ample for dozens of RSA-4096 session keys. It must arrive in the first part.
pub const HEAD_LIMIT: usize = 64 * 1024;

/// Tag of the Symmetrically Encrypted Integrity Protected Data packet.
const SEIPD: u8 = 18;
/// Tag of the unprotected Symmetrically Encrypted Data packet.
const SED: u8 = 9;
/// Tags that may use partial body lengths (RFC 9580 §4.2.1.4), all of them data packets.
const DATA_TAGS: [u8; 5] = [8, 9, 11, 18, 20];

/// Where the walk is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "at")]
enum Phase {
    /// Before the encrypted data packet: whole packets are gathered and checked.
    Head,
    /// Inside a chunk of the encrypted data packet's body: `left` bytes to skip; `last` if it is
    /// the final chunk.
    Body { left: u64, last: bool },
    /// Between two chunks: a length header is next.
    Length,
    /// The encrypted data packet has ended: nothing may follow.
    Done,
}

/// The envelope check's state between parts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Framing {
    phase: Phase,
    /// Bytes of an unfinished packet (head) or length header (between chunks).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pending: Vec<u8>,
    /// The subkeys addressed, so far.
    recipients: Vec<String>,
    /// 1 or 2, once the encrypted data packet has begun.
    seipd_version: Option<u8>,
    /// Bytes of the head taken so far, bounded by [`HEAD_LIMIT`] over all its packets.
    #[serde(default)]
    head: u64,
    /// Bytes seen.
    pub bytes: u64,
}

impl Default for Framing {
    fn default() -> Self {
        Framing {
            phase: Phase::Head,
            pending: Vec::new(),
            recipients: Vec::new(),
            seipd_version: None,
            head: 0,
            bytes: 0,
        }
    }
}

/// A packet header: tag, where the body starts, and its length.
struct Header {
    tag: u8,
    /// Header bytes.
    len: usize,
    body: BodyLength,
}

#[derive(Clone, Copy)]
enum BodyLength {
    /// A fixed length: the packet's body, or the final chunk.
    Fixed(u64),
    /// A partial chunk of this length; more follow.
    Partial(u64),
}

/// A new-format length (RFC 9580 §4.2.1) at the start of `bytes`: its size in bytes and value, or
/// `None` if more bytes are needed.
fn new_length(bytes: &[u8]) -> Option<(usize, BodyLength)> {
    let first = *bytes.first()?;
    Some(match first {
        0..=191 => (1, BodyLength::Fixed(u64::from(first))),
        192..=223 => {
            let second = *bytes.get(1)?;
            (2, BodyLength::Fixed(((u64::from(first) - 192) << 8) + u64::from(second) + 192))
        }
        224..=254 => (1, BodyLength::Partial(1 << (first & 0x1f))),
        255 => {
            let four: [u8; 4] = bytes.get(1..5)?.try_into().ok()?;
            (5, BodyLength::Fixed(u64::from(u32::from_be_bytes(four))))
        }
    })
}

/// A packet header at the start of `bytes`, `Ok(None)` if more bytes are needed.
fn header(bytes: &[u8]) -> Result<Option<Header>, Error> {
    let Some(&ctb) = bytes.first() else { return Ok(None) };
    if ctb & 0x80 == 0 {
        return Err(Error::NotEncrypted("the body is not an OpenPGP message (no packet header)"));
    }
    if ctb & 0x40 != 0 {
        let Some((n, body)) = new_length(&bytes[1..]) else { return Ok(None) };
        return Ok(Some(Header { tag: ctb & 0x3f, len: 1 + n, body }));
    }
    // The legacy format: the tag in bits 5–2, the length's size in bits 1–0.
    let tag = (ctb >> 2) & 0x0f;
    let n = match ctb & 0x03 {
        0 => 1,
        1 => 2,
        2 => 4,
        _ => {
            return Err(
                unwanted(tag).unwrap_or(Error::NotEncrypted("packets of indeterminate length are not accepted"))
            );
        }
    };
    let Some(len) = bytes.get(1..1 + n) else { return Ok(None) };
    let value = len.iter().fold(0u64, |v, &b| (v << 8) | u64::from(b));
    Ok(Some(Header { tag, len: 1 + n, body: BodyLength::Fixed(value) }))
}

impl Framing {
    /// A check at the start of a message.
    pub fn new() -> Self {
        Self::default()
    }

    /// Walks the next bytes of the message. Every session key must go to one of `allowed`.
    pub fn feed(&mut self, allowed: &[RecipientKey], mut data: &[u8]) -> Result<(), Error> {
        self.bytes += data.len() as u64;
        while !data.is_empty() {
            match self.phase {
                Phase::Head => {
                    // The head as a whole (not each packet) is bounded: a message of many small
                    // packets before the encrypted data is refused like one large packet.
                    let room = (HEAD_LIMIT as u64).saturating_sub(self.head).max(1);
                    let take = data.len().min(usize::try_from(room).unwrap_or(usize::MAX));
                    self.pending.extend_from_slice(&data[..take]);
                    self.head += take as u64;
                    data = &data[take..];
                    let rest = self.head(allowed)?;
                    if self.phase == Phase::Head && self.head >= HEAD_LIMIT as u64 {
                        return Err(Error::NotEncrypted("no encrypted data packet in the message's first 64 KiB"));
                    }
                    if !rest.is_empty() {
                        // The head ended inside `pending`: walk what followed it, then the rest.
                        self.bytes -= rest.len() as u64;
                        self.feed(allowed, &rest)?;
                    }
                }
                Phase::Body { left, last } => {
                    let skip = (data.len() as u64).min(left);
                    data = &data[skip as usize..];
                    let left = left - skip;
                    self.phase = match (left, last) {
                        (0, true) => Phase::Done,
                        (0, false) => Phase::Length,
                        _ => Phase::Body { left, last },
                    };
                }
                Phase::Length => {
                    let need = 5usize.saturating_sub(self.pending.len()).min(data.len());
                    let before = self.pending.len();
                    self.pending.extend_from_slice(&data[..need]);
                    match new_length(&self.pending) {
                        Some((n, body)) => {
                            data = &data[n - before..];
                            self.pending.clear();
                            self.phase = chunk(body);
                        }
                        None => data = &data[need..],
                    }
                }
                Phase::Done => return Err(Error::NotEncrypted("data after the encrypted data packet")),
            }
        }
        Ok(())
    }

    /// Checks every whole packet gathered in the head; returns the bytes after the encrypted data
    /// packet's header once it has begun. The packets checked are dropped from `pending` once, at
    /// the end (the work is linear in the head's bytes).
    fn head(&mut self, allowed: &[RecipientKey]) -> Result<Vec<u8>, Error> {
        let allowed_subkeys: Vec<_> = allowed.iter().flat_map(RecipientKey::recipients).collect();
        let mut at = 0;
        loop {
            let pending = &self.pending[at..];
            let Some(h) = header(pending)? else { break };
            if h.tag == SEIPD {
                // Its version, the first byte of its body.
                let Some(&version) = pending.get(h.len) else { break };
                if self.recipients.is_empty() {
                    return Err(Error::NotEncrypted("no recipient before the encrypted data"));
                }
                if version != 1 && version != 2 {
                    return Err(Error::NotEncrypted("unsupported encrypted data packet version"));
                }
                self.seipd_version = Some(version);
                self.phase = chunk(h.body);
                let rest = pending[h.len..].to_vec();
                self.pending.clear();
                return Ok(rest);
            }
            if let Some(e) = unwanted(h.tag) {
                return Err(e);
            }
            let BodyLength::Fixed(size) = h.body else {
                return Err(Error::NotEncrypted("a partial length on a packet that is not data"));
            };
            let end = h.len as u64 + size;
            if self.head - self.pending.len() as u64 + (at as u64) + end > HEAD_LIMIT as u64 {
                return Err(Error::NotEncrypted("no encrypted data packet in the message's first 64 KiB"));
            }
            let end = end as usize;
            if pending.len() < end {
                break;
            }
            let packet = PacketParser::new(&pending[..end])
                .next()
                .ok_or(Error::NotEncrypted("an empty packet"))?
                .map_err(Error::MalformedMessage)?;
            match classify(&allowed_subkeys, packet)? {
                // Each subkey once: the state stays as small as the policy's list of keys.
                Head::Recipient(fingerprint) => {
                    let fingerprint = fingerprint.to_string();
                    if !self.recipients.contains(&fingerprint) {
                        self.recipients.push(fingerprint);
                    }
                }
                Head::Skip => {}
                Head::Data(_) => return Err(Error::NotEncrypted("unsupported encrypted data packet")),
            }
            at += end;
        }
        self.pending.drain(..at);
        Ok(Vec::new())
    }

    /// Called after each part but the last: the head must have been read by then.
    pub fn end_of_part(&self) -> Result<(), Error> {
        match self.phase {
            Phase::Head => Err(Error::NotEncrypted("the first part must hold the start of the encrypted data")),
            _ => Ok(()),
        }
    }

    /// Whether the encrypted data packet has ended (a further byte is refused).
    pub fn is_done(&self) -> bool {
        self.phase == Phase::Done
    }

    /// At the end of the message: it must be whole, and address each of `required`.
    pub fn finish(&self, required: &[RecipientKey]) -> Result<super::Envelope, Error> {
        let seipd_version = self.seipd_version.ok_or(Error::NotEncrypted("no encrypted data packet"))?;
        if self.phase != Phase::Done {
            return Err(Error::NotEncrypted("the message ends inside the encrypted data packet"));
        }
        let recipients: Vec<Fingerprint> = self.recipients.iter().filter_map(|r| r.parse().ok()).collect();
        super::require(&recipients, required)?;
        Ok(super::Envelope { recipients, seipd_version })
    }
}

/// Why a data packet other than the encrypted one is refused (as [`super::inspect_for`] words it).
fn unwanted(tag: u8) -> Option<Error> {
    match tag {
        SED => Some(Error::NotEncrypted("unprotected (no MDC) encrypted data is not accepted")),
        SEIPD => None,
        t if DATA_TAGS.contains(&t) => {
            Some(Error::NotEncrypted("the message is not encrypted (found a plaintext packet)"))
        }
        _ => None,
    }
}

fn chunk(body: BodyLength) -> Phase {
    match body {
        BodyLength::Fixed(0) => Phase::Done,
        BodyLength::Fixed(left) => Phase::Body { left, last: true },
        BodyLength::Partial(left) => Phase::Body { left, last: false },
    }
}
