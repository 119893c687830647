//! The report as one MIME entity: a readable `text/plain` part, an `application/json` part with
//! the raw field values, and the attachments. This entity is what gets encrypted; decrypted, it is
//! the body of the PGP/MIME notification (RFC 3156), so mail clients show it as a message.
//!
//! The encoder is here ([`build_entity`], [`build_message`]); the decoder, its inverse, is in
//! `decode` ([`split_parts`], [`parse_message`]). What a report must contain is
//! [`crate::received`]'s business.

use std::fmt::Write as _;

use base64::Engine as _;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::field::{FIELDS, FieldSpec, TextPart};
use crate::i18n::Lang;
use crate::report::{Draft, Report, human_size};

mod decode;
pub mod mail;

pub(crate) use decode::format_error;
pub use decode::{MessageParts, Parts, parse_message, split_parts};

/// Version tag of the JSON part.
pub const REPORT_FORMAT: &str = "sealdrop.report.v1";

/// The JSON part: the field values as typed, so staff tools can rerun validation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportJson {
    /// Always [`REPORT_FORMAT`].
    pub format: String,
    /// The organisation the report was written for.
    pub organisation: String,
    /// The fingerprint of the key it was encrypted to.
    pub key_fingerprint: String,
    /// The fields.
    pub fields: Draft,
    /// The reporter's reply key (armored public key derived from the receipt), so staff can check
    /// the one the worker hands out against the one inside the encrypted report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_key: Option<String>,
}

/// An attached file with its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// File name.
    pub name: String,
    /// Media type as reported by the browser (replaced if malformed).
    pub media_type: String,
    /// Content.
    pub bytes: Vec<u8>,
}

/// Renders the readable text of a validated report: each field as its
/// [`crate::field::FieldSpec::text_part`] says, the one-line fields first, then the sections, then the file list.
pub fn render_text(organisation: &str, report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Vulnerability report for {organisation}\n");
    let shown = |part: TextPart| FIELDS.iter().filter(move |f| f.text_part == part);
    // For the organisation's staff: English, whatever language the reporter wrote in.
    let label = |spec: &FieldSpec| spec.id.label(Lang::En);
    for spec in shown(TextPart::Line) {
        if let Some(vector) = report.cvss(spec.id) {
            let _ = writeln!(out, "{}: {vector}, {}", label(spec), vector.summary());
        } else if let Some(cwe) = report.cwe(spec.id) {
            let _ = writeln!(out, "{}: {cwe}", label(spec));
        } else if let Some(v) = report.value(spec.id) {
            let _ = writeln!(out, "{}: {v}", label(spec));
        }
    }
    for spec in shown(TextPart::Section) {
        if let Some(v) = report.value(spec.id) {
            let label = label(spec);
            let _ = writeln!(out, "\n{label}\n{}\n{v}", "-".repeat(label.chars().count()));
        }
    }
    for spec in shown(TextPart::FileList) {
        if !report.attachments.is_empty() {
            let _ = writeln!(out, "\n{}", label(spec));
            for a in &report.attachments {
                let _ = writeln!(out, "- {} ({})", a.name, human_size(a.size));
            }
        }
    }
    out
}

/// Quoted-printable (RFC 2045 §6.7) with CRLF line breaks.
pub fn quoted_printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for (i, line) in text.replace("\r\n", "\n").split('\n').enumerate() {
        if i > 0 {
            out.push_str("\r\n");
        }
        let mut width = 0;
        let bytes = line.as_bytes();
        for (j, &b) in bytes.iter().enumerate() {
            let last = j + 1 == bytes.len();
            let literal = (b == b' ' || b == b'\t') && !last || (33..=126).contains(&b) && b != b'=';
            let piece_len = if literal { 1 } else { 3 };
            if width + piece_len > 75 {
                out.push_str("=\r\n");
                width = 0;
            }
            if literal {
                out.push(b as char);
            } else {
                let _ = write!(out, "={b:02X}");
            }
            width += piece_len;
        }
    }
    out
}

/// The length of [`base64_lines`] of `n` bytes.
fn base64_lines_len(n: u64) -> u64 {
    let chars = n.div_ceil(3) * 4;
    chars + 2 * chars.div_ceil(76)
}

fn base64_lines(bytes: &[u8]) -> String {
    let encoded = base64::engine::general_purpose::STANDARD.encode(bytes);
    let mut out = String::with_capacity(encoded.len() + encoded.len() / 38);
    for chunk in encoded.as_bytes().chunks(76) {
        // base64 output is ASCII.
        out.push_str(std::str::from_utf8(chunk).unwrap_or_default());
        out.push_str("\r\n");
    }
    out
}

