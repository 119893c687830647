//! Advisories out (`sealdrop export --format csaf|osv|cve`): from the decrypted report and the
//! staff record, a draft CSAF 2.0 security advisory ([`csaf`]), an OSV record ([`osv`]) and a CVE
//! JSON 5.1 record or CNA container ([`cve`]). [`Facts`] is everything the three take, gathered
//! once; each format is a pure function of it (the time included), tested natively here and
//! against the official JSON schemas (vendored in `cli/schemas/`) by independent validators in
//! `tests/e2e/export.test.mjs`.
//!
//! What goes in: title, description and impact as the reporter wrote them (a draft for staff to
//! edit: the steps to reproduce and the proof of concept never go in), the weakness of the
//! vulnerability type (`shared::cwe`), the CVSS base vector and its score, product, affected and
//! fixed versions, the affected address, the credit as consented (the name staff recorded with
//! `sealdrop credit`, else the name the reporter typed in the credit field; never the contact),
//! the planned disclosure date, and whether the case is flagged exploited. Nothing is invented:
//! free-text versions stay text, and a field the reporter left empty is left out.

pub mod csaf;
pub mod cve;
pub mod osv;

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use sealdrop_shared::cwe::{self, Cwe};
use sealdrop_shared::id::CaseId;
use sealdrop_shared::report::{Draft, FieldId};
use sealdrop_shared::severity::CvssVector;
use sealdrop_shared::staff::CaseRecord;

use crate::error::CliError;

/// Everything an advisory says, gathered from the report, the record and the policy.
#[derive(Debug, Clone)]
pub struct Facts {
    /// The case.
    pub case: CaseId,
    /// The organisation (the publisher and the vendor).
    pub organisation: String,
    /// A URL the organisation controls: its website, else the worker's policy page.
    pub namespace: String,
    /// The organisation's public contact address, if any.
    pub contact: Option<String>,
    /// The advisory's language: the policy's preferred one.
    pub lang: String,
    /// One-line summary.
    pub title: String,
    /// The reporter's description.
    pub description: String,
    /// The reporter's account of the impact (empty: none).
    pub impact: String,
    /// The weakness.
    pub cwe: Option<Cwe>,
    /// The CVSS base vector.
    pub cvss: Option<CvssVector>,
    /// Which product (empty when the policy lists none).
    pub product: String,
    /// Affected versions, as the reporter wrote them.
    pub affected_versions: String,
    /// The fixing version, as the reporter wrote it.
    pub fixed_version: String,
    /// The affected URL, host or address.
    pub target: String,
    /// Who is credited, as consented.
    pub credit: Option<String>,
    /// The planned disclosure date.
    pub disclosure: Option<NaiveDate>,
    /// When the report arrived.
    pub received_at: DateTime<Utc>,
    /// Whether the case is flagged exploited in the wild.
    pub exploited: bool,
    /// A CVE id staff were assigned.
    pub cve_id: Option<CveId>,
    /// When the document is written.
    pub now: DateTime<Utc>,
}

