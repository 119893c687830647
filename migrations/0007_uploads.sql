-- Reports too large for one request, uploaded in parts (`worker/src/upload.rs`). The row lives
-- from the first request to a day after the last: `progress` is the JSON of `upload::Progress`
-- (counters, the envelope check's state, the running SHA-256, each part's ETag and digest);
-- `parts` repeats its part count so a part is recorded only by the request that is next
-- (`UPDATE ... WHERE parts = n - 1`).
CREATE TABLE uploads (
    id TEXT PRIMARY KEY,                  -- the upload id: 128 random bits, its only credential
    case_id TEXT NOT NULL UNIQUE,         -- the report's id, fixed when the upload begins
    idempotency_key TEXT NOT NULL UNIQUE,
    r2_key TEXT NOT NULL,                 -- where the report will be: reports/<case_id>.pgp
    r2_upload_id TEXT NOT NULL,           -- R2's multipart upload
    lookup_hash TEXT,
    reply_key TEXT,
    created_at TEXT NOT NULL,
    parts INTEGER NOT NULL DEFAULT 0,
    progress TEXT NOT NULL,
    completed_at TEXT
);
-- The cron's sweep: unfinished uploads by age (aborted after a day), completed ones removed.
CREATE INDEX uploads_created ON uploads (created_at);
