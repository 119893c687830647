//! Instants on the wire and in D1, parsed once at the edge: [`Timestamp`].
//!
//! Every time the worker stores or answers (`received_at`, `respond_by`, audit entries, messages,
//! timeline steps) is an RFC 3339 instant with its offset and whole seconds, written by
//! [`crate::deadline::rfc3339`], e.g. `2026-12-01T20:59:00+00:00` or `2026-12-01T23:59:59+01:00`.
//! A [`Timestamp`] holds such an instant, prints exactly that text and parses it back, so a value
//! read and written again keeps its bytes.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, SubsecRound as _, Utc};

/// Why a string is not an RFC 3339 instant.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{text}` is not an RFC 3339 time such as 2026-12-01T20:59:00+00:00 ({reason})")]
pub struct InvalidTimestamp {
    /// The refused text (at most 64 characters of it).
    pub text: String,
    /// What the parser found wrong.
    pub reason: String,
}

/// An instant with the offset it is shown in, to the second.
///
/// Display and `Serialize` write [`crate::deadline::rfc3339`] (`2026-12-01T20:59:00+00:00`);
/// `FromStr` and `Deserialize` accept any RFC 3339 time. Sub-second digits are dropped on the
/// way in, so a value always equals what it prints. Two timestamps are equal when they are the
/// same instant in the same offset (so equal values print the same text); they order by instant,
/// then by offset.
#[derive(Debug, Clone, Copy)]
pub struct Timestamp(DateTime<FixedOffset>);

impl Timestamp {
    /// The instant `t`, in its own offset, without its sub-second part.
    pub fn new(t: DateTime<FixedOffset>) -> Self {
        Self(t.trunc_subsecs(0))
    }

    /// The instant `t` shown in UTC (`+00:00`), without its sub-second part.
    pub fn from_utc(t: DateTime<Utc>) -> Self {
        Self::new(t.fixed_offset())
    }

    /// The instant with its offset.
    pub fn as_datetime(&self) -> DateTime<FixedOffset> {
        self.0
    }

    /// The instant in UTC, for arithmetic and comparisons with the clock.
    pub fn utc(&self) -> DateTime<Utc> {
        self.0.with_timezone(&Utc)
    }
}

impl From<DateTime<FixedOffset>> for Timestamp {
    fn from(t: DateTime<FixedOffset>) -> Self {
        Self::new(t)
    }
}

impl From<DateTime<Utc>> for Timestamp {
    fn from(t: DateTime<Utc>) -> Self {
        Self::from_utc(t)
    }
}

impl PartialEq for Timestamp {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Timestamp {}

impl Ord for Timestamp {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.cmp(&other.0).then_with(|| self.0.offset().local_minus_utc().cmp(&other.0.offset().local_minus_utc()))
    }
}

impl PartialOrd for Timestamp {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Hash for Timestamp {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.timestamp().hash(state);
        self.0.offset().local_minus_utc().hash(state);
    }
}

serde_as_text!(Timestamp);

impl fmt::Display for Timestamp {
    /// Honours width and alignment (`{:<25}`), for tables.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&crate::deadline::rfc3339(self.0))
    }
}

impl FromStr for Timestamp {
    type Err = InvalidTimestamp;