/// RFC 2047 encoded-word for a header value if it is not plain ASCII.
fn header_text(value: &str) -> String {
    let clean: String = value.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    if clean.is_ascii() {
        clean
    } else {
        format!("=?utf-8?b?{}?=", base64::engine::general_purpose::STANDARD.encode(clean.as_bytes()))
    }
}

/// A media type that is safe to put in a header, or `application/octet-stream`.
fn safe_media_type(media_type: &str) -> &str {
    let token = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$&-^_.+".contains(&b));
    match media_type.split_once('/') {
        Some((a, b)) if token(a) && token(b) => media_type,
        _ => "application/octet-stream",
    }
}

/// `filename*` parameter (RFC 2231) that survives any file name.
fn filename_param(name: &str) -> String {
    let mut encoded = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
            encoded.push(b as char);
        } else {
            let _ = write!(encoded, "%{b:02X}");
        }
    }
    let ascii: String =
        name.chars().map(|c| if c.is_ascii_graphic() && c != '"' && c != '\\' { c } else { '_' }).collect();
    format!("filename=\"{ascii}\"; filename*=utf-8''{encoded}")
}

/// Builds the MIME entity (CRLF line endings) for a validated report.
///
/// The boundary starts with `=_`, which can appear neither in quoted-printable nor in base64
/// content, so it never collides with the parts.
pub fn build_entity(
    organisation: &str,
    key_fingerprint: &str,
    draft: &Draft,
    report: &Report,
    files: &[Attachment],
    reply_key: Option<&str>,
) -> Vec<u8> {
    let names: Vec<(&str, &str, u64)> =
        files.iter().map(|f| (f.name.as_str(), f.media_type.as_str(), f.bytes.len() as u64)).collect();
    let mut out = Vec::new();
    for piece in entity_pieces(organisation, key_fingerprint, draft, report, &names, reply_key) {
        match piece {
            Piece::Text(text) => out.extend_from_slice(&text),
            Piece::File(i) => out.extend_from_slice(base64_lines(&files[i].bytes).as_bytes()),
            Piece::Padding(n) => out.extend_from_slice(&crate::padding::padding_bytes(0, n as usize)),
        }
    }
    out
}

/// One piece of a report's MIME entity: text, or the base64 lines of the `n`th file's bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Bytes as they are.
    Text(Vec<u8>),
    /// The `n`th file, base64 in lines of 76 characters and CRLF.
    File(usize),
    /// This many bytes of padding, the epilogue ([`crate::padding`]); always the last piece.
    Padding(u64),
}

impl Piece {
    /// How many bytes the piece is, given the files' sizes.
    fn len(&self, size: impl Fn(usize) -> u64) -> u64 {
        match self {
            Piece::Text(text) => text.len() as u64,
            Piece::File(n) => base64_lines_len(size(*n)),
            Piece::Padding(n) => *n,
        }
    }
}

/// The report's MIME entity in pieces, the files (`(name, media type, size)` each) by index: what
/// [`build_entity`] joins, and what [`EntityReader`] streams without holding a file. The last
/// piece pads the entity to its size bucket ([`crate::padding::bucket`]).
pub fn entity_pieces(
    organisation: &str,
    key_fingerprint: &str,
    draft: &Draft,
    report: &Report,
    files: &[(&str, &str, u64)],
    reply_key: Option<&str>,
) -> Vec<Piece> {
    let text = render_text(organisation, report);
    let json = ReportJson {
        format: REPORT_FORMAT.to_owned(),
        organisation: organisation.to_owned(),
        key_fingerprint: key_fingerprint.to_owned(),
        fields: draft.clone(),
        reply_key: reply_key.map(str::to_owned),
    };
    let json = serde_json::to_vec_pretty(&json).unwrap_or_default();
    let boundary = format!("=_sealdrop_{}", hex_prefix(&Sha256::digest(&json)));
    let mut out = String::new();
    let _ = write!(
        out,
        "Content-Type: multipart/mixed; boundary=\"{boundary}\"; protected-headers=\"v1\"\r\n\
         Subject: {subject}\r\n\
         MIME-Version: 1.0\r\n\r\n\
         This is a multi-part message in MIME format.\r\n",
        subject = header_text(&format!("Vulnerability report: {}", report.title())),
    );
    let _ = write!(
        out,
        "--{boundary}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n{}\r\n",
        quoted_printable(&text)
    );
    let _ = write!(
        out,
        "--{boundary}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Disposition: attachment; filename=\"report.json\"\r\nContent-Transfer-Encoding: base64\r\n\r\n{}",
        base64_lines(&json)
    );
    let mut pieces = Vec::with_capacity(2 * files.len() + 2);
    for (n, (name, media_type, _)) in files.iter().enumerate() {
        out.push_str(&file_header(&boundary, name, media_type));
        pieces.push(Piece::Text(std::mem::take(&mut out).into_bytes()));
        pieces.push(Piece::File(n));
    }
    let _ = write!(out, "--{boundary}--\r\n");
    pieces.push(Piece::Text(out.into_bytes()));
    let len: u64 = pieces.iter().map(|piece| piece.len(|n| files[n].2)).sum();
    pieces.push(Piece::Padding(crate::padding::bucket(len) - len));
    pieces
}

