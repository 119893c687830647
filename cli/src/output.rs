//! What the CLI prints: coloured on a terminal, plain when piped (or with `NO_COLOR`), and never
//! a control sequence that came from someone else. Reports, messages, file names, the audit log
//! and every other string the reporter or the server chose pass through [`terminal_safe`] before
//! they reach the terminal (files are saved byte for byte).

use std::borrow::Cow;
use std::io::{IsTerminal as _, Write};

use chrono::{DateTime, Utc};
use sealdrop_shared::api::ReportSummary;
use sealdrop_shared::cra::Outcome;
use sealdrop_shared::deadline::{Urgency, urgency};
use sealdrop_shared::retention::Fate;
use sealdrop_shared::retry::{MAX_ATTEMPTS, Notification};
use sealdrop_shared::staff::{AuditEntry, CaseRecord};

/// Whether to use ANSI colours on stdout.
pub fn colour_stdout() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Whether to use ANSI colours on stderr (warnings).
pub fn colour_stderr() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Whether `c` must not reach a terminal as it is: every C0 control but `\n` and `\t` (so `\r`
/// and ESC too), DEL, every C1 control (U+0080–U+009F, e.g. the one-byte CSI U+009B) and the
/// bidirectional controls.
pub fn is_unsafe_for_terminal(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || sealdrop_shared::text::is_bidi_control(c)
}

/// `text` made inert for a terminal: each character [`is_unsafe_for_terminal`] becomes a visible
/// escape, `\x1b` for one up to U+00FF (ESC, `\r`, DEL, U+009B…) and `\u{202e}` for a
/// bidirectional control, so no escape sequence (colours, cursor moves, OSC 8 links, OSC 52
/// clipboard writes, title changes), no carriage-return overwrite and no reordering comes through.
/// A `\r\n` line break is printed as `\n`. Text without such characters is returned as it is.
pub fn terminal_safe(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe_for_terminal) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() == Some(&'\n') {
            continue;
        }
        if !is_unsafe_for_terminal(c) {
            out.push(c);
        } else if u32::from(c) <= 0xff {
            out.push_str(&format!("\\x{:02x}", u32::from(c)));
        } else {
            out.push_str(&format!("\\u{{{:04x}}}", u32::from(c)));
        }
    }
    Cow::Owned(out)
}

/// Paints `text` with an SGR code when `on`; `text` is made [`terminal_safe`] first, so the only
/// escape sequences in the result are the colour's own.
pub fn paint(on: bool, code: &str, text: &str) -> String {
    let text = terminal_safe(text);
    if on { format!("\x1b[{code}m{text}\x1b[0m") } else { text.into_owned() }
}

/// A terminal to print lines on: every line is made [`terminal_safe`] (and painted, for
/// [`Screen::good`] and [`Screen::warning`], when colours are on), so what it writes carries no
/// control character but `\n`, `\t` and its own colours.
pub struct Screen<'w, W: Write> {
    out: &'w mut W,
    colour: bool,
}

impl<W: Write> std::fmt::Debug for Screen<'_, W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Screen").field("colour", &self.colour).finish_non_exhaustive()
    }
}

impl<'w, W: Write> Screen<'w, W> {
    /// Lines on `out`, coloured when `colour`.
    pub fn new(out: &'w mut W, colour: bool) -> Self {
        Self { out, colour }
    }

    /// `text` and a line break.
    pub fn line(&mut self, text: &str) -> std::io::Result<()> {
        writeln!(self.out, "{}", terminal_safe(text))
    }

    /// A line in green.
    pub fn good(&mut self, text: &str) -> std::io::Result<()> {
        writeln!(self.out, "{}", paint(self.colour, "32", text))
    }

    /// A line in bold red.
    pub fn warning(&mut self, text: &str) -> std::io::Result<()> {
        writeln!(self.out, "{}", paint(self.colour, "1;31", text))
    }
}

/// How urgent a listed report is at `now`.
pub fn report_urgency(r: &ReportSummary, now: DateTime<Utc>) -> Urgency {
    urgency(
        r.received_at.utc(),
        r.respond_by.utc(),
        r.expected_resolution,
        r.status.is_acknowledged(),
        r.status.is_closed(),
        now,
    )
}

