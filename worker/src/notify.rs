//! Staff notifications: one PGP/MIME e-mail (RFC 3156) per report and recipient, with a generic
//! subject and no plaintext. The message construction is pure and tested natively; sending goes
//! through the `send_email` binding (wasm only).

use sealdrop_shared::api::{Call, endpoint};
use sealdrop_shared::cra::Duty;
use sealdrop_shared::deadline::Notice;
use sealdrop_shared::mime::mail::{self, headers};
pub use sealdrop_shared::mime::mail::{MailHeader, boundary};

/// Largest ciphertext carried in an e-mail; larger reports get a notice with the id only.
pub const MAX_MAIL_CIPHERTEXT: usize = 20 * 1024 * 1024;

/// The PGP/MIME message carrying `armored` (the stored ciphertext) as its encrypted part.
pub fn pgp_mime(env: &MailHeader<'_>, armored: &str) -> String {
    mail::pgp_mime(env, &format!("New vulnerability report {}", env.case_id), armored)
}

/// The PGP/MIME message for a reporter's answer on a case (same shape, its own subject).
pub fn reporter_message(env: &MailHeader<'_>, armored: &str) -> String {
    mail::pgp_mime(env, &format!("New message from the reporter of vulnerability report {}", env.case_id), armored)
}

/// A plain notice for a report too large for e-mail: the id only, no content.
pub fn too_large_notice(env: &MailHeader<'_>, size: u64) -> String {
    let mut mail = headers(env, &format!("New vulnerability report {}", env.case_id), "text/plain; charset=utf-8");
    mail.push_str(&format!(
        "\r\nA new encrypted vulnerability report arrived: case {case}.\r\n\
         It is {size} bytes, too large to send by e-mail. Download it with the staff API:\r\n\
         GET {path}\r\n",
        case = env.case_id,
        path = endpoint::StaffGet { id: env.case_id.clone() }.path(),
    ));
    mail
}

/// A reminder (half the response window passed) or an escalation (the window passed) for a case
/// nobody has acknowledged: the case id and the deadline, nothing else.
pub fn deadline_notice(env: &MailHeader<'_>, duty: Duty, notice: Notice, due_at: &str) -> String {
    let case = env.case_id;
    let (subject, line, due, todo) = match (duty, notice) {
        (Duty::Respond, Notice::Reminder) => (
            format!("Reminder: vulnerability report {case} is not acknowledged"),
            "Half of the promised response time has passed and nobody has acknowledged this report.".to_owned(),
            "Respond by",
            format!("Acknowledge it with: sealdrop ack {case}"),
        ),
        (Duty::Respond, Notice::Escalation) => (
            format!("Escalation: response deadline passed for vulnerability report {case}"),
            "The promised response deadline has passed and nobody has acknowledged this report.".to_owned(),
            "Respond by",
            format!("Acknowledge it with: sealdrop ack {case}"),
        ),
        (Duty::Cra(o), Notice::Reminder) => (
            format!("Reminder: {} due for exploited vulnerability report {case}", o.label()),
            format!(
                "This report is flagged as actively exploited. Half of the time for the {} under the \
                 EU Cyber Resilience Act (Article 14) has passed and it is not marked done.",
                o.label()
            ),
            "Due by",
            format!("Once sent, mark it with: sealdrop cra {case} {} --done", o.arg()),
        ),
        (Duty::Cra(o), Notice::Escalation) => (
            format!("Escalation: {} overdue for exploited vulnerability report {case}", o.label()),
            format!(
                "This report is flagged as actively exploited. The deadline for the {} under the EU \
                 Cyber Resilience Act (Article 14) has passed and it is not marked done.",
                o.label()
            ),
            "Due by",
            format!("Once sent, mark it with: sealdrop cra {case} {} --done", o.arg()),
        ),
    };
    let mut mail = headers(env, &subject, "text/plain; charset=utf-8");
    mail.push_str(&format!("\r\n{line}\r\n\r\nCase: {case}\r\n{due}: {due_at}\r\n\r\n{todo}\r\n"));
    mail
}

/// The audit action (and Message-ID kind) of a notice: `reminder` / `escalation` for the response
/// promise, `cra_reminder` / `cra_escalation` for an obligation.
pub fn notice_action(duty: Duty, notice: Notice) -> &'static str {
    match (duty, notice) {
        (Duty::Respond, Notice::Reminder) => "reminder",
        (Duty::Respond, Notice::Escalation) => "escalation",
        (Duty::Cra(_), Notice::Reminder) => "cra_reminder",
        (Duty::Cra(_), Notice::Escalation) => "cra_escalation",
    }
}

