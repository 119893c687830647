//! `POST /api/v1/reports` and the notification that follows it.
//!
//! Order: checks → R2 write → D1 commit → 201 → e-mail (recorded in `notified_at`, so a failed
//! send is retried by the cron handler and never lost) and the chat webhook. What happens when
//! storage fails half-way is `durable.rs`'s, tested natively.

use sealdrop_shared::api::{IDEMPOTENCY_HEADER, SubmitAnswer};
use sealdrop_shared::cra::EXPLOITED_HEADER;
use sealdrop_shared::deadline;
use sealdrop_shared::followup::{LOOKUP_HEADER, REPLY_KEY_HEADER};
use sealdrop_shared::time::Timestamp;
use worker::{Context, Env, Request, Response};

use crate::config::Config;
use crate::durable::{self, NewReport, Stored};
use crate::error::ApiError;
use crate::routes::{alerts, json, new_case_id, now, read_ciphertext};
use crate::store::reports::D1R2;
use crate::submit;
use crate::webhook::Event;

/// The first answer again, for a retried submission.
fn replayed(answer: &SubmitAnswer) -> Result<Response, ApiError> {
    let mut response = json(answer, 201)?;
    let _ = response.headers_mut().set("Idempotent-Replayed", "true");
    Ok(response)
}

/// The storage fault a test asked for: only in builds with the `faults` feature, and only when the
/// deployment sets `SEALDROP_TEST_FAULTS` (the test stack does; nothing else can).
#[cfg(feature = "faults")]
pub(crate) fn injected_fault(req: &Request, env: &Env) -> Option<durable::Fault> {
    crate::routes::secret(env, "SEALDROP_TEST_FAULTS")?;
    durable::Fault::parse(&req.headers().get("X-Sealdrop-Fault").ok().flatten()?)
}

/// Builds without the `faults` feature (every deployable one) have no faults to inject.
#[cfg(not(feature = "faults"))]
pub(crate) fn injected_fault(_req: &Request, _env: &Env) -> Option<durable::Fault> {
    None
}

/// Accepts a report.
pub async fn submit(mut req: Request, env: &Env, ctx: &Context, config: &'static Config) -> Result<Response, ApiError> {
    let limit = config.policy.public.max_body_bytes();
    let headers = req.headers();
    let header = |name: &str| headers.get(name).ok().flatten();
    let idempotency_key = submit::idempotency_key(header(IDEMPOTENCY_HEADER).as_deref())?;
    let channel = submit::channel(header(LOOKUP_HEADER).as_deref(), header(REPLY_KEY_HEADER).as_deref())?;
    let exploited = submit::exploited(header(EXPLOITED_HEADER).as_deref(), config.policy.public.cra.clock)?;

    let (body, declared) = read_ciphertext(&mut req, limit).await?;
    let accepted = submit::check_body(&config.recipients, &body, declared, limit)?;

    let received = now();
    let id = new_case_id(received)?;
    let received_at = Timestamp::from_utc(received);
    let respond_by = Timestamp::new(deadline::respond_by(&config.policy.public.response, received));
    let new = NewReport {
        id: &id,
        received_at,
        respond_by,
        size: body.len() as u64,
        sha256: &accepted.sha256,
        idempotency_key: idempotency_key.as_deref(),
        lookup_hash: channel.as_ref().map(|c| c.lookup_hash.as_str()),
        reply_key: channel.as_ref().map(|c| c.reply_key.as_str()),
        in_parts: false,
        exploited,
    };
    let store = D1R2::new(env, injected_fault(&req, env));
    let answer = match durable::store_report(&store, &new, &body).await? {
        Stored::New(answer) => answer,
        Stored::Replayed(answer) => return replayed(&answer),
    };
    let armored = String::from_utf8_lossy(&body).into_owned();
    drop(body);

    let env2 = env.clone();
    let id2 = id.clone();
    ctx.wait_until(async move {
        if let Err(e) = alerts::notify_new_report(&env2, config, &id2, 0, alerts::Armored::Here(&armored)).await {
            worker::console_error!("notification for {id2} not sent (will retry): {}", e.log_line());
        }
        if let Err(e) = alerts::webhook(&env2, config, Event::NewReport, &id2, respond_by, received).await {
            worker::console_error!("webhook for {id2} not delivered: {}", e.log_line());
        }
    });
    json(&answer, 201)
}
