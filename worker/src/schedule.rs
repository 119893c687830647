//! The scheduled run's walk over what is owed a reminder or an escalation: by due time, in pages,
//! so that no number of cases that are not due yet (or were handled already) can hide one that is.
//! Two walks use it: unacknowledged cases and their response promise (`reports`), and the CRA
//! obligations not yet done (`obligations`, `sealdrop_shared::cra`); each [`Candidate`] says
//! which [`Duty`] it is.
//!
//! The store answers only what is due at `now` (not acknowledged or done, not escalated, the
//! reminder's time before the reminder and the deadline after it, not backing off after a failed
//! attempt), ordered by that due time, then case id and duty, after a cursor (keyset pagination: a
//! page never repeats or skips one, whatever the previous page changed). [`sweep`] reads pages of
//! [`PAGE`] until one is short, [`MAX_PAGES`] were read or [`MAX_ATTEMPTED`] notices were
//! attempted; the next run (15 minutes later) starts again from the earliest due.
//! [`deadline::notice_due`] decides what each is owed. Plain Rust over a [`Notices`] trait (D1 and
//! e-mail in the worker, `routes/alerts.rs`; in memory in the tests here).

use chrono::{DateTime, Utc};
use serde::Deserialize;

use sealdrop_shared::cra::Duty;
use sealdrop_shared::deadline::{self, Notice};
use sealdrop_shared::id::CaseId;
use sealdrop_shared::time::Timestamp;

use crate::error::ApiError;

/// Cases per page.
pub const PAGE: u32 = 25;
/// Pages one run reads at most.
pub const MAX_PAGES: u32 = 8;
/// Notices one run attempts at most (each is a claim, an e-mail per recipient, an audit entry
/// and a webhook: this keeps a run well inside a Worker's subrequest limits).
pub const MAX_ATTEMPTED: u32 = 40;

/// A duty whose next notice is due, as the store's due-time query answers it (acknowledged, done
/// and escalated ones are never among them).
#[derive(Debug, Clone, Deserialize)]
pub struct Candidate {
    /// Case id.
    pub id: CaseId,
    /// What is owed: the response promise, or a CRA obligation.
    pub duty: Duty,
    /// When its clock started: the report's arrival, or the obligation's start.
    pub started_at: Timestamp,
    /// Its deadline: the end of the promised response window, or the obligation's.
    pub due_at: Timestamp,
    /// Reminder sent.
    pub reminded_at: Option<Timestamp>,
    /// When its next notice fell due ([`deadline::next_notice_at`]): the order of the pages.
    pub notice_at: Timestamp,
    /// Failed attempts at that notice so far (a D1 number).
    pub notice_attempts: f64,
}

impl Candidate {
    /// Failed attempts at the notice owed now.
    pub fn failures(&self) -> u32 {
        self.notice_attempts.max(0.0) as u32
    }

    /// Where the page after this case begins.
    pub fn cursor(&self) -> Cursor {
        Cursor { notice_at: self.notice_at, id: self.id.clone(), duty: self.duty }
    }
}

/// A page begins after this (due time, case id, duty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    /// Due time of the last one read.
    pub notice_at: Timestamp,
    /// Its case id.
    pub id: CaseId,
    /// Its duty.
    pub duty: Duty,
}

/// What one attempt at a notice came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sent {
    /// Claimed and e-mailed.
    Sent,
    /// Another run claimed it first, or the case was acknowledged meanwhile: nothing was sent.
    NotClaimed,
}

/// The cases owed notices, and a way to send one.
// The worker is single-threaded (wasm): the futures need not be `Send`.
#[allow(async_fn_in_trait)]
pub trait Notices {
    /// At most `limit` cases whose next notice is due at `now`, by due time then id, after
    /// `after` (from the start when `None`).
    async fn due(&self, now: DateTime<Utc>, after: Option<&Cursor>, limit: u32) -> Result<Vec<Candidate>, ApiError>;
    /// Claims and sends `notice` for `case`; on failure gives the claim back with a back-off (and
    /// logs why).
    async fn send(&self, case: &Candidate, notice: Notice, now: DateTime<Utc>) -> Result<Sent, ApiError>;
}

/// What a run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Swept {
    /// Pages read.
    pub pages: u32,
    /// Cases read.
    pub read: u32,
    /// Notices sent.
    pub sent: u32,
    /// Notices that failed (retried after their back-off).
    pub failed: u32,
    /// Notices claimed by someone else first.
    pub not_claimed: u32,
    /// Whether the run stopped at its budget with cases perhaps still due.
    pub budget_spent: bool,
}