    fn from_str(s: &str) -> Result<Self, InvalidTimestamp> {
        DateTime::parse_from_rfc3339(s)
            .map(Self::new)
            .map_err(|e| InvalidTimestamp { text: s.chars().take(64).collect(), reason: e.to_string() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Timestamp {
        s.parse().expect("a timestamp")
    }

    #[test]
    fn canonical_text_round_trips_byte_for_byte() {
        let cases = [
            "2026-12-01T20:59:00+00:00",
            "2026-12-01T23:59:59+01:00",
            "2026-12-01T23:59:59+13:00",
            "2026-11-23T23:59:59-05:00",
            "2027-04-02T23:59:59+02:00",
            "2026-01-01T00:00:00+05:45",
            "1970-01-01T00:00:00+00:00",
            "9999-12-31T23:59:59+00:00",
        ];
        for text in cases {
            let t = ts(text);
            assert_eq!(t.to_string(), text);
            let json = format!("\"{text}\"");
            let parsed: Timestamp = serde_json::from_str(&json).expect(text);
            assert_eq!(parsed, t, "{text}");
            assert_eq!(serde_json::to_string(&parsed).expect("serialises"), json);
        }
    }

    #[test]
    fn other_rfc3339_spellings_are_read_and_written_canonically() {
        // (input, printed)
        let cases = [
            ("2026-12-01T20:59:00Z", "2026-12-01T20:59:00+00:00"),
            ("2026-12-01t20:59:00z", "2026-12-01T20:59:00+00:00"),
            ("2026-12-01T20:59:00.999Z", "2026-12-01T20:59:00+00:00"),
            ("2026-12-01T20:59:00-00:00", "2026-12-01T20:59:00+00:00"),
            ("2026-12-01 20:59:00+01:00", "2026-12-01T20:59:00+01:00"),
        ];
        for (input, printed) in cases {
            assert_eq!(ts(input).to_string(), printed, "{input}");
            assert_eq!(ts(printed), ts(input), "{input}");
        }
    }

    #[test]
    fn bad_text_is_refused_clearly() {
        let cases = [
            "",
            "now",
            "2026-12-01",
            "2026-12-01T20:59",
            "2026-12-01T20:59:00",
            "2026-12-01T20:59:00+0100",
            "2026-13-01T20:59:00+00:00",
            "2026-02-30T20:59:00+00:00",
            "2026-12-01T24:00:00+00:00",
            "2026-12-01T20:59:00+00:00 ",
            " 2026-12-01T20:59:00+00:00",
            "Tue, 1 Dec 2026 20:59:00 +0000",
        ];
        for text in cases {
            let err = text.parse::<Timestamp>().expect_err(text);
            let message = err.to_string();
            assert!(message.contains("is not an RFC 3339 time"), "{text}: {message}");
            assert!(message.starts_with(&format!("`{text}`")), "{text}: {message}");
            assert!(serde_json::from_str::<Timestamp>(&format!("\"{text}\"")).is_err(), "{text}");
        }
        assert!(serde_json::from_str::<Timestamp>("1764622740").is_err());
        let long = "x".repeat(500);
        assert_eq!(long.parse::<Timestamp>().expect_err("long").text.len(), 64);
    }

    #[test]
    fn ordering_is_by_instant_then_offset() {
        // (earlier, later)
        let cases = [
            ("2026-12-01T20:59:00+00:00", "2026-12-01T20:59:01+00:00"),
            ("2026-12-01T23:59:59+01:00", "2026-12-01T23:00:00+00:00"),
            // Instant order, not text order.
            ("2026-12-01T10:00:00+13:00", "2026-11-30T23:00:00-05:00"),
            ("2025-12-31T23:59:59+00:00", "2026-01-01T00:00:00+00:00"),
            // The same instant: the smaller offset first.
            ("2026-12-01T20:59:00+00:00", "2026-12-01T21:59:00+01:00"),
        ];
        for (earlier, later) in cases {
            assert!(ts(earlier) < ts(later), "{earlier} < {later}");
            assert!(ts(later) > ts(earlier), "{later} > {earlier}");
            assert_ne!(ts(earlier), ts(later));
        }
        let same = ts("2026-12-01T21:59:00+01:00");
        assert_eq!(same.utc(), ts("2026-12-01T20:59:00Z").utc());
        assert_eq!(same.as_datetime().offset().local_minus_utc(), 3600);
    }

    #[test]
    fn built_from_clock_times_without_sub_seconds() {
        let now = DateTime::parse_from_rfc3339("2026-11-29T16:29:59.500Z").expect("time").with_timezone(&Utc);
        let t = Timestamp::from_utc(now);
        assert_eq!(t.to_string(), "2026-11-29T16:29:59+00:00");
        assert_eq!(t, ts(&t.to_string()));
        assert_eq!(Timestamp::from(now), t);
        let local = DateTime::parse_from_rfc3339("2026-12-01T23:59:59+01:00").expect("time");
        assert_eq!(Timestamp::from(local).to_string(), crate::deadline::rfc3339(local));
    }

    #[test]
    fn pads_in_tables() {
        assert_eq!(format!("[{:<27}]", ts("2026-12-01T20:59:00Z")), "[2026-12-01T20:59:00+00:00  ]");
    }
}
