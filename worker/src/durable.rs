//! Storing a submission so that an acknowledged report is never lost and a retried one is never
//! stored twice, whatever fails half-way. The flow is plain Rust over a [`Store`] (R2 and D1 in the
//! worker, `store/`; a store with injected faults in the tests here), so every failure order is
//! tested natively.
//!
//! The rules:
//! - the blob is written before the row; a row is only committed for a stored blob;
//! - a blob is deleted only when the row *definitely* was not committed: a UNIQUE violation (a
//!   concurrent retry won, or the lookup hash is taken). On any other insert error the row may have
//!   been committed (D1 committed, then the answer was lost): the flow asks, by the idempotency key,
//!   and answers `201` if it was; otherwise `503` with `Retry-After`, the blob left (an orphan is
//!   harmless, a row without its blob is a lost report);
//! - a retry (same key, same bytes) whose row exists gets the first answer; if that row's blob is
//!   missing, the retry's bytes (checked by their SHA-256) are stored again.

use sealdrop_shared::api::SubmitAnswer;
use sealdrop_shared::id::{CaseId, MessageId};
use sealdrop_shared::time::Timestamp;

use crate::error::ApiError;

/// A new report's row.
#[derive(Debug, Clone)]
pub struct NewReport<'a> {
    /// Case id.
    pub id: &'a CaseId,
    /// When it arrived.
    pub received_at: Timestamp,
    /// The end of the promised response window.
    pub respond_by: Timestamp,
    /// Bytes.
    pub size: u64,
    /// Hex SHA-256.
    pub sha256: &'a str,
    /// Client-chosen key.
    pub idempotency_key: Option<&'a str>,
    /// Hex SHA-256 of the follow-up lookup token.
    pub lookup_hash: Option<&'a str>,
    /// Armored public reply key.
    pub reply_key: Option<&'a str>,
    /// Uploaded in parts (binary OpenPGP), rather than armored in one request.
    pub in_parts: bool,
    /// The reporter flagged it exploited in the wild: the CRA clock starts at receipt.
    pub exploited: bool,
}

/// Outcome of an insert that returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inserted {
    /// Stored.
    New,
    /// Another request with the same idempotency key won (UNIQUE violation).
    DuplicateKey,
    /// Another report already uses this lookup hash (UNIQUE violation).
    LookupTaken,
}

/// A stored report as a replay needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredReport {
    /// The answer its submission got.
    pub answer: SubmitAnswer,
    /// Hex SHA-256 of its bytes.
    pub sha256: String,
}

/// Where reports go: R2 for the blob, D1 for the row.
// The worker is single-threaded (wasm): the futures need not be `Send`.
#[allow(async_fn_in_trait)]
pub trait Store {
    /// The report stored under an idempotency key.
    async fn by_idempotency_key(&self, key: &str) -> Result<Option<StoredReport>, ApiError>;
    /// Whether a report's blob exists.
    async fn blob_exists(&self, id: &CaseId) -> Result<bool, ApiError>;
    /// Writes a report's blob.
    async fn put_blob(&self, id: &CaseId, body: &[u8]) -> Result<(), ApiError>;
    /// Removes a report's blob.
    async fn delete_blob(&self, id: &CaseId) -> Result<(), ApiError>;
    /// Inserts the row.
    async fn insert(&self, new: &NewReport<'_>) -> Result<Inserted, ApiError>;
}

/// A storage fault injected on request (`X-Sealdrop-Fault`), in builds with the `faults` feature
/// only, which `cargo xtask test` enables and `cargo xtask deploy` never does; the worker also
/// refuses it unless the `SEALDROP_TEST_FAULTS` variable is set. Each makes the real D1/R2 store
/// fail the way a deployment can meet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Writing the blob fails.
    R2Down,
    /// Every D1 call fails.
    D1Down,
    /// The insert commits, then its answer is lost (an error).
    D1CommitThenError,
}

impl Fault {
    /// Parses the header's value.
    pub fn parse(value: &str) -> Option<Self> {
        match value.trim() {
            "r2-down" => Some(Fault::R2Down),
            "d1-down" => Some(Fault::D1Down),
            "d1-commit-then-error" => Some(Fault::D1CommitThenError),
            _ => None,
        }
    }
}