fn urgency_cell(u: Urgency, colour: bool) -> String {
    match u {
        Urgency::Overdue => paint(colour, "1;31", "OVERDUE: not acknowledged"),
        Urgency::DueSoon => paint(colour, "33", "due soon"),
        Urgency::ResolutionOverdue => paint(colour, "31", "resolution date passed"),
        Urgency::OnTrack | Urgency::Done => String::new(),
    }
}

/// The CRA obligation a listed case owes first, if it is flagged exploited: `CRA early warning
/// (24 h) due <time>`, or `OVERDUE` once its deadline has passed.
fn cra_cell(r: &ReportSummary, now: DateTime<Utc>, colour: bool) -> String {
    let Some(next) = r.cra_next else { return String::new() };
    if next.due_at.utc() < now {
        paint(colour, "1;31", &format!("{} OVERDUE (due {})", next.obligation.label(), next.due_at))
    } else {
        paint(colour, "35", &format!("{} due {}", next.obligation.label(), next.due_at))
    }
}

/// What becomes of a listed case's content under the policy's retention: `deletes <time>`,
/// `held`, `DELETED <time>`.
fn retention_cell(r: &ReportSummary, colour: bool) -> String {
    match &r.retention {
        None => String::new(),
        Some(Fate::Deletes { at }) => paint(colour, "2", &format!("deletes {at}")),
        Some(Fate::Held(_)) => paint(colour, "36", "legal hold"),
        Some(Fate::Deleting { .. }) => paint(colour, "2", "being deleted"),
        Some(Fate::Deleted { at }) => paint(colour, "2", &format!("DELETED {at}")),
    }
}

/// The record's line about retention, if the case's content has a fate.
fn retention_line(fate: &Fate) -> String {
    match fate {
        Fate::Deletes { at } => format!(
            "  retention:   content deleted {at} (the policy's retention)
"
        ),
        Fate::Held(hold) => format!(
            "  retention:   legal hold since {} by {}{}
",
            hold.at,
            terminal_safe(&hold.by),
            hold.reason.as_deref().map(|r| format!(": {}", terminal_safe(r))).unwrap_or_default()
        ),
        Fate::Deleting { since } => format!(
            "  retention:   being deleted since {since}
"
        ),
        Fate::Deleted { at } => {
            format!(
                "  retention:   content DELETED {at}; this record and the audit log are what is left
"
            )
        }
    }
}

/// Width of the `list` table's ASSIGNEE column (longer names widen their row).
const ASSIGNEE_WIDTH: usize = 12;

/// Width of the `list` table's E-MAIL column.
const EMAIL_WIDTH: usize = 20;

/// Whether staff were e-mailed about a listed case (the report and every answer of the
/// reporter), padded to its column: `sent`, `pending`, `retrying (3 of 8)`, `FAILED (8 tries)`.
fn email_cell(r: &ReportSummary, colour: bool) -> String {
    let (text, code) = match (r.notification, r.notify_attempts) {
        (Notification::Sent, _) => ("sent".to_owned(), None),
        (Notification::Pending, 0) => ("pending".to_owned(), None),
        (Notification::Pending, n) => (format!("retrying ({n} of {MAX_ATTEMPTS})"), Some("33")),
        (Notification::Failed, n) => (format!("FAILED ({n} tries)"), Some("1;31")),
    };
    let padded = format!("{text:<EMAIL_WIDTH$}");
    match code {
        Some(code) => paint(colour, code, &padded),
        None => padded,
    }
}

/// The warning `list` prints (on stderr) when staff were never e-mailed about some of the listed
/// cases: the e-mail was given up after [`MAX_ATTEMPTS`] attempts.
pub fn notification_warning(reports: &[ReportSummary]) -> Option<String> {
    let failed: Vec<String> =
        reports.iter().filter(|r| r.notification == Notification::Failed).map(|r| r.id.to_string()).collect();
    if failed.is_empty() {
        return None;
    }
    Some(format!(
        "the e-mail to staff FAILED for {} case(s) and was given up after {MAX_ATTEMPTS} attempts, so nobody was \
         told about them by e-mail: {}. The reports and answers are stored: read them with `sealdrop show ID` \
         (`sealdrop log ID` says when the e-mail was given up).",
        failed.len(),
        failed.join(", ")
    ))
}

