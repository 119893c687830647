//! The follow-up messages' [`MessageStore`]: R2 for the blob, D1 for the row
//! (`store/followup.rs`); the rules are `durable.rs`'s.

use sealdrop_shared::followup::Author;
use sealdrop_shared::id::{CaseId, MessageId};
use sealdrop_shared::staff::AuditEntry;
use worker::Env;

use crate::durable::{MessageStore, NewMessage};
use crate::error::ApiError;
use crate::store::{blobs, followup};

/// One message of one case, identified by its digest.
pub struct D1R2Messages<'a> {
    /// The bindings.
    pub env: &'a Env,
    /// Its case.
    pub case_id: &'a CaseId,
    /// Who wrote it.
    pub author: Author,
    /// Bytes.
    pub size: u64,
    /// Hex SHA-256 of the body.
    pub sha256: &'a str,
    /// The audit entry that goes with it (written in the same batch).
    pub audit: Option<AuditEntry>,
}

impl MessageStore for D1R2Messages<'_> {
    async fn by_digest(&self) -> Result<Option<NewMessage>, ApiError> {
        let row = followup::message_by_digest(self.env, self.case_id.as_str(), self.sha256).await?;
        Ok(row.map(|r| NewMessage { id: r.id, at: r.at }))
    }

    async fn blob_exists(&self, id: &MessageId) -> Result<bool, ApiError> {
        blobs::exists(self.env, &blobs::message_key(self.case_id.as_str(), id.as_str())).await
    }

    async fn put_blob(&self, id: &MessageId, body: &[u8]) -> Result<(), ApiError> {
        blobs::put(self.env, &blobs::message_key(self.case_id.as_str(), id.as_str()), body.to_vec()).await
    }

    async fn delete_blob(&self, id: &MessageId) -> Result<(), ApiError> {
        blobs::delete(self.env, &blobs::message_key(self.case_id.as_str(), id.as_str())).await
    }

    async fn insert(&self, new: &NewMessage) -> Result<bool, ApiError> {
        let r2_key = blobs::message_key(self.case_id.as_str(), new.id.as_str());
        let row = followup::NewMessage {
            id: &new.id,
            report_id: self.case_id.as_str(),
            at: new.at,
            author: self.author,
            size: self.size,
            sha256: self.sha256,
            r2_key: &r2_key,
        };
        match followup::insert_message(self.env, &row, self.audit.as_ref()).await {
            Ok(()) => Ok(true),
            // The definite answer that another request stored the same message first.
            Err(ApiError::Storage(text)) if text.contains("UNIQUE constraint failed: messages.") => Ok(false),
            Err(e) => Err(e),
        }
    }
}
