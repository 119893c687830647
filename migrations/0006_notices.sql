-- The scheduled handler selects by due time, and retries what it e-mails with back-off
-- (`shared/src/retry.rs`; times are RFC 3339 in UTC, `+00:00`, so they compare as text).

-- When each notice falls due, written with the case (`deadline::reminder_at`; `respond_by` keeps
-- the policy's offset, so it does not compare as text).
ALTER TABLE reports ADD COLUMN remind_at TEXT;            -- the reminder: halfway, rounded up to the second
ALTER TABLE reports ADD COLUMN escalate_at TEXT;          -- the escalation: owed once this (respond_by) has passed
-- Failed attempts at the notice owed now (reset when one is sent), and when the next may run.
ALTER TABLE reports ADD COLUMN notice_attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE reports ADD COLUMN notice_next_at TEXT;
-- The new-report e-mail: attempts made (counted before each runs), when the next may run, and
-- when it was given up after `retry::MAX_ATTEMPTS` (never tried again; the listing shows it).
ALTER TABLE reports ADD COLUMN notify_attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE reports ADD COLUMN notify_next_at TEXT;
ALTER TABLE reports ADD COLUMN notify_failed_at TEXT;
-- The same for the e-mail about a reporter's answer.
ALTER TABLE messages ADD COLUMN notify_attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN notify_next_at TEXT;
ALTER TABLE messages ADD COLUMN notify_failed_at TEXT;

-- Existing cases: the same instants `deadline::reminder_at` computes (the midpoint of the two
-- instants, rounded up to the second) and the deadline in UTC.
UPDATE reports SET
    remind_at = strftime('%Y-%m-%dT%H:%M:%S+00:00',
        (CAST(strftime('%s', received_at) AS INTEGER) + CAST(strftime('%s', respond_by) AS INTEGER) + 1) / 2,
        'unixepoch'),
    escalate_at = strftime('%Y-%m-%dT%H:%M:%S+00:00', respond_by);

-- The cases that may be owed a notice, by the due time of the next one (the query in
-- `store/reports.rs` uses the same expression), then id for the cursor.
DROP INDEX IF EXISTS reports_unacknowledged;
CREATE INDEX reports_notice_due
    ON reports ((CASE WHEN reminded_at IS NULL THEN remind_at ELSE escalate_at END), id)
    WHERE acknowledged_at IS NULL AND escalated_at IS NULL;

-- Unsent e-mails, by when the next attempt is due.
DROP INDEX IF EXISTS reports_unnotified;
CREATE INDEX reports_notify_due ON reports ((COALESCE(notify_next_at, received_at)), id)
    WHERE notified_at IS NULL AND notify_failed_at IS NULL;
DROP INDEX IF EXISTS messages_unnotified;
CREATE INDEX messages_notify_due ON messages ((COALESCE(notify_next_at, at)), id)
    WHERE notified_at IS NULL AND notify_failed_at IS NULL AND author = 'reporter';
