//! CWE (Common Weakness Enumeration): the catalogue the form's weakness picker offers and the
//! advisories name, and the weakness of each `vulnerability_type` answer.
//!
//! [`CATALOGUE`] is CWE [`VERSION`]'s weaknesses as the npm package `cwe-sdk` [`PACKAGE_VERSION`]
//! carries them, without the deprecated ones and those CWE prohibits for mapping (a category, a
//! view, a deprecated entry): one `number<TAB>name` line each, by number, committed in
//! `cwe/weaknesses.tsv` and checked against the package by `tests/it/cwe.rs` (which rewrites it
//! with `SEALDROP_BLESS=1`). [`TOP_25`] is the 2025 CWE Top 25 in rank order, which the picker
//! lists first; it is newer than the catalogue package, so it is written here (every entry is in
//! the catalogue: a test says so).
//!
//! A report's weakness is the reporter's pick when there is one, else its `vulnerability_type`
//! answer's: [`of_vulnerability_type`] is the one place each answer gets its CWE, the most
//! specific entry that CWE allows for mapping and that still covers the whole answer, with the
//! catalogue's name (CSAF's mandatory test 6.1.11 compares it); most answers get none.

use std::fmt;

/// The CWE version of [`CATALOGUE`].
pub const VERSION: &str = "4.15";

/// The npm package the catalogue comes from, and its version.
pub const PACKAGE_VERSION: &str = "cwe-sdk 1.1.19";

/// The weaknesses, one `number<TAB>name` line each, by number.
pub const CATALOGUE: &str = include_str!("cwe/weaknesses.tsv");

/// The 2025 CWE Top 25 Most Dangerous Software Weaknesses, in rank order
/// (cwe.mitre.org/top25/archive/2025/2025_cwe_top25.html).
pub const TOP_25: [u32; 25] = [
    79, 89, 352, 862, 787, 22, 416, 125, 78, 94, 120, 434, 476, 121, 502, 122, 863, 20, 284, 200, 306, 918, 77, 639,
    770,
];

/// One CWE weakness.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cwe {
    /// The number (`79` for CWE-79).
    pub number: u32,
    /// The weakness's name in the CWE catalogue.
    pub name: &'static str,
}

impl Cwe {
    /// `CWE-79`.
    pub fn id(&self) -> String {
        format!("CWE-{}", self.number)
    }

    /// The catalogue's entry for a number.
    pub fn lookup(number: u32) -> Option<Cwe> {
        all().find(|c| c.number == number)
    }

    /// A weakness as people and the picker write it: `CWE-79`, `cwe 79`, `CWE79` or `79`, alone
    /// or followed by a name (`CWE-79: …`, or this type's own `CWE-79 Improper …`); it must be in
    /// the catalogue.
    pub fn parse(text: &str) -> Result<Cwe, UnknownCwe> {
        let unknown = || UnknownCwe(text.trim().chars().take(40).collect());
        let trimmed = text.trim();
        let rest = match trimmed.get(..3) {
            Some(prefix) if prefix.eq_ignore_ascii_case("cwe") => &trimmed[3..],
            _ => trimmed,
        };
        let rest = rest.trim_start_matches(['-', ' ']);
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let after = &rest[digits..];
        if digits == 0 || !(after.is_empty() || after.starts_with([':', ' '])) {
            return Err(unknown());
        }
        rest[..digits].parse().ok().and_then(Cwe::lookup).ok_or_else(unknown)
    }
}

impl fmt::Display for Cwe {
    /// `CWE-79 Improper Neutralization of Input During Web Page Generation ('Cross-site Scripting')`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CWE-{} {}", self.number, self.name)
    }
}

/// Why a text is not a weakness of the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a weakness of CWE {VERSION}")]
pub struct UnknownCwe(pub String);

/// Every weakness of the catalogue, by number.
pub fn all() -> impl Iterator<Item = Cwe> {
    CATALOGUE.lines().filter_map(|line| {
        let (number, name) = line.split_once('\t')?;
        Some(Cwe { number: number.parse().ok()?, name })
    })
}

/// The picker's order: the Top 25 by rank, then every other weakness by number.
pub fn picker_order() -> impl Iterator<Item = Cwe> {
    TOP_25.into_iter().filter_map(Cwe::lookup).chain(all().filter(|c| !TOP_25.contains(&c.number)))
}

const fn cwe(number: u32, name: &'static str) -> Option<Cwe> {
    Some(Cwe { number, name })
}