/// How many bytes of a file [`EntityReader`] encodes at a time: a multiple of 57, the bytes of
/// one 76-character base64 line, so the lines of the slices joined are the lines of the whole.
pub const FILE_SLICE: usize = 57 * 16 * 1024;

/// Where [`EntityReader`] gets the files' bytes (the browser's `FileReaderSync`; memory in tests).
pub trait FileSource {
    /// The `n`th file's size.
    fn size(&self, n: usize) -> u64;
    /// `len` bytes of the `n`th file from `offset`.
    fn read(&mut self, n: usize, offset: u64, len: usize) -> std::io::Result<Vec<u8>>;
}

/// The report's MIME entity as a reader: byte for byte [`build_entity`]'s output, holding at most
/// one [`FILE_SLICE`] of a file (and its base64) at a time.
#[derive(Debug)]
pub struct EntityReader<S> {
    pieces: std::vec::IntoIter<Piece>,
    /// The file being read, and how far.
    file: Option<(usize, u64)>,
    /// The padding being written: how much in all, and how far.
    padding: Option<(u64, u64)>,
    buf: Vec<u8>,
    at: usize,
    source: S,
}

impl<S: FileSource> EntityReader<S> {
    /// Streams `pieces` (from [`entity_pieces`]) with files from `source`.
    pub fn new(pieces: Vec<Piece>, source: S) -> Self {
        EntityReader { pieces: pieces.into_iter(), file: None, padding: None, buf: Vec::new(), at: 0, source }
    }

    /// How many bytes the entity has (what a progress bar measures against).
    pub fn len(&self) -> u64 {
        self.pieces.as_slice().iter().map(|piece| piece.len(|n| self.source.size(n))).sum()
    }

    /// Whether the entity is empty (it never is: it has headers).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The next bytes into `buf`; `false` at the end.
    fn refill(&mut self) -> std::io::Result<bool> {
        self.buf.clear();
        self.at = 0;
        loop {
            if let Some((n, offset)) = self.file {
                let size = self.source.size(n);
                if offset < size {
                    let len = (size - offset).min(FILE_SLICE as u64) as usize;
                    let bytes = self.source.read(n, offset, len)?;
                    if bytes.len() != len {
                        return Err(std::io::Error::other("a file changed while it was read"));
                    }
                    self.file = Some((n, offset + len as u64));
                    self.buf = base64_lines(&bytes).into_bytes();
                    return Ok(true);
                }
                self.file = None;
            }
            if let Some((total, done)) = self.padding {
                if done < total {
                    let len = (total - done).min(FILE_SLICE as u64);
                    self.buf = crate::padding::padding_bytes(done, len as usize);
                    self.padding = Some((total, done + len));
                    return Ok(true);
                }
                self.padding = None;
            }
            match self.pieces.next() {
                Some(Piece::Text(text)) if !text.is_empty() => {
                    self.buf = text;
                    return Ok(true);
                }
                Some(Piece::Text(_)) => {}
                Some(Piece::File(n)) => self.file = Some((n, 0)),
                Some(Piece::Padding(n)) => self.padding = Some((n, 0)),
                None => return Ok(false),
            }
        }
    }
}

