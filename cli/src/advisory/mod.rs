//! Advisories out (`sealdrop export --format csaf|osv|cve`): from the decrypted report and the
//! staff record, a draft CSAF 2.0 security advisory ([`csaf`]), an OSV record ([`osv`]) and a CVE
//! JSON 5.1 record or CNA container ([`cve`]). [`Facts`] is everything the three take, gathered
//! once; each format is a pure function of it (the time included), tested natively here and
//! against the official JSON schemas (vendored in `cli/schemas/`) by independent validators in
//! `tests/e2e/export.test.mjs`.
//!
//! What goes in: title, description and impact as the reporter wrote them (a draft for staff to
//! edit: the steps to reproduce and the proof of concept never go in), the weakness (the reporter's
//! CWE, else the one of the vulnerability type: `shared::cwe`), the CVSS base vector and its score,
//! product, affected and fixed versions, the affected address, the credit as consented (the name
//! staff recorded with `sealdrop credit`, else the name the reporter typed in the credit field;
//! never the contact), the planned disclosure date, and whether the case is flagged exploited.
//! Nothing is invented: free-text versions stay text, and a field the reporter left empty is left
//! out.

pub mod csaf;
pub mod cve;
pub mod osv;

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, TimeZone as _, Utc};
use sealdrop_shared::cwe::{self, Cwe};
use sealdrop_shared::id::CaseId;
use sealdrop_shared::report::{Draft, FieldId};
use sealdrop_shared::scope::Affected;
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
    /// The affected host or address (a URL's path and query, which may carry the proof of
    /// concept, are left out).
    pub target: String,
    /// Who is credited, as consented.
    pub credit: Option<String>,
    /// The planned disclosure date, a day in [`Self::time_zone`].
    pub disclosure: Option<NaiveDate>,
    /// The policy's time zone.
    pub time_zone: chrono_tz::Tz,
    /// When the report arrived.
    pub received_at: DateTime<Utc>,
    /// Whether, and by whom, the case is flagged exploited in the wild (not once withdrawn).
    pub exploited: Option<Exploitation>,
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
        let language = policy.organisation.languages.first().map_or("en", String::as_str);
        if !language.eq_ignore_ascii_case("en") && !language.to_ascii_lowercase().starts_with("en-") {
            warnings.push(format!(
                "the policy's first language is `{language}`, but the advisory is labelled English (`en`), as its own \
                 wording is: translate the reporter's text, or change the label, before publishing"
            ));
        }
        let website = policy.organisation.website.as_deref().map(str::trim);
        let namespace = match (website, &policy.publish.base_url) {
            (Some(w), _) if w.starts_with("https://") || w.starts_with("http://") => w.to_owned(),
            (_, Some(base)) => format!("{base}/policy/"),
            _ => policy_page,
        };
        let exploited = record
            .cra
            .as_ref()
            .filter(|cra| cra.is_exploited())
            .map(|cra| if cra.by_reporter() { Exploitation::ReporterBelieves } else { Exploitation::StaffFlagged });
        let facts = Facts {
            case: record.id.clone(),
            organisation: policy.organisation.name.clone(),
            namespace,
            contact: policy.contact.email.as_ref().map(|e| e.as_str().to_owned()),
            title: text(FieldId::Title),
            description: text(FieldId::Description),
            impact: text(FieldId::Impact),
            cwe: Cwe::parse(&text(FieldId::Weakness))
                .ok()
                .or_else(|| cwe::of_vulnerability_type(&text(FieldId::VulnerabilityType))),
            cvss,
            product: text(FieldId::Product),
            affected_versions: version_text(&text(FieldId::AffectedVersions)),
            fixed_version: version_text(&text(FieldId::FixedVersion)),
            target: Affected::parse(&text(FieldId::Affected)).and_then(|a| a.host()).unwrap_or_default(),
            credit: credit.or_else(|| Some(text(FieldId::Credit)).filter(|n| !n.is_empty())),
            disclosure: record.planned_disclosure,
            time_zone: policy.response.time_zone,
            received_at: record.received_at.utc(),
            exploited,
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

    /// The first moment of a day in the policy's time zone (the planned disclosure date means
    /// that day where the organisation is), in UTC.
    pub fn start_of(&self, date: NaiveDate) -> DateTime<Utc> {
        let local = date.and_time(chrono::NaiveTime::MIN);
        self.time_zone.from_local_datetime(&local).earliest().map_or_else(|| local.and_utc(), |t| t.with_timezone(&Utc))
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

/// Whether the case is exploited, and who says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exploitation {
    /// The reporter ticked "being exploited in the wild"; staff have not confirmed it.
    ReporterBelieves,
    /// Staff flagged it after triage (`sealdrop exploited`).
    StaffFlagged,
}

impl Exploitation {
    /// The advisory's sentence.
    pub fn statement(self) -> &'static str {
        match self {
            Exploitation::ReporterBelieves => {
                "The reporter believes this vulnerability is being exploited in the wild (not confirmed)."
            }
            Exploitation::StaffFlagged => "This vulnerability is being exploited in the wild.",
        }
    }
}