/// Each answer of the `vulnerability_type` select with its weakness, in the select's order. An
/// answer gets one only where one entry covers all it says and CWE allows that entry for mapping
/// ("Allowed", or "Allowed-with-Review" for the cryptographic class): "SQL or other injection"
/// would need the discouraged class CWE-74, "Remote code execution" is an impact rather than a
/// weakness, and the access control, authentication, disclosure and denial-of-service answers
/// would need discouraged classes or pillars, so the reporter's own pick (or staff's edit of the
/// draft) names those.
pub const BY_VULNERABILITY_TYPE: &[(&str, Option<Cwe>)] = &[
    (
        "Cross-site scripting (XSS)",
        cwe(79, "Improper Neutralization of Input During Web Page Generation ('Cross-site Scripting')"),
    ),
    ("SQL or other injection", None),
    ("Remote code execution", None),
    ("Authentication or session flaw", None),
    ("Broken access control / IDOR", None),
    ("Cross-site request forgery (CSRF)", cwe(352, "Cross-Site Request Forgery (CSRF)")),
    ("Server-side request forgery (SSRF)", cwe(918, "Server-Side Request Forgery (SSRF)")),
    ("Information disclosure", None),
    ("Cryptographic weakness", cwe(327, "Use of a Broken or Risky Cryptographic Algorithm")),
    ("Misconfiguration", None),
    ("Denial of service", None),
    ("Other", None),
];

/// The weakness of a `vulnerability_type` answer (`None` for an answer without one, or one the
/// select does not offer).
pub fn of_vulnerability_type(answer: &str) -> Option<Cwe> {
    BY_VULNERABILITY_TYPE.iter().find(|(label, _)| *label == answer.trim()).and_then(|(_, cwe)| *cwe)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::field::VULNERABILITY_TYPES;

    #[test]
    fn every_answer_of_the_select_is_mapped_once_in_its_order() {
        let labels: Vec<&str> = BY_VULNERABILITY_TYPE.iter().map(|(label, _)| *label).collect();
        assert_eq!(labels, VULNERABILITY_TYPES);
    }

    #[test]
    fn the_mapped_weaknesses_and_the_top_25_are_in_the_catalogue_with_its_names() {
        for cwe in BY_VULNERABILITY_TYPE.iter().filter_map(|(_, cwe)| *cwe) {
            assert_eq!(Cwe::lookup(cwe.number), Some(cwe), "{cwe}");
        }
        assert!(TOP_25.iter().all(|n| Cwe::lookup(*n).is_some()));
        let mut unique = TOP_25.to_vec();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), 25);
        let order: Vec<u32> = picker_order().map(|c| c.number).collect();
        assert_eq!(&order[..3], &[79, 89, 352]);
        assert_eq!(order.len(), all().count(), "every weakness once");
        let numbers: Vec<u32> = all().map(|c| c.number).collect();
        assert!(numbers.windows(2).all(|w| w[0] < w[1]), "by number, once each");
    }

    #[test]
    fn weaknesses_are_parsed_as_people_and_the_picker_write_them() {
        let shown = Cwe::lookup(79).expect("CWE-79").to_string();
        for text in
            ["CWE-79", "cwe-79", "Cwe 79", "CWE79", " 79 ", "CWE-79: Improper Neutralization", "CWE- 79", &shown]
        {
            assert_eq!(Cwe::parse(text).map(|c| c.number), Ok(79), "{text}");
        }
        for text in ["CWE-16", "CWE-391", "CWE-0", "CWE-99999", "XSS", "", "CWE-+79", "79a", "CWE-79x"] {
            assert!(Cwe::parse(text).is_err(), "{text}");
        }
        assert_eq!(
            Cwe::parse("918").map(|c| c.to_string()),
            Ok("CWE-918 Server-Side Request Forgery (SSRF)".to_owned())
        );
    }

    #[test]
    fn answers_get_their_weakness_and_others_none() {
        assert_eq!(of_vulnerability_type("Cross-site scripting (XSS)").map(|c| c.id()), Some("CWE-79".into()));
        assert_eq!(of_vulnerability_type(" Server-side request forgery (SSRF) ").map(|c| c.number), Some(918));
        for none in ["Other", "Misconfiguration", "Denial of service", "", "Something else"] {
            assert_eq!(of_vulnerability_type(none), None, "{none}");
        }
    }
}
