//! Staff endpoints (bearer token): list and download reports, read a case's record and audit
//! log, and change status, reward and credit. Every change and every download lands in the audit
//! log under the name of the token used.

use sealdrop_shared::api::{PART_MEDIA_TYPE, PGP_MEDIA_TYPE, ReportList};
use sealdrop_shared::cra::{CraChange, CraProblem, Due, Obligation, Outcome};
use sealdrop_shared::id::{CaseId, InvalidId};
use sealdrop_shared::retention::{Hold, HoldChange};
use sealdrop_shared::staff::{
    AssignChange, AuditEntry, AuditLog, CreditChange, CreditRecord, DisclosureChange, DuplicateChange, ForwardRecord,
    Note, NoteList, RewardChange, Status, StatusChange,
};
use sealdrop_shared::stats;
use sealdrop_shared::time::Timestamp;
use worker::{Env, Request, Response};

use sealdrop_shared::followup::{Author, MessageAnswer, MessageList};
use sealdrop_shared::key::RecipientKey;

use crate::config::Config;
use crate::durable;
use crate::error::ApiError;
use crate::routes::{followup, json, new_message_id, now, read_ciphertext, read_json};
use crate::store::reports::{Field, Row};
use crate::store::{audit, blobs, cra, credits, notes, reports, retention};
use crate::submit;

async fn existing(env: &Env, id: &CaseId) -> Result<Row, ApiError> {
    reports::get(env, id.as_str()).await?.ok_or_else(|| ApiError::ReportNotFound(id.to_string()))
}

fn entry(actor: &str, action: &str, detail: String) -> AuditEntry {
    AuditEntry { at: Timestamp::from_utc(now()), actor: actor.to_owned(), action: action.to_owned(), detail }
}

/// The day a case was received, in the policy's time zone (the dates staff set are checked
/// against it).
fn received_day(row: &Row, config: &Config) -> chrono::NaiveDate {
    row.received_at.utc().with_timezone(&config.policy.public.response.time_zone).date_naive()
}

/// The largest JSON body a staff endpoint accepts.
const MAX_JSON_BODY: usize = 4096;

#[derive(serde::Deserialize)]
struct ListQuery {
    limit: Option<u32>,
    before: Option<String>,
}

/// Lists reports, newest first (`?limit=` up to 500, `?before=<id>` for the next page).
pub async fn list(req: &Request, env: &Env, config: &Config, _actor: &str) -> Result<Response, ApiError> {
    let query: ListQuery = req.query().map_err(|_| ApiError::InvalidQuery("use ?limit=N&before=ID"))?;
    let limit = query.limit.unwrap_or(100).clamp(1, 500);
    let before: Option<CaseId> =
        query.before.as_deref().map(str::parse).transpose().map_err(|e: InvalidId| ApiError::InvalidId(e.0))?;
    let rows = reports::list(env, limit, before.as_ref().map(CaseId::as_str)).await?;
    let retention = config.policy.public.retention;
    json(&ReportList { reports: rows.into_iter().map(|r| r.summary(retention)).collect() }, 200)
}

#[derive(serde::Deserialize)]
struct StatsQuery {
    since: Option<chrono::NaiveDate>,
}

/// `GET /api/v1/staff/stats`: the numbers of `sealdrop stats`, computed from the cases' times
/// (`sealdrop_shared::stats`), by month in the policy's time zone.
pub async fn stats(req: &Request, env: &Env, config: &Config, _actor: &str) -> Result<Response, ApiError> {
    let query: StatsQuery = req.query().map_err(|_| ApiError::InvalidQuery("use ?since=YYYY-MM-DD"))?;
    let tz = config.policy.public.response.time_zone;
    // The first instant of `since` in the policy's time zone (the earliest, should it be ambiguous).
    let since = match query.since {
        Some(day) => day
            .and_hms_opt(0, 0, 0)
            .and_then(|midnight| midnight.and_local_timezone(tz).earliest())
            .map(|t| t.with_timezone(&chrono::Utc))
            .ok_or(ApiError::InvalidQuery("use ?since=YYYY-MM-DD"))?,
        None => chrono::DateTime::<chrono::Utc>::UNIX_EPOCH,
    };
    let mut cases = reports::case_times(env, Timestamp::from_utc(since), stats::MAX_CASES + 1).await?;
    let truncated = cases.len() > stats::MAX_CASES as usize;
    cases.truncate(stats::MAX_CASES as usize);
    json(&stats::compute(&cases, query.since, tz, truncated, now()), 200)
}