impl Facts {
    /// The facts of a case: its decrypted fields, its record and the policy. A CVSS answer that
    /// does not parse is left out (and said so on standard error by the caller, from `warnings`).
    pub fn gather(
        fields: &Draft,
        record: &CaseRecord,
        policy: &sealdrop_shared::policy::PublicPolicy,
        policy_page: String,
        now: DateTime<Utc>,
    ) -> (Self, Vec<String>) {
        let text = |field: FieldId| fields.text(field).trim().to_owned();
        let mut warnings = Vec::new();
        let cvss = match text(FieldId::Severity) {
            t if t.is_empty() => None,
            t => CvssVector::parse(&t)
                .map_err(|e| warnings.push(format!("the report's CVSS vector is left out: {e}")))
                .ok(),
        };
        let credit = record.credit.as_ref().map(|c| c.name.trim().to_owned()).filter(|n| !n.is_empty());
        let facts = Facts {
            case: record.id.clone(),
            organisation: policy.organisation.name.clone(),
            namespace: policy.organisation.website.clone().unwrap_or(policy_page),
            contact: policy.contact.email.as_ref().map(|e| e.as_str().to_owned()),
            lang: policy.organisation.languages.first().cloned().unwrap_or_else(|| "en".to_owned()),
            title: text(FieldId::Title),
            description: text(FieldId::Description),
            impact: text(FieldId::Impact),
            cwe: cwe::of_vulnerability_type(&text(FieldId::VulnerabilityType)),
            cvss,
            product: text(FieldId::Product),
            affected_versions: text(FieldId::AffectedVersions),
            fixed_version: text(FieldId::FixedVersion),
            target: text(FieldId::Affected),
            credit: credit.or_else(|| Some(text(FieldId::Credit)).filter(|n| !n.is_empty())),
            disclosure: record.planned_disclosure,
            received_at: record.received_at.utc(),
            exploited: record.cra.is_some(),
            cve_id: None,
            now,
        };
        (facts, warnings)
    }

    /// What the advisory is about: the product, else the affected address, else the
    /// organisation's service.
    pub fn product_name(&self) -> String {
        [&self.product, &self.target]
            .into_iter()
            .find(|t| !t.is_empty())
            .cloned()
            .unwrap_or_else(|| format!("{} service", self.organisation))
    }

    /// The title, or a generic one for a report without.
    pub fn title_or_default(&self) -> String {
        if self.title.is_empty() { format!("Vulnerability report {}", self.case) } else { self.title.clone() }
    }

    /// The description, or the title for a report without.
    pub fn description_or_title(&self) -> String {
        if self.description.is_empty() { self.title_or_default() } else { self.description.clone() }
    }

    /// The description with the impact below it.
    pub fn details(&self) -> String {
        let description = self.description_or_title();
        if self.impact.is_empty() { description } else { format!("{description}\n\nImpact:\n{}", self.impact) }
    }

    /// The draft's own identifier: `SEALDROP-<case>`.
    pub fn tracking_id(&self) -> String {
        format!("SEALDROP-{}", self.case)
    }
}

/// RFC 3339 in UTC with `Z`, to the second (what OSV requires and the others accept).
pub fn zulu(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Midnight UTC of a date.
pub fn day(date: NaiveDate) -> DateTime<Utc> {
    date.and_time(chrono::NaiveTime::MIN).and_utc()
}

/// At most `max` characters (the CVE schema's limits), with an ellipsis when cut.
pub fn at_most(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
        cut.push('…');
        cut
    }
}

/// Whether a version text names a range rather than one version (CSAF's mandatory test 6.1.31
/// lists these signs and words; a range goes in a `product_version_range`).
pub fn is_range(version: &str) -> bool {
    const WORDS: &[&str] = &["after", "all", "before", "earlier", "later", "prior", "versions", "through", "to", "and"];
    version.contains(['<', '>', ',', '*'])
        || version.split(|c: char| !c.is_alphanumeric()).any(|w| WORDS.contains(&w.to_ascii_lowercase().as_str()))
        || version.split_whitespace().count() > 1
}

/// A CVE id, `CVE-YYYY-NNNN…` (the CVE schema's pattern), parsed at the edge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CveId(String);

impl FromStr for CveId {
    type Err = CliError;

    fn from_str(text: &str) -> Result<Self, CliError> {
        let id = text.trim().to_ascii_uppercase();
        let ok = id.strip_prefix("CVE-").and_then(|rest| rest.split_once('-')).is_some_and(|(year, number)| {
            year.len() == 4
                && (4..=19).contains(&number.len())
                && year.bytes().chain(number.bytes()).all(|b| b.is_ascii_digit())
        });
        if ok { Ok(Self(id)) } else { Err(CliError::Usage(format!("`{text}` is not a CVE id (CVE-2026-12345)"))) }
    }
}

impl fmt::Display for CveId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A CNA's organisation UUID (a version 4 UUID, as the CVE schema requires), parsed at the edge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgId(String);

