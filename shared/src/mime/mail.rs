//! Mail messages built by hand, for the worker's staff notifications and `sealdrop forward`: the
//! headers every Sealdrop mail carries and the PGP/MIME shape (RFC 3156) that carries an armored
//! OpenPGP message as its only content. Pure string building; no I/O.

use crate::id::CaseId;

/// The headers of one mail, besides its subject and content type.
#[derive(Debug, Clone)]
pub struct MailHeader<'a> {
    /// Sender (for a notification, the binding's allowed sender in production).
    pub from: &'a str,
    /// One recipient.
    pub to: Recipient<'a>,
    /// Case id.
    pub case_id: &'a CaseId,
    /// RFC 2822 date.
    pub date: &'a str,
    /// Unique part of the Message-ID.
    pub unique: &'a str,
    /// The MIME boundary: random ([`boundary`]), never derived from the case id or a time.
    pub boundary: &'a str,
}

/// Whom a mail is addressed to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recipient<'a> {
    /// One address (`To: <address>`).
    Address(&'a crate::address::Email),
    /// Nobody named yet (`To: undisclosed-recipients:;`): the sender fills it in.
    Undisclosed,
}

impl std::fmt::Display for Recipient<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Recipient::Address(email) => write!(f, "<{}>", email.as_str()),
            Recipient::Undisclosed => f.write_str("undisclosed-recipients:;"),
        }
    }
}

/// A MIME boundary from 16 random bytes. `=_` occurs in neither base64 nor ASCII armor, so it
/// cannot occur in the parts it separates.
pub fn boundary(random: [u8; 16]) -> String {
    format!("=_sealdrop_{}", hex::encode(random))
}

fn domain(address: &str) -> &str {
    address.rsplit_once('@').map_or("sealdrop.invalid", |(_, d)| d)
}

/// The headers every Sealdrop mail carries, ending with its content type (the caller adds the
/// blank line and the body).
pub fn headers(env: &MailHeader<'_>, subject: &str, content_type: &str) -> String {
    format!(
        "From: Sealdrop <{from}>\r\nTo: {to}\r\nSubject: {subject}\r\nDate: {date}\r\nMessage-ID: <{case}.{unique}@{domain}>\r\nMIME-Version: 1.0\r\nX-Sealdrop-Case: {case}\r\nContent-Type: {content_type}\r\n",
        from = env.from,
        to = env.to,
        date = env.date,
        case = env.case_id,
        unique = env.unique,
        domain = domain(env.from),
    )
}

fn crlf(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\n', "\r\n")
}

/// A PGP/MIME message (RFC 3156) with `subject` whose encrypted part is `armored`: the
/// version part, then the armored message, between random boundaries.
pub fn pgp_mime(env: &MailHeader<'_>, subject: &str, armored: &str) -> String {
    let boundary = env.boundary;
    let mut mail = headers(
        env,
        subject,
        &format!("multipart/encrypted; protocol=\"application/pgp-encrypted\"; boundary=\"{boundary}\""),
    );
    mail.push_str(&format!(
        "\r\nThis is an OpenPGP/MIME encrypted message (RFC 3156).\r\n\
         --{boundary}\r\nContent-Type: application/pgp-encrypted\r\nContent-Description: PGP/MIME version identification\r\n\r\nVersion: 1\r\n\r\n\
         --{boundary}\r\nContent-Type: application/octet-stream; name=\"encrypted.asc\"\r\nContent-Description: OpenPGP encrypted message\r\nContent-Disposition: inline; filename=\"encrypted.asc\"\r\n\r\n{body}\r\n\
         --{boundary}--\r\n",
        body = crlf(armored.trim_end()),
    ));
    mail
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recipient_is_an_address_in_brackets_or_the_empty_group() {
        let case: CaseId = "01KAY8R5S7X0V3M2QJ4N6T8W9Z".parse().expect("id");
        let email: crate::address::Email = "cert@csirt.example".parse().expect("address");
        for (to, line) in [
            (Recipient::Address(&email), "To: <cert@csirt.example>\r\n"),
            (Recipient::Undisclosed, "To: undisclosed-recipients:;\r\n"),
        ] {
            let header = MailHeader {
                from: "security@acme.example",
                to,
                case_id: &case,
                date: "Mon, 7 Dec 2026 12:00:00 +0000",
                unique: "1",
                boundary: "=_sealdrop_0",
            };
            let mail = pgp_mime(&header, "s", "-----BEGIN PGP MESSAGE-----\n\nx\n-----END PGP MESSAGE-----\n");
            assert!(mail.contains(line), "{mail}");
            assert!(mail.contains("\r\nx\r\n-----END PGP MESSAGE-----\r\n"), "CRLF line ends");
        }
    }
}
