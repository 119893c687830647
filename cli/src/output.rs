//! What the CLI prints: coloured on a terminal, plain when piped (or with `NO_COLOR`).

use std::io::IsTerminal as _;

use chrono::{DateTime, Utc};
use sealdrop_shared::api::ReportSummary;
use sealdrop_shared::deadline::{Urgency, urgency};
use sealdrop_shared::staff::{AuditEntry, CaseRecord};

/// Whether to use ANSI colours on stdout.
pub fn colour_stdout() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Whether to use ANSI colours on stderr (warnings).
pub fn colour_stderr() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Paints `text` with an SGR code when `on`.
pub fn paint(on: bool, code: &str, text: &str) -> String {
    if on { format!("\x1b[{code}m{text}\x1b[0m") } else { text.to_owned() }
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

/// The `list` table.
pub fn list_table(reports: &[ReportSummary], now: DateTime<Utc>, colour: bool) -> String {
    if reports.is_empty() {
        return "No reports.\n".to_owned();
    }
    let header = format!("{:<26}  {:<25}  {:<25}  {:<20}  {}", "ID", "RECEIVED", "RESPOND BY", "STATUS", "NOTE");
    let mut out = paint(colour, "1", header.trim_end());
    out.push('\n');
    for r in reports {
        let u = report_urgency(r, now);
        let mut status = r.status.as_str().to_owned();
        if let Some(date) = r.expected_resolution {
            status = format!("{status} ({date})");
        }
        let line = format!(
            "{:<26}  {:<25}  {:<25}  {:<20}  {}",
            r.id,
            r.received_at,
            r.respond_by,
            status,
            urgency_cell(u, colour)
        );
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The `log` listing.
pub fn audit_table(entries: &[AuditEntry]) -> String {
    if entries.is_empty() {
        return "No staff actions yet.\n".to_owned();
    }
    entries
        .iter()
        .map(|e| {
            let line = format!("{:<25}  {:<16}  {:<12}  {}", e.at, e.actor, e.action, e.detail);
            format!("{}\n", line.trim_end())
        })
        .collect()
}

/// The case header printed by `show`, `status` and friends.
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
        out.push_str(&format!("  reward:      {reward}\n"));
    }
    if let Some(credit) = &r.credit {
        let published = if credit.published { "published" } else { "not published" };
        out.push_str(&format!("  credit:      {} ({published})\n", credit.name));
    }
    out
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
        assert!(lines[3].ends_with("received"), "{plain}");
        assert!(lines[4].ends_with("acknowledged"), "{plain}");
        assert_eq!(
            lines[3],
            "01KAY8R5S7X0V3M2QJ4N6T8W9C  2026-11-26T11:00:00+00:00  2026-11-30T23:59:59+01:00  received"
        );
        let coloured = list_table(&rows, now, true);
        assert!(coloured.contains("\x1b[1;31mOVERDUE"), "{coloured}");
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
}
