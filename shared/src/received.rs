//! Reading a decrypted report back (staff tools): the MIME entity that [`crate::mime::build_entity`]
//! made ([`crate::mime::split_parts`] reads it) becomes the field values, the readable text and
//! the attached files, and the shared field rules run again, because the worker never saw the
//! fields and a modified client could have sent anything.

use crate::Error;
use crate::mime::{Attachment, Parts, REPORT_FORMAT, ReportJson, format_error, split_parts};
/// Follow-up messages are read by [`crate::mime`]; re-exported for the staff CLI.
use crate::policy::PublicPolicy;
use crate::report::{FieldError, Report, validate};

/// The parts of a decrypted report.
#[derive(Debug, Clone, PartialEq)]
pub struct Decrypted {
    /// The readable `text/plain` part as the reporter's browser rendered it.
    pub text: Option<String>,
    /// The field values.
    pub json: ReportJson,
    /// The attached files.
    pub attachments: Vec<Attachment>,
}

/// A decrypted report with the verdict of the shared rules.
#[derive(Debug, Clone)]
pub struct Opened {
    /// The parts.
    pub decrypted: Decrypted,
    /// The validated report, or every field error.
    pub verdict: Result<Report, Vec<FieldError>>,
    /// Where the parts disagree with each other or with the policy (e.g. the JSON lists a file
    /// that is not attached).
    pub inconsistencies: Vec<String>,
}

impl Opened {
    /// Whether the report passed every rule and check.
    pub fn is_clean(&self) -> bool {
        self.verdict.is_ok() && self.inconsistencies.is_empty()
    }
}

/// Parses the decrypted MIME entity of a report.
pub fn parse(bytes: &[u8]) -> Result<Decrypted, Error> {
    let Parts { text, json, attachments } = split_parts(bytes)?;
    let json = json.ok_or_else(|| format_error("the report has no report.json part"))?;
    let json: ReportJson = serde_json::from_slice(&json)?;
    if json.format != REPORT_FORMAT {
        return Err(format_error(format!("unknown report format `{}`", json.format)));
    }
    Ok(Decrypted { text, json, attachments })
}

/// Parses the decrypted entity and reruns the shared rules of `policy` on it.
pub fn open(policy: &PublicPolicy, bytes: &[u8]) -> Result<Opened, Error> {
    let decrypted = parse(bytes)?;
    let verdict = validate(policy, &decrypted.json.fields);
    let mut inconsistencies = Vec::new();
    if decrypted.json.key_fingerprint != policy.key.fingerprint.as_str() {
        inconsistencies.push(format!(
            "written for key {}, but the policy's key is {}",
            decrypted.json.key_fingerprint, policy.key.fingerprint
        ));
    }
    let listed: Vec<(&str, u64)> =
        decrypted.json.fields.attachments.iter().map(|a| (a.name.as_str(), a.size)).collect();
    let attached: Vec<(&str, u64)> =
        decrypted.attachments.iter().map(|a| (a.name.as_str(), a.bytes.len() as u64)).collect();
    for (name, size) in &listed {
        if !attached.contains(&(name, *size)) {
            inconsistencies.push(format!("the form lists {name} ({size} bytes), but no such file is attached"));
        }
    }
    for (name, size) in &attached {
        if !listed.contains(&(name, *size)) {
            inconsistencies.push(format!("{name} ({size} bytes) is attached, but the form does not list it"));
        }
    }
    Ok(Opened { decrypted, verdict, inconsistencies })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mime::build_entity;
    use crate::report::{AttachmentMeta, Draft, FieldId};

    fn policy() -> PublicPolicy {
        crate::policy::tests::nimbus()
    }

    fn draft(files: &[Attachment]) -> Draft {
        let typed = [
            (FieldId::Title, "Stored XSS in the profile page"),
            (FieldId::Affected, "https://app.nimbus.example/profile"),
            (FieldId::Description, "Names are rendered without escaping: <script>alert(1)</script> = bad"),
            (FieldId::Steps, "1. Set the name.\n2. Open the profile."),
            (FieldId::Impact, "Session theft — über bad."),
        ];
        let mut draft = typed.into_iter().fold(Draft::default(), |d, (f, v)| d.with_text(f, v));
        draft.attachments = files
            .iter()
            .map(|f| AttachmentMeta {
                name: f.name.clone(),
                size: f.bytes.len() as u64,
                media_type: f.media_type.clone(),
            })
            .collect();
        draft.consent = true;
        draft
    }

    use crate::mime::tests::files;

    #[test]
    fn what_the_widget_builds_reads_back() {
        let policy = policy();
        let files = files();
        let draft = draft(&files);
        let report = validate(&policy, &draft).expect("valid");
        let entity = build_entity("Nimbus", policy.key.fingerprint.as_str(), &draft, &report, &files, None);
        let opened = open(&policy, &entity).expect("parses");
        assert!(opened.is_clean(), "{:?}", opened.inconsistencies);
        assert_eq!(opened.decrypted.json.fields, draft);
        assert_eq!(opened.decrypted.attachments, files);
        assert!(opened.decrypted.text.as_deref().is_some_and(|t| t.contains("über bad")));
        // The same entity with LF line endings (as some mail tools save it) reads the same.
        let lf = String::from_utf8(entity).expect("utf8").replace("\r\n", "\n");
        let opened = open(&policy, lf.as_bytes()).expect("parses with LF");
        assert_eq!(opened.decrypted.json.fields, draft);
        assert_eq!(opened.decrypted.attachments.len(), 2);
    }

    #[test]
    fn a_modified_client_is_caught() {
        let policy = policy();
        let files = files();
        let mut bad = draft(&files).with_text(FieldId::Affected, "https://evil.example/");
        bad.consent = false;
        let report = validate(&policy, &draft(&files)).expect("valid");
        // Built with a report that passed, but the JSON carries fields that do not.
        let entity = build_entity("Nimbus", policy.key.fingerprint.as_str(), &bad, &report, &files[..1], None);
        let opened = open(&policy, &entity).expect("parses");
        let fields: Vec<FieldId> = opened.verdict.as_ref().expect_err("invalid").iter().map(|e| e.field).collect();
        assert_eq!(fields, vec![FieldId::Affected, FieldId::Consent]);
        assert_eq!(opened.inconsistencies.len(), 1, "{:?}", opened.inconsistencies);
        assert!(opened.inconsistencies[0].contains("shot.bin"));
    }

    #[test]
    fn not_a_report() {
        let cases: &[(&[u8], &str)] = &[
            (b"Content-Type: text/plain\r\n\r\nhello", "multipart/mixed"),
            (b"Content-Type: multipart/mixed\r\n\r\n", "boundary"),
            (b"Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\nContent-Type: text/plain\r\n\r\nhi\r\n--x--\r\n", "report.json"),
        ];
        let message = crate::mime::build_message("Re: case 01ABC", "Thanks.", &files());
        let cases = cases.iter().copied().chain([(message.as_slice(), "report.json")]);
        for (input, needle) in cases {
            let e = parse(input).expect_err("refused").to_string();
            assert!(e.contains(needle), "`{e}` lacks `{needle}`");
        }
    }
}
