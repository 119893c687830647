//! Report fields and their validation: a [`Draft`] becomes a [`Report`] or the full list of
//! [`FieldError`]s, all at once. The widget runs this before encrypting; the staff tools rerun it
//! after decrypting (the worker never sees fields).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::policy::PublicPolicy;
use crate::scope::Affected;

/// Upper bound for all text fields of one report together, in bytes (used for size limits).
pub const MAX_TEXT_BYTES: u64 = 256 * 1024;

/// The report fields, by their stable ids (also the form controls' `name`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum FieldId {
    /// A one-line summary.
    Title,
    /// The class of vulnerability.
    VulnerabilityType,
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
    /// How to reach the reporter (optional: pseudonymous reports are allowed).
    Contact,
    /// Name for the hall of fame.
    Credit,
    /// Files.
    Attachments,
    /// Agreement to the rules.
    Consent,
}

impl FieldId {
    /// All fields, in form order.
    pub const ALL: [FieldId; 11] = [
        FieldId::Title,
        FieldId::VulnerabilityType,
        FieldId::Affected,
        FieldId::Description,
        FieldId::Prerequisites,
        FieldId::Steps,
        FieldId::Impact,
        FieldId::Attachments,
        FieldId::Contact,
        FieldId::Credit,
        FieldId::Consent,
    ];

    /// The id used as the form control's `name` and in the JSON part.
    pub fn as_str(self) -> &'static str {
        match self {
            FieldId::Title => "title",
            FieldId::VulnerabilityType => "vulnerability_type",
            FieldId::Affected => "affected",
            FieldId::Description => "description",
            FieldId::Prerequisites => "prerequisites",
            FieldId::Steps => "steps",
            FieldId::Impact => "impact",
            FieldId::Contact => "contact",
            FieldId::Credit => "credit",
            FieldId::Attachments => "attachments",
            FieldId::Consent => "consent",
        }
    }

    /// Human label.
    pub fn label(self) -> &'static str {
        match self {
            FieldId::Title => "Title",
            FieldId::VulnerabilityType => "Type of vulnerability",
            FieldId::Affected => "Affected URL, host or IP address",
            FieldId::Description => "Description",
            FieldId::Prerequisites => "Requirements to reproduce",
            FieldId::Steps => "Steps to reproduce",
            FieldId::Impact => "Impact",
            FieldId::Contact => "How can we reach you?",
            FieldId::Credit => "Name for the hall of fame",
            FieldId::Attachments => "Attachments",
            FieldId::Consent => "I have read the rules above and agree to them",
        }
    }

    /// Help text shown under the control.
    pub fn hint(self) -> &'static str {
        match self {
            FieldId::Title => "One line that summarises the problem.",
            FieldId::VulnerabilityType => "The closest category.",
            FieldId::Affected => "For example https://app.example.com/login, api.example.com or 192.0.2.10.",
            FieldId::Description => "What is wrong, and where.",
            FieldId::Prerequisites => "Accounts, roles, settings or tools needed.",
            FieldId::Steps => "Numbered steps someone else can follow.",
            FieldId::Impact => "What an attacker could achieve, and how they would find and exploit it.",
            FieldId::Contact => "E-mail or another channel. Leave empty to stay anonymous.",
            FieldId::Credit => "Your name or handle, if you want public credit.",
            FieldId::Attachments => "Screenshots, logs or proof-of-concept files. Encrypted with the report.",
            FieldId::Consent => "",
        }
    }

    /// Longest accepted value in characters (text fields).
    pub fn max_chars(self) -> usize {
        match self {
            FieldId::Title => 200,
            FieldId::VulnerabilityType => 80,
            FieldId::Affected => 2048,
            FieldId::Contact => 320,
            FieldId::Credit => 100,
            FieldId::Description | FieldId::Steps | FieldId::Impact | FieldId::Prerequisites => 40_000,
            FieldId::Attachments | FieldId::Consent => 0,
        }
    }

    /// Whether the control is a multi-line text area.
    pub fn multiline(self) -> bool {
        matches!(self, FieldId::Description | FieldId::Prerequisites | FieldId::Steps | FieldId::Impact)
    }
}

impl fmt::Display for FieldId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
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
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    /// `title`
    pub title: String,
    /// `vulnerability_type`
    pub vulnerability_type: String,
    /// `affected`
    pub affected: String,
    /// `description`
    pub description: String,
    /// `prerequisites`
    pub prerequisites: String,
    /// `steps`
    pub steps: String,
    /// `impact`
    pub impact: String,
    /// `contact`
    pub contact: String,
    /// `credit`
    pub credit: String,
    /// `attachments`
    pub attachments: Vec<AttachmentMeta>,
    /// `consent`
    pub consent: bool,
}

impl Draft {
    /// The text of a text field (empty for `attachments` and `consent`).
    pub fn text(&self, field: FieldId) -> &str {
        match field {
            FieldId::Title => &self.title,
            FieldId::VulnerabilityType => &self.vulnerability_type,
            FieldId::Affected => &self.affected,
            FieldId::Description => &self.description,
            FieldId::Prerequisites => &self.prerequisites,
            FieldId::Steps => &self.steps,
            FieldId::Impact => &self.impact,
            FieldId::Contact => &self.contact,
            FieldId::Credit => &self.credit,
            FieldId::Attachments | FieldId::Consent => "",
        }
    }

