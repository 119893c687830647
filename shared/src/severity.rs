//! The `severity` field's value: a CVSS 3.0, 3.1 or 4.0 base vector, parsed and scored with
//! RustSec's `cvss` crate (the same code in the widget, the CLI and the tests). The report keeps
//! the vector as the crate prints it (metrics in the specification's order); the score and the
//! rating are computed from it wherever they are shown, never typed in.

use std::fmt::{self, Write as _};
use std::str::FromStr;

use crate::i18n::{Arg, Lang};
use crate::report::Problem;

/// One base metric as the calculator offers it: its abbreviation, its name and its values
/// (abbreviation, name), as the specification lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Metric {
    /// As in the vector ("AV").
    pub code: &'static str,
    /// The specification's name ("Attack Vector").
    pub name: &'static str,
    /// The values, most severe first for the impact metrics, as the specification orders them.
    pub values: &'static [(&'static str, &'static str)],
}

impl Metric {
    /// "Attack Vector (AV)" in `lang` (`cvss-metric-*` in `shared/src/i18n`).
    pub fn label(&self, lang: Lang) -> String {
        let name = lang.t(&format!("cvss-metric-{}", self.code.to_ascii_lowercase()));
        lang.tf("cvss-metric-label", &[("name", Arg::from(name)), ("code", Arg::from(self.code))])
    }

    /// A value's name ("Network", one of [`Self::values`]' names) in `lang`.
    pub fn value_label(&self, name: &str, lang: Lang) -> String {
        lang.t(&format!("cvss-value-{}", name.to_ascii_lowercase()))
    }
}

const AV: Metric = Metric {
    code: "AV",
    name: "Attack Vector",
    values: &[("N", "Network"), ("A", "Adjacent"), ("L", "Local"), ("P", "Physical")],
};
const AC: Metric = Metric { code: "AC", name: "Attack Complexity", values: &[("L", "Low"), ("H", "High")] };
const PR: Metric =
    Metric { code: "PR", name: "Privileges Required", values: &[("N", "None"), ("L", "Low"), ("H", "High")] };
const IMPACT: &[(&str, &str)] = &[("H", "High"), ("L", "Low"), ("N", "None")];
const fn impact(code: &'static str, name: &'static str) -> Metric {
    Metric { code, name, values: IMPACT }
}

const V31_METRICS: &[Metric] = &[
    AV,
    AC,
    PR,
    Metric { code: "UI", name: "User Interaction", values: &[("N", "None"), ("R", "Required")] },
    Metric { code: "S", name: "Scope", values: &[("U", "Unchanged"), ("C", "Changed")] },
    impact("C", "Confidentiality"),
    impact("I", "Integrity"),
    impact("A", "Availability"),
];

const V40_METRICS: &[Metric] = &[
    AV,
    AC,
    Metric { code: "AT", name: "Attack Requirements", values: &[("N", "None"), ("P", "Present")] },
    PR,
    Metric { code: "UI", name: "User Interaction", values: &[("N", "None"), ("P", "Passive"), ("A", "Active")] },
    impact("VC", "Confidentiality of the vulnerable system"),
    impact("VI", "Integrity of the vulnerable system"),
    impact("VA", "Availability of the vulnerable system"),
    impact("SC", "Confidentiality of subsequent systems"),
    impact("SI", "Integrity of subsequent systems"),
    impact("SA", "Availability of subsequent systems"),
];

/// A CVSS version the calculator composes vectors for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// CVSS 3.1.
    V31,
    /// CVSS 4.0.
    V40,
}

impl Version {
    /// Both, newest first.
    pub const ALL: [Version; 2] = [Version::V40, Version::V31];

    /// "3.1" or "4.0".
    pub const fn number(self) -> &'static str {
        match self {
            Version::V31 => "3.1",
            Version::V40 => "4.0",
        }
    }

    /// The version whose number is `number`.
    pub fn from_number(number: &str) -> Option<Version> {
        Self::ALL.into_iter().find(|v| v.number() == number)
    }

    /// The base metrics, in the vector's order; a vector gives every one.
    pub const fn metrics(self) -> &'static [Metric] {
        match self {
            Version::V31 => V31_METRICS,
            Version::V40 => V40_METRICS,
        }
    }

    /// The vector of these picks (one value code per metric, in [`Self::metrics`]' order), or
    /// `None` while one is missing or not one of its metric's values.
    pub fn compose(self, picks: &[Option<&str>]) -> Option<CvssVector> {
        let metrics = self.metrics();
        if picks.len() != metrics.len() {
            return None;
        }
        let mut text = format!("CVSS:{}", self.number());
        for (metric, pick) in metrics.iter().zip(picks) {
            let _ = write!(text, "/{}:{}", metric.code, (*pick)?);
        }
        // The parser refuses a value the metric does not have.
        CvssVector::parse(&text).ok()
    }
}

