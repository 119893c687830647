//! Two ways in: report a vulnerability, or follow up on one with a receipt.

use leptos::prelude::*;

use crate::i18n::t;

/// What the reporter came to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Write a new report.
    Report,
    /// Open an earlier report with its receipt.
    FollowUp,
}

/// The switch: two toggle buttons.
#[component]
pub fn ModeSwitch(
    /// The current mode.
    mode: RwSignal<Mode>,
) -> impl IntoView {
    let button = move |which: Mode, label: &'static str| {
        let label = t(label);
        view! {
            <button type="button" class="sd-mode" data-mode=if which == Mode::Report { "report" } else { "follow-up" }
                aria-pressed=move || if mode.get() == which { "true" } else { "false" }
                on:click=move |_| mode.set(which)>{label}</button>
        }
    };
    view! {
        <nav class="sd-modes" aria-label=t("modes")>
            {button(Mode::Report, "mode-report")}
            {button(Mode::FollowUp, "mode-follow-up")}
        </nav>
    }
}
