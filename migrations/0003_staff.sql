-- What staff do with a case, the reminders the scheduled handler sends, and the audit log.
ALTER TABLE reports ADD COLUMN acknowledged_at TEXT;       -- RFC 3339, first status change
ALTER TABLE reports ADD COLUMN expected_resolution TEXT;   -- YYYY-MM-DD, set with `accepted`/`fixing`
ALTER TABLE reports ADD COLUMN reward TEXT;                -- e.g. "EUR 50"
ALTER TABLE reports ADD COLUMN reminded_at TEXT;           -- RFC 3339, half-window reminder sent
ALTER TABLE reports ADD COLUMN escalated_at TEXT;          -- RFC 3339, deadline escalation sent
CREATE INDEX reports_unacknowledged ON reports (id) WHERE acknowledged_at IS NULL AND escalated_at IS NULL;

-- Append-only: who did what to a case, and when.
CREATE TABLE audit_log (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    report_id  TEXT NOT NULL REFERENCES reports (id),
    at         TEXT NOT NULL,               -- RFC 3339, UTC
    actor      TEXT NOT NULL,               -- staff token name, or `sealdrop` for the worker
    action     TEXT NOT NULL,               -- status, reward, credit, download, reminder, escalation
    detail     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_report ON audit_log (report_id, seq);
