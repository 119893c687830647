-- Proof of work (shared/src/pow.rs, worker/src/routes/work.rs).

-- Worker settings that are generated once and never configured by hand: the proof-of-work HMAC
-- key. Whoever can read D1 controls the deployment anyway; the key only keeps strangers from
-- minting challenges.
CREATE TABLE settings (
    name    TEXT PRIMARY KEY,
    value   TEXT NOT NULL
);

-- Spent solutions: one row per challenge signature, bound to the request that spent it (its
-- Idempotency-Key, or a random value when it had none). Rows past their challenge's expiry are
-- pruned by the cron handler; an expired solution is refused before this table is read.
CREATE TABLE pow_spent (
    signature   TEXT PRIMARY KEY,
    bound_to    TEXT NOT NULL,
    expires     INTEGER NOT NULL                -- unix seconds
);
CREATE INDEX pow_spent_expires ON pow_spent (expires);
