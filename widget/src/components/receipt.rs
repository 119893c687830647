//! What the reporter sees after submitting: the case id, the promised response date and the
//! receipt that opens the follow-up channel, with ways to keep it and a confirmation step before
//! the form closes (a lost receipt cannot be recovered: nobody else has it).

use leptos::prelude::*;
use sealdrop_shared::api::SubmitAnswer;
use sealdrop_shared::i18n::Arg;

use crate::i18n::{lang, readable, t, tf};

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
    let note = RwSignal::new(None::<&'static str>);
    let case_id = receipt.id.clone();
    let file_args = {
        let (organisation, case, secret) = (organisation.clone(), receipt.id.to_string(), secret.clone());
        move || {
            vec![
                ("organisation", Arg::from(organisation.clone())),
                ("case", Arg::from(case.clone())),
                ("receipt", Arg::from(secret.clone())),
            ]
        }
    };
    let copy_value = secret.clone();
    let copy = move |_| {
        let Some(window) = web_sys::window() else { return };
        let promise = window.navigator().clipboard().write_text(&copy_value);
        leptos::task::spawn_local(async move {
            let done = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
            note.set(Some(if done { "receipt-copied" } else { "receipt-copy-failed" }));
        });
    };
    let save = move |_| {
        let (lang, args) = (lang(), file_args());
        let mut text = lang.tf("receipt-file", &args);
        text.push('\n');
        let ok =
            crate::download::save(&lang.tf("receipt-file-name", &args), text.as_bytes(), "text/plain;charset=utf-8");
        note.set(Some(if ok { "receipt-saved-file" } else { "receipt-save-failed" }));
    };
    let respond_by = tf("receipt-respond-by", move |_| vec![("organisation", Arg::from(organisation.clone()))]);
    view! {
        <section class="sd-receipt" role="status" aria-labelledby="sd-receipt-title" tabindex="-1">
            <h2 id="sd-receipt-title">{t("receipt-title")}</h2>
            <dl>
                <dt>{t("receipt-case-id")}</dt>
                <dd><output class="sd-case-id" data-case-id=receipt.id.to_string()>{receipt.id.to_string()}</output></dd>
                <dt>{t("receipt-received")}</dt>
                <dd><time datetime=receipt.received_at.to_string()>{readable(&receipt.received_at)}</time></dd>
                <dt>{respond_by}</dt>
                <dd><time class="sd-respond-by" datetime=receipt.respond_by.to_string()>{readable(&receipt.respond_by)}</time></dd>
            </dl>
            {move || if closed.get() {
                let case = case_id.to_string();
                let done = tf("receipt-done", move |_| vec![("case", Arg::from(case.clone()))]);
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
                        <h3 id="sd-receipt-secret-title">{t("receipt-secret")}</h3>
                        <p>{t("receipt-explain")}</p>
                        <output class="sd-secret" data-receipt=secret.clone() aria-labelledby="sd-receipt-secret-title">{secret.clone()}</output>
                        <div class="sd-actions">
                            <button type="button" class="sd-secondary" on:click=copy>{t("receipt-copy")}</button>
                            <button type="button" class="sd-secondary" on:click=save>{t("receipt-save")}</button>
                        </div>
                        <p class="sd-note" aria-live="polite">{move || note.get().map(|id| lang().t(id))}</p>
                        <div class="sd-check">
                            <input id="sd-receipt-saved" name="receipt_saved" type="checkbox"
                                prop:checked=move || saved.get() on:change=move |ev| saved.set(event_target_checked(&ev)) />
                            <label for="sd-receipt-saved">{t("receipt-confirm")}</label>
                        </div>
                        <button type="button" class="sd-primary" disabled=move || !saved.get() on:click=move |_| closed.set(true)>{t("receipt-close")}</button>
                    </div>
                }.into_any()
            }}
        </section>
    }
}
