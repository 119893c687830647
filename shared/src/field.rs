//! The report fields, in one table: [`FIELDS`] lists every field once, in form order, with
//! everything the widget, the validation, the readable text part and the policy page need to know
//! about it. [`FieldId`]'s methods are look-ups into this table.
//!
//! Adding a field: a [`FieldId`] variant (in the same position) and one [`FieldSpec`] entry. A
//! field of a new [`FieldKind`] also needs its rule in `report::check_field` and its component in
//! the widget.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

/// The report fields, by their stable ids (also the form controls' `name` and the keys of the
/// JSON part). Declared in form order, the order of [`FIELDS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum FieldId {
    /// A one-line summary.
    Title,
    /// The class of vulnerability.
    VulnerabilityType,
    /// The CWE weakness (`CWE-79`), picked from the catalogue (`crate::cwe`).
    Weakness,
    /// A CVSS 3.1 or 4.0 vector.
    Severity,
    /// Which of the policy's products (vendors).
    Product,
    /// The affected versions of that product.
    AffectedVersions,
    /// The version that fixes it, if the reporter knows one.
    FixedVersion,
    /// URL, host or IP affected; checked against the scope.
    Affected,
    /// Free-text description.
    Description,
    /// What is needed to reproduce (accounts, configuration).
    Prerequisites,
    /// Steps to reproduce.
    Steps,
    /// Impact, and how an attacker would find and exploit it.
    Impact,
    /// "I believe this is being exploited in the wild" (when the policy uses the CRA clock): the one
    /// answer that also travels in clear, so the clock can start at receipt.
    Exploited,
    /// Code, a request or commands that show the problem (when the policy asks for it).
    ProofOfConcept,
    /// Files.
    Attachments,
    /// How to reach the reporter (optional: pseudonymous reports are allowed).
    Contact,
    /// Name for the hall of fame.
    Credit,
    /// Whether AI tools helped find the problem or write the report (when the policy asks).
    AiAssistance,
    /// What the reporter checked by hand (required when AI tools were used).
    VerifiedByHand,
    /// Agreement to the rules.
    Consent,
}

/// What kind of control a field is, which decides its rules and its widget component.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// One line of text; control characters are refused.
    Line,
    /// Multi-line text; newlines and tabs are allowed.
    Text,
    /// A URL, host name or IP address, checked against the policy's scope.
    Target,
    /// One of a fixed list of values (a select).
    Choice {
        /// The values offered (what the report carries; the reporter reads the message
        /// `<option_ids>-<n>`, n counting from 1).
        options: &'static [&'static str],
        /// The prefix of the options' message ids.
        option_ids: &'static str,
    },
    /// How to reach the reporter (one line).
    Contact,
    /// Attached files (only their metadata is a field value; the bytes travel as MIME parts).
    Files,
    /// A checkbox the reporter must tick.
    Consent,
    /// A CVSS 3.x or 4.0 vector, scored as it is typed (`severity::CvssVector`).
    Cvss,
    /// A CWE weakness of the catalogue (`cwe::Cwe`), picked from a searchable list.
    Cwe,
    /// A checkbox the reporter may tick: the value is [`FLAG_SET`] when ticked, empty when not.
    Flag,
    /// One of the policy's products (`scope.products`, a select).
    Product,
}

impl FieldKind {
    /// Whether the field's value is text (stored in [`crate::report::Draft::text`]).
    pub const fn holds_text(self) -> bool {
        matches!(
            self,
            Self::Line
                | Self::Text
                | Self::Target
                | Self::Choice { .. }
                | Self::Contact
                | Self::Cvss
                | Self::Cwe
                | Self::Flag
                | Self::Product
        )
    }

    /// Whether the control is a multi-line text area.
    pub const fn multiline(self) -> bool {
        matches!(self, Self::Text)
    }
}

