-- The EU Cyber Resilience Act's clock (`shared/src/cra.rs`): when a case was flagged exploited and
-- by whom, when a fix was available, and one row per Article 14 obligation started. Times are
-- RFC 3339 in UTC (`+00:00`), so they compare as text.
ALTER TABLE reports ADD COLUMN exploited_at TEXT;
ALTER TABLE reports ADD COLUMN exploited_by TEXT;       -- `reporter`, or the staff token's name
ALTER TABLE reports ADD COLUMN fix_available_at TEXT;
-- An upload in parts carries the reporter's flag until it becomes a report.
ALTER TABLE uploads ADD COLUMN exploited INTEGER NOT NULL DEFAULT 0;

CREATE TABLE obligations (
    report_id       TEXT NOT NULL REFERENCES reports (id),
    obligation      TEXT NOT NULL,                  -- early_warning | notification | final
    started_at      TEXT NOT NULL,
    remind_at       TEXT NOT NULL,                  -- half the window, rounded up to the second
    due_at          TEXT NOT NULL,                  -- the escalation is owed once this has passed
    reminded_at     TEXT,
    escalated_at    TEXT,
    settled_at      TEXT,                           -- marked done or withdrawn: no more notices
    settled_by      TEXT,
    outcome         TEXT,                           -- done | withdrawn
    -- Failed attempts at the notice owed now, and when the next may run (as for `reports`).
    notice_attempts INTEGER NOT NULL DEFAULT 0,
    notice_next_at  TEXT,
    PRIMARY KEY (report_id, obligation)
);
-- The obligations that may be owed a notice, by the due time of the next one (the query in
-- `store/cra.rs` uses the same expression), then case and obligation for the cursor.
CREATE INDEX obligations_notice_due
    ON obligations ((CASE WHEN reminded_at IS NULL THEN remind_at ELSE due_at END), report_id, obligation)
    WHERE settled_at IS NULL AND escalated_at IS NULL;