/// Downloads one report's ciphertext, byte for byte as submitted (audited), streamed from R2:
/// armored from one request, binary OpenPGP when uploaded in parts.
pub async fn get(env: &Env, actor: &str, id: &CaseId) -> Result<Response, ApiError> {
    let row = existing(env, id).await?.live()?;
    let body =
        blobs::stream(env, &row.r2_key).await?.ok_or_else(|| ApiError::Storage(format!("blob of {id} missing")))?;
    let size = row.size as u64;
    audit::record(env, id.as_str(), &entry(actor, "download", format!("{size} bytes of ciphertext"))).await?;
    let (media_type, extension) =
        if blobs::is_binary(&row.r2_key) { (PART_MEDIA_TYPE, "pgp") } else { (PGP_MEDIA_TYPE, "asc") };
    let mut response = Response::from_body(body).map_err(|e| ApiError::Internal(e.to_string()))?;
    let headers = response.headers_mut();
    let _ = headers.set("Content-Type", media_type);
    let _ = headers.set("Content-Disposition", &format!("attachment; filename=\"{}.{extension}\"", row.id));
    let _ = headers.set("Cache-Control", "no-store");
    let _ = headers.set("X-Report-Status", row.status.as_str());
    Ok(response)
}

/// The case record as JSON: metadata, status, deadline, reward, credit.
async fn record_response(env: &Env, config: &Config, id: &CaseId, status: u16) -> Result<Response, ApiError> {
    let row = existing(env, id).await?;
    let credit = credits::get(env, id.as_str()).await?;
    let obligations = if row.exploited_at.is_some() { cra::obligations(env, id.as_str()).await? } else { Vec::new() };
    json(&row.record(credit, obligations, config.policy.public.retention), status)
}

/// `GET /api/v1/staff/reports/{id}/record`.
pub async fn record(env: &Env, config: &Config, _actor: &str, id: &CaseId) -> Result<Response, ApiError> {
    record_response(env, config, id, 200).await
}

/// `GET /api/v1/staff/reports/{id}/log`: the audit log, oldest first.
pub async fn log(env: &Env, _actor: &str, id: &CaseId) -> Result<Response, ApiError> {
    existing(env, id).await?;
    json(&AuditLog { id: id.clone(), entries: audit::list(env, id.as_str()).await? }, 200)
}

/// `POST /api/v1/staff/reports/{id}/status` with `{"status", "expected_resolution"?}`.
pub async fn status(
    mut req: Request,
    env: &Env,
    config: &Config,
    actor: &str,
    id: &CaseId,
) -> Result<Response, ApiError> {
    let change: StatusChange = read_json(&mut req, MAX_JSON_BODY).await?;
    let row = existing(env, id).await?.live()?;
    let received = received_day(&row, config);
    change.check(received)?;
    let detail = match change.expected_resolution {
        Some(date) => format!("{} (expected resolution {date})", change.status),
        None => change.status.to_string(),
    };
    reports::set_status(env, id.as_str(), &change, &entry(actor, "status", detail)).await?;
    // A resolved case has its fix: the CRA final report's 14 days start (once).
    if change.status == Status::Resolved && config.policy.public.cra.clock && row.fix_available_at.is_none() {
        fix_available(env, &row, actor).await?;
    }
    record_response(env, config, id, 200).await
}

/// Records that a fix is available, starting the final report's clock if the case is flagged.
async fn fix_available(env: &Env, row: &Row, actor: &str) -> Result<(), ApiError> {
    let entry = entry(actor, "cra", "fix available".to_owned());
    let final_report = row.exploited_at.map(|_| Due::new(Obligation::Final, entry.at.utc()));
    cra::fix_available(env, row.id.as_str(), entry.at, final_report.as_ref(), &entry).await
}