/// How a field appears in the readable `text/plain` part of the report (`mime::render_text`):
/// the `Line`s first, then the `Section`s, then the file list, each group in table order, each
/// under the field's label; empty fields are left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextPart {
    /// `Label: value` on one line.
    Line,
    /// A blank line, the label, a line of `-` as long as the label, and the value.
    Section,
    /// A blank line, the label, and one `- name (size)` line per file.
    FileList,
    /// Not shown (the JSON part still carries it).
    Omitted,
}

/// When the form offers a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Offered {
    /// Always.
    Always,
    /// Only when the policy promises credit, or requires the field.
    WithCredit,
    /// Only when the policy's `fields.ask` lists this field (or requires it or this one).
    WhenAsked(FieldId),
    /// Only when the policy lists products (`scope.products`).
    WithProducts,
    /// Only when the policy uses the CRA clock (`[cra] clock = true`).
    WithCraClock,
}

/// A field required by another field's answer: when `field`'s value starts with `prefix`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequiredWhen {
    /// The field whose answer decides.
    pub field: FieldId,
    /// The answers that make this field required start with this.
    pub prefix: &'static str,
}

/// Everything about one report field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldSpec {
    /// The field.
    pub id: FieldId,
    /// The form control's `name` and the JSON key: serde's name of [`Self::id`].
    pub name: &'static str,
    /// The Fluent message id of the field's strings (`shared/src/i18n/*.ftl`): the label is the
    /// message's value, the hint its `.hint` attribute (and a select's prompt its `.prompt`).
    pub message_id: &'static str,
    /// Longest accepted value in characters (0 for fields that hold no text).
    pub max_chars: usize,
    /// What kind of control it is.
    pub kind: FieldKind,
    /// Required whatever the policy says (`policy::FieldSettings::is_required`).
    pub always_required: bool,
    /// Whether the value also travels outside the ciphertext, for the worker (only
    /// [`FieldId::Exploited`]: `cra::EXPLOITED_HEADER`; ARCHITECTURE.md lists it among what the
    /// server learns).
    pub in_clear: bool,
    /// How it appears in the readable text part.
    pub text_part: TextPart,
    /// When the form offers it.
    pub offered: Offered,
    /// Required by another field's answer, besides the policy.
    pub required_when: Option<RequiredWhen>,
}

/// Vulnerability categories offered in the `vulnerability_type` select.
pub const VULNERABILITY_TYPES: &[&str] = &[
    "Cross-site scripting (XSS)",
    "SQL or other injection",
    "Remote code execution",
    "Authentication or session flaw",
    "Broken access control / IDOR",
    "Cross-site request forgery (CSRF)",
    "Server-side request forgery (SSRF)",
    "Information disclosure",
    "Cryptographic weakness",
    "Misconfiguration",
    "Denial of service",
    "Other",
];

/// The answers offered in the `ai_assistance` select ("Yes…" answers require `verified_by_hand`).
pub const AI_ASSISTANCE: &[&str] =
    &["No", "Yes, to find the problem", "Yes, to write the report", "Yes, to find the problem and to write the report"];

/// The value of a ticked [`FieldKind::Flag`].
pub const FLAG_SET: &str = "yes";

const LONG_TEXT: usize = 40_000;