    /// Mutable access to a text field (`None` for `attachments` and `consent`).
    pub fn text_mut(&mut self, field: FieldId) -> Option<&mut String> {
        Some(match field {
            FieldId::Title => &mut self.title,
            FieldId::VulnerabilityType => &mut self.vulnerability_type,
            FieldId::Affected => &mut self.affected,
            FieldId::Description => &mut self.description,
            FieldId::Prerequisites => &mut self.prerequisites,
            FieldId::Steps => &mut self.steps,
            FieldId::Impact => &mut self.impact,
            FieldId::Contact => &mut self.contact,
            FieldId::Credit => &mut self.credit,
            FieldId::Attachments | FieldId::Consent => return None,
        })
    }
}

/// Why a field is not acceptable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    /// Required and empty.
    #[error("This field is required.")]
    Required,
    /// Too long.
    #[error("At most {max} characters (this has {actual}).")]
    TooLong {
        /// Limit.
        max: usize,
        /// Actual length.
        actual: usize,
    },
    /// Contains control characters.
    #[error("Contains control characters that are not allowed.")]
    ControlCharacters,
    /// Not one of the offered choices.
    #[error("Choose one of the listed types.")]
    UnknownChoice,
    /// Not a URL, host name or IP address.
    #[error("Enter a URL (https://…), a host name or an IP address.")]
    NotATarget,
    /// Outside the policy's scope.
    #[error("{target} is not in scope. In scope: {scope}.")]
    OutOfScope {
        /// What was entered.
        target: String,
        /// The scope, comma-separated.
        scope: String,
    },
    /// Too many files.
    #[error("At most {max} files (you attached {actual}).")]
    TooManyFiles {
        /// Limit.
        max: u32,
        /// Actual count.
        actual: usize,
    },
    /// Files too large together.
    #[error("All files together may be at most {max}; these are {actual}.")]
    TooLarge {
        /// Limit, human readable.
        max: String,
        /// Actual, human readable.
        actual: String,
    },
    /// An empty file.
    #[error("The file {name} is empty.")]
    EmptyFile {
        /// File name.
        name: String,
    },
    /// Consent not given.
    #[error("Please confirm that you agree to the rules.")]
    NoConsent,
}

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
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Summary line.
    pub title: String,
    /// Category, if given.
    pub vulnerability_type: Option<String>,
    /// What is affected, if given.
    pub affected: Option<Affected>,
    /// Description, if given.
    pub description: Option<String>,
    /// Requirements, if given.
    pub prerequisites: Option<String>,
    /// Steps, if given.
    pub steps: Option<String>,
    /// Impact, if given.
    pub impact: Option<String>,
    /// Contact, if given.
    pub contact: Option<String>,
    /// Credit name, if given.
    pub credit: Option<String>,
    /// Attachment metadata.
    pub attachments: Vec<AttachmentMeta>,
}

/// Human-readable byte size (KiB/MiB).
pub fn human_size(bytes: u64) -> String {
    const KIB: f64 = 1024.0;
    let b = bytes as f64;
    if b >= KIB * KIB {
        format!("{:.1} MiB", b / KIB / KIB)
    } else if b >= KIB {
        format!("{:.1} KiB", b / KIB)
    } else {
        format!("{bytes} bytes")
    }
}

/// Checks one field. Used on blur and, for every field, on submit.
pub fn check_field(policy: &PublicPolicy, draft: &Draft, field: FieldId) -> Result<(), Problem> {
    let required = policy.fields.is_required(field);
    match field {
        FieldId::Consent => return if draft.consent { Ok(()) } else { Err(Problem::NoConsent) },
        FieldId::Attachments => {
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
            let total: u64 = files.iter().map(|f| f.size).sum();
            if total > limits.max_total_bytes {
                return Err(Problem::TooLarge { max: human_size(limits.max_total_bytes), actual: human_size(total) });
            }
            return Ok(());
        }
        _ => {}
    }
    let value = draft.text(field).trim();
    if value.is_empty() {
        return if required || field == FieldId::Title { Err(Problem::Required) } else { Ok(()) };
    }
    let chars = value.chars().count();
    if chars > field.max_chars() {
        return Err(Problem::TooLong { max: field.max_chars(), actual: chars });
    }
    let multiline = field.multiline();
    if value.chars().any(|c| c.is_control() && !(multiline && (c == '\n' || c == '\t' || c == '\r'))) {
        return Err(Problem::ControlCharacters);
    }
    match field {
        FieldId::VulnerabilityType if !VULNERABILITY_TYPES.contains(&value) => Err(Problem::UnknownChoice),
        FieldId::Affected => {
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
    let errors: Vec<FieldError> = FieldId::ALL
        .iter()
        .filter_map(|&field| check_field(policy, draft, field).err().map(|problem| FieldError { field, problem }))
        .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Report {
        title: draft.title.trim().to_owned(),
        vulnerability_type: optional(&draft.vulnerability_type),
        affected: optional(&draft.affected).and_then(|a| Affected::parse(&a)),
        description: optional(&draft.description),
        prerequisites: optional(&draft.prerequisites),
        steps: optional(&draft.steps),
        impact: optional(&draft.impact),
        contact: optional(&draft.contact),
        credit: optional(&draft.credit),
        attachments: draft.attachments.clone(),
    })
}