/// The notification for one recipient: PGP/MIME, or the notice when the report is too large.
pub fn message(env: &MailHeader<'_>, armored: &str) -> String {
    if armored.len() > MAX_MAIL_CIPHERTEXT {
        too_large_notice(env, armored.len() as u64)
    } else {
        pgp_mime(env, armored)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sealdrop_shared::address::Email;
    use sealdrop_shared::id::CaseId;
    use sealdrop_shared::mime::mail::Recipient;

    const ARMORED: &str = "-----BEGIN PGP MESSAGE-----\n\nwV4D...\n-----END PGP MESSAGE-----\n";

    static STAFF: std::sync::LazyLock<Email> =
        std::sync::LazyLock::new(|| "staff@example.com".parse().expect("address"));

    static CASE: std::sync::LazyLock<CaseId> =
        std::sync::LazyLock::new(|| "01J00000000000000000000000".parse().expect("a valid id"));

    fn env() -> MailHeader<'static> {
        MailHeader {
            from: "sealdrop@example.com",
            to: Recipient::Address(&STAFF),
            case_id: &CASE,
            date: "Sun, 22 Nov 2026 14:00:00 +0000",
            unique: "1",
            boundary: "=_sealdrop_00112233445566778899aabbccddeeff",
        }
    }

    #[test]
    fn rfc3156_structure() {
        let mail = pgp_mime(&env(), ARMORED);
        assert!(mail.contains("Content-Type: multipart/encrypted; protocol=\"application/pgp-encrypted\"; boundary="));
        let parts: Vec<&str> = mail.split("--=_sealdrop_00112233445566778899aabbccddeeff").collect();
        // preamble, version part, encrypted part, closing "--".
        assert_eq!(parts.len(), 4, "{mail}");
        assert!(parts[1].contains("Content-Type: application/pgp-encrypted") && parts[1].contains("Version: 1"));
        assert!(parts[2].contains("Content-Type: application/octet-stream"));
        assert!(parts[2].contains("-----BEGIN PGP MESSAGE-----\r\n\r\nwV4D...\r\n-----END PGP MESSAGE-----"));
        assert!(parts[3].starts_with("--"));
        assert!(mail.contains("Message-ID: <01J00000000000000000000000.1@example.com>"));
        assert!(!mail.contains("\n\n") || mail.contains("\r\n\r\n"));
    }

    #[test]
    fn boundaries_are_random_and_cannot_occur_in_the_parts() {
        let a = boundary([1; 16]);
        let b = boundary([2; 16]);
        assert_ne!(a, b);
        assert!(!a.contains(CASE.as_str()));
        assert!(a.starts_with("=_") && a.len() == 11 + 32, "{a}");
        let mail = pgp_mime(&env(), ARMORED);
        assert_eq!(mail.matches("=_sealdrop_00112233445566778899aabbccddeeff").count(), 4, "header + 3 delimiters");
    }

    #[test]
    fn deadline_notices_carry_only_the_id_and_the_deadline() {
        for (notice, subject) in [(Notice::Reminder, "Reminder"), (Notice::Escalation, "Escalation")] {
            let mail = deadline_notice(&env(), Duty::Respond, notice, "2026-11-26T23:59:59+01:00");
            let (head, body) = mail.split_once("\r\n\r\n").expect("head and body");
            assert!(head.contains(&format!("Subject: {subject}")) && head.contains("text/plain"), "{head}");
            assert!(
                body.contains("Case: 01J00000000000000000000000\r\nRespond by: 2026-11-26T23:59:59+01:00"),
                "{body}"
            );
            assert!(!mail.contains("\n\n") || mail.contains("\r\n\r\n"));
        }
    }

    #[test]
    fn cra_notices_name_the_obligation_its_deadline_and_how_to_mark_it_done() {
        use sealdrop_shared::cra::Obligation;
        let due = "2026-12-05T16:30:00+00:00";
        for (notice, subject) in [
            (Notice::Reminder, "Reminder: CRA early warning (24 h) due"),
            (Notice::Escalation, "Escalation: CRA early warning (24 h) overdue"),
        ] {
            let mail = deadline_notice(&env(), Duty::Cra(Obligation::EarlyWarning), notice, due);
            let (head, body) = mail.split_once("\r\n\r\n").expect("head and body");
            assert!(head.contains(&format!("Subject: {subject} for exploited vulnerability report 01J0")), "{head}");
            assert!(body.contains(&format!("Case: 01J00000000000000000000000\r\nDue by: {due}")), "{body}");
            assert!(body.contains("sealdrop cra 01J00000000000000000000000 early-warning --done"), "{body}");
            assert_eq!(
                notice_action(Duty::Cra(Obligation::EarlyWarning), notice),
                format!("cra_{}", notice_action(Duty::Respond, notice))
            );
        }
    }

    #[test]
    fn large_reports_get_a_notice_without_content() {
        let big =
            format!("-----BEGIN PGP MESSAGE-----\n{}\n-----END PGP MESSAGE-----\n", "A".repeat(MAX_MAIL_CIPHERTEXT));
        let mail = message(&env(), &big);
        assert!(mail.contains("text/plain") && !mail.contains("AAAA"));
    }
}