/// Every report field, once, in form order (the order of [`FieldId`]'s variants).
pub const FIELDS: &[FieldSpec] = &[
    FieldSpec {
        id: FieldId::Title,
        name: "title",
        message_id: "field-title",
        max_chars: 200,
        kind: FieldKind::Line,
        always_required: true,
        in_clear: false,
        text_part: TextPart::Line,
        offered: Offered::Always,
        required_when: None,
    },
    FieldSpec {
        id: FieldId::VulnerabilityType,
        name: "vulnerability_type",
        message_id: "field-vulnerability-type",
        max_chars: 80,
        kind: FieldKind::Choice { options: VULNERABILITY_TYPES, option_ids: "vulnerability-type" },
        always_required: false,
        in_clear: false,
        text_part: TextPart::Line,
        offered: Offered::Always,
        required_when: None,
    },
    FieldSpec {
        id: FieldId::Weakness,
        name: "weakness",
        message_id: "field-weakness",
        max_chars: 200,
        kind: FieldKind::Cwe,
        always_required: false,
        in_clear: false,
        text_part: TextPart::Line,
        offered: Offered::Always,
        required_when: None,
    },
    FieldSpec {
        id: FieldId::Severity,
        name: "severity",
        message_id: "field-severity",
        max_chars: 200,
        kind: FieldKind::Cvss,
        always_required: false,
        in_clear: false,
        text_part: TextPart::Line,
        offered: Offered::Always,
        required_when: None,
    },
    FieldSpec {
        id: FieldId::Product,
        name: "product",
        message_id: "field-product",
        max_chars: 120,
        kind: FieldKind::Product,
        always_required: false,
        in_clear: false,
        text_part: TextPart::Line,
        offered: Offered::WithProducts,
        required_when: None,
    },
    FieldSpec {
        id: FieldId::AffectedVersions,
        name: "affected_versions",
        message_id: "field-affected-versions",
        max_chars: 200,
        kind: FieldKind::Line,
        always_required: false,
        in_clear: false,
        text_part: TextPart::Line,
        offered: Offered::WithProducts,
        required_when: None,
    },
    FieldSpec {
        id: FieldId::FixedVersion,
        name: "fixed_version",
        message_id: "field-fixed-version",
        max_chars: 80,
        kind: FieldKind::Line,
        always_required: false,
        in_clear: false,
        text_part: TextPart::Line,
        offered: Offered::WithProducts,
        required_when: None,
    },
    FieldSpec {
        id: FieldId::Affected,
        name: "affected",
        message_id: "field-affected",
        max_chars: 2048,
        kind: FieldKind::Target,
        always_required: false,
        in_clear: false,
        text_part: TextPart::Line,
        offered: Offered::Always,
        required_when: None,
    },
    FieldSpec {
        id: FieldId::Description,
        name: "description",
        message_id: "field-description",
        max_chars: LONG_TEXT,
        kind: FieldKind::Text,
        always_required: false,
        in_clear: false,
        text_part: TextPart::Section,
        offered: Offered::Always,
        required_when: None,
    },
    FieldSpec {
        id: FieldId::Prerequisites,
        name: "prerequisites",
        message_id: "field-prerequisites",
        max_chars: LONG_TEXT,
        kind: FieldKind::Text,
        always_required: false,
        in_clear: false,
        text_part: TextPart::Section,
        offered: Offered::Always,
        required_when: None,
    },
    FieldSpec {
        id: FieldId::Steps,
        name: "steps",
        message_id: "field-steps",
        max_chars: LONG_TEXT,
        kind: FieldKind::Text,
        always_required: false,
        in_clear: false,
        text_part: TextPart::Section,
        offered: Offered::Always,
        required_when: None,
    },
    FieldSpec {
        id: FieldId::Impact,
        name: "impact",
        message_id: "field-impact",
        max_chars: LONG_TEXT,
        kind: FieldKind::Text,
        always_required: false,
        in_clear: false,
        text_part: TextPart::Section,
        offered: Offered::Always,
        required_when: None,
    },
    FieldSpec {
        id: FieldId::Exploited,
        name: "exploited",
        message_id: "field-exploited",
        max_chars: 3,
        kind: FieldKind::Flag,
        always_required: false,
        in_clear: true,
        text_part: TextPart::Line,
        offered: Offered::WithCraClock,
        required_when: None,
    },
    FieldSpec {
        id: FieldId::ProofOfConcept,
        name: "proof_of_concept",
        message_id: "field-proof-of-concept",
        max_chars: LONG_TEXT,
        kind: FieldKind::Text,
        always_required: false,
        in_clear: false,
        text_part: TextPart::Section,
        offered: Offered::WhenAsked(FieldId::ProofOfConcept),
        required_when: None,
    },
    FieldSpec {
        id: FieldId::Attachments,
        name: "attachments",
        message_id: "field-attachments",
        max_chars: 0,
        kind: FieldKind::Files,
        always_required: false,
        in_clear: false,
        text_part: TextPart::FileList,
        offered: Offered::Always,
        required_when: None,
    },
    FieldSpec {
        id: FieldId::Contact,
        name: "contact",
        message_id: "field-contact",
        max_chars: 320,
        kind: FieldKind::Contact,
        always_required: false,
        in_clear: false,
        text_part: TextPart::Line,
        offered: Offered::Always,
        required_when: None,
    },
    FieldSpec {
        id: FieldId::Credit,
        name: "credit",
        message_id: "field-credit",
        max_chars: 100,
        kind: FieldKind::Line,
        always_required: false,
        in_clear: false,
        text_part: TextPart::Line,
        offered: Offered::WithCredit,
        required_when: None,
    },
    FieldSpec {
        id: FieldId::AiAssistance,
        name: "ai_assistance",
        message_id: "field-ai-assistance",
        max_chars: 80,
        kind: FieldKind::Choice { options: AI_ASSISTANCE, option_ids: "ai-assistance" },
        always_required: false,
        in_clear: false,
        text_part: TextPart::Line,
        offered: Offered::WhenAsked(FieldId::AiAssistance),
        required_when: None,
    },
    FieldSpec {
        id: FieldId::VerifiedByHand,
        name: "verified_by_hand",
        message_id: "field-verified-by-hand",
        max_chars: LONG_TEXT,
        kind: FieldKind::Text,
        always_required: false,
        in_clear: false,
        text_part: TextPart::Section,
        offered: Offered::WhenAsked(FieldId::AiAssistance),
        required_when: Some(RequiredWhen { field: FieldId::AiAssistance, prefix: "Yes" }),
    },
    FieldSpec {
        id: FieldId::Consent,
        name: "consent",
        message_id: "field-consent",
        max_chars: 0,
        kind: FieldKind::Consent,
        always_required: true,
        in_clear: false,
        text_part: TextPart::Omitted,
        offered: Offered::Always,
        required_when: None,
    },
];

