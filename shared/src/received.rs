//! Reading a decrypted report back (staff tools): the MIME entity that [`crate::mime::build_entity`]
//! made becomes the field values, the readable text and the attached files, and the shared field
//! rules run again, because the worker never saw the fields and a modified client could have sent
//! anything.

use base64::Engine as _;

use crate::Error;
use crate::mime::{Attachment, REPORT_FORMAT, ReportJson};
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

fn format_error(problem: impl Into<String>) -> Error {
    Error::ReportFormat(problem.into())
}

/// Unfolded headers: lower-case name and value.
type HeaderList = Vec<(String, String)>;

/// Splits a MIME entity into its unfolded headers and its body.
fn split_entity(bytes: &[u8]) -> Result<(HeaderList, &[u8]), Error> {
    let (head, body) = match find(bytes, b"\r\n\r\n") {
        Some(i) => (&bytes[..i], &bytes[i + 4..]),
        None => match find(bytes, b"\n\n") {
            Some(i) => (&bytes[..i], &bytes[i + 2..]),
            None => (bytes, &[][..]),
        },
    };
    let head = std::str::from_utf8(head).map_err(|_| format_error("MIME headers are not UTF-8"))?;
    let mut headers: HeaderList = Vec::new();
    for line in head.lines() {
        if line.starts_with([' ', '\t']) {
            if let Some((_, value)) = headers.last_mut() {
                value.push(' ');
                value.push_str(line.trim());
            }
        } else if let Some((name, value)) = line.split_once(':') {
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
        }
    }
    Ok((headers, body))
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
}

/// A parameter of a structured header (`name=value` or `name="value"`), case-insensitive.
fn param(value: &str, name: &str) -> Option<String> {
    value.split(';').skip(1).find_map(|p| {
        let (key, val) = p.split_once('=')?;
        key.trim().eq_ignore_ascii_case(name).then(|| val.trim().trim_matches('"').to_owned())
    })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(byte) = s.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn decode_quoted_printable(body: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(body).replace("\r\n", "\n");
    let mut out = Vec::with_capacity(text.len());
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'=' if bytes.get(i + 1) == Some(&b'\n') => i += 2,
            b'=' => match text.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok()) {
                Some(byte) => {
                    out.push(byte);
                    i += 3;
                }
                None => {
                    out.push(b'=');
                    i += 1;
                }
            },
            b'\n' => {
                out.extend_from_slice(b"\n");
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

fn decode(headers: &[(String, String)], body: &[u8]) -> Result<Vec<u8>, Error> {
    let encoding = header(headers, "content-transfer-encoding").unwrap_or("7bit").to_ascii_lowercase();
    match encoding.as_str() {
        "base64" => {
            let clean: Vec<u8> = body.iter().copied().filter(|b| !b.is_ascii_whitespace()).collect();
            base64::engine::general_purpose::STANDARD.decode(clean).map_err(|e| format_error(format!("base64: {e}")))
        }
        "quoted-printable" => Ok(decode_quoted_printable(body)),
        _ => Ok(body.to_vec()),
    }
}

/// The bodies of a multipart entity, split at `--boundary` lines.
fn parts<'a>(body: &'a [u8], boundary: &str) -> Vec<&'a [u8]> {
    let delimiter = format!("--{boundary}");
    let mut out = Vec::new();
    let mut rest = body;
    let mut started = false;
    while let Some(i) = find(rest, delimiter.as_bytes()) {
        let at_line_start = i == 0 || rest[i - 1] == b'\n';
        if !at_line_start {
            rest = &rest[i + delimiter.len()..];
            continue;
        }
        if started {
            let mut part = &rest[..i];
            part = part.strip_suffix(b"\n").unwrap_or(part);
            part = part.strip_suffix(b"\r").unwrap_or(part);
            out.push(part);
        }
        rest = &rest[i + delimiter.len()..];
        if rest.starts_with(b"--") {
            return out;
        }
        let line_end = find(rest, b"\n").map_or(rest.len(), |n| n + 1);
        rest = &rest[line_end..];
        started = true;
    }
    out
}

/// A decrypted follow-up message: its text and files.
#[derive(Debug, Clone, PartialEq)]
pub struct MessageParts {
    /// The text.
    pub text: String,
    /// The attached files.
    pub attachments: Vec<Attachment>,
}

/// The parts of a multipart/mixed entity: the first unnamed text part, the `report.json` part and
/// the other parts as files.
struct Split {
    text: Option<String>,
    json: Option<Vec<u8>>,
    attachments: Vec<Attachment>,
}

fn split_parts(bytes: &[u8]) -> Result<Split, Error> {
    let (headers, body) = split_entity(bytes)?;
    let content_type = header(&headers, "content-type").unwrap_or("text/plain");
    if !content_type.to_ascii_lowercase().starts_with("multipart/mixed") {
        return Err(format_error(format!("expected a multipart/mixed entity, found `{content_type}`")));
    }
    let boundary = param(content_type, "boundary").ok_or_else(|| format_error("multipart without a boundary"))?;
    let mut text = None;
    let mut json = None;
    let mut attachments = Vec::new();
    for part in parts(body, &boundary) {
        let (headers, body) = split_entity(part)?;
        let content_type = header(&headers, "content-type").unwrap_or("text/plain").to_owned();
        let disposition = header(&headers, "content-disposition").unwrap_or("").to_owned();
        let bytes = decode(&headers, body)?;
        let media_type = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        let filename = param(&disposition, "filename*")
            .map(|v| percent_decode(v.strip_prefix("utf-8''").or_else(|| v.strip_prefix("UTF-8''")).unwrap_or(&v)))
            .or_else(|| param(&disposition, "filename"));
        if media_type == "text/plain" && text.is_none() && filename.is_none() {
            text = Some(String::from_utf8_lossy(&bytes).into_owned());
        } else if media_type == "application/json" && json.is_none() && filename.as_deref() == Some("report.json") {
            json = Some(bytes);
        } else {
            let name = filename.unwrap_or_else(|| format!("attachment-{}", attachments.len() + 1));
            attachments.push(Attachment { name, media_type, bytes });
        }
    }
    Ok(Split { text, json, attachments })
}