/// `POST /api/v1/staff/reports/{id}/cra`: the CRA clock (`sealdrop exploited`, `sealdrop cra`).
pub async fn cra(mut req: Request, env: &Env, config: &Config, actor: &str, id: &CaseId) -> Result<Response, ApiError> {
    let change: CraChange = read_json(&mut req, MAX_JSON_BODY).await?;
    if !config.policy.public.cra.clock {
        return Err(CraProblem::ClockOff.into());
    }
    let row = existing(env, id).await?;
    match change {
        CraChange::Exploited if row.exploited_at.is_some() => {}
        CraChange::Exploited => {
            let entry = entry(actor, "cra", "flagged as exploited in the wild".to_owned());
            let now = entry.at.utc();
            let fix = row.fix_available_at.map(|t| t.utc());
            let dues = Obligation::started(Some(now), fix);
            cra::flag(env, id.as_str(), entry.at, actor, &dues, &entry).await?;
        }
        CraChange::FixAvailable if row.fix_available_at.is_some() => {}
        CraChange::FixAvailable => fix_available(env, &row, actor).await?,
        CraChange::Done { obligation } => {
            let started = cra::obligations(env, id.as_str()).await?;
            let Some(record) = started.iter().find(|o| o.obligation == obligation) else {
                return Err(CraProblem::NotStarted(obligation).into());
            };
            if record.is_open() {
                let entry = entry(actor, "cra", format!("{} done", obligation.label()));
                cra::settle(env, id.as_str(), Some(obligation), Outcome::Done, &entry).await?;
            }
        }
        CraChange::Withdraw => {
            if row.exploited_at.is_none() {
                return Err(CraProblem::NotFlagged.into());
            }
            let entry = entry(actor, "cra", "not exploited after all: open obligations withdrawn".to_owned());
            cra::settle(env, id.as_str(), None, Outcome::Withdrawn, &entry).await?;
        }
    }
    record_response(env, config, id, 200).await
}

/// `POST /api/v1/staff/reports/{id}/assign`: who works on the case (`sealdrop assign`), a named
/// member of `STAFF_TOKENS`, or nobody.
pub async fn assign(
    mut req: Request,
    env: &Env,
    config: &Config,
    actor: &str,
    id: &CaseId,
) -> Result<Response, ApiError> {
    let change: AssignChange = read_json(&mut req, MAX_JSON_BODY).await?;
    let tokens = crate::routes::access::staff_tokens(env)?;
    let members = tokens.members();
    let assignee = change.assignee.as_deref().map(str::trim);
    if let Some(name) = assignee
        && !members.contains(&name)
    {
        let known = if members.is_empty() {
            "nobody yet (give each staff member a named token in STAFF_TOKENS)".to_owned()
        } else {
            members.join(", ")
        };
        return Err(ApiError::UnknownAssignee { name: name.chars().take(40).collect(), known });
    }
    let row = existing(env, id).await?;
    if row.assignee.as_deref() != assignee {
        let detail = match assignee {
            Some(name) => format!("assigned to {name}"),
            None => "unassigned".to_owned(),
        };
        reports::set_field(env, id.as_str(), Field::Assignee, assignee, &entry(actor, "assign", detail)).await?;
    }
    record_response(env, config, id, 200).await
}

/// `POST /api/v1/staff/reports/{id}/duplicate`: the case duplicates another (`sealdrop duplicate
/// --of`): status `duplicate` and the link, in one transaction.
pub async fn duplicate(
    mut req: Request,
    env: &Env,
    config: &Config,
    actor: &str,
    id: &CaseId,
) -> Result<Response, ApiError> {
    let change: DuplicateChange = read_json(&mut req, MAX_JSON_BODY).await?;
    change.check(id)?;
    existing(env, id).await?.live()?;
    existing(env, &change.of).await?;
    let entry = entry(actor, "status", format!("duplicate of {}", change.of));
    reports::mark_duplicate(env, id.as_str(), change.of.as_str(), &entry).await?;
    record_response(env, config, id, 200).await
}

