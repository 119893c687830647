//! Report fields and their validation: a [`Draft`] becomes a [`Report`] or the full list of
//! [`FieldError`]s, all at once. The widget runs this before encrypting; the staff tools rerun it
//! after decrypting (the worker never sees fields).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::cwe::Cwe;
use crate::field::{FIELDS, FieldKind};
pub use crate::field::{FieldId, VULNERABILITY_TYPES};
use crate::i18n::{Arg, Lang};
use crate::policy::PublicPolicy;
use crate::scope::Affected;
use crate::severity::CvssVector;

/// Upper bound for all text fields of one report together, in bytes (used for size limits).
pub const MAX_TEXT_BYTES: u64 = 256 * 1024;

/// Metadata of an attached file (the bytes travel separately).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentMeta {
    /// File name as given by the browser.
    pub name: String,
    /// Size in bytes.
    pub size: u64,
    /// Media type (may be empty).
    #[serde(default)]
    pub media_type: String,
}

/// What the reporter typed, unvalidated.
///
/// The text of every field whose [`FieldKind`] holds text is kept by [`FieldId`]; the files and
/// the consent have their own members. On the wire (the JSON part) it is one object: every text
/// field in [`FIELDS`] order (an empty string when nothing was typed), then `attachments`, then
/// `consent`. Reading it back, missing keys take their default (empty, no files, no consent) and
/// unknown keys are ignored, so reports written before or after a field was added still parse.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    text: BTreeMap<FieldId, String>,
    /// `attachments`
    pub attachments: Vec<AttachmentMeta>,
    /// `consent`
    pub consent: bool,
}

impl Draft {
    /// The text of a text field (empty when nothing was typed, and for fields that hold no text).
    pub fn text(&self, field: FieldId) -> &str {
        self.text.get(&field).map_or("", String::as_str)
    }

    /// Mutable access to a text field (`None` for fields that hold no text).
    pub fn text_mut(&mut self, field: FieldId) -> Option<&mut String> {
        if !field.spec().kind.holds_text() {
            return None;
        }
        Some(self.text.entry(field).or_default())
    }

    /// Whether nothing was typed or attached (the consent box aside).
    pub fn is_blank(&self) -> bool {
        self.text.values().all(|t| t.trim().is_empty()) && self.attachments.is_empty()
    }

    /// The draft with `field` set to `value` (unchanged for fields that hold no text).
    pub fn with_text(mut self, field: FieldId, value: impl Into<String>) -> Self {
        if let Some(text) = self.text_mut(field) {
            *text = value.into();
        }
        self
    }
}

impl PartialEq for Draft {
    fn eq(&self, other: &Self) -> bool {
        FIELDS.iter().all(|f| self.text(f.id) == other.text(f.id))
            && self.attachments == other.attachments
            && self.consent == other.consent
    }
}

impl Serialize for Draft {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let texts = || FIELDS.iter().filter(|f| f.kind.holds_text());
        let mut map = serializer.serialize_map(Some(texts().count() + 2))?;
        for spec in texts() {
            map.serialize_entry(spec.name, self.text(spec.id))?;
        }
        map.serialize_entry(FieldId::Attachments.as_str(), &self.attachments)?;
        map.serialize_entry(FieldId::Consent.as_str(), &self.consent)?;
        map.end()
    }
}

impl<'de> Deserialize<'de> for Draft {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DraftVisitor;
        impl<'de> Visitor<'de> for DraftVisitor {
            type Value = Draft;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of report fields")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Draft, A::Error> {
                let mut draft = Draft::default();
                let mut seen = BTreeSet::new();
                while let Some(key) = map.next_key::<String>()? {
                    let Some(field) = FieldId::from_name(&key) else {
                        map.next_value::<de::IgnoredAny>()?;
                        continue;
                    };
                    if !seen.insert(field) {
                        return Err(de::Error::duplicate_field(field.as_str()));
                    }
                    match field.spec().kind {
                        FieldKind::Files => draft.attachments = map.next_value()?,
                        FieldKind::Consent => draft.consent = map.next_value()?,
                        _ => {
                            draft.text.insert(field, map.next_value()?);
                        }
                    }
                }
                Ok(draft)
            }
        }
        deserializer.deserialize_map(DraftVisitor)
    }
}

