//! What the worker sends on its own: e-mail through the `send_email` binding, the scheduled
//! handler's reminders and escalations, and the signed chat webhook.
//!
//! Reminders: once half the response window has passed without acknowledgement, one e-mail to the
//! staff addresses; once the window has passed, one escalation to the escalation addresses. The
//! scheduled handler finds them by due time, page by page (`schedule::sweep`), so no number of
//! cases that owe nothing hides one that does. Each is claimed in D1 before it is sent (two
//! overlapping runs never both send), given back with a back-off if the e-mail fails
//! (`sealdrop_shared::retry`), and never sent once the case is acknowledged.
//!
//! The e-mails about a new report and about a reporter's answer are attempted right away and
//! retried by the scheduled handler: each attempt is counted and its successor scheduled in D1
//! before it runs; after `retry::MAX_ATTEMPTS` the e-mail is given up, the audit log says so and
//! the staff listing shows it as failed.

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use sealdrop_shared::address::Email;
use sealdrop_shared::cra::Duty;
use sealdrop_shared::deadline::Notice;
use sealdrop_shared::id::{CaseId, MessageId};
use sealdrop_shared::retry::{self, Attempt};
use sealdrop_shared::staff::AuditEntry;
use sealdrop_shared::time::Timestamp;
use worker::wasm_bindgen::JsValue;
use worker::{Env, Fetch, Headers, Method, Request, RequestInit};

use crate::config::Config;
use crate::error::ApiError;
use crate::notify;
use crate::routes::secret;
use crate::schedule::{self, Candidate, Cursor, Notices, Sent};
use crate::store::reports;
use crate::store::{self, Mailed, audit, blobs, cra, followup};
use crate::webhook::{self, Event, Payload};

/// How long a claimed notice is held before another run may try it (a run that died mid-send).
const NOTICE_LEASE_MINUTES: i64 = 10;

/// The actor the audit log records for what the worker does by itself.
pub(crate) const WORKER_ACTOR: &str = "sealdrop";

/// Sends one raw RFC 5322 message through the `EMAIL` binding.
pub async fn mail(env: &Env, from: &str, to: &str, raw: &str) -> Result<(), ApiError> {
    let mailer = env.send_email("EMAIL").map_err(crate::routes::storage)?;
    let message = worker::EmailMessage::new(from, to, raw).map_err(|e| ApiError::Internal(format!("e-mail: {e:?}")))?;
    mailer.send(&message).await.map(|_| ()).map_err(|e| ApiError::Internal(format!("send_email: {e:?}")))
}

/// Posts the signed webhook, if `WEBHOOK_URL` is configured. Unsigned webhooks are never sent.
pub async fn webhook(
    env: &Env,
    config: &Config,
    event: Event,
    id: &CaseId,
    deadline: Timestamp,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let Some(url) = secret(env, "WEBHOOK_URL") else { return Ok(()) };
    if !webhook::url_allowed(&url) {
        return Err(ApiError::Internal("WEBHOOK_URL must be an https:// URL".into()));
    }
    let key = secret(env, "WEBHOOK_SECRET")
        .ok_or_else(|| ApiError::Internal("WEBHOOK_URL is set but WEBHOOK_SECRET is not; not sending".into()))?;
    let link = webhook::link(config.policy.public.publish.base_url.as_deref(), id);
    let body = serde_json::to_string(&Payload::new(event, id.as_str(), &deadline.to_string(), &link))
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let timestamp = now.timestamp();
    let headers = Headers::new();
    let _ = headers.set("Content-Type", "application/json");
    let _ = headers.set(webhook::TIMESTAMP_HEADER, &timestamp.to_string());
    let _ = headers.set(webhook::SIGNATURE_HEADER, &webhook::signature(key.as_bytes(), timestamp, body.as_bytes()));
    let mut init = RequestInit::new();
    init.with_method(Method::Post).with_headers(headers).with_body(Some(JsValue::from_str(&body)));
    let request = Request::new_with_init(&url, &init).map_err(|e| ApiError::Internal(format!("webhook: {e}")))?;
    let response = Fetch::Request(request).send().await.map_err(|e| ApiError::Internal(format!("webhook: {e}")))?;
    let status = response.status_code();
    if (200..300).contains(&status) {
        Ok(())
    } else {
        Err(ApiError::Internal(format!("webhook answered HTTP {status}")))
    }
}