/// `PUT /api/v1/staff/reports/{id}/disclosure`: the planned disclosure date the reporter sees.
pub async fn disclosure(
    mut req: Request,
    env: &Env,
    config: &Config,
    actor: &str,
    id: &CaseId,
) -> Result<Response, ApiError> {
    let change: DisclosureChange = read_json(&mut req, MAX_JSON_BODY).await?;
    let row = existing(env, id).await?.live()?;
    let received = received_day(&row, config);
    change.check(received)?;
    if row.planned_disclosure != change.date {
        let detail =
            change.date.map_or_else(|| "planned disclosure cleared".to_owned(), |d| format!("planned disclosure {d}"));
        let date = change.date.map(|d| d.to_string());
        reports::set_field(
            env,
            id.as_str(),
            Field::PlannedDisclosure,
            date.as_deref(),
            &entry(actor, "disclosure", detail),
        )
        .await?;
    }
    record_response(env, config, id, 200).await
}

/// `POST /api/v1/staff/reports/{id}/forwarded`: `sealdrop forward` re-encrypted the report to a
/// coordinator's key on the staff machine; the audit log says so, under the token's name.
pub async fn forwarded(mut req: Request, env: &Env, actor: &str, id: &CaseId) -> Result<Response, ApiError> {
    let record: ForwardRecord = read_json(&mut req, MAX_JSON_BODY).await?;
    let detail = record.detail()?;
    existing(env, id).await?.live()?;
    let entry = entry(actor, "forward", detail);
    audit::record(env, id.as_str(), &entry).await?;
    json(&entry, 201)
}

/// `POST /api/v1/staff/reports/{id}/hold`: places or lifts a legal hold (`sealdrop hold`).
pub async fn hold(
    mut req: Request,
    env: &Env,
    config: &Config,
    actor: &str,
    id: &CaseId,
) -> Result<Response, ApiError> {
    let change: HoldChange = read_json(&mut req, MAX_JSON_BODY).await?;
    let reason = change.check()?;
    let row = existing(env, id).await?.live()?;
    let already = row.held_at.is_some();
    if change.hold != already || (change.hold && reason != row.hold_reason) {
        let detail = match (&reason, change.hold) {
            (Some(reason), _) => format!("legal hold placed: {reason}"),
            (None, true) => "legal hold placed".to_owned(),
            (None, false) => "legal hold lifted".to_owned(),
        };
        let entry = entry(actor, "hold", detail);
        let hold = change.hold.then(|| Hold { at: entry.at, by: actor.to_owned(), reason });
        if !retention::hold(env, id.as_str(), hold.as_ref(), &entry).await? {
            return Err(ApiError::ReportDeleted(id.to_string()));
        }
    }
    record_response(env, config, id, 200).await
}

/// `PUT /api/v1/staff/reports/{id}/reward` with `{"amount"}`.
pub async fn reward(
    mut req: Request,
    env: &Env,
    config: &Config,
    actor: &str,
    id: &CaseId,
) -> Result<Response, ApiError> {
    let change: RewardChange = read_json(&mut req, MAX_JSON_BODY).await?;
    let amount = change.check()?;
    existing(env, id).await?;
    reports::set_field(env, id.as_str(), Field::Reward, Some(&amount), &entry(actor, "reward", amount.clone())).await?;
    record_response(env, config, id, 200).await
}

/// `PUT /api/v1/staff/reports/{id}/credit` with `{"name", "link"?, "publish"}`: records how the
/// reporter is credited; with `publish: true` the credit appears in the hall of fame.
pub async fn credit(mut req: Request, env: &Env, actor: &str, id: &CaseId) -> Result<Response, ApiError> {
    let body: CreditChange = read_json(&mut req, MAX_JSON_BODY).await?;
    let (name, link) = sealdrop_shared::publish::check_credit(&body.name, body.link.as_deref())?;
    existing(env, id).await?;
    let audit_entry =
        entry(actor, "credit", format!("{name}{}", if body.publish { " (published)" } else { " (not published)" }));
    let updated_at = audit_entry.at;
    credits::upsert(
        env,
        &credits::NewCredit {
            report_id: id.as_str(),
            name: &name,
            link: link.as_deref(),
            published: body.publish,
            updated_at,
        },
        &audit_entry,
    )
    .await?;
    let credit_id = sealdrop_shared::publish::credit_id(id.as_str());
    json(&CreditRecord { report_id: id.clone(), credit_id, name, link, published: body.publish, updated_at }, 200)
}