/// Why a field is not acceptable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Required and empty.
    Required,
    /// Too long.
    TooLong {
        /// Limit.
        max: usize,
        /// Actual length.
        actual: usize,
    },
    /// Contains control characters.
    ControlCharacters,
    /// Not one of the offered choices.
    UnknownChoice,
    /// Not a URL, host name or IP address.
    NotATarget,
    /// Outside the policy's scope.
    OutOfScope {
        /// What was entered.
        target: String,
        /// The scope, comma-separated.
        scope: String,
    },
    /// Too many files.
    TooManyFiles {
        /// Limit.
        max: u32,
        /// Actual count.
        actual: usize,
    },
    /// Files too large together.
    TooLarge {
        /// Limit, bytes.
        max: u64,
        /// Actual, bytes.
        actual: u64,
    },
    /// An empty file.
    EmptyFile {
        /// File name.
        name: String,
    },
    /// A file name with control characters or bidirectional overrides (an "exe.txt" that reads
    /// as "txt.exe").
    FileName {
        /// File name, with the characters shown as escapes.
        name: String,
    },
    /// Not one of the policy's products.
    UnknownProduct,
    /// Not a CVSS 3.x or 4.0 vector.
    Cvss {
        /// What the parser found wrong.
        reason: String,
    },
    /// Not a weakness of the CWE catalogue.
    Cwe(crate::cwe::UnknownCwe),
    /// Consent not given.
    NoConsent,
}

impl Problem {
    /// What the reporter reads, in `lang` (`problem-*` in `shared/src/i18n`).
    pub fn message(&self, lang: Lang) -> String {
        let n = |v: usize| Arg::from(v);
        match self {
            Problem::Required => lang.t("problem-required"),
            Problem::TooLong { max, actual } => {
                let n = |v: usize| Arg::from(lang.integer(v as u64));
                lang.tf("problem-too-long", &[("max", n(*max)), ("actual", n(*actual))])
            }
            Problem::ControlCharacters => lang.t("problem-control-characters"),
            Problem::UnknownChoice => lang.t("problem-unknown-choice"),
            Problem::NotATarget => lang.t("problem-not-a-target"),
            Problem::OutOfScope { target, scope } => lang.tf(
                "problem-out-of-scope",
                &[("target", Arg::from(target.as_str())), ("scope", Arg::from(scope.as_str()))],
            ),
            Problem::TooManyFiles { max, actual } => {
                lang.tf("problem-too-many-files", &[("max", Arg::from(*max)), ("actual", n(*actual))])
            }
            Problem::TooLarge { max, actual } => lang.tf(
                "problem-too-large",
                &[("max", Arg::from(lang.size(*max))), ("actual", Arg::from(lang.size(*actual)))],
            ),
            Problem::EmptyFile { name } => lang.tf("problem-empty-file", &[("name", Arg::from(name.as_str()))]),
            Problem::FileName { name } => lang.tf("problem-file-name", &[("name", Arg::from(name.as_str()))]),
            Problem::UnknownProduct => lang.t("problem-unknown-product"),
            Problem::Cvss { reason } => lang.tf("problem-cvss", &[("reason", Arg::from(reason.as_str()))]),
            Problem::Cwe(unknown) => lang.tf(
                "problem-cwe",
                &[("text", Arg::from(unknown.0.as_str())), ("version", Arg::from(crate::cwe::VERSION))],
            ),
            Problem::NoConsent => lang.t("problem-no-consent"),
        }
    }
}

/// English, for the worker's errors and the staff tools.
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for Problem {}

/// One field's error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// Which field.
    pub field: FieldId,
    /// What is wrong.
    #[serde(serialize_with = "serialize_display")]
    pub problem: Problem,
}

fn serialize_display<S: serde::Serializer>(value: &Problem, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(value)
}

/// A validated report: every required field present, every value within limits and scope.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The text fields that were filled in: trimmed, with LF line breaks, a target as parsed.
    values: BTreeMap<FieldId, String>,
    /// The parsed [`FieldKind::Target`] fields.
    targets: BTreeMap<FieldId, Affected>,
    /// The parsed [`FieldKind::Cvss`] fields.
    vectors: BTreeMap<FieldId, CvssVector>,
    /// The parsed [`FieldKind::Cwe`] fields.
    weaknesses: BTreeMap<FieldId, Cwe>,
    /// Attachment metadata.
    pub attachments: Vec<AttachmentMeta>,
}

