-- Reports: metadata only. The ciphertext lives in R2 under `r2_key`.
CREATE TABLE reports (
    id              TEXT PRIMARY KEY,           -- ULID
    received_at     TEXT NOT NULL,              -- RFC 3339, UTC
    respond_by      TEXT NOT NULL,              -- RFC 3339 with the policy's offset
    size            INTEGER NOT NULL,           -- bytes of armored ciphertext
    sha256          TEXT NOT NULL,              -- hex digest of the body (idempotency check)
    status          TEXT NOT NULL DEFAULT 'received',
    idempotency_key TEXT UNIQUE,                -- client-chosen; NULL when absent
    r2_key          TEXT NOT NULL,
    notified_at     TEXT                        -- set once the notification e-mail was sent
);
CREATE INDEX reports_received ON reports (received_at DESC);
CREATE INDEX reports_unnotified ON reports (notified_at) WHERE notified_at IS NULL;
