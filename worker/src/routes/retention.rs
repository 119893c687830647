//! The scheduled deletion of closed cases' content under the policy's `[retention]`
//! (`sealdrop_shared::retention`): each run deletes at most [`PER_RUN`] cases, deletions begun
//! first, each one claimed, emptied in R2 and turned into its tombstone in that order
//! (`store/retention.rs`), so nothing is deleted before its time, a held case never, and a
//! deletion begun is always finished.

use chrono::{DateTime, Utc};
use sealdrop_shared::staff::AuditEntry;
use sealdrop_shared::time::Timestamp;
use worker::Env;

use crate::config::Config;
use crate::error::ApiError;
use crate::routes::alerts::WORKER_ACTOR;
use crate::store::retention::{self, Due};

/// The most cases one run deletes (each is a few R2 and D1 calls; the rest wait for the next run).
const PER_RUN: u32 = 20;

/// Deletes what is due at `now`.
pub async fn scheduled(env: &Env, config: &Config, now: DateTime<Utc>) {
    let policy = config.policy.public.retention;
    let cutoff = policy.map(|r| Timestamp::from_utc(r.cutoff(now)));
    let due = match retention::due(env, cutoff, PER_RUN).await {
        Ok(due) => due,
        Err(e) => return worker::console_error!("retention: cannot read the cases due: {}", e.log_line()),
    };
    for case in due {
        if let Err(e) = delete(env, &case, cutoff, now, policy.map(|r| r.delete_after_days)).await {
            worker::console_error!("retention: {} not deleted yet (next run goes on): {}", case.id, e.log_line());
        }
    }
}

async fn delete(
    env: &Env,
    case: &Due,
    cutoff: Option<Timestamp>,
    now: DateTime<Utc>,
    days: Option<u32>,
) -> Result<(), ApiError> {
    let at = Timestamp::from_utc(now);
    let id = case.id.as_str();
    if !retention::begin(env, id, at, cutoff).await? {
        return Ok(()); // held or reopened since it was read
    }
    let objects = retention::delete_objects(env, id, &case.r2_key).await?;
    let why = match (days, case.closed_at) {
        (Some(days), Some(closed)) => format!("{days} days after the case was closed on {closed}"),
        _ => "finishing a deletion begun earlier".to_owned(),
    };
    let detail = format!(
        "content deleted under the policy's retention ({why}): {objects} object(s) of ciphertext and the messages; \
         the record and this log are kept"
    );
    let entry = AuditEntry { at, actor: WORKER_ACTOR.to_owned(), action: "retention_delete".to_owned(), detail };
    retention::finish(env, id, &entry).await
}