impl Report {
    /// The summary line (the title is always required).
    pub fn title(&self) -> &str {
        self.value(FieldId::Title).unwrap_or_default()
    }

    /// A text field's value, if it was filled in (a target as normalised by [`Affected`]).
    pub fn value(&self, field: FieldId) -> Option<&str> {
        self.values.get(&field).map(String::as_str)
    }

    /// A target field's parsed value, if it was filled in.
    pub fn target(&self, field: FieldId) -> Option<&Affected> {
        self.targets.get(&field)
    }

    /// A CVSS field's parsed vector, if it was filled in.
    pub fn cvss(&self, field: FieldId) -> Option<&CvssVector> {
        self.vectors.get(&field)
    }

    /// The report without `field`'s value (as if it had been left empty): what `sealdrop
    /// forward` sends a coordinator without the reporter's contact.
    pub fn without(mut self, field: FieldId) -> Self {
        self.values.remove(&field);
        self.targets.remove(&field);
        self.vectors.remove(&field);
        self.weaknesses.remove(&field);
        self
    }

    /// A CWE field's weakness, if it was filled in.
    pub fn cwe(&self, field: FieldId) -> Option<Cwe> {
        self.weaknesses.get(&field).copied()
    }
}

/// Human-readable byte size (KiB/MiB).
pub fn human_size(bytes: u64) -> String {
    Lang::En.size(bytes)
}

/// Whether `field` must be filled in for this draft: the policy requires it
/// ([`crate::policy::FieldSettings::is_required`]), or another field's answer does
/// ([`crate::field::FieldSpec::required_when`]). Validation and the form's markers both ask this.
pub fn is_required(policy: &PublicPolicy, draft: &Draft, field: FieldId) -> bool {
    policy.fields.is_required(field)
        || field.spec().required_when.is_some_and(|when| draft.text(when.field).trim().starts_with(when.prefix))
}

/// What a submission of this draft tells the worker in clear: whether the reporter ticked "being
/// exploited in the wild", and only where the policy offers it (its CRA clock). The one value
/// whose field is [`crate::field::FieldSpec::in_clear`].
pub fn exploited(policy: &PublicPolicy, draft: &Draft) -> bool {
    policy.offers(FieldId::Exploited) && draft.text(FieldId::Exploited) == crate::field::FLAG_SET
}

/// Checks one field. Used on blur and, for every field, on submit.
pub fn check_field(policy: &PublicPolicy, draft: &Draft, field: FieldId) -> Result<(), Problem> {
    let spec = field.spec();
    let required = is_required(policy, draft, field);
    match spec.kind {
        FieldKind::Consent => return if draft.consent || !required { Ok(()) } else { Err(Problem::NoConsent) },
        FieldKind::Files => {
            let files = &draft.attachments;
            if required && files.is_empty() {
                return Err(Problem::Required);
            }
            let limits = policy.attachments;
            if files.len() > limits.max_files as usize {
                return Err(Problem::TooManyFiles { max: limits.max_files, actual: files.len() });
            }
            if let Some(empty) = files.iter().find(|f| f.size == 0) {
                return Err(Problem::EmptyFile { name: empty.name.clone() });
            }
            if let Some(bad) = files.iter().find(|f| crate::text::has_deceptive_characters(&f.name)) {
                return Err(Problem::FileName { name: bad.name.escape_default().to_string() });
            }
            let total: u64 = files.iter().map(|f| f.size).sum();
            if total > limits.max_total_bytes {
                return Err(Problem::TooLarge { max: limits.max_total_bytes, actual: total });
            }
            return Ok(());
        }
        FieldKind::Line
        | FieldKind::Text
        | FieldKind::Target
        | FieldKind::Choice { .. }
        | FieldKind::Contact
        | FieldKind::Cvss
        | FieldKind::Cwe
        | FieldKind::Flag
        | FieldKind::Product => {}
    }
    let value = draft.text(field).trim();
    if value.is_empty() {
        return if required { Err(Problem::Required) } else { Ok(()) };
    }
    let chars = value.chars().count();
    if chars > spec.max_chars {
        return Err(Problem::TooLong { max: spec.max_chars, actual: chars });
    }
    let multiline = spec.kind.multiline();
    if value.chars().any(|c| c.is_control() && !(multiline && (c == '\n' || c == '\t' || c == '\r'))) {
        return Err(Problem::ControlCharacters);
    }
    match spec.kind {
        FieldKind::Choice { options, .. } if !options.contains(&value) => Err(Problem::UnknownChoice),
        FieldKind::Flag if value != crate::field::FLAG_SET => Err(Problem::UnknownChoice),
        FieldKind::Cvss => CvssVector::parse(value).map(|_| ()),
        FieldKind::Cwe => Cwe::parse(value).map(|_| ()).map_err(Problem::Cwe),
        FieldKind::Product if !policy.scope.products.iter().any(|p| p == value) => Err(Problem::UnknownProduct),
        FieldKind::Target => {
            let target = Affected::parse(value).ok_or(Problem::NotATarget)?;
            if target.in_scope(&policy.scope.in_scope) {
                Ok(())
            } else {
                let scope = policy.scope.in_scope.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
                Err(Problem::OutOfScope { target: value.to_owned(), scope })
            }
        }
        _ => Ok(()),
    }
}