impl FromStr for OrgId {
    type Err = CliError;

    fn from_str(text: &str) -> Result<Self, CliError> {
        let id = text.trim().to_ascii_lowercase();
        let groups: Vec<&str> = id.split('-').collect();
        let shape = groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
            && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_hexdigit()));
        let v4 = shape && groups[2].starts_with('4') && groups[3].starts_with(['8', '9', 'a', 'b']);
        if v4 {
            Ok(Self(id))
        } else {
            Err(CliError::Usage(format!(
                "`{text}` is not a CNA organisation id (a version 4 UUID, as CVE Services list it for your CNA)"
            )))
        }
    }
}

impl fmt::Display for OrgId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Facts as a product vendor's report gives them, at a fixed time.
    pub fn facts(cvss: Option<&str>) -> Facts {
        Facts {
            case: "01KAY8R5S7X0V3M2QJ4N6T8W9Z".parse().expect("id"),
            organisation: "Nimbus Cloud".into(),
            namespace: "https://nimbus.example/".into(),
            contact: Some("security@nimbus.example".into()),
            lang: "en".into(),
            title: "SSRF in the webhook tester".into(),
            description: "The tester fetches any URL.".into(),
            impact: "Reads cloud metadata.".into(),
            cwe: cwe::of_vulnerability_type("Server-side request forgery (SSRF)"),
            cvss: cvss.map(|v| CvssVector::parse(v).expect("vector")),
            product: "Nimbus CLI".into(),
            affected_versions: "2.0 to 2.3.0".into(),
            fixed_version: "2.3.1".into(),
            target: String::new(),
            credit: Some("Ada".into()),
            disclosure: NaiveDate::from_ymd_opt(2027, 3, 15),
            received_at: "2026-12-01T09:30:00Z".parse().expect("time"),
            exploited: false,
            cve_id: None,
            now: "2026-12-07T12:00:00Z".parse().expect("time"),
        }
    }

    #[test]
    fn ids_are_parsed_at_the_edge() {
        assert_eq!("cve-2026-12345".parse::<CveId>().expect("id").to_string(), "CVE-2026-12345");
        for bad in ["CVE-26-1234", "CVE-2026-123", "2026-12345", "CVE-2026-12x45", ""] {
            assert!(bad.parse::<CveId>().is_err(), "{bad}");
        }
        let org = "B3476CAC-1A4D-4E3B-9C1A-5C3E8E2D0F11".parse::<OrgId>().expect("uuid");
        assert_eq!(org.to_string(), "b3476cac-1a4d-4e3b-9c1a-5c3e8e2d0f11");
        for bad in ["b3476cac-1a4d-1e3b-9c1a-5c3e8e2d0f11", "b3476cac-1a4d-4e3b-7c1a-5c3e8e2d0f11", "not-a-uuid", ""] {
            assert!(bad.parse::<OrgId>().is_err(), "{bad}");
        }
    }

    #[test]
    fn ranges_are_told_from_single_versions() {
        for range in ["< 2.3.1", "2.0 to 2.3.0", "all versions", "2.x before 2.3", "2.1, 2.2", "<=2.2"] {
            assert!(is_range(range), "{range}");
        }
        for single in ["2.3.1", "v2.3.1", "2023.11", "1.0.0-rc.1"] {
            assert!(!is_range(single), "{single}");
        }
    }

    #[test]
    fn the_product_falls_back_to_the_address_then_the_service() {
        let mut f = facts(None);
        assert_eq!(f.product_name(), "Nimbus CLI");
        f.product.clear();
        f.target = "https://api.nimbus.example/".into();
        assert_eq!(f.product_name(), "https://api.nimbus.example/");
        f.target.clear();
        assert_eq!(f.product_name(), "Nimbus Cloud service");
        assert_eq!(at_most("abcdef", 4), "abc…");
        assert_eq!(zulu(f.now), "2026-12-07T12:00:00Z");
    }
}