fn calculator_version(vector: &cvss::Cvss) -> Version {
    match vector {
        cvss::Cvss::CvssV30(_) | cvss::Cvss::CvssV31(_) => Version::V31,
        _ => Version::V40,
    }
}

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
        let version = calculator_version(&vector);
        let base: Vec<&str> = version.metrics().iter().map(|m| m.code).collect();
        let present: Vec<&str> = vector.metrics().map(|(m, _)| m.name()).collect();
        // Base vectors only: the score shown is the base score (the crate would score 4.0's threat
        // and environmental metrics in, but not 3.x's), and the calculator edits base metrics.
        if let Some(other) = present.iter().find(|m| !base.contains(m)) {
            return Err(Problem::Cvss { reason: format!("{other} is not a base metric; give the base vector only") });
        }
        // The crate requires 4.0's base metrics but scores a 3.x vector with some left out.
        if let Some(missing) = base.iter().find(|m| !present.contains(m)) {
            return Err(Problem::Cvss { reason: format!("the base metric {missing} is missing") });
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

    /// The calculator's version of this vector: 3.0 vectors are shown as 3.1 (same metrics).
    pub fn calculator_version(&self) -> Version {
        calculator_version(&self.0)
    }

    /// The calculator's picks for this vector: one value code per metric of
    /// [`Self::calculator_version`], in its order (what [`Version::compose`] takes back).
    pub fn picks(&self) -> Vec<Option<&'static str>> {
        let text = self.to_string();
        let given: Vec<(&str, &str)> = text.split('/').skip(1).filter_map(|pair| pair.split_once(':')).collect();
        self.calculator_version()
            .metrics()
            .iter()
            .map(|m| {
                let value = given.iter().find(|(code, _)| *code == m.code).map(|(_, v)| *v);
                m.values.iter().map(|(code, _)| *code).find(|code| Some(*code) == value)
            })
            .collect()
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
        self.summary_in(Lang::En)
    }

    /// [`Self::summary`] in `lang`.
    pub fn summary_in(&self, lang: Lang) -> String {
        let rating = lang.t(&format!("cvss-rating-{}", self.rating().to_ascii_lowercase()));
        lang.tf(
            "cvss-summary",
            &[
                ("score", Arg::from(lang.decimal(&format!("{:.1}", self.score())))),
                ("rating", Arg::from(rating)),
                ("version", Arg::from(self.version())),
            ],
        )
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

    /// Picking every metric composes the vector; each metric's values are the ones the crate
    /// accepts (every value of every metric, with the others at their first value, parses); a
    /// missing or foreign pick composes nothing; a parsed vector gives back its picks.
    #[test]
    fn the_calculator_composes_exactly_the_vectors_the_parser_accepts() {
        for version in Version::ALL {
            let metrics = version.metrics();
            let first: Vec<Option<&str>> = metrics.iter().map(|m| Some(m.values[0].0)).collect();
            for (i, metric) in metrics.iter().enumerate() {
                for (value, _) in metric.values {
                    let mut picks = first.clone();
                    picks[i] = Some(value);
                    let vector = version
                        .compose(&picks)
                        .unwrap_or_else(|| panic!("{} {}:{value}", version.number(), metric.code));
                    assert_eq!(vector.calculator_version(), version);
                    assert_eq!(vector.picks()[i], Some(*value));
                    assert_eq!(vector.picks(), picks, "{vector}");
                }
                let mut missing = first.clone();
                missing[i] = None;
                assert_eq!(version.compose(&missing), None);
                let mut foreign = first.clone();
                foreign[i] = Some("Q");
                assert_eq!(version.compose(&foreign), None);
            }
            assert_eq!(version.compose(&first[1..]), None, "too few picks");
        }
        let picks = [Some("N"), Some("L"), Some("N"), Some("R"), Some("C"), Some("L"), Some("L"), Some("N")];
        assert_eq!(Version::V31.compose(&picks).map(|v| v.summary()).as_deref(), Some("6.1 Medium (CVSS 3.1)"));
        assert_eq!(Version::from_number("4.0"), Some(Version::V40));
        assert_eq!(Version::from_number("2.0"), None);
    }

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
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P", Err("E is not a base metric")),
            ("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U", Err("E is not a base metric")),
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
