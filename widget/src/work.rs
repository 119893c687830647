//! The proof of work, solved in the background (`sealdrop_shared::pow`): as soon as the widget
//! has its policy it fetches a challenge and works through it in small slices between which the
//! page stays responsive, so a solution is ready before the reporter has finished typing. Every
//! report, look-up and answer takes one ([`take`]); taking starts the next.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::task::spawn_local;
use sealdrop_shared::pow::{Challenge, Solution};

use crate::error::WidgetError;
use crate::{api, submission};

/// Hashes per slice: a few milliseconds of work, then the browser runs again.
const SLICE: u64 = 4_000;

/// How long [`take`] waits for the background solve before it solves one itself.
const WAIT_MS: u32 = 10_000;

/// A solution with less than this many seconds left is not used; a fresh one is solved.
const MARGIN_SECS: u64 = 60;

#[derive(Default)]
struct Supply {
    /// A solution ready to be spent, and when its challenge expires.
    ready: Option<(Solution, u64)>,
    /// Whether a background solve is under way.
    solving: bool,
}

thread_local! {
    static SUPPLY: Rc<RefCell<Supply>> = Rc::new(RefCell::new(Supply::default()));
}

fn now_secs() -> u64 {
    (js_sys::Date::now() / 1000.0) as u64
}

/// Fetches a challenge and solves it without blocking the page.
async fn solve() -> Result<(Solution, u64), WidgetError> {
    let challenge: Challenge = api::challenge().await?;
    let expires = challenge.expires().unwrap_or_else(now_secs);
    let mut from = 0;
    while from <= challenge.maxnumber {
        if let Some(solution) = challenge.search(from, from + SLICE) {
            return Ok((solution, expires));
        }
        from += SLICE;
        submission::sleep_ms(0).await;
    }
    Err(WidgetError::Network("the proof-of-work challenge has no solution".into()))
}

/// Starts solving in the background, unless a usable solution is ready or one is being solved.
pub fn prepare() {
    let supply = SUPPLY.with(Rc::clone);
    {
        let mut s = supply.borrow_mut();
        let usable = s.ready.as_ref().is_some_and(|(_, expires)| *expires > now_secs() + MARGIN_SECS);
        if usable || s.solving {
            return;
        }
        s.solving = true;
    }
    spawn_local(async move {
        let solved = solve().await.ok();
        let mut s = supply.borrow_mut();
        s.solving = false;
        if solved.is_some() {
            s.ready = solved;
        }
    });
}

/// A solution to spend now, as the header value: the one solved in the background when it is
/// ready and fresh, otherwise one solved now. The next is started either way.
pub async fn take() -> Result<String, WidgetError> {
    let mut waited_ms = 0;
    let solution = loop {
        let (ready, solving) = SUPPLY.with(|s| {
            let mut s = s.borrow_mut();
            (s.ready.take(), s.solving)
        });
        match ready {
            Some((solution, expires)) if expires > now_secs() + MARGIN_SECS => break solution,
            // The background solve will be done soon: wait for it rather than start another, but
            // not for ever (its challenge request may hang).
            _ if solving && waited_ms < WAIT_MS => {
                submission::sleep_ms(20).await;
                waited_ms += 20;
            }
            _ => break solve().await?.0,
        }
    };
    prepare();
    Ok(solution.to_header())
}
