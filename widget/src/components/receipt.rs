//! What the reporter sees after submitting: the case id and the promised response date.

use chrono::DateTime;
use leptos::prelude::*;
use sealdrop_shared::api::SubmitReceipt;

/// "Thursday 26 November 2026, 23:59 (UTC+01:00)".
fn readable(rfc3339: &str) -> String {
    DateTime::parse_from_rfc3339(rfc3339)
        .map(|t| format!("{} (UTC{})", t.format("%A %-d %B %Y, %H:%M"), t.format("%:z")))
        .unwrap_or_else(|_| rfc3339.to_owned())
}

/// The receipt.
#[component]
pub fn Receipt(
    /// What the worker answered.
    receipt: SubmitReceipt,
    /// The organisation's name.
    organisation: String,
) -> impl IntoView {
    view! {
        <section class="sd-receipt" role="status" aria-labelledby="sd-receipt-title" tabindex="-1">
            <h2 id="sd-receipt-title">"Thank you — your encrypted report was received"</h2>
            <dl>
                <dt>"Case id"</dt>
                <dd><output class="sd-case-id" data-case-id=receipt.id.clone()>{receipt.id.clone()}</output></dd>
                <dt>"Received"</dt>
                <dd><time datetime=receipt.received_at.clone()>{readable(&receipt.received_at)}</time></dd>
                <dt>{format!("{organisation} will respond by")}</dt>
                <dd><time class="sd-respond-by" datetime=receipt.respond_by.clone()>{readable(&receipt.respond_by)}</time></dd>
            </dl>
            <p>"Keep the case id: quote it if you contact the security team about this report."</p>
        </section>
    }
}