/// What storing a submission came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stored {
    /// Stored now: answer `201` with this.
    New(SubmitAnswer),
    /// A retry of a stored report: answer `201` with the first answer, marked replayed.
    Replayed(SubmitAnswer),
}

/// The first answer again, for a retry with the same key and the same bytes (re-storing the blob
/// if it went missing).
async fn replay<S: Store>(store: &S, stored: StoredReport, sha256: &str, body: &[u8]) -> Result<Stored, ApiError> {
    if stored.sha256 != sha256 {
        return Err(ApiError::IdempotencyKeyReused);
    }
    if !store.blob_exists(&stored.answer.id).await? {
        store.put_blob(&stored.answer.id, body).await?;
    }
    Ok(Stored::Replayed(stored.answer))
}

/// Stores a checked submission (see the module's rules).
pub async fn store_report<S: Store>(store: &S, new: &NewReport<'_>, body: &[u8]) -> Result<Stored, ApiError> {
    let answer = SubmitAnswer { id: new.id.clone(), received_at: new.received_at, respond_by: new.respond_by };
    if let Some(key) = new.idempotency_key
        && let Some(stored) = store.by_idempotency_key(key).await?
    {
        return replay(store, stored, new.sha256, body).await;
    }
    store.put_blob(new.id, body).await?;
    match store.insert(new).await {
        Ok(Inserted::New) => Ok(Stored::New(answer)),
        Ok(Inserted::DuplicateKey) => {
            let _ = store.delete_blob(new.id).await;
            let key = new.idempotency_key.unwrap_or_default();
            let stored = store
                .by_idempotency_key(key)
                .await?
                .ok_or_else(|| ApiError::Storage("a duplicate idempotency key without its row".into()))?;
            replay(store, stored, new.sha256, body).await
        }
        Ok(Inserted::LookupTaken) => {
            let _ = store.delete_blob(new.id).await;
            Err(ApiError::LookupTaken)
        }
        Err(error) => {
            // Committed or not? Ask; never delete the blob of a row that may exist.
            if let Some(key) = new.idempotency_key
                && let Ok(Some(stored)) = store.by_idempotency_key(key).await
                && stored.answer.id == *new.id
            {
                return Ok(Stored::New(answer));
            }
            Err(error)
        }
    }
}

/// A message (a reporter's answer or a staff reply) that passed its checks. Its key is its case
/// and digest: a retry with the same bytes is the same message (`UNIQUE (report_id, sha256)`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMessage {
    /// Its id, if it is stored now.
    pub id: MessageId,
    /// When it arrived.
    pub at: Timestamp,
}

/// Where messages go: R2 for the blob (under a key of the message's id), D1 for the row.
#[allow(async_fn_in_trait)]
pub trait MessageStore {
    /// The stored message with this digest in this case.
    async fn by_digest(&self) -> Result<Option<NewMessage>, ApiError>;
    /// Whether a message's blob exists.
    async fn blob_exists(&self, id: &MessageId) -> Result<bool, ApiError>;
    /// Writes a message's blob.
    async fn put_blob(&self, id: &MessageId, body: &[u8]) -> Result<(), ApiError>;
    /// Removes a message's blob.
    async fn delete_blob(&self, id: &MessageId) -> Result<(), ApiError>;
    /// Inserts the row: `Ok(false)` on the UNIQUE violation of a concurrent retry that won.
    async fn insert(&self, new: &NewMessage) -> Result<bool, ApiError>;
}