/// `GET /api/v1/staff/reports/{id}/messages`: the follow-up messages, both ways, oldest first
/// (audited, like a download: they are ciphertext of the case).
pub async fn messages(env: &Env, actor: &str, id: &CaseId) -> Result<Response, ApiError> {
    existing(env, id).await?.live()?;
    let messages = followup::messages(env, id).await?;
    audit::record(env, id.as_str(), &entry(actor, "read_messages", format!("{} message(s)", messages.len()))).await?;
    json(&MessageList { messages }, 200)
}

/// `GET /api/v1/staff/reports/{id}/notes`: the internal notes, oldest first (audited, like the
/// messages).
pub async fn notes(env: &Env, actor: &str, id: &CaseId) -> Result<Response, ApiError> {
    existing(env, id).await?.live()?;
    let mut out = Vec::new();
    for row in notes::list(env, id.as_str()).await? {
        let armored = blobs::armored(env, &row.r2_key).await?;
        out.push(Note { id: row.id, at: row.at, author: row.author, armored });
    }
    audit::record(env, id.as_str(), &entry(actor, "read_notes", format!("{} note(s)", out.len()))).await?;
    json(&NoteList { notes: out }, 200)
}

/// `POST /api/v1/staff/reports/{id}/notes`: an internal note, accepted only as an OpenPGP message
/// addressed to the organisation key and to nothing but the organisation and staff keys (never the
/// reporter's reply key), stored apart from the messages.
pub async fn note(
    mut req: Request,
    env: &Env,
    config: &Config,
    actor: &str,
    id: &CaseId,
) -> Result<Response, ApiError> {
    existing(env, id).await?.live()?;
    let max = config.policy.public.max_body_bytes();
    let (body, declared) = read_ciphertext(&mut req, max).await?;
    let accepted = submit::check_body_for(&config.recipients, std::slice::from_ref(&config.key), &body, declared, max)?;
    let at_time = now();
    let new = durable::NewMessage { id: new_message_id(at_time)?, at: Timestamp::from_utc(at_time) };
    let size = body.len() as u64;
    let audit = AuditEntry {
        at: new.at,
        actor: actor.to_owned(),
        action: "note".to_owned(),
        detail: format!("note {}, {size} bytes of ciphertext", new.id),
    };
    let store = notes::D1R2Notes { env, case_id: id, author: actor, size, sha256: &accepted.sha256, audit };
    let (stored, _) = durable::store_message(&store, new, &body).await?;
    json(&MessageAnswer { id: stored.id, at: stored.at }, 201)
}

/// `POST /api/v1/staff/reports/{id}/messages`: a reply to the reporter, accepted only as an
/// OpenPGP message addressed to the reporter's reply key and the organisation key (so staff keep
/// their history), and to nothing but those and the staff keys.
pub async fn reply(
    mut req: Request,
    env: &Env,
    config: &Config,
    actor: &str,
    id: &CaseId,
) -> Result<Response, ApiError> {
    let row = existing(env, id).await?.live()?;
    let reply_key = row.reply_key.as_deref().ok_or(ApiError::NoReplyChannel)?;
    let reporter =
        RecipientKey::parse(reply_key).map_err(|e| ApiError::Internal(format!("stored reply key of {id}: {e}")))?;
    let max = config.policy.public.max_body_bytes();
    let (body, declared) = read_ciphertext(&mut req, max).await?;
    let allowed: Vec<RecipientKey> =
        config.recipients.iter().cloned().chain(std::iter::once(reporter.clone())).collect();
    let required = [config.key.clone(), reporter];
    let accepted = submit::check_body_for(&allowed, &required, &body, declared, max)?;
    let (answer, _) = followup::store_message(env, id, Author::Staff, body, &accepted, Some((actor, "reply"))).await?;
    json(&answer, 201)
}