impl Swept {
    fn attempted(&self) -> u32 {
        self.sent + self.failed + self.not_claimed
    }
}

/// Sends the notices due at `now`, earliest due first, within one run's budget. Only reading a
/// page can fail the run; a notice that fails is counted and the walk goes on.
pub async fn sweep<N: Notices>(notices: &N, now: DateTime<Utc>) -> Result<Swept, ApiError> {
    let mut swept = Swept::default();
    let mut after: Option<Cursor> = None;
    loop {
        if swept.pages == MAX_PAGES {
            swept.budget_spent = true;
            return Ok(swept);
        }
        let page = notices.due(now, after.as_ref(), PAGE).await?;
        swept.pages += 1;
        swept.read += page.len() as u32;
        for case in &page {
            if swept.attempted() == MAX_ATTEMPTED {
                swept.budget_spent = true;
                return Ok(swept);
            }
            // The store answers nothing acknowledged, done or escalated.
            let owed = deadline::notice_due(
                case.started_at.utc(),
                case.due_at.utc(),
                false,
                case.reminded_at.is_some(),
                false,
                now,
            );
            let Some(notice) = owed else { continue };
            match notices.send(case, notice, now).await {
                Ok(Sent::Sent) => swept.sent += 1,
                Ok(Sent::NotClaimed) => swept.not_claimed += 1,
                Err(_) => swept.failed += 1,
            }
        }
        match page.last() {
            Some(last) if page.len() as u32 >= PAGE => after = Some(last.cursor()),
            _ => return Ok(swept),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::collections::HashSet;

    use chrono::Duration;
    use sealdrop_shared::retry;

    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).expect("time").with_timezone(&Utc)
    }

    const NOW: &str = "2026-11-27T10:00:00Z";

    /// One `reports` row, as far as notices go.
    #[derive(Debug, Clone)]
    struct Case {
        id: CaseId,
        received_at: DateTime<Utc>,
        respond_by: DateTime<Utc>,
        remind_at: DateTime<Utc>,
        acknowledged: bool,
        reminded_at: Option<DateTime<Utc>>,
        escalated_at: Option<DateTime<Utc>>,
        notice_attempts: u32,
        notice_next_at: Option<DateTime<Utc>>,
    }

    /// A case with id number `n` (ids sort by `n`), received `received_hours_ago` hours before
    /// [`NOW`] and due `due_in_hours` after it.
    fn case(n: u64, received_hours_ago: i64, due_in_hours: i64) -> Case {
        let now = utc(NOW);
        let (received_at, respond_by) =
            (now - Duration::hours(received_hours_ago), now + Duration::hours(due_in_hours));
        Case {
            id: CaseId::new(1_700_000_000_000 + n, [0; 10]),
            received_at,
            respond_by,
            remind_at: deadline::reminder_at(received_at, respond_by),
            acknowledged: false,
            reminded_at: None,
            escalated_at: None,
            notice_attempts: 0,
            notice_next_at: None,
        }
    }

    /// `reports` in memory: `due` answers what the D1 query does (`store/reports.rs`
    /// `due_notices`); `send` claims like `claim_notice` and fails for the ids in `failing`, giving
    /// the claim back with a back-off like `release_notice`.
    #[derive(Default)]
    struct Memory {
        cases: RefCell<Vec<Case>>,
        failing: HashSet<CaseId>,
        sent: RefCell<Vec<(CaseId, Notice)>>,
        /// Every page read: the cursor asked with, and the ids answered.
        reads: RefCell<Vec<(Option<Cursor>, Vec<CaseId>)>>,
    }

    impl Memory {
        fn with(cases: Vec<Case>) -> Self {
            Self { cases: RefCell::new(cases), ..Self::default() }
        }

        fn sent_ids(&self) -> Vec<CaseId> {
            self.sent.borrow().iter().map(|(id, _)| id.clone()).collect()
        }
    }

    impl Notices for Memory {
        async fn due(
            &self,
            now: DateTime<Utc>,
            after: Option<&Cursor>,
            limit: u32,
        ) -> Result<Vec<Candidate>, ApiError> {
            let now = Timestamp::from_utc(now);
            let mut due: Vec<Candidate> = self
                .cases
                .borrow()
                .iter()
                .filter(|c| !c.acknowledged && c.escalated_at.is_none())
                .filter(|c| c.notice_next_at.is_none_or(|t| Timestamp::from_utc(t) <= now))
                .map(|c| Candidate {
                    id: c.id.clone(),
                    duty: Duty::Respond,
                    started_at: Timestamp::from_utc(c.received_at),
                    due_at: Timestamp::from_utc(c.respond_by),
                    reminded_at: c.reminded_at.map(Timestamp::from_utc),
                    notice_at: Timestamp::from_utc(deadline::next_notice_at(
                        c.remind_at,
                        c.respond_by,
                        c.reminded_at.is_some(),
                    )),
                    notice_attempts: f64::from(c.notice_attempts),
                })
                .filter(|c| c.notice_at <= now)
                .filter(|c| after.is_none_or(|a| (c.notice_at, &c.id) > (a.notice_at, &a.id)))
                .collect();
            due.sort_by(|a, b| (a.notice_at, &a.id).cmp(&(b.notice_at, &b.id)));
            due.truncate(limit as usize);
            self.reads.borrow_mut().push((after.cloned(), due.iter().map(|c| c.id.clone()).collect()));
            Ok(due)
        }

        async fn send(&self, candidate: &Candidate, notice: Notice, now: DateTime<Utc>) -> Result<Sent, ApiError> {
            let mut cases = self.cases.borrow_mut();
            let Some(c) = cases.iter_mut().find(|c| c.id == candidate.id) else { return Ok(Sent::NotClaimed) };
            let column = match notice {
                Notice::Reminder => &mut c.reminded_at,
                Notice::Escalation => &mut c.escalated_at,
            };
            if column.is_some() || c.acknowledged {
                return Ok(Sent::NotClaimed);
            }
            if self.failing.contains(&c.id) {
                c.notice_attempts += 1;
                c.notice_next_at = Some(now + retry::delay(c.notice_attempts));
                return Err(ApiError::Internal("send_email: injected".into()));
            }
            *column = Some(now);
            c.notice_attempts = 0;
            c.notice_next_at = None;
            self.sent.borrow_mut().push((c.id.clone(), notice));
            Ok(Sent::Sent)
        }
    }

    fn run(memory: &Memory, now: &str) -> Swept {
        futures::executor::block_on(sweep(memory, utc(now))).expect("the sweep reads its pages")
    }

    #[test]
    fn five_hundred_junk_cases_never_hide_a_due_reminder() {
        let mut cases = Vec::new();
        for n in 0..500 {
            let junk = match n % 5 {
                // Just arrived: nothing due for a day and a half.
                0 => case(n, 1, 72),
                // Reminded; the deadline is days ahead.
                1 => Case { reminded_at: Some(utc(NOW) - Duration::hours(1)), ..case(n, 1, 72) },
                // Overdue, but acknowledged.
                2 => Case { acknowledged: true, ..case(n, 100, -1) },
                // Overdue and escalated already.
                3 => Case {
                    reminded_at: Some(utc(NOW) - Duration::hours(50)),
                    escalated_at: Some(utc(NOW) - Duration::minutes(30)),
                    ..case(n, 100, -1)
                },
                // Its reminder is due, but its e-mail failed and backs off for another hour.
                _ => {
                    Case { notice_attempts: 6, notice_next_at: Some(utc(NOW) + Duration::hours(1)), ..case(n, 40, 10) }
                }
            };
            cases.push(junk);
        }
        // The real case's id sorts after every junk id; its reminder is due.
        let real = case(10_000, 40, 10);
        cases.push(real.clone());
        let memory = Memory::with(cases);
        let swept = run(&memory, NOW);
        assert_eq!(*memory.sent.borrow(), [(real.id.clone(), Notice::Reminder)]);
        assert_eq!((swept.pages, swept.read, swept.sent, swept.budget_spent), (1, 1, 1, false), "{swept:?}");
        // Again in the same quarter hour: nothing more.
        let again = run(&memory, "2026-11-27T10:14:00Z");
        assert_eq!((again.read, again.sent), (0, 0), "{again:?}");
        // Past the deadline the backed-off junk is due too (and earlier: it is owed since its
        // halfway point); the real escalation still goes out within a few runs.
        let mut runs = 0;
        while !memory.sent.borrow().contains(&(real.id.clone(), Notice::Escalation)) {
            runs += 1;
            assert!(runs <= 3, "escalated within three runs");
            run(&memory, "2026-11-27T20:00:01Z");
        }
    }

    #[test]
    fn due_cases_are_read_page_by_page_earliest_first_each_once() {
        // 250 due reminders in 25 groups with the same due time (ties go by id), ids in an order
        // unrelated to the due time.
        let cases: Vec<Case> = (0..250).map(|n| case((n * 7919) % 1000, 40 + (n % 25) as i64, 10)).collect();
        let memory = Memory::with(cases.clone());
        let first = run(&memory, NOW);
        assert_eq!((first.sent, first.pages, first.budget_spent), (MAX_ATTEMPTED, 2, true), "{first:?}");
        let mut expected: Vec<&Case> = cases.iter().collect();
        expected.sort_by(|a, b| (a.remind_at, &a.id).cmp(&(b.remind_at, &b.id)));
        let earliest: Vec<CaseId> = expected.iter().take(MAX_ATTEMPTED as usize).map(|c| c.id.clone()).collect();
        assert_eq!(memory.sent_ids(), earliest, "the earliest due first");
        // The second page began right after the first page's last case.
        {
            let reads = memory.reads.borrow();
            let (first_cursor, first_ids) = &reads[0];
            let (second_cursor, _) = &reads[1];
            assert!(first_cursor.is_none());
            assert_eq!(second_cursor.as_ref().map(|c| &c.id), first_ids.last());
        }
        // Runs go on until every case got its reminder, exactly once.
        let mut runs = 1;
        while run(&memory, NOW).sent > 0 {
            runs += 1;
        }
        let sent = memory.sent.borrow();
        assert_eq!(sent.len(), 250);
        assert_eq!(sent.iter().map(|(id, _)| id).collect::<HashSet<_>>().len(), 250, "none twice");
        assert!(sent.iter().all(|(_, notice)| *notice == Notice::Reminder));
        assert_eq!(runs, 250_usize.div_ceil(MAX_ATTEMPTED as usize));
    }

    #[test]
    fn failing_notices_back_off_out_of_the_way_of_the_others() {
        // 60 due cases whose e-mail fails, due before one that works.
        let mut cases: Vec<Case> = (0..60).map(|n| case(n, 40, 10)).collect();
        let good = case(5_000, 30, 10);
        cases.push(good.clone());
        let failing: HashSet<CaseId> = cases.iter().take(60).map(|c| c.id.clone()).collect();
        let memory = Memory { failing, ..Memory::with(cases) };
        let first = run(&memory, NOW);
        assert_eq!((first.failed, first.sent, first.budget_spent), (MAX_ATTEMPTED, 0, true), "{first:?}");
        // The failed ones back off, so the next run (in the same minute, even) reaches the rest.
        let second = run(&memory, "2026-11-27T10:01:00Z");
        assert_eq!((second.failed, second.sent), (60 - MAX_ATTEMPTED, 1), "{second:?}");
        assert_eq!(*memory.sent.borrow(), [(good.id, Notice::Reminder)]);
        let attempts: Vec<u32> = memory.cases.borrow().iter().take(60).map(|c| c.notice_attempts).collect();
        assert!(attempts.iter().all(|a| *a == 1), "each failure counted once: {attempts:?}");
        // After their back-off they are tried again, and a second failure waits twice as long.
        let third = run(&memory, "2026-11-27T10:03:00Z");
        assert_eq!(third.failed, MAX_ATTEMPTED, "{third:?}");
        let retry_at = memory.cases.borrow()[0].notice_next_at;
        assert_eq!(retry_at, Some(utc("2026-11-27T10:07:00Z")));
    }

    #[test]
    fn a_run_reads_at_most_its_pages_each_after_the_last() {
        // More due-looking cases than a run may read that owe nothing at this very second (reminded,
        // and the escalation is owed only once the deadline has passed): they cost pages, not
        // notices.
        let total = u64::from(PAGE * MAX_PAGES) + 10;
        let cases: Vec<Case> =
            (0..total).map(|n| Case { reminded_at: Some(utc(NOW) - Duration::hours(1)), ..case(n, 40, 0) }).collect();
        let memory = Memory::with(cases.clone());
        let swept = run(&memory, NOW);
        assert_eq!((swept.pages, swept.read, swept.sent, swept.budget_spent), (MAX_PAGES, PAGE * MAX_PAGES, 0, true));
        let reads = memory.reads.borrow();
        let read: Vec<&CaseId> = reads.iter().flat_map(|(_, ids)| ids).collect();
        let first: Vec<&CaseId> = cases.iter().map(|c| &c.id).take((PAGE * MAX_PAGES) as usize).collect();
        assert_eq!(read, first, "every case read once, in order, none skipped");
        for pair in reads.windows(2) {
            let (_, before) = &pair[0];
            let (cursor, _) = &pair[1];
            assert_eq!(cursor.as_ref().map(|c| &c.id), before.last(), "each page starts after the last");
        }
    }
}