fn optional(value: &str) -> Option<String> {
    let v = value.trim();
    (!v.is_empty()).then(|| v.replace("\r\n", "\n"))
}

/// Turns a draft into a validated report, or every field error at once (in form order).
pub fn validate(policy: &PublicPolicy, draft: &Draft) -> Result<Report, Vec<FieldError>> {
    let errors: Vec<FieldError> = FIELDS
        .iter()
        .filter_map(|spec| {
            check_field(policy, draft, spec.id).err().map(|problem| FieldError { field: spec.id, problem })
        })
        .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut values = BTreeMap::new();
    let mut targets = BTreeMap::new();
    let mut vectors = BTreeMap::new();
    let mut weaknesses = BTreeMap::new();
    for spec in FIELDS.iter().filter(|s| s.kind.holds_text()) {
        let Some(value) = optional(draft.text(spec.id)) else { continue };
        if matches!(spec.kind, FieldKind::Target) {
            let Some(target) = Affected::parse(&value) else { continue };
            values.insert(spec.id, target.to_string());
            targets.insert(spec.id, target);
        } else if matches!(spec.kind, FieldKind::Cvss) {
            let Ok(vector) = CvssVector::parse(&value) else { continue };
            values.insert(spec.id, vector.to_string());
            vectors.insert(spec.id, vector);
        } else if matches!(spec.kind, FieldKind::Cwe) {
            let Ok(cwe) = Cwe::parse(&value) else { continue };
            values.insert(spec.id, cwe.id());
            weaknesses.insert(spec.id, cwe);
        } else {
            values.insert(spec.id, value);
        }
    }
    Ok(Report { values, targets, vectors, weaknesses, attachments: draft.attachments.clone() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::field::FIELDS;

    /// The `fields` object as the code before the field table serialised it (captured), with
    /// every key of `tests/e2e/lib.mjs`'s `reportEntity`, and the keys of the fields added since
    /// (`severity`, `product`, `affected_versions`, `fixed_version`, `proof_of_concept`,
    /// `ai_assistance`, `verified_by_hand`, `exploited`, `weakness`).
    const CAPTURED: &str = r#"{"title":" Stored XSS ","vulnerability_type":"Other","weakness":"","severity":"","product":"","affected_versions":"","fixed_version":"","affected":"HTTPS://App.Example.com/x","description":"line one\r\nline = two","prerequisites":"","steps":"1. a\n2. b","impact":"über","exploited":"","proof_of_concept":"","contact":"me@example.net","credit":"Ada","ai_assistance":"","verified_by_hand":"","attachments":[{"name":"a.png","size":2048,"media_type":"image/png"}],"consent":true}"#;

    #[test]
    fn the_wire_format_round_trips_byte_for_byte() {
        let draft: Draft = serde_json::from_str(CAPTURED).expect("parses");
        assert_eq!(draft.text(FieldId::Title), " Stored XSS ");
        assert_eq!(draft.text(FieldId::Description), "line one\r\nline = two");
        assert_eq!(draft.attachments.len(), 1);
        assert!(draft.consent);
        assert_eq!(serde_json::to_string(&draft).expect("serialises"), CAPTURED);
        // Nothing typed: every key is still there (the shape `reportEntity` builds by hand).
        let empty = serde_json::to_string(&Draft::default()).expect("serialises");
        assert_eq!(
            empty,
            r#"{"title":"","vulnerability_type":"","weakness":"","severity":"","product":"","affected_versions":"","fixed_version":"","affected":"","description":"","prerequisites":"","steps":"","impact":"","exploited":"","proof_of_concept":"","contact":"","credit":"","ai_assistance":"","verified_by_hand":"","attachments":[],"consent":false}"#
        );
    }

    #[test]
    fn reading_is_forgiving_but_not_ambiguous() {
        let cases: &[(&str, Result<Draft, &str>)] = &[
            ("{}", Ok(Draft::default())),
            (r#"{"title":"x"}"#, Ok(Draft::default().with_text(FieldId::Title, "x"))),
            (r#"{"consent":true,"in_the_wild":true}"#, Ok(Draft { consent: true, ..Draft::default() })),
            (r#"{"title":"x","title":"y"}"#, Err("duplicate field `title`")),
            (r#"{"title":1}"#, Err("invalid type")),
            (r#"{"consent":"yes"}"#, Err("invalid type")),
            (r#"["x"]"#, Err("an object of report fields")),
        ];
        for (json, expected) in cases {
            let got = serde_json::from_str::<Draft>(json).map_err(|e| e.to_string());
            match (got, expected) {
                (Ok(got), Ok(expected)) => assert_eq!(&got, expected, "{json}"),
                (Err(e), Err(needle)) => assert!(e.contains(needle), "{json}: `{e}` lacks `{needle}`"),
                (got, expected) => panic!("{json}: got {got:?}, expected {expected:?}"),
            }
        }
    }

    #[test]
    fn only_text_fields_hold_text() {
        let mut draft = Draft::default();
        for spec in FIELDS {
            assert_eq!(draft.text_mut(spec.id).is_some(), spec.kind.holds_text(), "{}", spec.name);
        }
        // Typing and clearing leaves the draft equal to one never typed in.
        if let Some(t) = draft.text_mut(FieldId::Steps) {
            t.push('x');
            t.clear();
        }
        assert_eq!(draft, Draft::default());
        assert_ne!(draft.with_text(FieldId::Steps, "x"), Draft::default());
    }

    #[test]
    fn always_required_fields_are_required_whatever_the_policy_says() {
        let mut policy = crate::policy::tests::nimbus();
        policy.fields.required.clear();
        let always: Vec<FieldId> = FIELDS.iter().filter(|f| f.always_required).map(|f| f.id).collect();
        assert_eq!(always, [FieldId::Title, FieldId::Consent]);
        for spec in FIELDS {
            assert_eq!(policy.fields.is_required(spec.id), spec.always_required, "{}", spec.name);
        }
        let errors = validate(&policy, &Draft::default()).expect_err("empty");
        let fields: Vec<FieldId> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, always);
        assert_eq!(check_field(&policy, &Draft::default(), FieldId::Title), Err(Problem::Required));
    }

    #[test]
    fn a_valid_draft_keeps_what_was_filled_in() {
        let policy = crate::policy::tests::nimbus();
        let draft = FIELDS
            .iter()
            .filter(|f| f.kind.holds_text())
            .fold(Draft { consent: true, ..Draft::default() }, |d, f| d.with_text(f.id, ""))
            .with_text(FieldId::Title, "  Open redirect \r\n")
            .with_text(FieldId::Affected, "https://APP.nimbus.example/login")
            .with_text(FieldId::Description, "a\r\nb")
            .with_text(FieldId::Steps, "1.")
            .with_text(FieldId::Impact, "Phishing.");
        let report = validate(&policy, &draft).expect("valid");
        assert_eq!(report.title(), "Open redirect");
        assert_eq!(report.value(FieldId::Description), Some("a\nb"));
        assert_eq!(report.value(FieldId::Contact), None, "empty fields are absent");
        assert_eq!(report.value(FieldId::Affected), Some("https://app.nimbus.example/login"));
        assert_eq!(
            report.target(FieldId::Affected).map(ToString::to_string).as_deref(),
            report.value(FieldId::Affected)
        );
    }
    #[test]
    fn a_cvss_vector_is_kept_as_parsed_and_a_mistyped_one_is_refused_at_the_field() {
        let mut policy = crate::policy::tests::nimbus();
        policy.fields.required.clear();
        let base = Draft { consent: true, ..Draft::default() }.with_text(FieldId::Title, "t");
        let cases: &[(&str, Result<Option<&str>, &str>)] = &[
            ("", Ok(None)),
            (
                " CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N ",
                Ok(Some("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N, 9.3 Critical (CVSS 4.0)")),
            ),
            ("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:Q", Err("Not a CVSS 3.1 or 4.0 vector")),
            ("CVSS:3.1/AV:N/AC:L", Err("is missing")),
        ];
        for (typed, expected) in cases {
            let draft = base.clone().with_text(FieldId::Severity, *typed);
            let text = validate(&policy, &draft).map(|r| {
                let line = crate::mime::render_text("Org", &r)
                    .lines()
                    .find_map(|l| l.strip_prefix("Severity (CVSS vector): ").map(str::to_owned));
                (r.cvss(FieldId::Severity).map(|v| v.to_string()), line)
            });
            match (text, expected) {
                (Ok((vector, line)), Ok(want)) => {
                    assert_eq!(line.as_deref(), *want, "{typed}");
                    assert_eq!(vector.is_some(), want.is_some(), "{typed}");
                }
                (Err(errors), Err(needle)) => {
                    assert_eq!(errors.len(), 1, "{typed}");
                    assert_eq!(errors[0].field, FieldId::Severity);
                    assert!(errors[0].problem.to_string().contains(needle), "{typed}: {}", errors[0].problem);
                }
                (got, want) => panic!("{typed}: got {got:?}, expected {want:?}"),
            }
        }
    }
    #[test]
    fn an_ai_assisted_report_says_what_was_verified_by_hand() {
        let mut policy = crate::policy::tests::nimbus();
        policy.fields.required.clear();
        policy.fields.ask = vec![FieldId::AiAssistance];
        let base = Draft { consent: true, ..Draft::default() }.with_text(FieldId::Title, "t");
        for (answer, verified, expected) in [
            ("", "", Ok(())),
            ("No", "", Ok(())),
            ("Yes, to write the report", "", Err(Problem::Required)),
            ("Yes, to find the problem", "  ", Err(Problem::Required)),
            ("Yes, to find the problem", "I ran the request myself and got the other account's invoice.", Ok(())),
            ("Maybe", "", Err(Problem::UnknownChoice)),
        ] {
            let draft =
                base.clone().with_text(FieldId::AiAssistance, answer).with_text(FieldId::VerifiedByHand, verified);
            let problems: Vec<(FieldId, Problem)> = match validate(&policy, &draft) {
                Ok(_) => vec![],
                Err(errors) => errors.into_iter().map(|e| (e.field, e.problem)).collect(),
            };
            let field =
                if expected == Err(Problem::UnknownChoice) { FieldId::AiAssistance } else { FieldId::VerifiedByHand };
            assert_eq!(
                problems,
                expected.err().map(|p| (field, p)).into_iter().collect::<Vec<_>>(),
                "{answer:?} {verified:?}"
            );
        }
    }
    #[test]
    fn a_product_is_one_the_policy_lists_and_its_versions_are_kept() {
        let mut policy = crate::policy::tests::nimbus();
        policy.fields.required.clear();
        policy.scope.products = vec!["Nimbus CLI".into()];
        let base = Draft { consent: true, ..Draft::default() }.with_text(FieldId::Title, "t");
        let draft = base
            .clone()
            .with_text(FieldId::Product, "Nimbus CLI")
            .with_text(FieldId::AffectedVersions, "2.3.0 to 2.4.1")
            .with_text(FieldId::FixedVersion, "2.4.2");
        let report = validate(&policy, &draft).expect("valid");
        let text = crate::mime::render_text("Org", &report);
        for line in ["Product: Nimbus CLI\n", "Affected versions: 2.3.0 to 2.4.1\n", "Fixed in version: 2.4.2\n"] {
            assert!(text.contains(line), "{line}: {text}");
        }
        for other in ["Nimbus SDK", "nimbus cli"] {
            let draft = base.clone().with_text(FieldId::Product, other);
            assert_eq!(check_field(&policy, &draft, FieldId::Product), Err(Problem::UnknownProduct), "{other}");
        }
    }
}
