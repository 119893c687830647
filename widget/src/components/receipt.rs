//! What the reporter sees after submitting: the case id, the promised response date and the
//! receipt that opens the follow-up channel, with ways to keep it and a confirmation step before
//! the form closes (a lost receipt cannot be recovered: nobody else has it).

use leptos::prelude::*;
use sealdrop_shared::api::SubmitAnswer;
use sealdrop_shared::time::Timestamp;

/// An instant for people, in the offset it was sent with:
/// "Thursday 26 November 2026, 23:59 (UTC+01:00)".
pub fn readable(at: &Timestamp) -> String {
    let t = at.as_datetime();
    format!("{} (UTC{})", t.format("%A %-d %B %Y, %H:%M"), t.format("%:z"))
}

/// The receipt, then (once the reporter confirms they saved it) the closing note.
#[component]
pub fn Receipt(
    /// What the worker answered.
    receipt: SubmitAnswer,
    /// The reporter's receipt (printed form).
    secret: String,
    /// The organisation's name.
    organisation: String,
) -> impl IntoView {
    let saved = RwSignal::new(false);
    let closed = RwSignal::new(false);
    let note = RwSignal::new(String::new());
    let case_id = receipt.id.clone();
    let file_text = format!(
        "Sealdrop receipt for your vulnerability report to {organisation}\n\nCase id: {}\nReceipt: {secret}\n\n\
         Keep this receipt private. With it, and only with it, you can read the answers of the security team:\n\
         open the reporting form, choose \"Follow up on a report\" and enter the receipt.\n",
        receipt.id
    );
    let copy_value = secret.clone();
    let copy = move |_| {
        let Some(window) = web_sys::window() else { return };
        let promise = window.navigator().clipboard().write_text(&copy_value);
        leptos::task::spawn_local(async move {
            let done = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
            note.set(
                if done { "Copied to the clipboard." } else { "Copying failed: select the receipt and copy it." }
                    .to_owned(),
            );
        });
    };
    let file_name = format!("sealdrop-receipt-{}.txt", receipt.id);
    let save = move |_| {
        let ok = crate::download::save(&file_name, file_text.as_bytes(), "text/plain;charset=utf-8");
        note.set(if ok { "Saved as a text file." } else { "Saving failed: copy the receipt instead." }.to_owned());
    };
    view! {
        <section class="sd-receipt" role="status" aria-labelledby="sd-receipt-title" tabindex="-1">
            <h2 id="sd-receipt-title">"Thank you — your encrypted report was received"</h2>
            <dl>
                <dt>"Case id"</dt>
                <dd><output class="sd-case-id" data-case-id=receipt.id.to_string()>{receipt.id.to_string()}</output></dd>
                <dt>"Received"</dt>
                <dd><time datetime=receipt.received_at.to_string()>{readable(&receipt.received_at)}</time></dd>
                <dt>{format!("{organisation} will respond by")}</dt>
                <dd><time class="sd-respond-by" datetime=receipt.respond_by.to_string()>{readable(&receipt.respond_by)}</time></dd>
            </dl>
            {move || if closed.get() {
                let done = format!("All done. To read answers about case {case_id}, open this form again, choose “Follow up on a report” and enter your receipt.");
                view! {
                    <div class="sd-closed">
                        <p>{done}</p>
                    </div>
                }.into_any()
            } else {
                let copy = copy.clone();
                let save = save.clone();
                view! {
                    <div class="sd-keep">
                        <h3 id="sd-receipt-secret-title">"Your receipt"</h3>
                        <p>"Only this receipt opens the answers of the security team. It is not stored anywhere: if you lose it, nobody can give it back to you."</p>
                        <output class="sd-secret" data-receipt=secret.clone() aria-labelledby="sd-receipt-secret-title">{secret.clone()}</output>
                        <div class="sd-actions">
                            <button type="button" class="sd-secondary" on:click=copy>"Copy"</button>
                            <button type="button" class="sd-secondary" on:click=save>"Save as a text file"</button>
                        </div>
                        <p class="sd-note" aria-live="polite">{move || note.get()}</p>
                        <div class="sd-check">
                            <input id="sd-receipt-saved" name="receipt_saved" type="checkbox"
                                prop:checked=move || saved.get() on:change=move |ev| saved.set(event_target_checked(&ev)) />
                            <label for="sd-receipt-saved">"I have saved my receipt"</label>
                        </div>
                        <button type="button" class="sd-primary" disabled=move || !saved.get() on:click=move |_| closed.set(true)>"Close"</button>
                    </div>
                }.into_any()
            }}
        </section>
    }
}