/// Mails each of `recipients` the message `build` makes for it, dated `sent` (`kind` keeps
/// Message-IDs apart).
async fn mail_each(
    env: &Env,
    config: &Config,
    recipients: &[Email],
    id: &CaseId,
    kind: &str,
    sent: DateTime<Utc>,
    build: impl Fn(&notify::MailHeader<'_>) -> String,
) -> Result<(), ApiError> {
    let date = sent.to_rfc2822();
    for (n, to) in recipients.iter().enumerate() {
        let unique = format!("{kind}.{}.{n}", sent.timestamp_millis());
        let mut random = [0u8; 16];
        getrandom::getrandom(&mut random).map_err(|e| ApiError::Internal(format!("randomness: {e}")))?;
        let boundary = notify::boundary(random);
        let from = config.policy.notify.from.as_str();
        let header = notify::MailHeader {
            from,
            to: sealdrop_shared::mime::mail::Recipient::Address(to),
            case_id: id,
            date: &date,
            unique: &unique,
            boundary: &boundary,
        };
        mail(env, from, to.as_str(), &build(&header)).await?;
    }
    Ok(())
}

/// Where an owed e-mail's ciphertext is: at hand (just received), or in R2 under this key (a
/// retry; a missing blob fails the attempt like a failed send).
#[derive(Debug, Clone, Copy)]
pub enum Armored<'a> {
    /// The body just received.
    Here(&'a str),
    /// The stored body's R2 key.
    Stored(&'a str),
    /// A report uploaded in parts, of this many bytes: never mailed (nor read), only announced.
    Uploaded(u64),
}

impl<'a> Armored<'a> {
    /// The armored text to mail, or `None` for a report only announced.
    async fn load(self, env: &Env) -> Result<Option<Cow<'a, str>>, ApiError> {
        match self {
            Armored::Uploaded(_) => Ok(None),
            Armored::Here(text) => Ok(Some(Cow::Borrowed(text))),
            Armored::Stored(key) => match blobs::get(env, key).await? {
                Some(body) => Ok(Some(Cow::Owned(String::from_utf8_lossy(&body).into_owned()))),
                None => Err(ApiError::Storage(format!("blob {key} missing"))),
            },
        }
    }
}

/// An e-mail staff are owed about a case.
#[derive(Debug, Clone, Copy)]
enum Owed<'a> {
    /// A new report.
    Report(&'a CaseId),
    /// A reporter's answer.
    Answer(&'a CaseId, &'a MessageId),
}

impl Owed<'_> {
    fn case_id(&self) -> &CaseId {
        match self {
            Owed::Report(id) | Owed::Answer(id, _) => id,
        }
    }

    /// The row that counts its attempts.
    fn row(&self) -> (Mailed, &str) {
        match self {
            Owed::Report(id) => (Mailed::Report, id.as_str()),
            Owed::Answer(_, message) => (Mailed::Message, message.as_str()),
        }
    }

    async fn mail(
        &self,
        env: &Env,
        config: &Config,
        armored: Armored<'_>,
        sent: DateTime<Utc>,
    ) -> Result<(), ApiError> {
        let to = &config.policy.notify.to;
        let Some(armored) = armored.load(env).await? else {
            let Armored::Uploaded(size) = armored else { return Ok(()) };
            let id = self.case_id();
            return mail_each(env, config, to, id, "report", sent, |e| notify::too_large_notice(e, size)).await;
        };
        let armored = armored.as_ref();
        match self {
            Owed::Report(id) => mail_each(env, config, to, id, "report", sent, |e| notify::message(e, armored)).await,
            Owed::Answer(id, _) => {
                mail_each(env, config, to, id, "message", sent, |e| notify::reporter_message(e, armored)).await
            }
        }
    }

    fn what(&self) -> String {
        match self {
            Owed::Report(_) => "the e-mail about the new report".to_owned(),
            Owed::Answer(_, message) => format!("the e-mail about the reporter's message {message}"),
        }
    }
}

