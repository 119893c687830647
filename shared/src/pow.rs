//! Proof of work without a third party, in ALTCHA's v1 format: the worker hands out a challenge
//! (`GET /api/v1/challenge`), the widget finds the number behind it while the reporter types, and
//! every report, look-up and answer carries the solution in [`POW_HEADER`].
//!
//! A challenge is `{algorithm, challenge, maxnumber, salt, signature}`: `salt` is random hex with
//! the query `?expires=<unix seconds>&`, `challenge` is hex SHA-256 of `salt` followed by a secret
//! number in `0..=maxnumber` in decimal, and `signature` is hex HMAC-SHA-256 of `challenge` under
//! the worker's key. A client tries numbers until the hash matches (on average `maxnumber / 2`
//! hashes); the worker checks one hash and one HMAC. A solution is the challenge's fields without
//! `maxnumber` plus `number`, as base64 JSON: exactly what ALTCHA's `verifySolution` reads, and
//! `altcha-lib` checks the worker's challenges in the end-to-end tests.
//!
//! What this module cannot know, the worker adds: a solution is spent once (bound to the
//! request's idempotency key, so a retry after a `503` may reuse it), see the worker's
//! `routes/work.rs`.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The request header that carries a solution.
pub const POW_HEADER: &str = "X-Sealdrop-Pow";

/// The only algorithm issued and accepted.
pub const ALGORITHM: &str = "SHA-256";

/// How long a challenge stays valid, in seconds: long enough for a reporter who opens the form,
/// writes for a while and sends (the widget fetches a new one when less than a minute is left).
pub const LIFETIME_SECS: u64 = 30 * 60;

/// The default difficulty (`maxnumber`), ALTCHA's own default: half a million SHA-256 hashes on
/// average, a fraction of a second in the widget, paid again for every request a script sends.
pub const DEFAULT_DIFFICULTY: u64 = 1_000_000;

/// A challenge, as the worker sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Challenge {
    /// Always [`ALGORITHM`].
    pub algorithm: String,
    /// Hex SHA-256 of `salt` + the secret number.
    pub challenge: String,
    /// The largest number the secret may be.
    pub maxnumber: u64,
    /// Random hex, then `?expires=<unix seconds>&`.
    pub salt: String,
    /// Hex HMAC-SHA-256 of `challenge` under the worker's key.
    pub signature: String,
}

/// A solved challenge, as a request carries it (base64 JSON in [`POW_HEADER`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Solution {
    /// Always [`ALGORITHM`].
    pub algorithm: String,
    /// The challenge's hash.
    pub challenge: String,
    /// The number found.
    pub number: u64,
    /// The challenge's salt.
    pub salt: String,
    /// The challenge's signature.
    pub signature: String,
}

/// Why a solution is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PowError {
    /// No solution was sent, or it is not base64 JSON of the right shape.
    #[error(
        "this request needs a proof of work: get a challenge from /api/v1/challenge and send its solution in X-Sealdrop-Pow"
    )]
    Missing,
    /// The number does not solve the challenge, or the signature is not the worker's.
    #[error("the proof of work does not solve a challenge this server issued")]
    Invalid,
    /// The challenge's time is up.
    #[error("the proof of work's challenge has expired; get a new one")]
    Expired,
}

type HmacSha256 = Hmac<Sha256>;

fn sha256_hex(salt: &str, number: u64) -> String {
    let mut hasher = Sha256::new();
    hasher.update(salt.as_bytes());
    hasher.update(number.to_string().as_bytes());
    hex::encode(hasher.finalize())
}

/// `None` never happens (HMAC takes keys of any length), but the type says it could.
fn hmac_hex(key: &[u8], challenge: &str) -> Option<String> {
    let mut mac = HmacSha256::new_from_slice(key).ok()?;
    mac.update(challenge.as_bytes());
    Some(hex::encode(mac.finalize().into_bytes()))
}

/// Compares two hex strings in time that does not depend on where they differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

impl Challenge {
    /// A new challenge: `random` picks the salt (its first 12 bytes) and the secret number (the
    /// last 8, reduced to `0..=maxnumber`); it expires at `expires` (Unix seconds).
    pub fn new(key: &[u8], maxnumber: u64, random: [u8; 20], expires: u64) -> Self {
        let maxnumber = maxnumber.max(1);
        let mut tail = [0u8; 8];
        tail.copy_from_slice(&random[12..]);
        let number = u64::from_le_bytes(tail) % maxnumber.saturating_add(1);
        // The trailing `&` keeps the salt's end apart from the number (ALTCHA does the same: no
        // salt ending in a digit can be re-split into another salt and number).
        let salt = format!("{}?expires={expires}&", hex::encode(&random[..12]));
        let challenge = sha256_hex(&salt, number);
        // An empty signature (if HMAC ever refused the key) verifies nothing.
        let signature = hmac_hex(key, &challenge).unwrap_or_default();
        Self { algorithm: ALGORITHM.to_owned(), challenge, maxnumber, salt, signature }
    }

    /// Tries the numbers in `from..to` (capped at `maxnumber`): the widget calls this in slices
    /// so the page never waits on it.
    pub fn search(&self, from: u64, to: u64) -> Option<Solution> {
        let to = to.min(self.maxnumber.saturating_add(1));
        (from..to).find(|n| sha256_hex(&self.salt, *n) == self.challenge).map(|number| self.solution(number))
    }

    /// Tries every number: what a script (or the load test) does.
    pub fn solve(&self) -> Option<Solution> {
        self.search(0, u64::MAX)
    }

    /// When it expires (Unix seconds), from its salt.
    pub fn expires(&self) -> Option<u64> {
        expires_of(&self.salt)
    }

