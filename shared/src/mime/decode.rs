//! Reading a MIME entity back: the inverse of [`super::build_entity`] and
//! [`super::build_message`] (headers, multipart bodies, base64 and quoted-printable).

use base64::Engine as _;

use super::Attachment;
use crate::Error;

pub(crate) fn format_error(problem: impl Into<String>) -> Error {
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parts {
    /// The first `text/plain` part without a file name, decoded.
    pub text: Option<String>,
    /// The `report.json` part's bytes, decoded.
    pub json: Option<Vec<u8>>,
    /// Every other part, as a file.
    pub attachments: Vec<Attachment>,
}

/// Splits a `multipart/mixed` entity into its [`Parts`].
pub fn split_parts(bytes: &[u8]) -> Result<Parts, Error> {
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
    Ok(Parts { text, json, attachments })
}

/// Parses a decrypted follow-up message.
pub fn parse_message(bytes: &[u8]) -> Result<MessageParts, Error> {
    let Parts { text, json, mut attachments } = split_parts(bytes)?;
    if let Some(json) = json {
        attachments.push(Attachment { name: "report.json".into(), media_type: "application/json".into(), bytes: json });
    }
    Ok(MessageParts { text: text.unwrap_or_default(), attachments })
}
