//! An OSV record (schema 1.7). Its id is `x_SEALDROP-<case>` (`x_` is the prefix OSV reserves
//! for local databases; a CVE id goes in `aliases`, since OSV's own `CVE-…` records carry that id);
//! the affected package is named only when staff say which (`--ecosystem`, `--package`; the
//! ecosystem must be one the vendored schema lists), with an `ECOSYSTEM` range from `0` (OSV's
//! "earliest") to the fixed version when that is one version and the affected versions are not a
//! range in words, and a single affected version in `versions`. The reporter's free-text versions, the product and the CWE go in
//! `database_specific`.

use serde_json::{Value, json};

use super::{Facts, is_single_version, zulu};
use crate::error::CliError;

/// The OSV schema version the records follow.
pub const SCHEMA_VERSION: &str = "1.7.5";

/// The vendored OSV schema: the list of ecosystems comes from it.
const SCHEMA: &str = include_str!("../../schemas/osv.json");

/// An affected package: an ecosystem the OSV schema lists (with an optional `:suffix`, as
/// `Debian:12`) and the package's name there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Package {
    /// The ecosystem.
    pub ecosystem: String,
    /// The package's name.
    pub name: String,
}

impl Package {
    /// Checks the ecosystem against the schema's list.
    pub fn new(ecosystem: &str, name: &str) -> Result<Self, CliError> {
        let known = ecosystems()?;
        let ecosystem = ecosystem.trim();
        let (base, suffix) = ecosystem.split_once(':').map_or((ecosystem, None), |(b, s)| (b, Some(s)));
        if !known.iter().any(|k| k == base) || suffix.is_some_and(str::is_empty) {
            return Err(CliError::Usage(format!(
                "`{ecosystem}` is not an OSV ecosystem; use one of: {}",
                known.join(", ")
            )));
        }
        if name.trim().is_empty() {
            return Err(CliError::Usage("--package needs the package's name in its ecosystem".into()));
        }
        Ok(Self { ecosystem: ecosystem.to_owned(), name: name.trim().to_owned() })
    }
}

/// The ecosystems the vendored schema lists (`$defs.ecosystemName.enum`).
fn ecosystems() -> Result<Vec<String>, CliError> {
    let schema: Value =
        serde_json::from_str(SCHEMA).map_err(|e| CliError::Server(format!("the vendored OSV schema: {e}")))?;
    let list = schema["$defs"]["ecosystemName"]["enum"].as_array().cloned().unwrap_or_default();
    Ok(list.into_iter().filter_map(|v| v.as_str().map(str::to_owned)).collect())
}

/// The record.
pub fn document(facts: &Facts, package: Option<&Package>) -> Value {
    let mut record = json!({
        "schema_version": SCHEMA_VERSION,
        "id": format!("x_{}", facts.tracking_id()),
        "modified": zulu(facts.now),
        "summary": facts.title_or_default(),
        "details": facts.details(),
    });
    if let Some(cve) = &facts.cve_id {
        record["aliases"] = json!([cve.to_string()]);
    }
    if let Some(date) = facts.disclosure {
        record["published"] = json!(zulu(facts.start_of(date)));
    }
    if let Some(cvss) = &facts.cvss {
        let kind = if cvss.version() == "4.0" { "CVSS_V4" } else { "CVSS_V3" };
        record["severity"] = json!([{ "type": kind, "score": cvss.to_string() }]);
    }
    if let Some(package) = package {
        let mut affected = json!({ "package": { "ecosystem": package.ecosystem, "name": package.name } });
        let (affected_versions, fixed) = (&facts.affected_versions, &facts.fixed_version);
        // "0" is OSV's "from the earliest": nothing the reporter said is narrowed. A single
        // affected version is listed as one; a range in words is only text.
        if is_single_version(fixed) && (affected_versions.is_empty() || is_single_version(affected_versions)) {
            affected["ranges"] =
                json!([{ "type": "ECOSYSTEM", "events": [{ "introduced": "0" }, { "fixed": fixed }] }]);
        }
        if is_single_version(affected_versions) {
            affected["versions"] = json!([affected_versions]);
        }
        record["affected"] = json!([affected]);
    }
    if let Some(credit) = &facts.credit {
        record["credits"] = json!([{ "name": credit, "type": "FINDER" }]);
    }
    let mut specific = json!({ "sealdrop_case": facts.case.to_string(), "vendor": facts.organisation });
    for (key, value) in [
        ("product", &facts.product),
        ("affected_versions", &facts.affected_versions),
        ("fixed_version", &facts.fixed_version),
        ("affected_host", &facts.target),
    ] {
        if !value.is_empty() {
            specific[key] = json!(value);
        }
    }
    if let Some(cwe) = &facts.cwe {
        specific["cwe_ids"] = json!([cwe.id()]);
    }
    if let Some(exploited) = facts.exploited {
        specific["exploited"] = json!(exploited.statement());
    }
    record["database_specific"] = specific;
    record
}

#[cfg(test)]
mod tests {
    use super::super::tests::facts;
    use super::*;

    #[test]
    fn the_record_names_the_package_only_when_told_and_ranges_only_a_single_fix() {
        let f = facts(Some("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"));
        let plain = document(&f, None);
        assert_eq!(plain["id"], "x_SEALDROP-01KAY8R5S7X0V3M2QJ4N6T8W9Z");
        assert_eq!(plain["severity"][0]["type"], "CVSS_V4");
        assert!(plain.get("affected").is_none());
        assert_eq!(plain["database_specific"]["affected_versions"], "2.0 to 2.3.0");
        assert_eq!(plain["published"], "2027-03-15T00:00:00Z");

        let package = Package::new("PyPI", "nimbus-sdk").expect("a listed ecosystem");
        let record = document(&f, Some(&package));
        assert_eq!(record["affected"][0]["package"]["ecosystem"], "PyPI");
        assert!(record["affected"][0].get("ranges").is_none(), "a range of affected versions is only text");
        let mut single = f.clone();
        single.affected_versions = "2.0.0".into();
        single.cve_id = Some("CVE-2026-12345".parse().expect("id"));
        let record = document(&single, Some(&package));
        assert_eq!(record["affected"][0]["ranges"][0]["events"], json!([{ "introduced": "0" }, { "fixed": "2.3.1" }]));
        assert_eq!(record["affected"][0]["versions"], json!(["2.0.0"]));
        assert_eq!(record["id"], "x_SEALDROP-01KAY8R5S7X0V3M2QJ4N6T8W9Z");
        assert_eq!(record["aliases"], json!(["CVE-2026-12345"]));
        let mut ranged = f.clone();
        ranged.fixed_version = "2.3.1 and later".into();
        assert!(document(&ranged, Some(&package))["affected"][0].get("ranges").is_none());
    }

    #[test]
    fn ecosystems_come_from_the_schema() {
        assert!(Package::new("crates.io", "nimbus").is_ok());
        assert!(Package::new("Debian:12", "nimbus").is_ok());
        let e = Package::new("Cargo", "nimbus").expect_err("not an OSV ecosystem");
        assert!(e.to_string().contains("crates.io"), "{e}");
        assert!(Package::new("npm", " ").is_err());
        assert!(Package::new("Debian:", "nimbus").is_err(), "a suffix is not empty");
        assert_eq!(Package::new(" npm ", "x").expect("trimmed").ecosystem, "npm");
    }
}