    fn solution(&self, number: u64) -> Solution {
        Solution {
            algorithm: self.algorithm.clone(),
            challenge: self.challenge.clone(),
            number,
            salt: self.salt.clone(),
            signature: self.signature.clone(),
        }
    }
}

/// The `expires` parameter of a salt (`…?expires=N&…`).
fn expires_of(salt: &str) -> Option<u64> {
    let (_, query) = salt.split_once('?')?;
    query.split('&').find_map(|pair| pair.strip_prefix("expires=")).and_then(|n| n.parse().ok())
}

impl Solution {
    /// The header value: base64 of the JSON.
    pub fn to_header(&self) -> String {
        let json = serde_json::to_string(self).unwrap_or_default();
        STANDARD.encode(json)
    }

    /// Reads a header value; anything malformed is [`PowError::Missing`].
    pub fn from_header(value: &str) -> Result<Self, PowError> {
        let bytes = STANDARD.decode(value.trim()).map_err(|_| PowError::Missing)?;
        serde_json::from_slice(&bytes).map_err(|_| PowError::Missing)
    }

    /// Checks the solution against the worker's key at `now` (Unix seconds): the algorithm, the
    /// signature, the hash and the expiry. Answers when it expires, for the spent-solution record.
    pub fn verify(&self, key: &[u8], now: u64) -> Result<u64, PowError> {
        if self.algorithm != ALGORITHM {
            return Err(PowError::Invalid);
        }
        // Only challenges this worker signed, and only with an expiry.
        if !hmac_hex(key, &self.challenge).is_some_and(|ours| same(&ours, &self.signature)) {
            return Err(PowError::Invalid);
        }
        if !same(&sha256_hex(&self.salt, self.number), &self.challenge) {
            return Err(PowError::Invalid);
        }
        let expires = expires_of(&self.salt).ok_or(PowError::Invalid)?;
        if expires <= now {
            return Err(PowError::Expired);
        }
        Ok(expires)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &[u8] = b"test hmac key";

    fn challenge(max: u64, expires: u64) -> Challenge {
        Challenge::new(KEY, max, [7; 20], expires)
    }

    #[test]
    fn a_solution_verifies_until_it_expires() {
        let c = challenge(5_000, 1_000);
        assert!(c.salt.ends_with("?expires=1000&"), "{}", c.salt);
        assert_eq!(c.expires(), Some(1_000));
        let s = c.solve().expect("solvable");
        assert!(s.number <= 5_000);
        assert_eq!(s.verify(KEY, 999), Ok(1_000));
        assert_eq!(s.verify(KEY, 1_000), Err(PowError::Expired));
        let round = Solution::from_header(&s.to_header()).expect("round trip");
        assert_eq!(round, s);
    }

    #[test]
    fn forged_or_altered_solutions_are_refused() {
        let s = challenge(2_000, 1_000).solve().expect("solvable");
        let cases: Vec<(&str, &[u8], Solution)> = vec![
            ("another key's signature", b"another key", s.clone()),
            ("wrong number", KEY, Solution { number: s.number + 1, ..s.clone() }),
            (
                "later expiry in the salt",
                KEY,
                Solution { salt: s.salt.replace("expires=1000", "expires=9999"), ..s.clone() },
            ),
            ("other algorithm", KEY, Solution { algorithm: "SHA-1".into(), ..s.clone() }),
            ("flipped signature", KEY, Solution { signature: s.signature.replace('a', "b"), ..s.clone() }),
        ];
        for (what, key, solution) in cases {
            assert_eq!(solution.verify(key, 10), Err(PowError::Invalid), "{what}");
        }
        assert_eq!(s.verify(KEY, 10), Ok(1_000), "the unaltered solution verifies");
        // A challenge without an expiry, even signed with the right key, is not one of ours.
        let salt = "00ff".to_owned();
        let challenge = sha256_hex(&salt, 3);
        let signature = hmac_hex(KEY, &challenge).expect("hmac");
        let no_expiry = Solution { algorithm: ALGORITHM.into(), challenge, number: 3, salt, signature };
        assert_eq!(no_expiry.verify(KEY, 10), Err(PowError::Invalid));
    }

    #[test]
    fn malformed_headers_are_missing_solutions() {
        for value in ["", "not base64!", "e30=", &STANDARD.encode("[1,2]")] {
            assert_eq!(Solution::from_header(value), Err(PowError::Missing), "{value:?}");
        }
    }

    #[test]
    fn searching_in_slices_finds_the_same_number() {
        let c = challenge(3_000, 1_000);
        let whole = c.solve().expect("solvable");
        let sliced = (0..=3_000u64).step_by(250).find_map(|from| c.search(from, from + 250)).expect("found");
        assert_eq!(whole, sliced);
        assert_eq!(c.search(3_001, u64::MAX), None, "nothing above maxnumber");
    }

    /// A challenge made by altcha-lib 1.x (`createChallenge({hmacKey: "test hmac key", number: 42,
    /// salt: "0123456789abcdef01234567", expires: 2000000000})`), verified here: the format is
    /// ALTCHA's, not merely similar.
    #[test]
    fn altcha_lib_challenges_verify() {
        let fixture = include_str!("../../tests/fixtures/altcha/challenge.json");
        let value: serde_json::Value = serde_json::from_str(fixture).expect("json");
        let solution = Solution::from_header(value["payload"].as_str().expect("payload")).expect("payload");
        assert_eq!(solution.number, value["number"].as_u64().expect("number"));
        assert!(solution.verify(value["hmacKey"].as_str().expect("key").as_bytes(), 1_900_000_000).is_ok());
    }
}