// `FieldId::spec` indexes the table by discriminant: entry `i` must describe variant `i`.
const _: () = {
    let mut i = 0;
    while i < FIELDS.len() {
        assert!(FIELDS[i].id as usize == i, "FIELDS must list the FieldId variants in declaration order");
        i += 1;
    }
};

impl FieldId {
    /// All fields, in form order (the ids of [`FIELDS`]).
    pub const ALL: [FieldId; FIELDS.len()] = {
        let mut all = [FieldId::Title; FIELDS.len()];
        let mut i = 0;
        while i < FIELDS.len() {
            all[i] = FIELDS[i].id;
            i += 1;
        }
        all
    };

    /// The field's entry in [`FIELDS`].
    pub const fn spec(self) -> &'static FieldSpec {
        &FIELDS[self as usize]
    }

    /// The field whose form/JSON name is `name`.
    pub fn from_name(name: &str) -> Option<FieldId> {
        FIELDS.iter().find(|s| s.name == name).map(|s| s.id)
    }

    /// The id used as the form control's `name` and in the JSON part.
    pub const fn as_str(self) -> &'static str {
        self.spec().name
    }

    /// The label, in `lang`.
    pub fn label(self, lang: Lang) -> String {
        lang.t(self.spec().message_id)
    }

    /// Help text shown under the control, in `lang` (empty: none).
    pub fn hint(self, lang: Lang) -> String {
        lang.t(&format!("{}.hint", self.spec().message_id))
    }

    /// A select's empty first entry, in `lang`.
    pub fn prompt(self, lang: Lang) -> String {
        lang.t(&format!("{}.prompt", self.spec().message_id))
    }

    /// What the reporter reads for the select's option `value` (one of its `options`), in `lang`;
    /// a value the field does not offer (a product) is itself.
    pub fn option_label(self, value: &str, lang: Lang) -> String {
        match self.spec().kind {
            FieldKind::Choice { options, option_ids } => match options.iter().position(|o| *o == value) {
                Some(i) => lang.t(&format!("{option_ids}-{}", i + 1)),
                None => value.to_owned(),
            },
            _ => value.to_owned(),
        }
    }

    /// Longest accepted value in characters (text fields).
    pub const fn max_chars(self) -> usize {
        self.spec().max_chars
    }

    /// Whether the control is a multi-line text area.
    pub const fn multiline(self) -> bool {
        self.spec().kind.multiline()
    }
}

