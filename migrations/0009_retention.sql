-- Retention (`shared/src/retention.rs`): when a case was last closed, its legal hold, and the
-- deletion of its content. A deleted case's row is its tombstone: id, dates, status, size and
-- digest stay; the reply key goes. Times are RFC 3339 in UTC (`+00:00`), so they compare as text.
ALTER TABLE reports ADD COLUMN closed_at TEXT;      -- the last change into a closed status, while closed
ALTER TABLE reports ADD COLUMN held_at TEXT;        -- a legal hold: never deleted while set
ALTER TABLE reports ADD COLUMN held_by TEXT;
ALTER TABLE reports ADD COLUMN hold_reason TEXT;
ALTER TABLE reports ADD COLUMN deleting_at TEXT;    -- the deletion has begun; it is finished, never undone
ALTER TABLE reports ADD COLUMN deleted_at TEXT;     -- the R2 objects and messages are gone

-- Cases closed before this migration: closed when their last status change was made.
UPDATE reports SET closed_at = (SELECT MAX(t.at) FROM timeline t WHERE t.report_id = reports.id)
    WHERE status IN ('resolved', 'disclosed', 'not_a_vulnerability', 'duplicate', 'out_of_scope');

-- The cases the cron may have to delete, in the order it looks at them.
CREATE INDEX reports_retention ON reports (closed_at, id) WHERE deleted_at IS NULL AND closed_at IS NOT NULL;
CREATE INDEX reports_deleting ON reports (deleting_at) WHERE deleting_at IS NOT NULL AND deleted_at IS NULL;

-- Once a deletion has begun nothing adds to the case: a status change, a timeline step or a message
-- racing the cron fails here, in the database, whatever the worker checked before.
CREATE TRIGGER reports_gone_status BEFORE UPDATE OF status ON reports
    WHEN OLD.deleting_at IS NOT NULL
    BEGIN SELECT RAISE(ABORT, 'sealdrop: report deleted'); END;
CREATE TRIGGER timeline_gone BEFORE INSERT ON timeline
    WHEN EXISTS (SELECT 1 FROM reports r WHERE r.id = NEW.report_id AND r.deleting_at IS NOT NULL)
    BEGIN SELECT RAISE(ABORT, 'sealdrop: report deleted'); END;
CREATE TRIGGER messages_gone BEFORE INSERT ON messages
    WHEN EXISTS (SELECT 1 FROM reports r WHERE r.id = NEW.report_id AND r.deleting_at IS NOT NULL)
    BEGIN SELECT RAISE(ABORT, 'sealdrop: report deleted'); END;
