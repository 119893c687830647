-- Credits staff record for reporters; the published ones make up the hall of fame.
CREATE TABLE credits (
    report_id   TEXT PRIMARY KEY REFERENCES reports (id),
    name        TEXT NOT NULL,              -- checked by sealdrop_shared::publish::check_credit
    link        TEXT,                       -- https:// URL or NULL
    published   INTEGER NOT NULL DEFAULT 0, -- 1 once staff publish it
    updated_at  TEXT NOT NULL               -- RFC 3339, UTC
);
CREATE INDEX credits_published ON credits (published, report_id DESC);
