//! A draft CSAF 2.0 security advisory (profile `csaf_security_advisory`), built to pass the
//! schema and the mandatory tests (section 6.1) as well: status `draft` at version `0`, labelled
//! English (`en`, the language of its own wording), one
//! vendor branch with the product, the affected versions as a `product_version_range` (or a
//! `product_version` when they name one version; a fixed version alone is read as "affected
//! before it") and the fixed version beside them, every
//! product id defined once and referenced, CVSS 3.x scores with the base score and severity the
//! vector gives (CSAF 2.0 has no place for CVSS 4.0: such a vector goes in a note).

use serde_json::{Value, json};

use super::{Facts, is_single_version, zulu};

const AFFECTED: &str = "CSAFPID-0001";
const FIXED: &str = "CSAFPID-0002";

/// The advisory.
pub fn document(facts: &Facts) -> Value {
    let released = zulu(facts.disclosure.map_or(facts.now, |d| facts.start_of(d)));
    let now = zulu(facts.now);
    let title = facts.title_or_default();
    let mut publisher = json!({
        "category": "vendor",
        "name": facts.organisation,
        "namespace": facts.namespace,
    });
    if let Some(contact) = &facts.contact {
        publisher["contact_details"] = json!(format!("{} <{contact}>", facts.organisation));
    }
    let mut document = json!({
        "category": "csaf_security_advisory",
        "csaf_version": "2.0",
        "lang": "en",
        "title": title,
        "publisher": publisher,
        "notes": [{
            "category": "general",
            "title": "Draft",
            "text": format!(
                "A draft exported by Sealdrop from case {} (received {}); review it before publication.",
                facts.case, zulu(facts.received_at)
            ),
        }],
        "tracking": {
            "id": facts.tracking_id(),
            "status": "draft",
            "version": "0",
            "initial_release_date": released,
            "current_release_date": released,
            "revision_history": [{ "number": "0", "date": released, "summary": "Draft." }],
            "generator": { "date": now, "engine": { "name": "Sealdrop", "version": env!("CARGO_PKG_VERSION") } },
        },
    });
    if let Some(credit) = &facts.credit {
        document["acknowledgments"] = json!([{ "names": [credit], "summary": "reporting this vulnerability" }]);
    }
    json!({
        "document": document,
        "product_tree": product_tree(facts),
        "vulnerabilities": [vulnerability(facts)],
    })
}

fn product(id: &str, name: String) -> Value {
    json!({ "product_id": id, "name": name })
}

/// Vendor, product name, then the versions (or the product itself when no version is known).
fn product_tree(facts: &Facts) -> Value {
    let name = facts.product_name();
    let full = |version: &str| format!("{} {name} {version}", facts.organisation);
    let version_branch = |text: &str, id: &str| {
        let category = if is_single_version(text) { "product_version" } else { "product_version_range" };
        json!({ "category": category, "name": text, "product": product(id, full(text)) })
    };
    let mut product_branch = json!({ "category": "product_name", "name": name });
    if facts.affected_versions.is_empty() && facts.fixed_version.is_empty() {
        product_branch["product"] = product(AFFECTED, format!("{} {name}", facts.organisation));
    } else {
        let mut versions = Vec::new();
        let affected = if facts.affected_versions.is_empty() {
            format!("before {}", facts.fixed_version)
        } else {
            facts.affected_versions.clone()
        };
        versions.push(version_branch(&affected, AFFECTED));
        if !facts.fixed_version.is_empty() {
            versions.push(version_branch(&facts.fixed_version, FIXED));
        }
        product_branch["branches"] = json!(versions);
    }
    json!({ "branches": [{ "category": "vendor", "name": facts.organisation, "branches": [product_branch] }] })
}