/// A version answer, with the ways people say "I don't know" read as no answer.
pub fn version_text(text: &str) -> String {
    const UNKNOWN: &[&str] = &["-", "?", "n/a", "na", "unknown", "none", "tbd", "not known", "no idea"];
    let text = text.trim();
    if UNKNOWN.contains(&text.to_ascii_lowercase().as_str()) { String::new() } else { text.to_owned() }
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

/// Whether a version text names one version: letters, digits and `.`, `_`, `-` or `+` (a
/// pre-release or build suffix after a digit), starting with a digit or `v`, with no wildcard
/// segment (`2.x`, `*`) and no dash between two numbers (`2.0-2.3`). Anything else (`< 2.3.1`,
/// `2.0 to 2.3.0`, `^2.0`, `all versions`) is a range, which CSAF keeps in a
/// `product_version_range` (its mandatory test 6.1.31 refuses ranges as versions) and OSV and
/// CVE only as text.
pub fn is_single_version(version: &str) -> bool {
    let v = version.strip_prefix(['v', 'V']).unwrap_or(version);
    let chars: Vec<char> = v.chars().collect();
    let allowed = |c: &char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '+');
    let wildcard = v.split(['.', '-', '_', '+']).any(|part| part.eq_ignore_ascii_case("x") || part == "*");
    let dash_between_numbers = chars.windows(3).any(|w| w[1] == '-' && w[0].is_ascii_digit() && w[2].is_ascii_digit());
    chars.first().is_some_and(char::is_ascii_digit) && chars.iter().all(allowed) && !wildcard && !dash_between_numbers
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
            time_zone: chrono_tz::Tz::UTC,
            received_at: "2026-12-01T09:30:00Z".parse().expect("time"),
            exploited: None,
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
        for range in [
            "< 2.3.1",
            "2.0 to 2.3.0",
            "all versions",
            "2.x",
            "2.0-2.3",
            "2.0–2.3",
            "≤2.3",
            "^2.0",
            "~2.3",
            "2.1, 2.2",
            "<=2.2",
            "*",
            "before 2.3",
        ] {
            assert!(!is_single_version(range), "{range}");
        }
        for single in ["2.3.1", "v2.3.1", "2023.11", "1.0.0-rc.1", "2.0+build5", "10"] {
            assert!(is_single_version(single), "{single}");
        }
        for unknown in ["-", "?", "N/A", " unknown "] {
            assert_eq!(version_text(unknown), "", "{unknown}");
        }
        assert_eq!(version_text(" 2.3.1 "), "2.3.1");
    }

    #[test]
    fn the_disclosure_day_starts_where_the_organisation_is() {
        let mut f = facts(None);
        let day = NaiveDate::from_ymd_opt(2027, 3, 15).expect("date");
        assert_eq!(zulu(f.start_of(day)), "2027-03-15T00:00:00Z");
        f.time_zone = chrono_tz::America::New_York;
        assert_eq!(zulu(f.start_of(day)), "2027-03-15T04:00:00Z", "midnight in New York (EDT)");
        f.time_zone = chrono_tz::Europe::Amsterdam;
        assert_eq!(zulu(f.start_of(day)), "2027-03-14T23:00:00Z");
    }

    #[test]
    fn the_product_falls_back_to_the_address_then_the_service() {
        let mut f = facts(None);
        assert_eq!(f.product_name(), "Nimbus CLI");
        f.product.clear();
        f.target = "api.nimbus.example".into();
        assert_eq!(f.product_name(), "api.nimbus.example");
        f.target.clear();
        assert_eq!(f.product_name(), "Nimbus Cloud service");
        assert_eq!(at_most("abcdef", 4), "abc…");
        assert_eq!(zulu(f.now), "2026-12-07T12:00:00Z");
    }
}