/// Parses the decrypted MIME entity of a report.
pub fn parse(bytes: &[u8]) -> Result<Decrypted, Error> {
    let Split { text, json, attachments } = split_parts(bytes)?;
    let json = json.ok_or_else(|| format_error("the report has no report.json part"))?;
    let json: ReportJson = serde_json::from_slice(&json)?;
    if json.format != REPORT_FORMAT {
        return Err(format_error(format!("unknown report format `{}`", json.format)));
    }
    Ok(Decrypted { text, json, attachments })
}

/// Parses a decrypted follow-up message.
pub fn parse_message(bytes: &[u8]) -> Result<MessageParts, Error> {
    let Split { text, json, mut attachments } = split_parts(bytes)?;
    if let Some(json) = json {
        attachments.push(Attachment { name: "report.json".into(), media_type: "application/json".into(), bytes: json });
    }
    Ok(MessageParts { text: text.unwrap_or_default(), attachments })
}

/// Parses the decrypted entity and reruns the shared rules of `policy` on it.
pub fn open(policy: &PublicPolicy, bytes: &[u8]) -> Result<Opened, Error> {
    let decrypted = parse(bytes)?;
    let verdict = validate(policy, &decrypted.json.fields);
    let mut inconsistencies = Vec::new();
    if decrypted.json.key_fingerprint != policy.key.fingerprint {
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
        let file = crate::policy::parse_file(include_str!("../../examples/policies/nimbus-cloud/policy.toml"))
            .expect("example policy");
        let key = include_str!("../../examples/policies/nimbus-cloud/security.asc");
        let referenced = crate::policy::Referenced {
            key: key.to_owned(),
            staff_keys: vec![include_str!("../../examples/policies/nimbus-cloud/staff/alice.asc").to_owned()],
            ..Default::default()
        };
        crate::policy::load(file, referenced).expect("loads").public
    }

    fn draft(files: &[Attachment]) -> Draft {
        Draft {
            title: "Stored XSS in the profile page".into(),
            affected: "https://app.nimbus.example/profile".into(),
            description: "Names are rendered without escaping: <script>alert(1)</script> = bad".into(),
            steps: "1. Set the name.\n2. Open the profile.".into(),
            impact: "Session theft — über bad.".into(),
            attachments: files
                .iter()
                .map(|f| AttachmentMeta {
                    name: f.name.clone(),
                    size: f.bytes.len() as u64,
                    media_type: f.media_type.clone(),
                })
                .collect(),
            consent: true,
            ..Draft::default()
        }
    }

    fn files() -> Vec<Attachment> {
        vec![
            Attachment {
                name: "poc \"1\".html".into(),
                media_type: "text/html".into(),
                bytes: b"<b>=\r\n--=_x</b>".to_vec(),
            },
            Attachment {
                name: "shot.bin".into(),
                media_type: "application/octet-stream".into(),
                bytes: (0..=255).collect(),
            },
        ]
    }

    #[test]
    fn what_the_widget_builds_reads_back() {
        let policy = policy();
        let files = files();
        let draft = draft(&files);
        let report = validate(&policy, &draft).expect("valid");
        let entity = build_entity("Nimbus", &policy.key.fingerprint, &draft, &report, &files, None);
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
        let mut bad = draft(&files);
        bad.affected = "https://evil.example/".into();
        bad.consent = false;
        let report = validate(&policy, &draft(&files)).expect("valid");
        // Built with a report that passed, but the JSON carries fields that do not.
        let entity = build_entity("Nimbus", &policy.key.fingerprint, &bad, &report, &files[..1], None);
        let opened = open(&policy, &entity).expect("parses");
        let fields: Vec<FieldId> = opened.verdict.as_ref().expect_err("invalid").iter().map(|e| e.field).collect();
        assert_eq!(fields, vec![FieldId::Affected, FieldId::Consent]);
        assert_eq!(opened.inconsistencies.len(), 1, "{:?}", opened.inconsistencies);
        assert!(opened.inconsistencies[0].contains("shot.bin"));
    }

    #[test]
    fn follow_up_messages_read_back() {
        let files = files();
        let entity = crate::mime::build_message("Re: case 01ABC", "Thanks — we're on it.\nLine two = fine", &files);
        let parsed = parse_message(&entity).expect("parses");
        assert_eq!(parsed.text, "Thanks — we're on it.\nLine two = fine");
        assert_eq!(parsed.attachments, files);
        assert!(parse(&entity).is_err(), "a message is not a report");
    }

    #[test]
    fn not_a_report() {
        let cases: &[(&[u8], &str)] = &[
            (b"Content-Type: text/plain\r\n\r\nhello", "multipart/mixed"),
            (b"Content-Type: multipart/mixed\r\n\r\n", "boundary"),
            (b"Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\nContent-Type: text/plain\r\n\r\nhi\r\n--x--\r\n", "report.json"),
        ];
        for (input, needle) in cases {
            let e = parse(input).expect_err("refused").to_string();
            assert!(e.contains(needle), "`{e}` lacks `{needle}`");
        }
    }
}
