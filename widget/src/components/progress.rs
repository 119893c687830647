//! Progress of the submission: reading files, encrypting, sending.

use leptos::prelude::*;

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
}

impl Step {
    fn label(self) -> String {
        match self {
            Step::Reading { n, of } => format!("Reading files ({n} of {of})…"),
            Step::Encrypting => "Encrypting your report in this browser…".to_owned(),
            Step::Sending => "Sending the encrypted report…".to_owned(),
        }
    }

    fn percent(self) -> u32 {
        match self {
            Step::Reading { n, of } => 5 + 25 * n / of.max(1),
            Step::Encrypting => 40,
            Step::Sending => 80,
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
            <label for="sd-progress-bar">{move || step.get().label()}</label>
            <progress id="sd-progress-bar" max="100" value=move || step.get().percent().to_string()></progress>
        </div>
    }
}