fn vulnerability(facts: &Facts) -> Value {
    let mut notes =
        vec![json!({ "category": "description", "title": "Description", "text": facts.description_or_title() })];
    if !facts.impact.is_empty() {
        notes.push(json!({ "category": "details", "title": "Impact", "text": facts.impact }));
    }
    let mut v = json!({
        "title": facts.title_or_default(),
        "ids": [{ "system_name": "Sealdrop case", "text": facts.case.to_string() }],
        "discovery_date": zulu(facts.received_at),
        "product_status": { "known_affected": [AFFECTED] },
    });
    if !facts.fixed_version.is_empty() {
        v["product_status"]["fixed"] = json!([FIXED]);
        v["remediations"] = json!([{
            "category": "vendor_fix",
            "details": format!("Update to {}.", facts.fixed_version),
            "product_ids": [AFFECTED],
        }]);
    }
    if let Some(cve) = &facts.cve_id {
        v["cve"] = json!(cve.to_string());
    }
    if let Some(cwe) = &facts.cwe {
        v["cwe"] = json!({ "id": cwe.id(), "name": cwe.name });
    }
    match &facts.cvss {
        Some(cvss) if cvss.version() != "4.0" => {
            v["scores"] = json!([{
                "products": [AFFECTED],
                "cvss_v3": {
                    "version": cvss.version(),
                    "vectorString": cvss.to_string(),
                    "baseScore": cvss.score(),
                    "baseSeverity": cvss.rating().to_ascii_uppercase(),
                },
            }]);
        }
        Some(cvss) => notes.push(json!({
            "category": "other",
            "title": "CVSS v4.0",
            "text": format!("{cvss} ({})", cvss.summary()),
        })),
        None => {}
    }
    if let Some(exploited) = facts.exploited {
        v["threats"] = json!([{
            "category": "exploit_status",
            "details": exploited.statement(),
            "product_ids": [AFFECTED],
        }]);
    }
    if let Some(credit) = &facts.credit {
        v["acknowledgments"] = json!([{ "names": [credit] }]);
    }
    if let Some(date) = facts.disclosure {
        v["release_date"] = json!(zulu(facts.start_of(date)));
    }
    v["notes"] = json!(notes);
    v
}

#[cfg(test)]
mod tests {
    use super::super::tests::facts;
    use super::*;

    #[test]
    fn a_scored_report_with_versions_gives_ranges_fixes_scores_and_credit() {
        let doc = document(&facts(Some("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:N/A:N")));
        assert_eq!(doc["document"]["tracking"]["status"], "draft");
        assert_eq!(doc["document"]["tracking"]["initial_release_date"], "2027-03-15T00:00:00Z");
        let product = &doc["product_tree"]["branches"][0]["branches"][0];
        assert_eq!(product["name"], "Nimbus CLI");
        assert_eq!(product["branches"][0]["category"], "product_version_range");
        assert_eq!(product["branches"][1]["category"], "product_version");
        assert_eq!(product["branches"][1]["product"]["name"], "Nimbus Cloud Nimbus CLI 2.3.1");
        let v = &doc["vulnerabilities"][0];
        assert_eq!(v["cwe"]["id"], "CWE-918");
        assert_eq!(v["scores"][0]["cvss_v3"]["baseScore"], 8.6);
        assert_eq!(v["scores"][0]["cvss_v3"]["baseSeverity"], "HIGH");
        assert_eq!(v["product_status"]["fixed"][0], FIXED);
        assert_eq!(v["acknowledgments"][0]["names"][0], "Ada");
    }

    #[test]
    fn without_cvss_versions_or_credit_the_product_itself_is_affected() {
        let mut f = facts(None);
        f.affected_versions.clear();
        f.fixed_version.clear();
        f.credit = None;
        f.disclosure = None;
        let doc = document(&f);
        let product = &doc["product_tree"]["branches"][0]["branches"][0];
        assert_eq!(product["product"]["product_id"], AFFECTED);
        let v = &doc["vulnerabilities"][0];
        assert!(v.get("scores").is_none() && v.get("acknowledgments").is_none() && v.get("remediations").is_none());
        assert_eq!(doc["document"]["tracking"]["initial_release_date"], "2026-12-07T12:00:00Z");
    }

    #[test]
    fn a_cvss_4_vector_goes_in_a_note() {
        let doc = document(&facts(Some("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N")));
        let v = &doc["vulnerabilities"][0];
        assert!(v.get("scores").is_none());
        let notes = v["notes"].as_array().expect("notes");
        assert!(
            notes.iter().any(|n| n["title"] == "CVSS v4.0" && n["text"].as_str().is_some_and(|t| t.contains("9.3")))
        );
    }
}