/// Stores a checked message by the same rules as a report: blob first; the blob deleted only
/// after a definite UNIQUE violation; after any other insert error, asked for by its digest (`201`
/// if D1 committed, `503` otherwise, the blob left); a retry whose row exists gets the first answer
/// and re-stores a missing blob (its bytes are the digest's, by construction). Answers the
/// message and whether it is new.
pub async fn store_message<S: MessageStore>(
    store: &S,
    new: NewMessage,
    body: &[u8],
) -> Result<(NewMessage, bool), ApiError> {
    if let Some(stored) = store.by_digest().await? {
        if !store.blob_exists(&stored.id).await? {
            store.put_blob(&stored.id, body).await?;
        }
        return Ok((stored, false));
    }
    store.put_blob(&new.id, body).await?;
    match store.insert(&new).await {
        Ok(true) => Ok((new, true)),
        Ok(false) => {
            let _ = store.delete_blob(&new.id).await;
            let stored = store
                .by_digest()
                .await?
                .ok_or_else(|| ApiError::Storage("a duplicate message without its row".into()))?;
            Ok((stored, false))
        }
        // The case's deletion began while this message was on its way: nothing may add to it, so
        // its blob goes too (the answer is `410`, nothing was acknowledged).
        Err(error @ ApiError::ReportDeleted(_)) => {
            let _ = store.delete_blob(&new.id).await;
            Err(error)
        }
        Err(error) => {
            if let Ok(Some(stored)) = store.by_digest().await
                && stored.id == new.id
            {
                return Ok((new, true));
            }
            Err(error)
        }
    }
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::collections::HashMap;

    use super::*;

    /// An in-memory store whose D1 and R2 fail on command: the faults a real deployment can meet.
    #[derive(Default)]
    struct Faulty {
        rows: RefCell<HashMap<String, StoredReport>>,
        blobs: RefCell<HashMap<String, Vec<u8>>>,
        r2_down: bool,
        d1_down: bool,
        /// The insert commits, then reports an error (the answer was lost on the way back).
        commit_then_error: bool,
        /// A concurrent retry that commits just before this insert (its row and blob).
        concurrent: RefCell<Option<(StoredReport, Vec<u8>)>>,
    }

    impl Store for Faulty {
        async fn by_idempotency_key(&self, key: &str) -> Result<Option<StoredReport>, ApiError> {
            if self.d1_down {
                return Err(ApiError::Storage("d1 down".into()));
            }
            Ok(self.rows.borrow().get(key).cloned())
        }
        async fn blob_exists(&self, id: &CaseId) -> Result<bool, ApiError> {
            if self.r2_down {
                return Err(ApiError::Storage("r2 down".into()));
            }
            Ok(self.blobs.borrow().contains_key(id.as_str()))
        }
        async fn put_blob(&self, id: &CaseId, body: &[u8]) -> Result<(), ApiError> {
            if self.r2_down {
                return Err(ApiError::Storage("r2 down".into()));
            }
            self.blobs.borrow_mut().insert(id.to_string(), body.to_vec());
            Ok(())
        }
        async fn delete_blob(&self, id: &CaseId) -> Result<(), ApiError> {
            self.blobs.borrow_mut().remove(id.as_str());
            Ok(())
        }
        async fn insert(&self, new: &NewReport<'_>) -> Result<Inserted, ApiError> {
            if self.d1_down {
                return Err(ApiError::Storage("d1 down".into()));
            }
            let key = new.idempotency_key.unwrap_or(new.id.as_str()).to_owned();
            if let Some((winner, body)) = self.concurrent.borrow_mut().take() {
                self.blobs.borrow_mut().insert(winner.answer.id.to_string(), body);
                self.rows.borrow_mut().insert(key.clone(), winner);
            }
            if self.rows.borrow().contains_key(&key) {
                return Ok(Inserted::DuplicateKey);
            }
            let answer = SubmitAnswer { id: new.id.clone(), received_at: new.received_at, respond_by: new.respond_by };
            self.rows.borrow_mut().insert(key, StoredReport { answer, sha256: new.sha256.to_owned() });
            if self.commit_then_error {
                Err(ApiError::Storage("connection reset after commit".into()))
            } else {
                Ok(Inserted::New)
            }
        }
    }

    fn id(n: u8) -> CaseId {
        format!("01KAY8R5S7X0V3M2QJ4N6T8W9{}", char::from(b'A' + n)).parse().expect("an id")
    }

    fn report<'a>(id: &'a CaseId, sha: &'a str) -> NewReport<'a> {
        NewReport {
            id,
            received_at: "2026-11-23T10:00:00+00:00".parse().expect("time"),
            respond_by: "2026-11-26T23:59:59+01:00".parse().expect("time"),
            size: 4,
            sha256: sha,
            idempotency_key: Some("key-1"),
            lookup_hash: None,
            reply_key: None,
            in_parts: false,
            exploited: false,
        }
    }

    fn run<F: std::future::Future>(f: F) -> F::Output {
        futures::executor::block_on(f)
    }

    #[test]
    fn d1_committed_then_errored_is_acknowledged_and_its_blob_kept() {
        let store = Faulty { commit_then_error: true, ..Default::default() };
        let first = id(0);
        let got = run(store_report(&store, &report(&first, "aa"), b"body"));
        assert!(matches!(got, Ok(Stored::New(ref a)) if a.id == first), "{got:?}");
        assert!(store.blobs.borrow().contains_key(first.as_str()), "the committed row keeps its blob");
        // The retry gets the same id, and nothing is stored twice.
        let store = Faulty { commit_then_error: false, ..store };
        let second = id(1);
        let again = run(store_report(&store, &report(&second, "aa"), b"body"));
        assert!(matches!(again, Ok(Stored::Replayed(ref a)) if a.id == first), "{again:?}");
        assert_eq!(store.rows.borrow().len(), 1);
        assert_eq!(store.blobs.borrow().len(), 1);
    }

    #[test]
    fn storage_down_stores_nothing_and_says_so() {
        for (what, store) in [
            ("R2 down", Faulty { r2_down: true, ..Default::default() }),
            ("D1 down", Faulty { d1_down: true, ..Default::default() }),
        ] {
            let first = id(2);
            let got = run(store_report(&store, &report(&first, "bb"), b"body"));
            let Err(e) = got else { panic!("{what}: {got:?}") };
            assert_eq!((e.status(), e.code()), (503, "storage_unavailable"), "{what}");
            assert!(store.rows.borrow().is_empty(), "{what}: no row");
        }
    }

    #[test]
    fn a_retry_restores_a_lost_blob_only_for_the_same_bytes() {
        let store = Faulty::default();
        let first = id(3);
        run(store_report(&store, &report(&first, "cc"), b"body")).expect("stored");
        store.blobs.borrow_mut().clear();
        // Different bytes under the same key: refused, nothing re-stored.
        let other = run(store_report(&store, &report(&id(4), "dd"), b"evil"));
        assert!(matches!(other, Err(ApiError::IdempotencyKeyReused)), "{other:?}");
        assert!(store.blobs.borrow().is_empty());
        // The same bytes: the first answer, and the blob is back.
        let again = run(store_report(&store, &report(&id(5), "cc"), b"body"));
        assert!(matches!(again, Ok(Stored::Replayed(ref a)) if a.id == first), "{again:?}");
        assert_eq!(store.blobs.borrow().get(first.as_str()).map(Vec::as_slice), Some(&b"body"[..]));
    }

    #[test]
    fn a_lost_race_removes_only_its_own_blob_and_answers_as_the_winner() {
        let winner = id(6);
        let answer = SubmitAnswer {
            id: winner.clone(),
            received_at: "2026-11-23T09:59:59+00:00".parse().expect("time"),
            respond_by: "2026-11-26T23:59:59+01:00".parse().expect("time"),
        };
        let won = StoredReport { answer: answer.clone(), sha256: "ee".into() };
        let store = Faulty { concurrent: RefCell::new(Some((won, b"body".to_vec()))), ..Default::default() };
        let loser = id(7);
        let got = run(store_report(&store, &report(&loser, "ee"), b"body"));
        assert_eq!(got.ok(), Some(Stored::Replayed(answer)));
        let blobs = store.blobs.borrow();
        assert!(blobs.contains_key(winner.as_str()) && !blobs.contains_key(loser.as_str()));
    }

    /// An in-memory message store of one case, failing on command.
    #[derive(Default)]
    struct FaultyMessages {
        row: RefCell<Option<NewMessage>>,
        blobs: RefCell<HashMap<String, Vec<u8>>>,
        r2_down: bool,
        d1_down: bool,
        commit_then_error: bool,
        /// The case's deletion began: the database refuses the row.
        deleted: bool,
        /// A concurrent retry that commits just before this insert.
        concurrent: RefCell<Option<NewMessage>>,
    }

    impl MessageStore for FaultyMessages {
        async fn by_digest(&self) -> Result<Option<NewMessage>, ApiError> {
            if self.d1_down {
                return Err(ApiError::Storage("d1 down".into()));
            }
            Ok(self.row.borrow().clone())
        }
        async fn blob_exists(&self, id: &MessageId) -> Result<bool, ApiError> {
            Ok(self.blobs.borrow().contains_key(id.as_str()))
        }
        async fn put_blob(&self, id: &MessageId, body: &[u8]) -> Result<(), ApiError> {
            if self.r2_down {
                return Err(ApiError::Storage("r2 down".into()));
            }
            self.blobs.borrow_mut().insert(id.to_string(), body.to_vec());
            Ok(())
        }
        async fn delete_blob(&self, id: &MessageId) -> Result<(), ApiError> {
            self.blobs.borrow_mut().remove(id.as_str());
            Ok(())
        }
        async fn insert(&self, new: &NewMessage) -> Result<bool, ApiError> {
            if self.d1_down {
                return Err(ApiError::Storage("d1 down".into()));
            }
            if self.deleted {
                return Err(ApiError::ReportDeleted("the case".into()));
            }
            if let Some(winner) = self.concurrent.borrow_mut().take() {
                self.blobs.borrow_mut().insert(winner.id.to_string(), b"body".to_vec());
                *self.row.borrow_mut() = Some(winner);
            }
            if self.row.borrow().is_some() {
                return Ok(false);
            }
            *self.row.borrow_mut() = Some(new.clone());
            if self.commit_then_error { Err(ApiError::Storage("reset after commit".into())) } else { Ok(true) }
        }
    }

    fn message(n: u8) -> NewMessage {
        NewMessage {
            id: format!("01KAY8R5S7X0V3M2QJ4N6T8W9{}", char::from(b'A' + n)).parse().expect("an id"),
            at: "2026-11-23T10:00:00+00:00".parse().expect("time"),
        }
    }

    #[test]
    fn messages_follow_the_same_rules_when_storage_fails_half_way() {
        // D1 committed, then errored: acknowledged, blob kept; the retry gets the same message.
        let store = FaultyMessages { commit_then_error: true, ..Default::default() };
        let got = run(store_message(&store, message(0), b"body")).expect("acknowledged");
        assert_eq!(got, (message(0), true));
        assert!(store.blobs.borrow().contains_key(message(0).id.as_str()));
        let store = FaultyMessages { commit_then_error: false, ..store };
        assert_eq!(run(store_message(&store, message(1), b"body")).expect("replay"), (message(0), false));
        assert_eq!(store.blobs.borrow().len(), 1, "stored once");
        // A lost blob comes back with the retry.
        store.blobs.borrow_mut().clear();
        run(store_message(&store, message(2), b"body")).expect("replay");
        assert_eq!(store.blobs.borrow().get(message(0).id.as_str()).map(Vec::as_slice), Some(&b"body"[..]));
        // R2 or D1 down: 503, nothing stored.
        for (what, store) in [
            ("R2 down", FaultyMessages { r2_down: true, ..Default::default() }),
            ("D1 down", FaultyMessages { d1_down: true, ..Default::default() }),
        ] {
            let e = run(store_message(&store, message(3), b"body")).expect_err(what);
            assert_eq!(e.code(), "storage_unavailable", "{what}");
            assert!(store.row.borrow().is_none(), "{what}");
        }
        // A concurrent retry won: only this request's blob goes, the winner answers.
        let store = FaultyMessages { concurrent: RefCell::new(Some(message(4))), ..Default::default() };
        assert_eq!(run(store_message(&store, message(5), b"body")).expect("winner"), (message(4), false));
        let blobs = store.blobs.borrow();
        assert!(blobs.contains_key(message(4).id.as_str()) && !blobs.contains_key(message(5).id.as_str()));
        drop(blobs);
        // The case's deletion began on the way: 410, and nothing of the message is left.
        let store = FaultyMessages { deleted: true, ..Default::default() };
        let e = run(store_message(&store, message(6), b"body")).expect_err("deleted");
        assert_eq!((e.status(), e.code()), (410, "report_deleted"));
        assert!(store.blobs.borrow().is_empty() && store.row.borrow().is_none());
    }
}
