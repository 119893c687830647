//! A CVE JSON 5.1 record: with a CVE id and the assigning CNA's organisation id, the whole
//! `CVE_RECORD` (state `PUBLISHED`, as CVE Services will hold it); without them, the CNA container
//! alone, which is what a CNA submits (`cve publish` in cvelib, Vulnogram). The container names
//! the vendor and product with the reporter's versions (a single affected version `affected`, a
//! single fixed one `unaffected`; a range written in words stays words, in the description), the
//! CWE as the problem type, the CVSS metrics, the credit as `finder`, the planned disclosure date as
//! `datePublic`, and a reference to the organisation (its website, else the public policy page).

use serde_json::{Value, json};

use super::{Facts, OrgId, at_most, is_single_version, zulu};

/// Stands in for the CNA's organisation id in a container written without `--assigner`; CVE
/// Services replace `providerMetadata` on submission, and `sealdrop export` says to.
pub const PLACEHOLDER_ORG: &str = "00000000-0000-4000-8000-000000000000";

/// The container, or (with both) the whole record.
pub fn document(facts: &Facts, assigner: Option<&OrgId>) -> Value {
    let cna = container(facts, assigner);
    match (&facts.cve_id, assigner) {
        (Some(cve), Some(assigner)) => json!({
            "dataType": "CVE_RECORD",
            "dataVersion": "5.1",
            "cveMetadata": {
                "cveId": cve.to_string(),
                "assignerOrgId": assigner.to_string(),
                "state": "PUBLISHED",
            },
            "containers": { "cna": cna },
        }),
        _ => cna,
    }
}

fn english(value: &str, max: usize) -> Value {
    json!({ "lang": "en", "value": at_most(value, max) })
}

/// The reporter's versions, split by what the record can hold: single versions as `versions`
/// entries (the schema's "a single version": the affected one `affected`, the fixed one
/// `unaffected`), and a range written in words as a sentence for the description.
fn versions(facts: &Facts) -> (Vec<Value>, Vec<String>) {
    let mut entries = Vec::new();
    let mut sentences = Vec::new();
    for (text, status, label) in
        [(&facts.affected_versions, "affected", "Affected versions"), (&facts.fixed_version, "unaffected", "Fixed in")]
    {
        if is_single_version(text) {
            entries.push(json!({ "version": at_most(text, 1024), "status": status }));
        } else if !text.is_empty() {
            sentences.push(format!("{label} (as reported): {text}."));
        }
    }
    (entries, sentences)
}

/// The description: the reporter's, the impact, and the versions only a sentence can say. The
/// record holds at most [`MAX_DESCRIPTION`] characters of it.
pub fn description(facts: &Facts) -> String {
    let (_, sentences) = versions(facts);
    if sentences.is_empty() { facts.details() } else { format!("{}\n\n{}", facts.details(), sentences.join("\n")) }
}

/// The CVE schema's limit for a description.
pub const MAX_DESCRIPTION: usize = 4096;

fn container(facts: &Facts, assigner: Option<&OrgId>) -> Value {
    let org = assigner.map_or_else(|| PLACEHOLDER_ORG.to_owned(), ToString::to_string);
    let (versions, _) = versions(facts);
    let mut product = json!({
        "vendor": at_most(&facts.organisation, 512),
        "product": at_most(&facts.product_name(), 2048),
        "defaultStatus": if versions.is_empty() { "affected" } else { "unknown" },
    });
    if !versions.is_empty() {
        product["versions"] = json!(versions);
    }
    let mut cna = json!({
        "providerMetadata": { "orgId": org },
        "title": at_most(&facts.title_or_default(), 256),
        "descriptions": [english(&description(facts), MAX_DESCRIPTION)],
        "affected": [product],
        "references": [{ "url": facts.namespace }],
        "source": { "discovery": "EXTERNAL" },
    });
    if let Some(cwe) = &facts.cwe {
        cna["problemTypes"] = json!([{ "descriptions": [{
            "lang": "en",
            "cweId": cwe.id(),
            "description": format!("{} {}", cwe.id(), cwe.name),
            "type": "CWE",
        }] }]);
    }
    if let Some(cvss) = &facts.cvss {
        let key = match cvss.version() {
            "4.0" => "cvssV4_0",
            "3.0" => "cvssV3_0",
            _ => "cvssV3_1",
        };
        let metric = json!({
            "version": cvss.version(),
            "vectorString": cvss.to_string(),
            "baseScore": cvss.score(),
            "baseSeverity": cvss.rating().to_ascii_uppercase(),
        });
        cna["metrics"] = json!([{ "format": "CVSS", key: metric }]);
    }
    if let Some(credit) = &facts.credit {
        cna["credits"] = json!([{ "lang": "en", "value": at_most(credit, 4096), "type": "finder" }]);
    }
    if let Some(date) = facts.disclosure {
        cna["datePublic"] = json!(zulu(facts.start_of(date)));
    }
    if !facts.fixed_version.is_empty() {
        cna["solutions"] = json!([english(&format!("Update to {}.", facts.fixed_version), 4096)]);
    }
    if let Some(exploited) = facts.exploited {
        cna["exploits"] = json!([english(exploited.statement(), 4096)]);
    }
    cna
}

#[cfg(test)]
mod tests {
    use super::super::tests::facts;
    use super::*;

    #[test]
    fn with_an_id_and_an_assigner_it_is_a_record_else_a_container() {
        let mut f = facts(Some("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:N/A:N"));
        let container = document(&f, None);
        assert_eq!(container["providerMetadata"]["orgId"], PLACEHOLDER_ORG);
        assert_eq!(container["metrics"][0]["cvssV3_1"]["baseScore"], 8.6);
        assert_eq!(container["problemTypes"][0]["descriptions"][0]["cweId"], "CWE-918");
        assert_eq!(container["affected"][0]["versions"], json!([{ "version": "2.3.1", "status": "unaffected" }]));
        let description = container["descriptions"][0]["value"].as_str().expect("description");
        assert!(description.ends_with("Affected versions (as reported): 2.0 to 2.3.0."), "{description}");
        f.cve_id = Some("CVE-2026-12345".parse().expect("id"));
        let assigner: OrgId = "b3476cac-1a4d-4e3b-9c1a-5c3e8e2d0f11".parse().expect("uuid");
        let record = document(&f, Some(&assigner));
        assert_eq!(record["cveMetadata"]["cveId"], "CVE-2026-12345");
        assert_eq!(record["containers"]["cna"]["providerMetadata"]["orgId"], assigner.to_string());
    }

    #[test]
    fn a_report_without_score_versions_or_weakness_is_affected_by_default() {
        let mut f = facts(None);
        f.affected_versions.clear();
        f.fixed_version.clear();
        f.cwe = None;
        let c = document(&f, None);
        assert_eq!(c["affected"][0]["defaultStatus"], "affected");
        assert!(c.get("metrics").is_none() && c.get("problemTypes").is_none() && c.get("solutions").is_none());
        f.title = "x".repeat(300);
        assert_eq!(document(&f, None)["title"].as_str().map(|t| t.chars().count()), Some(256));
    }
}
