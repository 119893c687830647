//! Progress of the submission: reading files, encrypting, sending.

use leptos::prelude::*;
use sealdrop_shared::i18n::{Arg, Lang};

use crate::i18n::lang;

/// A step of the submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Reading attachment `n` of `of`.
    Reading {
        /// Files read so far.
        n: u32,
        /// Number of files.
        of: u32,
    },
    /// Encrypting in the browser.
    Encrypting,
    /// Posting the ciphertext.
    Sending,
    /// Reading, encrypting and sending in parts at once (files over the one-request limit).
    Uploading {
        /// KiB of the report sent and acknowledged.
        sent_kib: u32,
        /// KiB of the whole report.
        of_kib: u32,
    },
}

thread_local! {
    /// When the current upload began (ms), for the time left.
    static UPLOAD_START: std::cell::Cell<f64> = const { std::cell::Cell::new(0.0) };
}

/// "about 1 min 20 s left", from the rate so far; `None` until there is a rate.
fn time_left(sent_kib: u32, of_kib: u32, lang: Lang) -> Option<String> {
    let now = js_sys::Date::now();
    if sent_kib == 0 {
        UPLOAD_START.with(|s| s.set(now));
        return None;
    }
    let elapsed = (now - UPLOAD_START.with(std::cell::Cell::get)) / 1000.0;
    let left = (elapsed * f64::from(of_kib.saturating_sub(sent_kib)) / f64::from(sent_kib)).ceil() as u64;
    Some(match left {
        0..=59 => lang.tf("progress-left-seconds", &[("seconds", Arg::from(left))]),
        _ => lang.tf("progress-left-minutes", &[("minutes", Arg::from(left / 60)), ("seconds", Arg::from(left % 60))]),
    })
}

impl Step {
    fn label(self, lang: Lang) -> String {
        match self {
            Step::Reading { n, of } => lang.tf("progress-reading", &[("n", Arg::from(n)), ("of", Arg::from(of))]),
            Step::Encrypting => lang.t("progress-encrypting"),
            Step::Sending => lang.t("progress-sending"),
            Step::Uploading { sent_kib, of_kib } => {
                let size = |kib: u32| Arg::from(lang.size(u64::from(kib) * 1024));
                let sizes = [("sent", size(sent_kib)), ("total", size(of_kib))];
                match time_left(sent_kib, of_kib, lang) {
                    Some(left) => {
                        let [sent, total] = sizes;
                        lang.tf("progress-parts-left", &[sent, total, ("left", Arg::from(left))])
                    }
                    None => lang.tf("progress-parts", &sizes),
                }
            }
        }
    }

    fn percent(self) -> u32 {
        match self {
            Step::Reading { n, of } => 5 + 25 * n / of.max(1),
            Step::Encrypting => 40,
            Step::Sending => 80,
            Step::Uploading { sent_kib, of_kib } => 5 + (90 * u64::from(sent_kib) / u64::from(of_kib.max(1))) as u32,
        }
    }
}

/// A labelled progress bar.
#[component]
pub fn Progress(
    /// The current step.
    step: Signal<Step>,
) -> impl IntoView {
    view! {
        <div class="sd-progress" role="status">
            <label for="sd-progress-bar">{move || step.get().label(lang())}</label>
            <progress id="sd-progress-bar" max="100" value=move || step.get().percent().to_string()></progress>
        </div>
    }
}
