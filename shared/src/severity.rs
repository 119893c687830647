//! The `severity` field's value: a CVSS 3.0, 3.1 or 4.0 base vector, parsed and scored with
//! RustSec's `cvss` crate (the same code in the widget, the CLI and the tests). The report keeps
//! the vector as the crate prints it (metrics in the specification's order); the score and the
//! rating are computed from it wherever they are shown, never typed in.

use std::fmt;
use std::str::FromStr;

use crate::report::Problem;

/// CVSS 3.x's base metrics, all of which a vector must give.
const V3_BASE: [&str; 8] = ["AV", "AC", "PR", "UI", "S", "C", "I", "A"];

/// A parsed CVSS vector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CvssVector(cvss::Cvss);

impl CvssVector {
    /// Parses a pasted vector (surrounding white space allowed), or says what is wrong with it.
    pub fn parse(text: &str) -> Result<Self, Problem> {
        let text = text.trim();
        if !text.starts_with("CVSS:") {
            return Err(Problem::Cvss { reason: "a vector starts with CVSS:3.1/ or CVSS:4.0/".to_owned() });
        }
        let vector = cvss::Cvss::from_str(text).map_err(|e| Problem::Cvss { reason: e.to_string() })?;
        // The crate requires 4.0's base metrics but scores a 3.x vector with some left out.
        if matches!(vector, cvss::Cvss::CvssV30(_) | cvss::Cvss::CvssV31(_)) {
            let present: Vec<&str> = vector.metrics().map(|(m, _)| m.name()).collect();
            if let Some(missing) = V3_BASE.iter().find(|m| !present.contains(m)) {
                return Err(Problem::Cvss { reason: format!("the base metric {missing} is missing") });
            }
        }
        Ok(Self(vector))
    }

    /// The version, as in the vector's prefix ("3.1", "4.0").
    pub fn version(&self) -> &'static str {
        match self.0 {
            cvss::Cvss::CvssV30(_) => "3.0",
            cvss::Cvss::CvssV31(_) => "3.1",
            _ => "4.0",
        }
    }

    /// The base score, 0.0 to 10.0, one decimal.
    pub fn score(&self) -> f64 {
        self.0.score()
    }

    /// The qualitative rating: None, Low, Medium, High or Critical.
    pub fn rating(&self) -> &'static str {
        match self.0.severity() {
            cvss::Severity::None => "None",
            cvss::Severity::Low => "Low",
            cvss::Severity::Medium => "Medium",
            cvss::Severity::High => "High",
            cvss::Severity::Critical => "Critical",
        }
    }

    /// "9.3 Critical (CVSS 4.0)": what the form, the text part and `sealdrop show` print beside
    /// the vector.
    pub fn summary(&self) -> String {
        format!("{:.1} {} (CVSS {})", self.score(), self.rating(), self.version())
    }
}

impl fmt::Display for CvssVector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Well-known scores (FIRST's calculators give the same), and what is refused.
    #[test]
    fn vectors_are_scored_as_first_publishes_them() {
        let cases: &[(&str, Result<&str, &str>)] = &[
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", Ok("9.8 Critical (CVSS 3.1)")),
            (" CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N\n", Ok("6.1 Medium (CVSS 3.1)")),
            ("CVSS:3.0/AV:L/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:N", Ok("0.0 None (CVSS 3.0)")),
            ("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", Ok("9.3 Critical (CVSS 4.0)")),
            ("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N", Ok("0.0 None (CVSS 4.0)")),
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:X", Err("")),
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H", Err("A")),
            ("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/ZZ:Q", Err("ZZ")),
            ("CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P", Err("")),
            ("AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", Err("starts with CVSS:")),
            ("9.8", Err("starts with CVSS:")),
        ];
        for (text, expected) in cases {
            match (CvssVector::parse(text), expected) {
                (Ok(v), Ok(summary)) => {
                    assert_eq!(&v.summary(), summary, "{text}");
                    // The kept form parses back to itself.
                    assert_eq!(CvssVector::parse(&v.to_string()).map(|w| w.to_string()), Ok(v.to_string()));
                }
                (Err(Problem::Cvss { reason }), Err(needle)) => {
                    assert!(reason.contains(needle), "{text}: `{reason}` lacks `{needle}`")
                }
                (got, expected) => panic!("{text}: got {got:?}, expected {expected:?}"),
            }
        }
    }
}