impl fmt::Display for FieldId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use serde::de::{self, Visitor};

    use super::*;

    /// The names serde knows for `FieldId`'s variants, taken from its derived `Deserialize`, so
    /// the table is checked against the enum itself.
    fn serde_variant_names() -> &'static [&'static str] {
        #[derive(Debug)]
        struct Captured(&'static [&'static str]);
        impl fmt::Display for Captured {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{:?}", self.0)
            }
        }
        impl std::error::Error for Captured {}
        impl de::Error for Captured {
            fn custom<T: fmt::Display>(msg: T) -> Self {
                panic!("unexpected: {msg}")
            }
        }
        struct Probe;
        impl<'de> de::Deserializer<'de> for Probe {
            type Error = Captured;
            fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Captured> {
                panic!("FieldId is not deserialized as an enum")
            }
            fn deserialize_enum<V: Visitor<'de>>(
                self,
                _name: &'static str,
                variants: &'static [&'static str],
                _: V,
            ) -> Result<V::Value, Captured> {
                Err(Captured(variants))
            }
            serde::forward_to_deserialize_any! {
                bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
                option unit unit_struct newtype_struct seq tuple tuple_struct map struct identifier
                ignored_any
            }
        }
        match FieldId::deserialize(Probe) {
            Ok(id) => panic!("the probe produced {id:?}"),
            Err(Captured(names)) => names,
        }
    }

    #[test]
    fn the_table_lists_every_field_once_under_serdes_name() {
        let names: Vec<&str> = FIELDS.iter().map(|s| s.name).collect();
        assert_eq!(names, serde_variant_names(), "one entry per FieldId, in declaration order");
        for spec in FIELDS {
            let json = serde_json::to_value(spec.id).expect("serialises");
            assert_eq!(json, spec.name, "{:?}", spec.id);
            assert_eq!(serde_json::from_value::<FieldId>(json).expect("parses"), spec.id);
            assert_eq!(FieldId::from_name(spec.name), Some(spec.id));
            assert_eq!(spec.id.spec(), spec);
        }
        assert_eq!(FieldId::ALL.to_vec(), FIELDS.iter().map(|s| s.id).collect::<Vec<_>>());
    }

    #[test]
    fn names_and_message_ids_are_unique() {
        let unique = |strings: Vec<&str>| strings.iter().copied().collect::<BTreeSet<_>>().len() == strings.len();
        assert!(unique(FIELDS.iter().map(|s| s.name).collect()), "names");
        assert!(unique(FIELDS.iter().map(|s| s.message_id).collect()), "message ids");
        assert!(
            unique(
                FIELDS.iter().map(|s| s.id.label(Lang::En)).collect::<Vec<_>>().iter().map(String::as_str).collect()
            ),
            "labels"
        );
        for spec in FIELDS {
            assert!(spec.message_id.starts_with("field-"), "{}: {}", spec.name, spec.message_id);
            assert!(spec.message_id.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'), "{}", spec.message_id);
        }
    }

    #[test]
    fn limits_fit_the_kind() {
        for spec in FIELDS {
            assert_eq!(spec.kind.holds_text(), spec.max_chars > 0, "{}: text fields have a limit", spec.name);
            if let FieldKind::Choice { options, .. } = spec.kind {
                assert!(options.iter().all(|o| o.chars().count() <= spec.max_chars), "{}", spec.name);
            }
        }
        // The size limit's allowance for text holds every field at its limit, at least in ASCII.
        let total: usize = FIELDS.iter().map(|s| s.max_chars).sum();
        assert!(total as u64 <= crate::report::MAX_TEXT_BYTES, "{total} characters");
    }
}