/// One attempt at an owed e-mail, the `attempts + 1`th: counted and its successor scheduled in D1
/// before it runs (so an attempt that never reports back counts too, and two runs never make the
/// same one), recorded when it went out, and given up after `retry::MAX_ATTEMPTS`.
async fn attempt(
    env: &Env,
    config: &Config,
    owed: Owed<'_>,
    attempts: u32,
    armored: Armored<'_>,
) -> Result<(), ApiError> {
    let now = crate::routes::now();
    let number = match retry::next_attempt(attempts, now) {
        Attempt::GiveUp => return give_up(env, owed, attempts, now).await,
        Attempt::Try { number, retry_at } => {
            let (mailed, id) = owed.row();
            if !store::claim_notify(env, mailed, id, attempts, Timestamp::from_utc(retry_at)).await? {
                return Ok(()); // sent, given up, or another run is at it
            }
            number
        }
    };
    let sent = owed.mail(env, config, armored, now).await;
    match sent {
        Ok(()) => {
            let (mailed, id) = owed.row();
            store::mark_notified(env, mailed, id, Timestamp::from_utc(now)).await
        }
        Err(e) => {
            if retry::was_last(number)
                && let Err(g) = give_up(env, owed, number, now).await
            {
                worker::console_error!("cannot record that {} was given up: {}", owed.what(), g.log_line());
            }
            Err(e)
        }
    }
}

/// Marks an owed e-mail failed and says so in the audit log (once).
async fn give_up(env: &Env, owed: Owed<'_>, attempts: u32, now: DateTime<Utc>) -> Result<(), ApiError> {
    let at = Timestamp::from_utc(now);
    // True only for the call that gave it up, so the audit log says it once.
    let (mailed, id) = owed.row();
    if store::notify_failed(env, mailed, id, at).await? {
        let detail = format!(
            "{} to staff was not sent after {attempts} attempts and is given up (the report and its \
             messages are stored; the worker's log says why)",
            owed.what()
        );
        worker::console_error!("case {}: {detail}", owed.case_id());
        let entry = AuditEntry { at, actor: WORKER_ACTOR.to_owned(), action: "notification_failed".to_owned(), detail };
        audit::record(env, owed.case_id().as_str(), &entry).await?;
    }
    Ok(())
}

/// Attempts the new report's PGP/MIME e-mail to every staff address (after `attempts` failed
/// ones), then records `notified_at`.
pub async fn notify_new_report(
    env: &Env,
    config: &Config,
    id: &CaseId,
    attempts: u32,
    armored: Armored<'_>,
) -> Result<(), ApiError> {
    attempt(env, config, Owed::Report(id), attempts, armored).await
}

/// Attempts the e-mail of a reporter's answer to every staff address as PGP/MIME (after
/// `attempts` failed ones), then records `notified_at`.
pub async fn notify_reporter_message(
    env: &Env,
    config: &Config,
    case_id: &CaseId,
    message_id: &MessageId,
    attempts: u32,
    armored: Armored<'_>,
) -> Result<(), ApiError> {
    attempt(env, config, Owed::Answer(case_id, message_id), attempts, armored).await
}

