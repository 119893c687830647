//! The reporter's answer on an opened case: text and files, encrypted in this browser to the
//! organisation key, the staff keys and the reporter's own reply key (so the reporter can read it
//! back), and sent with the lookup token.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use sealdrop_shared::policy::PublicPolicy;
use wasm_bindgen::JsCast;

use super::app::Trust;
use super::follow_up::Opened;
use crate::error::WidgetError;
use crate::i18n::{lang, t};
use crate::jobs::KeyPins;
use crate::{api, crypto};
use sealdrop_shared::i18n::Arg;

/// Longest answer in characters.
const MAX_MESSAGE_CHARS: usize = 40_000;

fn problem(text: &str, lang: sealdrop_shared::i18n::Lang) -> Option<String> {
    let chars = text.trim().chars().count();
    if chars == 0 {
        Some(lang.t("answer-empty"))
    } else if chars > MAX_MESSAGE_CHARS {
        Some(lang.tf("answer-too-long", &[("max", Arg::from(lang.integer(MAX_MESSAGE_CHARS as u64)))]))
    } else {
        None
    }
}

async fn encrypt_and_send(
    opened: &Opened,
    policy: &PublicPolicy,
    pins: &KeyPins,
    text: String,
    files: Vec<web_sys::File>,
) -> Result<(), WidgetError> {
    let total: u64 = files.iter().map(|f| f.size() as u64).sum();
    if total > policy.attachments.max_total_bytes || files.len() > policy.attachments.max_files as usize {
        return Err(WidgetError::TooManyFiles);
    }
    let subject = format!("Message from the reporter on case {}", opened.case.id);
    let armored = crypto::seal_message(policy, pins, &opened.receipt, subject, text, &files).await?;
    api::send_message(&opened.token, &armored).await.map(|_| ())
}

/// The answer form.
#[component]
pub fn MessageForm(
    /// The opened case.
    opened: Opened,
    /// The organisation's policy.
    policy: StoredValue<PublicPolicy>,
    /// Called once the answer is stored.
    on_sent: Callback<()>,
) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let touched = RwSignal::new(false);
    let files = RwSignal::new_local(Vec::<web_sys::File>::new());
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<WidgetError>);
    let opened = StoredValue::new(opened);
    let trust = expect_context::<ReadSignal<Trust>>();
    let error = move || if touched.get() { text.with(|t| problem(t, lang())) } else { None };
    // The host page asks before its tab closes while an answer is typed and unsent.
    Effect::new(move |_| {
        let unsent = !text.with(|t| t.trim().is_empty()) || !files.with(Vec::is_empty);
        crate::frame::unsent("answer", unsent);
    });
    on_cleanup(|| crate::frame::unsent("answer", false));

    let on_files = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        if let Some(list) = input.files() {
            let picked: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
            files.set(picked);
        }
    };
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        touched.set(true);
        if busy.get_untracked() || text.with_untracked(|t| problem(t, sealdrop_shared::i18n::Lang::En)).is_some() {
            return;
        }
        busy.set(true);
        failure.set(None);
        let body = text.get_untracked();
        let picked = files.get_untracked();
        spawn_local(async move {
            let opened = opened.get_value();
            let pins = trust.with_untracked(|t| t.pins.clone());
            let result = encrypt_and_send(&opened, &policy.get_value(), &pins, body, picked).await;
            busy.set(false);
            match result {
                Ok(()) => {
                    text.set(String::new());
                    touched.set(false);
                    on_sent.run(());
                }
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    view! {
        <form class="sd-message-form" novalidate=true on:submit=on_submit aria-labelledby="sd-answer-title">
            <h3 id="sd-answer-title">{t("answer-title")}</h3>
            <div class="sd-field" class:sd-field-invalid=move || error().is_some()>
                <label for="sd-answer">{t("answer-message")}</label>
                <textarea id="sd-answer" name="message" rows="5" required=true aria-describedby="sd-answer-error"
                    aria-invalid=move || if error().is_some() { "true" } else { "false" }
                    prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))
                    on:blur=move |_| touched.set(true)></textarea>
                <p id="sd-answer-error" class="sd-error">{move || error().unwrap_or_default()}</p>
            </div>
            <div class="sd-field">
                <label for="sd-answer-files">{t("answer-files")}</label>
                <input id="sd-answer-files" name="attachments" type="file" multiple on:change=on_files />
            </div>
            {move || failure.get().map(|f| view! { <p class="sd-failed" role="alert">{f.message(lang())}</p> })}
            {move || busy.get().then(|| view! { <p class="sd-loading" role="status">{t("answer-sending")}</p> })}
            <button type="submit" class="sd-primary" disabled=move || busy.get()>{t("answer-submit")}</button>
        </form>
    }
}
