-- The reporter follow-up channel. The worker keeps only the SHA-256 of the lookup token the
-- browser derives from the receipt, and the public half of the reply key; never the receipt.
ALTER TABLE reports ADD COLUMN lookup_hash TEXT;   -- hex SHA-256 of the lookup token
ALTER TABLE reports ADD COLUMN reply_key TEXT;     -- armored public reply key
CREATE UNIQUE INDEX reports_lookup ON reports (lookup_hash) WHERE lookup_hash IS NOT NULL;

-- Every status change, for the reporter's timeline (written with the change and its audit entry).
CREATE TABLE timeline (
    seq                 INTEGER PRIMARY KEY AUTOINCREMENT,
    report_id           TEXT NOT NULL REFERENCES reports (id),
    at                  TEXT NOT NULL,
    status              TEXT NOT NULL,
    expected_resolution TEXT
);
CREATE INDEX timeline_report ON timeline (report_id, seq);

-- Messages both ways; the ciphertext lives in R2 under `r2_key`.
CREATE TABLE messages (
    id         TEXT PRIMARY KEY,               -- ULID
    report_id  TEXT NOT NULL REFERENCES reports (id),
    at         TEXT NOT NULL,
    author     TEXT NOT NULL,                  -- staff | reporter
    size       INTEGER NOT NULL,
    sha256     TEXT NOT NULL,
    r2_key     TEXT NOT NULL,
    notified_at TEXT,                          -- reporter messages: when staff were e-mailed
    UNIQUE (report_id, sha256)                 -- a retried message is stored once
);
CREATE INDEX messages_report ON messages (report_id, id);
CREATE INDEX messages_unnotified ON messages (notified_at) WHERE notified_at IS NULL AND author = 'reporter';

-- Fixed-window counters for receipt look-ups (per client and overall).
CREATE TABLE rate_limits (
    bucket  TEXT PRIMARY KEY,
    window  INTEGER NOT NULL,                  -- window number (unix seconds / window length)
    count   INTEGER NOT NULL
);