/// The scheduled handler: retries unsent notifications, then sends the reminders and escalations
/// due at `now` (the event's scheduled time), earliest due first: those of the response promise,
/// then those of the CRA obligations (each walk with its own budget).
pub async fn scheduled(env: &Env, config: &Config, now: DateTime<Utc>) {
    if let Err(e) = reports::backfill_due_times(env).await {
        worker::console_error!("scheduled: cases without due times not filled in: {}", e.log_line());
    }
    retry_notifications(env, config).await;
    for walk in [Walk::Responses, Walk::Cra] {
        match schedule::sweep(&Staff { env, config, walk }, now).await {
            Ok(swept) if swept.budget_spent => {
                worker::console_log!(
                    "scheduled: this run's budget for {walk:?} is spent ({swept:?}); the next run goes on"
                )
            }
            Ok(_) => {}
            Err(e) => {
                worker::console_error!("scheduled: cannot read what is owed a notice ({walk:?}): {}", e.log_line())
            }
        }
    }
}

/// Which duties a walk reads.
#[derive(Debug, Clone, Copy)]
enum Walk {
    /// Unacknowledged cases (`reports`).
    Responses,
    /// CRA obligations not yet done (`obligations`).
    Cra,
}

/// The reminders and escalations of this deployment: duties in D1, notices by e-mail.
struct Staff<'a> {
    env: &'a Env,
    config: &'a Config,
    walk: Walk,
}

impl Notices for Staff<'_> {
    async fn due(&self, now: DateTime<Utc>, after: Option<&Cursor>, limit: u32) -> Result<Vec<Candidate>, ApiError> {
        let now = Timestamp::from_utc(now);
        match self.walk {
            Walk::Responses => reports::due_notices(self.env, now, after, limit).await,
            Walk::Cra => cra::due_notices(self.env, now, after, limit).await,
        }
    }

    async fn send(&self, case: &Candidate, notice: Notice, now: DateTime<Utc>) -> Result<Sent, ApiError> {
        let result = send_notice(self.env, self.config, case, notice, now).await;
        if let Err(e) = &result {
            worker::console_error!(
                "scheduled: {notice:?} ({}) for {} not sent (will retry): {}",
                case.duty,
                case.id,
                e.log_line()
            );
        }
        result
    }
}

async fn claim(env: &Env, case: &Candidate, notice: Notice, at: Timestamp, until: Timestamp) -> Result<bool, ApiError> {
    match case.duty {
        Duty::Respond => reports::claim_notice(env, case.id.as_str(), notice, at, until).await,
        Duty::Cra(o) => cra::claim_notice(env, case.id.as_str(), o, notice, at, until).await,
    }
}

async fn release(env: &Env, case: &Candidate, retry_at: Timestamp) -> Result<(), ApiError> {
    match case.duty {
        Duty::Respond => reports::release_notice(env, case.id.as_str(), retry_at).await,
        Duty::Cra(o) => cra::release_notice(env, case.id.as_str(), o, retry_at).await,
    }
}

async fn sent(env: &Env, case: &Candidate, notice: Notice, at: Timestamp, entry: &AuditEntry) -> Result<(), ApiError> {
    match case.duty {
        Duty::Respond => reports::notice_sent(env, case.id.as_str(), notice, at, entry).await,
        Duty::Cra(o) => cra::notice_sent(env, case.id.as_str(), o, notice, at, entry).await,
    }
}

