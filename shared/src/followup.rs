//! The reporter follow-up channel, on the wire. The browser derives a lookup token and a reply key
//! from the receipt ([`crate::receipt`]); the worker stores only the token's hash and the reply
//! key's public half, and never sees the receipt, the secret key or any plaintext message.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::id::MessageId;
use crate::staff::Status;
use crate::time::Timestamp;

/// Submission header: hex SHA-256 of the lookup token.
pub const LOOKUP_HEADER: &str = "X-Sealdrop-Lookup";
/// Submission header: the reply key's public half, binary OpenPGP, standard base64.
pub const REPLY_KEY_HEADER: &str = "X-Sealdrop-Reply-Key";
/// Reporter-message header: the lookup token, hex.
pub const RECEIPT_HEADER: &str = "X-Sealdrop-Receipt";
/// Largest accepted reply key (binary).
pub const MAX_REPLY_KEY_BYTES: usize = 8 * 1024;

/// `POST /api/v1/followup`: the lookup token, hex. A POST body, so it never lands in URLs or
/// access logs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LookupRequest {
    /// 64 lower-case hex digits.
    pub token: String,
}

/// Parses a hex lookup token (32 bytes).
pub fn parse_token(hex_token: &str) -> Option<[u8; 32]> {
    let bytes = hex::decode(hex_token.trim()).ok()?;
    bytes.try_into().ok()
}

/// Parses a hex SHA-256 digest as the submission carries it.
pub fn is_lookup_hash(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Who wrote a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Author {
    /// The security team (encrypted to the reply key and the organisation key).
    Staff,
    /// The reporter (encrypted to the organisation key and any staff keys).
    Reporter,
}

impl Author {
    /// The stable name stored in D1.
    pub fn as_str(self) -> &'static str {
        match self {
            Author::Staff => "staff",
            Author::Reporter => "reporter",
        }
    }
}

/// A message on a case, still encrypted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    /// Message id (ULID).
    pub id: MessageId,
    /// When the worker stored it.
    pub at: Timestamp,
    /// Who wrote it.
    pub author: Author,
    /// The ASCII-armored OpenPGP message.
    pub armored: String,
}

/// One dated step of a case's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineStep {
    /// The status reached.
    pub status: Status,
    /// When it was reached.
    pub at: Timestamp,
    /// With `accepted` or `fixing`: the expected resolution date.
    #[serde(default)]
    pub expected_resolution: Option<NaiveDate>,
}

/// What the reporter sees (`POST /api/v1/followup`): the case, its timeline and its messages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseView {
    /// Case id.
    pub id: crate::id::CaseId,
    /// When the worker received the report.
    pub received_at: Timestamp,
    /// The end of the promised response window.
    pub respond_by: Timestamp,
    /// Every status change, oldest first, starting with `received`.
    pub timeline: Vec<TimelineStep>,
    /// The planned disclosure date, once staff set one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub planned_disclosure: Option<chrono::NaiveDate>,
    /// Messages both ways, oldest first.
    pub messages: Vec<Message>,
}

/// `GET /api/v1/staff/reports/{id}/messages` and the answer to a new message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageList {
    /// Oldest first.
    pub messages: Vec<Message>,
}

/// The answer to a posted message (`201`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageAnswer {
    /// Message id.
    pub id: MessageId,
    /// When the worker stored it.
    pub at: Timestamp,
}

/// Where each stage of the reporter's timeline stands, for display: the fixed stages in order,
/// each with the step that reached it (if any).
pub fn stages(timeline: &[TimelineStep]) -> Vec<(&'static str, Option<&TimelineStep>)> {
    let reached = |pred: &dyn Fn(Status) -> bool| timeline.iter().rev().find(|s| pred(s.status));
    vec![
        ("Received", reached(&|s| s == Status::Received)),
        (
            "Acknowledged",
            reached(&|s| s == Status::Acknowledged).or_else(|| timeline.iter().find(|s| s.status.is_acknowledged())),
        ),
        ("Triaged", reached(&|s| s.is_triage())),
        ("Fixing", reached(&|s| s == Status::Fixing)),
        ("Resolved", reached(&|s| s == Status::Resolved)),
        ("Disclosed", reached(&|s| s == Status::Disclosed)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(status: Status, at: &str) -> TimelineStep {
        TimelineStep { status, at: at.parse().expect("a timestamp"), expected_resolution: None }
    }

    #[test]
    fn stages_of_a_timeline() {
        let t = vec![
            step(Status::Received, "2026-11-23T10:00:00+00:00"),
            step(Status::Accepted, "2026-11-24T10:00:00+00:00"),
            step(Status::Fixing, "2026-11-25T10:00:00+00:00"),
        ];
        let s = stages(&t);
        let reached: Vec<(&str, Option<String>)> = s.iter().map(|(n, st)| (*n, st.map(|x| x.at.to_string()))).collect();
        let expected: Vec<(&str, Option<&str>)> = vec![
            ("Received", Some("2026-11-23T10:00:00+00:00")),
            // Triage implies acknowledgement: dated by the first step after `received`.
            ("Acknowledged", Some("2026-11-24T10:00:00+00:00")),
            ("Triaged", Some("2026-11-24T10:00:00+00:00")),
            ("Fixing", Some("2026-11-25T10:00:00+00:00")),
            ("Resolved", None),
            ("Disclosed", None),
        ];
        let expected: Vec<(&str, Option<String>)> =
            expected.into_iter().map(|(n, at)| (n, at.map(str::to_owned))).collect();
        assert_eq!(reached, expected);
    }

    /// Times and message ids are typed, yet the JSON keeps its bytes.
    #[test]
    fn case_views_keep_their_bytes() {
        let view = r#"{"id":"01KAY8R5S7X0V3M2QJ4N6T8W9A","received_at":"2026-11-23T10:00:00+00:00","respond_by":"2026-11-26T23:59:59+01:00","timeline":[{"status":"received","at":"2026-11-23T10:00:00+00:00","expected_resolution":null},{"status":"fixing","at":"2026-11-24T08:30:00+00:00","expected_resolution":"2027-01-15"}],"messages":[{"id":"01KAY8R5S7X0V3M2QJ4N6T8W9B","at":"2026-11-24T08:31:00+00:00","author":"staff","armored":"-----BEGIN PGP MESSAGE-----"}]}"#;
        let parsed: CaseView = serde_json::from_str(view).expect("a case view");
        assert_eq!(serde_json::to_string(&parsed).expect("json"), view);
        let answer = r#"{"id":"01KAY8R5S7X0V3M2QJ4N6T8W9B","at":"2026-11-24T08:31:00+00:00"}"#;
        let parsed: MessageAnswer = serde_json::from_str(answer).expect("an answer");
        assert_eq!(serde_json::to_string(&parsed).expect("json"), answer);
        assert!(serde_json::from_str::<MessageAnswer>(&answer.replace("01KAY", "../..")).is_err());
    }

    #[test]
    fn tokens_and_hashes() {
        assert!(parse_token(&"ab".repeat(32)).is_some());
        assert!(parse_token(&"ab".repeat(31)).is_none());
        assert!(parse_token("zz").is_none());
        assert!(is_lookup_hash(&"0f".repeat(32)));
        assert!(!is_lookup_hash(&"0F".repeat(32)));
        assert!(!is_lookup_hash("0f"));
    }
}
