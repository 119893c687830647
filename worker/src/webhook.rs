//! Chat notifications: an optional webhook (Slack, Mattermost and Matrix hookshot all accept a
//! JSON body with `text`) signed with HMAC-SHA256. The payload carries only the case id, the
//! deadline and a link — never the title, the reporter or anything else from the report.
//!
//! The URL and the signing key are Workers secrets (`WEBHOOK_URL`, `WEBHOOK_SECRET`): a chat
//! webhook URL is itself a credential, so it never goes into the policy file. Building and signing
//! is pure and tested natively; sending is in `routes/alerts.rs`.

use hmac::{Hmac, Mac};
use sealdrop_shared::api::{Call, endpoint};
use sealdrop_shared::id::CaseId;
use serde::Serialize;
use sha2::Sha256;

/// Header with the Unix time the signature covers.
pub const TIMESTAMP_HEADER: &str = "X-Sealdrop-Timestamp";
/// Header with `sha256=<hex HMAC-SHA256 of "{timestamp}.{body}">`.
pub const SIGNATURE_HEADER: &str = "X-Sealdrop-Signature";

/// Why a webhook goes out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Event {
    /// A report arrived.
    NewReport,
    /// Half the response window passed without acknowledgement.
    Reminder,
    /// The response window passed without acknowledgement.
    Escalation,
    /// Half the time of a CRA obligation (an exploited case) passed without it being done.
    CraReminder,
    /// A CRA obligation's deadline passed without it being done.
    CraEscalation,
}

/// The JSON body. Nothing here comes from the report's content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Payload {
    /// One line for chat tools that show `text`.
    pub text: String,
    /// Why.
    pub event: Event,
    /// Case id.
    pub id: String,
    /// The respond-by instant (RFC 3339).
    pub deadline: String,
    /// Where staff look the case up.
    pub link: String,
}

impl Payload {
    /// The payload for a case.
    pub fn new(event: Event, id: &str, deadline: &str, link: &str) -> Self {
        let what = match event {
            Event::NewReport => "New vulnerability report",
            Event::Reminder => "Reminder: not yet acknowledged, report",
            Event::Escalation => "ESCALATION: response deadline passed for report",
            Event::CraReminder => "Reminder: a CRA obligation is due for exploited report",
            Event::CraEscalation => "ESCALATION: a CRA obligation is overdue for exploited report",
        };
        let by = if matches!(event, Event::CraReminder | Event::CraEscalation) { "due by" } else { "respond by" };
        Self {
            text: format!("{what} {id}; {by} {deadline}. {link}"),
            event,
            id: id.to_owned(),
            deadline: deadline.to_owned(),
            link: link.to_owned(),
        }
    }
}

/// The link for a case: the staff record on the worker's public origin.
pub fn link(base_url: Option<&str>, id: &CaseId) -> String {
    let path = endpoint::StaffRecord { id: id.clone() }.path();
    format!("{}{path}", base_url.unwrap_or("").trim_end_matches('/'))
}

/// `sha256=<hex>` of HMAC-SHA256 over `"{timestamp}.{body}"`.
pub fn signature(secret: &[u8], timestamp: i64, body: &[u8]) -> String {
    // HMAC accepts keys of any length.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret) else { return String::new() };
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// Where a webhook may go: `https://` with a host, or `http://` on loopback (local development and
/// tests); never with user information (`http://localhost:x@evil.example/` is evil.example's).
/// Parsed with `url::Url`, as a browser would, not by splitting text.
pub fn url_allowed(url: &str) -> bool {
    let Ok(parsed) = url::Url::parse(url) else { return false };
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return false;
    }
    match (parsed.scheme(), parsed.host()) {
        ("https", Some(url::Host::Domain(d))) => !d.is_empty(),
        ("https", Some(_)) => true,
        ("http", Some(url::Host::Domain(d))) => d == "localhost",
        ("http", Some(url::Host::Ipv4(ip))) => ip.is_loopback(),
        ("http", Some(url::Host::Ipv6(ip))) => ip.is_loopback(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payload_carries_only_id_deadline_and_link() {
        let p = Payload::new(
            Event::Reminder,
            "01KAY8R5S7X0V3M2QJ4N6T8W9Z",
            "2026-11-26T23:59:59+01:00",
            &link(Some("https://security.nimbus.example/"), &"01KAY8R5S7X0V3M2QJ4N6T8W9Z".parse().expect("a valid id")),
        );
        let json: serde_json::Value = serde_json::to_value(&p).expect("json");
        let keys: Vec<&str> = json.as_object().expect("object").keys().map(String::as_str).collect();
        assert_eq!(keys, ["deadline", "event", "id", "link", "text"]);
        assert_eq!(
            json["link"],
            "https://security.nimbus.example/api/v1/staff/reports/01KAY8R5S7X0V3M2QJ4N6T8W9Z/record"
        );
        assert_eq!(json["event"], "reminder");
    }

    #[test]
    fn signature_matches_an_independent_implementation() {
        // Python: hmac.new(b"Jefe", b'1700000000.{"id":1}', hashlib.sha256).hexdigest()
        assert_eq!(
            signature(b"Jefe", 1_700_000_000, br#"{"id":1}"#),
            "sha256=05b728475104591e6ba9301ccd86c0f18c79ea7330ef9b9869435607a745d2bf"
        );
        assert_ne!(signature(b"Jefe", 1, b"x"), signature(b"Jefe", 2, b"x"), "the timestamp is signed");
    }

    #[test]
    fn urls() {
        for (url, ok) in [
            ("https://hooks.slack.com/services/T/B/X", true),
            ("http://127.0.0.1:9999/hook", true),
            ("http://localhost/hook", true),
            ("http://hooks.example.com/hook", false),
            ("ftp://x", false),
            ("http://127.0.0.1.evil.example/", false),
            ("http://localhost:x@evil.example/", false),
            ("http://127.0.0.1:80@evil.example/hook", false),
            ("https://user:pw@hooks.example.com/", false),
            ("http://[::1]:8080/hook", true),
            ("https://", false),
            ("http://localhost.evil.example/", false),
        ] {
            assert_eq!(url_allowed(url), ok, "{url}");
        }
    }
}