async fn send_notice(
    env: &Env,
    config: &Config,
    case: &Candidate,
    notice: Notice,
    now: DateTime<Utc>,
) -> Result<Sent, ApiError> {
    let at = Timestamp::from_utc(now);
    let lease_until = Timestamp::from_utc(now + chrono::Duration::minutes(NOTICE_LEASE_MINUTES));
    if !claim(env, case, notice, at, lease_until).await? {
        return Ok(Sent::NotClaimed);
    }
    let (recipients, event) = match (notice, case.duty) {
        (Notice::Reminder, Duty::Respond) => (config.policy.notify.to.as_slice(), Event::Reminder),
        (Notice::Escalation, Duty::Respond) => (config.policy.notify.escalation_recipients(), Event::Escalation),
        (Notice::Reminder, Duty::Cra(_)) => (config.policy.notify.to.as_slice(), Event::CraReminder),
        (Notice::Escalation, Duty::Cra(_)) => (config.policy.notify.escalation_recipients(), Event::CraEscalation),
    };
    let action = notify::notice_action(case.duty, notice);
    let due_at = case.due_at.to_string();
    let sent_mail = mail_each(env, config, recipients, &case.id, action, now, |e| {
        notify::deadline_notice(e, case.duty, notice, &due_at)
    })
    .await;
    if let Err(e) = sent_mail {
        let failures = case.failures() + 1;
        // A failing reminder never delays the escalation: its next try is at the deadline at the
        // latest. (If this update fails, the lease runs out and the next run tries anyway.)
        let mut retry_at = now + retry::delay(failures);
        if matches!(notice, Notice::Reminder) {
            retry_at = retry_at.min(case.due_at.utc());
        }
        let _ = release(env, case, Timestamp::from_utc(retry_at)).await;
        if failures.is_multiple_of(retry::MAX_ATTEMPTS) {
            let detail = format!(
                "not sent after {failures} attempts; tried again at most {} hours apart until it is \
                 acknowledged or done (the worker's log says why)",
                retry::MAX_DELAY_SECS / 3600
            );
            let entry = AuditEntry { at, actor: WORKER_ACTOR.to_owned(), action: format!("{action}_failing"), detail };
            let _ = audit::record(env, case.id.as_str(), &entry).await;
        }
        return Err(e);
    }
    let detail = match case.duty {
        Duty::Respond => format!("e-mailed {} address(es); respond by {}", recipients.len(), case.due_at),
        Duty::Cra(o) => format!("e-mailed {} address(es); {} due by {}", recipients.len(), o.label(), case.due_at),
    };
    let entry = AuditEntry { at, actor: WORKER_ACTOR.to_owned(), action: action.to_owned(), detail };
    sent(env, case, notice, at, &entry).await?;
    if let Err(e) = webhook(env, config, event, &case.id, case.due_at, now).await {
        worker::console_error!("webhook for {} not delivered: {}", case.id, e.log_line());
    }
    Ok(Sent::Sent)
}

/// Retries the e-mails about new reports and reporters' answers that are due for another attempt
/// (earliest due first; one never tried only once it is two minutes old, wall-clock, so one still
/// being sent is not sent twice).
async fn retry_notifications(env: &Env, config: &Config) {
    let now = crate::routes::now();
    let cutoff = Timestamp::from_utc(now - chrono::Duration::minutes(2));
    let now = Timestamp::from_utc(now);
    match reports::unnotified(env, cutoff, now).await {
        Ok(rows) => {
            for row in rows {
                let attempts = row.notify_attempts();
                let armored = if blobs::is_binary(&row.r2_key) {
                    Armored::Uploaded(row.size as u64)
                } else {
                    Armored::Stored(&row.r2_key)
                };
                if let Err(e) = notify_new_report(env, config, &row.id, attempts, armored).await {
                    worker::console_error!("retrying notification for {}: {}", row.id, e.log_line());
                }
            }
        }
        Err(e) => worker::console_error!("scheduled: cannot read unsent notifications: {}", e.log_line()),
    }
    match followup::unnotified_messages(env, cutoff, now).await {
        Ok(messages) => {
            for m in messages {
                let attempts = m.notify_attempts();
                let armored = Armored::Stored(&m.r2_key);
                if let Err(e) = notify_reporter_message(env, config, &m.report_id, &m.id, attempts, armored).await {
                    worker::console_error!("retrying message notification for {}: {}", m.id, e.log_line());
                }
            }
        }
        Err(e) => worker::console_error!("scheduled: cannot read unsent message notifications: {}", e.log_line()),
    }
}
