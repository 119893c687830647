-- Internal notes (`sealdrop note`): encrypted to the organisation and staff keys only, never to
-- the reporter, and kept apart from the follow-up messages, so no reporter endpoint can return
-- one. The ciphertext lives in R2 under `r2_key` (`notes/<case>/<id>.asc`).
CREATE TABLE notes (
    id         TEXT PRIMARY KEY,               -- ULID
    report_id  TEXT NOT NULL REFERENCES reports (id),
    at         TEXT NOT NULL,
    author     TEXT NOT NULL,                  -- the staff token's name
    size       INTEGER NOT NULL,
    sha256     TEXT NOT NULL,
    r2_key     TEXT NOT NULL,
    UNIQUE (report_id, sha256)                 -- a retried note is stored once
);
CREATE INDEX notes_report ON notes (report_id, id);

-- Like messages, nothing is added to a case whose deletion has begun (`0009_retention.sql`).
CREATE TRIGGER notes_gone BEFORE INSERT ON notes
    WHEN EXISTS (SELECT 1 FROM reports r WHERE r.id = NEW.report_id AND r.deleting_at IS NOT NULL)
    BEGIN SELECT RAISE(ABORT, 'sealdrop: report deleted'); END;