impl<S: FileSource> std::io::Read for EntityReader<S> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.at == self.buf.len() && !self.refill()? {
            return Ok(0);
        }
        let n = out.len().min(self.buf.len() - self.at);
        out[..n].copy_from_slice(&self.buf[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// Builds a follow-up message (reporter answer or staff reply): one `text/plain` part and the
/// attachments, as one MIME entity (CRLF line endings).
pub fn build_message(subject: &str, text: &str, files: &[Attachment]) -> Vec<u8> {
    let boundary = format!("=_sealdrop_{}", hex_prefix(&Sha256::digest(text.as_bytes())));
    let mut out = String::new();
    let _ = write!(
        out,
        "Content-Type: multipart/mixed; boundary=\"{boundary}\"; protected-headers=\"v1\"\r\n\
         Subject: {}\r\nMIME-Version: 1.0\r\n\r\n\
         --{boundary}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n{}\r\n",
        header_text(subject),
        quoted_printable(text)
    );
    close_with_files(out, &boundary, files)
}

/// Appends one base64 part per file and the closing boundary.
fn close_with_files(mut out: String, boundary: &str, files: &[Attachment]) -> Vec<u8> {
    for file in files {
        out.push_str(&file_header(boundary, &file.name, &file.media_type));
        out.push_str(&base64_lines(&file.bytes));
    }
    let _ = write!(out, "--{boundary}--\r\n");
    let mut out = out.into_bytes();
    let len = out.len() as u64;
    out.extend_from_slice(&crate::padding::padding_bytes(0, (crate::padding::bucket(len) - len) as usize));
    out
}

/// The boundary and headers of a file's part.
fn file_header(boundary: &str, name: &str, media_type: &str) -> String {
    format!(
        "--{boundary}\r\nContent-Type: {}\r\nContent-Disposition: attachment; {}\r\nContent-Transfer-Encoding: base64\r\n\r\n",
        safe_media_type(media_type),
        filename_param(name),
    )
}

fn hex_prefix(digest: &[u8]) -> String {
    digest.iter().take(12).fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn quoted_printable_cases() {
        let cases = [
            ("plain", "plain"),
            ("a=b", "a=3Db"),
            ("trailing space ", "trailing space=20"),
            ("é", "=C3=A9"),
            ("two\nlines", "two\r\nlines"),
        ];
        for (input, expected) in cases {
            assert_eq!(quoted_printable(input), expected, "{input:?}");
        }
        let long = "x".repeat(200);
        assert!(quoted_printable(&long).lines().all(|l| l.len() <= 76));
    }

    /// Attachments that stress the encoding (quotes in the name, a boundary-like body, every
    /// byte value); shared with `received.rs`'s tests.
    pub(crate) fn files() -> Vec<Attachment> {
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
    fn what_is_encoded_decodes() {
        let texts = ["plain", "a=b", "trailing space ", "é über", "two\nlines", &"x = y ".repeat(40), "", "=\n="];
        for text in texts {
            let entity = build_message("Re: case", text, &files());
            let parsed = parse_message(&entity).unwrap_or_else(|e| panic!("{text:?}: {e}"));
            assert_eq!(parsed.text, text, "{text:?}");
            assert_eq!(parsed.attachments, files(), "{text:?}");
            // Saved with LF line endings, as some mail tools do, it reads the same.
            let lf = String::from_utf8(entity).expect("utf8").replace("\r\n", "\n");
            assert_eq!(parse_message(lf.as_bytes()).expect("parses").text, text, "{text:?} with LF");
        }
    }

    /// A report as the code before the field table rendered it (captured): the readable text and
    /// the whole entity must not change by a byte, but for the padding after it (the epilogue,
    /// whitespace to the 16 KiB bucket) and the JSON part's empty values of the fields added
    /// since (`severity`, the product and versions, `exploited`, `proof_of_concept`,
    /// `ai_assistance`, `verified_by_hand`, `weakness`: every draft
    /// carries every key).
    #[test]
    fn the_report_entity_is_unchanged() {
        let json = r#"{"title":" Stored XSS ","vulnerability_type":"Other","affected":"HTTPS://App.Example.com/x","description":"line one\r\nline = two","prerequisites":"","steps":"1. a\n2. b","impact":"über","contact":"me@example.net","credit":"Ada","attachments":[{"name":"a.png","size":2048,"media_type":"image/png"}],"consent":true}"#;
        let draft: Draft = serde_json::from_str(json).expect("parses");
        let mut policy = crate::policy::tests::nimbus();
        policy.scope.in_scope.clear();
        let report = crate::report::validate(&policy, &draft).expect("valid");
        let expected = "Vulnerability report for Org\n\n\
            Title: Stored XSS\n\
            Type of vulnerability: Other\n\
            Affected URL, host or IP address: https://app.example.com/x\n\
            How can we reach you?: me@example.net\n\
            Name for the hall of fame: Ada\n\
            \nDescription\n-----------\nline one\nline = two\n\
            \nSteps to reproduce\n------------------\n1. a\n2. b\n\
            \nImpact\n------\nüber\n\
            \nAttachments\n- a.png (2.0 KiB)\n";
        assert_eq!(render_text("Org", &report), expected);
        let padded = build_entity("Org", "ABCD", &draft, &report, &[], None);
        assert_eq!(padded.len() as u64, crate::padding::MIN_BUCKET);
        let end = padded.iter().rposition(|b| !b" \r\n".contains(b)).expect("text") + 1;
        let entity = [&padded[..end], b"\r\n"].concat();
        assert!(entity.ends_with(b"--\r\n"), "the padding follows the closing boundary");
        assert_eq!(
            hex::encode(Sha256::digest(&entity)),
            "eca27a917cdfcf5f661b568d03fec10ae3989453bf2e7b996b0e33148103aa74",
            "{}",
            String::from_utf8_lossy(&entity)
        );
    }

    /// Files in memory, read in slices as the browser's `FileReaderSync` reads them.
    struct InMemory(Vec<Attachment>, usize);

    impl FileSource for InMemory {
        fn size(&self, n: usize) -> u64 {
            self.0[n].bytes.len() as u64
        }
        fn read(&mut self, n: usize, offset: u64, len: usize) -> std::io::Result<Vec<u8>> {
            self.1 = self.1.max(len);
            Ok(self.0[n].bytes[offset as usize..offset as usize + len].to_vec())
        }
    }

    /// The streamed entity is the built one, byte for byte, with files of sizes around the slice
    /// and its line boundaries; it never holds more than one slice of a file.
    #[test]
    fn the_streamed_entity_is_the_built_one() {
        use std::io::Read as _;
        let mut policy = crate::policy::tests::nimbus();
        policy.scope.in_scope.clear();
        policy.attachments.max_files = 20;
        policy.attachments.max_total_bytes = 10 << 20;
        let sizes = [1, 56, 57, 58, FILE_SLICE - 1, FILE_SLICE, FILE_SLICE + 1, 2 * FILE_SLICE + 100];
        let mut files = files();
        for (i, size) in sizes.iter().enumerate() {
            let bytes = (0..*size).map(|b| (b * 7 + i) as u8).collect();
            files.push(Attachment { name: format!("f{i}.bin"), media_type: "application/x-test".into(), bytes });
        }
        let json = r#"{"title":"T","vulnerability_type":"Other","affected":"https://app.example.com/","description":"d","steps":"s","impact":"i","consent":true}"#;
        let mut draft: Draft = serde_json::from_str(json).expect("parses");
        draft.attachments = files
            .iter()
            .map(|f| crate::report::AttachmentMeta {
                name: f.name.clone(),
                size: f.bytes.len() as u64,
                media_type: f.media_type.clone(),
            })
            .collect();
        let report = crate::report::validate(&policy, &draft).expect("valid");
        let built = build_entity("Org", "ABCD", &draft, &report, &files, Some("KEY"));
        let names: Vec<(&str, &str, u64)> =
            files.iter().map(|f| (f.name.as_str(), f.media_type.as_str(), f.bytes.len() as u64)).collect();
        let pieces = entity_pieces("Org", "ABCD", &draft, &report, &names, Some("KEY"));
        let mut reader = EntityReader::new(pieces, InMemory(files.clone(), 0));
        assert_eq!(reader.len(), built.len() as u64, "the length is known before the entity is read");
        let mut streamed = Vec::new();
        let mut buf = [0u8; 3001];
        loop {
            let n = reader.read(&mut buf).expect("reads");
            if n == 0 {
                break;
            }
            streamed.extend_from_slice(&buf[..n]);
        }
        assert!(streamed == built, "the streamed entity differs from the built one");
        assert_eq!(built.len() as u64, crate::padding::bucket(built.len() as u64), "padded to its bucket");
        assert_eq!(reader.source.1, FILE_SLICE, "at most one slice at a time");
        assert_eq!(split_parts(&streamed).expect("parses").attachments, files);
    }

    #[test]
    fn safe_headers() {
        assert_eq!(safe_media_type("image/png"), "image/png");
        assert_eq!(safe_media_type("text/html\r\nX-Evil: 1"), "application/octet-stream");
        assert_eq!(safe_media_type(""), "application/octet-stream");
        assert_eq!(filename_param("a \"b\".txt"), "filename=\"a__b_.txt\"; filename*=utf-8''a%20%22b%22.txt");
        assert_eq!(header_text("x\r\nBcc: y"), "x  Bcc: y");
    }
}