/// The `list` table.
pub fn list_table(reports: &[ReportSummary], now: DateTime<Utc>, colour: bool) -> String {
    if reports.is_empty() {
        return "No reports.\n".to_owned();
    }
    let header = format!(
        "{:<26}  {:<25}  {:<25}  {:<20}  {:<ASSIGNEE_WIDTH$}  {:<EMAIL_WIDTH$}  {}",
        "ID", "RECEIVED", "RESPOND BY", "STATUS", "ASSIGNEE", "E-MAIL", "NOTE"
    );
    let mut out = paint(colour, "1", header.trim_end());
    out.push('\n');
    for r in reports {
        let u = report_urgency(r, now);
        let mut status = r.status.as_str().to_owned();
        if let Some(date) = r.expected_resolution {
            status = format!("{status} ({date})");
        }
        let line = format!(
            "{:<26}  {:<25}  {:<25}  {:<20}  {:<ASSIGNEE_WIDTH$}  {}  {}",
            r.id,
            r.received_at,
            r.respond_by,
            status,
            r.assignee.as_deref().map(terminal_safe).unwrap_or_default(),
            email_cell(r, colour),
            [urgency_cell(u, colour), cra_cell(r, now, colour), retention_cell(r, colour)]
                .into_iter()
                .filter(|c| !c.is_empty())
                .collect::<Vec<_>>()
                .join("; ")
        );
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The `log` listing. Actor, action and detail are the server's words (a credit name, a reward),
/// so they are made [`terminal_safe`].
pub fn audit_table(entries: &[AuditEntry]) -> String {
    if entries.is_empty() {
        return "No staff actions yet.\n".to_owned();
    }
    entries
        .iter()
        .map(|e| {
            let (actor, action, detail) = (terminal_safe(&e.actor), terminal_safe(&e.action), terminal_safe(&e.detail));
            let line = format!("{:<25}  {actor:<16}  {action:<12}  {detail}", e.at);
            format!("{}\n", line.trim_end())
        })
        .collect()
}

/// The case header printed by `show`, `status` and friends; the reward and the credit name are
/// made [`terminal_safe`].
pub fn record_lines(r: &CaseRecord) -> String {
    let mut out = format!(
        "Case {}\n  received:    {}\n  respond by:  {}\n  status:      {}\n",
        r.id,
        r.received_at,
        r.respond_by,
        r.status.label()
    );
    if let Some(date) = r.expected_resolution {
        out.push_str(&format!("  expected resolution: {date}\n"));
    }
    if let Some(reward) = &r.reward {
        out.push_str(&format!("  reward:      {}\n", terminal_safe(reward)));
    }
    if let Some(credit) = &r.credit {
        let published = if credit.published { "published" } else { "not published" };
        out.push_str(&format!("  credit:      {} ({published})\n", terminal_safe(&credit.name)));
    }
    if let Some(at) = r.fix_available_at {
        out.push_str(&format!("  fix available: {at}\n"));
    }
    if let Some(cra) = &r.cra {
        out.push_str(&format!(
            "  exploited:   flagged {} by {} (EU Cyber Resilience Act clock)\n",
            cra.exploited_at,
            terminal_safe(&cra.exploited_by)
        ));
        for o in &cra.obligations {
            let state = match (&o.outcome, &o.settled_at) {
                (Some(Outcome::Done), Some(at)) => {
                    format!("done {at} by {}", terminal_safe(o.settled_by.as_deref().unwrap_or("?")))
                }
                (Some(Outcome::Withdrawn), Some(at)) => format!("withdrawn {at}"),
                _ if o.escalated_at.is_some() => "OPEN, overdue (escalated)".to_owned(),
                _ if o.reminded_at.is_some() => "open (reminded)".to_owned(),
                _ => "open".to_owned(),
            };
            out.push_str(&format!("    {:<42} due {}  {state}\n", o.obligation.label(), o.due_at));
        }
    }
    if let Some(other) = &r.duplicate_of {
        out.push_str(&format!("  duplicate of: {other}\n"));
    }
    if let Some(date) = r.planned_disclosure {
        out.push_str(&format!("  planned disclosure: {date} (the reporter sees it)\n"));
    }
    if let Some(name) = &r.assignee {
        out.push_str(&format!("  assigned to: {}\n", terminal_safe(name)));
    }
    if let Some(fate) = &r.retention {
        out.push_str(&retention_line(fate));
    }
    out
}

/// Test helper: panics unless `printed` carries no control byte but `\n` and `\t` (nor DEL, nor a C1
/// or bidirectional control as UTF-8).
#[cfg(test)]
pub fn assert_inert(printed: &[u8], what: &str) {
    let text = String::from_utf8_lossy(printed);
    for (at, b) in printed.iter().enumerate() {
        assert!((*b >= 0x20 && *b != 0x7f) || *b == b'\n' || *b == b'\t', "{what}: byte {b:#04x} at {at} in\n{text}");
    }
    if let Some(c) = text.chars().find(|c| is_unsafe_for_terminal(*c)) {
        panic!("{what}: {c:?} in\n{text}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sealdrop_shared::staff::Status;

    /// A listed report; `id` is the case id's last character.
    fn summary(id: char, received: &str, respond_by: &str, status: Status) -> ReportSummary {
        ReportSummary {
            id: format!("01KAY8R5S7X0V3M2QJ4N6T8W9{id}").parse().expect("a case id"),
            received_at: received.parse().expect("a time"),
            respond_by: respond_by.parse().expect("a time"),
            size: 100,
            status,
            expected_resolution: None,
            notification: Notification::Sent,
            notify_attempts: 1,
            cra_next: None,
            retention: None,
            assignee: None,
        }
    }

    #[test]
    fn plain_when_piped_coloured_on_a_terminal() {
        let now = DateTime::parse_from_rfc3339("2026-11-26T18:00:00Z").expect("t").with_timezone(&Utc);
        let rows = [
            summary('A', "2026-11-20T10:00:00+00:00", "2026-11-24T23:59:59+01:00", Status::Received),
            summary('B', "2026-11-25T10:00:00+00:00", "2026-11-27T23:59:59+01:00", Status::Received),
            summary('C', "2026-11-26T11:00:00+00:00", "2026-11-30T23:59:59+01:00", Status::Received),
            summary('D', "2026-11-20T10:00:00+00:00", "2026-11-24T23:59:59+01:00", Status::Acknowledged),
        ];
        let plain = list_table(&rows, now, false);
        assert!(!plain.contains('\x1b'), "{plain}");
        let lines: Vec<&str> = plain.lines().collect();
        assert!(
            lines[1].starts_with("01KAY8R5S7X0V3M2QJ4N6T8W9A") && lines[1].ends_with("OVERDUE: not acknowledged"),
            "{plain}"
        );
        assert!(lines[2].ends_with("due soon"), "{plain}");
        assert!(lines[3].ends_with("received                            sent"), "{plain}");
        assert!(lines[4].ends_with("acknowledged                        sent"), "{plain}");
        assert_eq!(
            lines[3],
            "01KAY8R5S7X0V3M2QJ4N6T8W9C  2026-11-26T11:00:00+00:00  2026-11-30T23:59:59+01:00  received                            sent"
        );
        let assigned = ReportSummary { assignee: Some("alice".into()), ..rows[2].clone() };
        let line = list_table(&[assigned], now, false).lines().nth(1).map(str::to_owned).unwrap_or_default();
        assert!(line.ends_with("received              alice         sent"), "{line}");
        let coloured = list_table(&rows, now, true);
        assert!(coloured.contains("\x1b[1;31mOVERDUE"), "{coloured}");
    }

    #[test]
    fn the_email_column_shows_what_was_not_sent_and_a_failure_is_warned_about_in_words() {
        let now = DateTime::parse_from_rfc3339("2026-11-26T18:00:00Z").expect("t").with_timezone(&Utc);
        let listed = |id, notification, notify_attempts| ReportSummary {
            notification,
            notify_attempts,
            ..summary(id, "2026-11-26T11:00:00+00:00", "2026-11-30T23:59:59+01:00", Status::Received)
        };
        // (notification, attempts, the E-MAIL cell)
        let cases = [
            (Notification::Sent, 1, "sent"),
            (Notification::Sent, 4, "sent"),
            (Notification::Pending, 0, "pending"),
            (Notification::Pending, 3, "retrying (3 of 8)"),
            (Notification::Failed, 8, "FAILED (8 tries)"),
        ];
        let rows: Vec<ReportSummary> =
            cases.iter().zip('A'..).map(|((n, attempts, _), id)| listed(id, *n, *attempts)).collect();
        let plain = list_table(&rows, now, false);
        let lines: Vec<&str> = plain.lines().collect();
        assert!(lines[0].contains("  STATUS                ASSIGNEE      E-MAIL                NOTE"), "{plain}");
        for (line, (_, _, cell)) in lines[1..].iter().zip(cases) {
            assert_eq!(line.get(118..).map(str::trim_end), Some(cell), "{plain}");
        }
        assert_inert(plain.as_bytes(), "list table");
        let coloured = list_table(&rows, now, true);
        assert!(coloured.contains("\x1b[1;31mFAILED (8 tries)    \x1b[0m"), "{coloured}");
        assert!(coloured.contains("\x1b[33mretrying (3 of 8)   \x1b[0m"), "{coloured}");

        assert_eq!(notification_warning(&rows[..4]), None, "nothing failed, nothing to warn about");
        let warning = notification_warning(&rows).expect("a warning");
        assert!(warning.contains("FAILED for 1 case(s)"), "{warning}");
        assert!(warning.contains("given up after 8 attempts"), "{warning}");
        assert!(warning.contains("01KAY8R5S7X0V3M2QJ4N6T8W9E"), "{warning}");
        assert!(!warning.contains("01KAY8R5S7X0V3M2QJ4N6T8W9D"), "{warning}");
        assert!(warning.contains("sealdrop show ID"), "{warning}");
    }

    #[test]
    fn times_print_as_the_worker_sent_them() {
        let json = r#"{"entries":[{"at":"2026-11-24T09:15:00+00:00","actor":"alice","action":"status",
            "detail":"acknowledged"}],"id":"01KAY8R5S7X0V3M2QJ4N6T8W9A"}"#;
        let log: sealdrop_shared::staff::AuditLog = serde_json::from_str(json).expect("a log");
        assert_eq!(
            audit_table(&log.entries),
            "2026-11-24T09:15:00+00:00  alice             status        acknowledged\n"
        );
        let record = r#"{"id":"01KAY8R5S7X0V3M2QJ4N6T8W9A","received_at":"2026-11-23T10:00:00+00:00",
            "respond_by":"2026-11-26T23:59:59+01:00","status":"acknowledged","acknowledged_at":"2026-11-24T09:15:00+00:00",
            "expected_resolution":null,"reward":null,"credit":null,"size":100,"sha256":"00","notified_at":null,
            "reminded_at":null,"escalated_at":null}"#;
        let record: CaseRecord = serde_json::from_str(record).expect("a record");
        assert_eq!(
            record_lines(&record),
            "Case 01KAY8R5S7X0V3M2QJ4N6T8W9A\n  received:    2026-11-23T10:00:00+00:00\n  \
             respond by:  2026-11-26T23:59:59+01:00\n  status:      acknowledged\n"
        );
    }

    #[test]
    fn control_characters_reach_the_terminal_as_visible_escapes() {
        let cases: &[(&str, &str)] = &[
            ("plain text, ümlauts, 漢字 and emoji 🙂", "plain text, ümlauts, 漢字 and emoji 🙂"),
            ("lines\n\tand tabs stay", "lines\n\tand tabs stay"),
            ("windows\r\nline breaks", "windows\nline breaks"),
            // CSI: clear the screen, colours, cursor moves.
            ("a\x1b[2Jb", "a\\x1b[2Jb"),
            ("\x1b[31mred\x1b[0m", "\\x1b[31mred\\x1b[0m"),
            // OSC 8 hyperlink and OSC 52 clipboard write (BEL and ST terminated).
            (
                "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\",
                "\\x1b]8;;https://evil.example/\\x1b\\click\\x1b]8;;\\x1b\\",
            ),
            ("\x1b]52;c;Y3VybCBldmlsfHNo\x07", "\\x1b]52;c;Y3VybCBldmlsfHNo\\x07"),
            // A carriage return that would overwrite what was printed.
            ("rm -rf ~\rls -l   ", "rm -rf ~\\x0dls -l   "),
            ("no\r", "no\\x0d"),
            // C1 controls: the one-byte CSI and OSC, and NEL.
            ("a\u{9b}2Jb", "a\\x9b2Jb"),
            ("\u{9d}52;c;x\u{9c}", "\\x9d52;c;x\\x9c"),
            ("\u{85}", "\\x85"),
            // DEL, NUL, backspace.
            ("a\u{7f}\u{0}\u{8}", "a\\x7f\\x00\\x08"),
            // Bidirectional controls.
            ("evil\u{202e}txt.exe", "evil\\u{202e}txt.exe"),
            ("\u{2066}\u{2067}\u{2068}\u{2069}", "\\u{2066}\\u{2067}\\u{2068}\\u{2069}"),
            ("\u{202a}\u{202b}\u{202c}\u{202d}", "\\u{202a}\\u{202b}\\u{202c}\\u{202d}"),
            ("\u{200e}\u{200f}\u{61c}", "\\u{200e}\\u{200f}\\u{061c}"),
        ];
        for (input, expected) in cases {
            let safe = terminal_safe(input);
            assert_eq!(safe, *expected, "{input:?}");
            assert_inert(safe.as_bytes(), &format!("{input:?}"));
            assert_eq!(matches!(safe, Cow::Borrowed(_)), input == expected, "{input:?}: borrowed when nothing changes");
        }
        // Painting keeps only its own escape sequence.
        assert_eq!(paint(true, "1;31", "x\x1b[2Jy"), "\x1b[1;31mx\\x1b[2Jy\x1b[0m");
        assert_eq!(paint(false, "1;31", "x\x1b[2Jy"), "x\\x1b[2Jy");
    }

    #[test]
    fn server_text_in_the_log_and_the_case_header_is_inert() {
        let hostile = "Ada\x1b]52;c;ZXZpbA==\x07\r\u{9b}2J\u{202e}";
        let log = serde_json::json!({"id": "01KAY8R5S7X0V3M2QJ4N6T8W9A", "entries": [
            {"at": "2026-11-24T09:15:00+00:00", "actor": hostile, "action": hostile, "detail": hostile}]});
        let log: sealdrop_shared::staff::AuditLog = serde_json::from_value(log).expect("a log");
        assert_inert(audit_table(&log.entries).as_bytes(), "audit table");
        let record = serde_json::json!({"id": "01KAY8R5S7X0V3M2QJ4N6T8W9A", "received_at": "2026-11-23T10:00:00+00:00",
            "respond_by": "2026-11-26T23:59:59+01:00", "status": "acknowledged", "acknowledged_at": null,
            "expected_resolution": null, "reward": hostile, "credit": {"name": hostile, "link": null, "published": true},
            "size": 100, "sha256": "00", "notified_at": null, "reminded_at": null, "escalated_at": null});
        let record: CaseRecord = serde_json::from_value(record).expect("a record");
        let lines = record_lines(&record);
        assert_inert(lines.as_bytes(), "case header");
        assert!(
            lines.contains("  credit:      Ada\\x1b]52;c;ZXZpbA==\\x07\\x0d\\x9b2J\\u{202e} (published)"),
            "{lines}"
        );
    }
}
