//! CWE (Common Weakness Enumeration) entries the advisories name. Until the form offers a CWE
//! picker, a report's weakness is its `vulnerability_type` answer, and [`of_vulnerability_type`]
//! is the one place each answer gets its CWE: the most specific entry that still covers the whole
//! answer, with the name exactly as the CWE catalogue spells it (CSAF's mandatory test 6.1.11
//! compares it). Answers no single weakness covers ("Misconfiguration", whose CWE-16 is a category
//! CWE forbids for mapping, and "Other") get none.

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
}

const fn cwe(number: u32, name: &'static str) -> Option<Cwe> {
    Some(Cwe { number, name })
}

/// Each answer of the `vulnerability_type` select with its weakness, in the select's order.
pub const BY_VULNERABILITY_TYPE: &[(&str, Option<Cwe>)] = &[
    (
        "Cross-site scripting (XSS)",
        cwe(79, "Improper Neutralization of Input During Web Page Generation ('Cross-site Scripting')"),
    ),
    (
        "SQL or other injection",
        cwe(74, "Improper Neutralization of Special Elements in Output Used by a Downstream Component ('Injection')"),
    ),
    ("Remote code execution", cwe(94, "Improper Control of Generation of Code ('Code Injection')")),
    ("Authentication or session flaw", cwe(287, "Improper Authentication")),
    ("Broken access control / IDOR", cwe(284, "Improper Access Control")),
    ("Cross-site request forgery (CSRF)", cwe(352, "Cross-Site Request Forgery (CSRF)")),
    ("Server-side request forgery (SSRF)", cwe(918, "Server-Side Request Forgery (SSRF)")),
    ("Information disclosure", cwe(200, "Exposure of Sensitive Information to an Unauthorized Actor")),
    ("Cryptographic weakness", cwe(327, "Use of a Broken or Risky Cryptographic Algorithm")),
    ("Misconfiguration", None),
    ("Denial of service", cwe(400, "Uncontrolled Resource Consumption")),
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
    fn answers_get_their_weakness_and_others_none() {
        assert_eq!(of_vulnerability_type("Cross-site scripting (XSS)").map(|c| c.id()), Some("CWE-79".into()));
        assert_eq!(of_vulnerability_type(" Denial of service ").map(|c| c.number), Some(400));
        for none in ["Other", "Misconfiguration", "", "Something else"] {
            assert_eq!(of_vulnerability_type(none), None, "{none}");
        }
    }
}
