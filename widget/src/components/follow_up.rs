//! "Follow up on a report": the reporter types their receipt; the browser derives the lookup token
//! from it, fetches the case, and shows the timeline and the messages, decrypted here by the
//! encryption module with the reply key it derives from the receipt. Nothing about the receipt
//! is kept unless the reporter asks ("remember on this device"), and then only the receipt
//! itself, never a message.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use sealdrop_shared::followup::CaseView;
use sealdrop_shared::policy::PublicPolicy;
use sealdrop_shared::receipt::Receipt;

use super::case_view::CaseTimeline;
use crate::api;
use crate::error::WidgetError;
use crate::i18n::{lang, t};

/// The browser storage key of a remembered receipt.
const STORAGE_KEY: &str = "sealdrop.receipt";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

fn remembered() -> Option<String> {
    storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
}

/// An opened case: what the worker sent, and what the receipt gives the browser.
#[derive(Debug, Clone)]
pub struct Opened {
    /// The case, its timeline and its (encrypted) messages.
    pub case: CaseView,
    /// The lookup token, hex: it also authorises the reporter's answers.
    pub token: String,
    /// The receipt as typed: the encryption module derives the reply key from it, for each
    /// message it decrypts or seals (the page holds no key).
    pub receipt: String,
}

#[derive(Debug, Clone)]
enum Lookup {
    Idle,
    Checking,
    Failed(WidgetError),
    Open(Box<Opened>),
}

/// Looks the case up with the token derived from `text`. A malformed receipt gets the same
/// answer as an unknown one.
async fn open(text: String) -> Result<Opened, WidgetError> {
    let receipt = Receipt::parse(&text).map_err(|_| WidgetError::ReceiptUnknown)?;
    let token: String = receipt.lookup_token().iter().map(|b| format!("{b:02x}")).collect();
    let case = api::lookup(&token).await?;
    Ok(Opened { case, token, receipt: text })
}

/// The follow-up form and, once opened, the case.
#[component]
pub fn FollowUp(
    /// The organisation's policy.
    policy: StoredValue<PublicPolicy>,
) -> impl IntoView {
    // A pinned frame has an opaque origin and no storage: the receipt file is the way to keep it.
    let can_remember = storage().is_some();
    let stored = remembered();
    let input = RwSignal::new(stored.clone().unwrap_or_default());
    let remember = RwSignal::new(stored.is_some());
    let state = RwSignal::new(Lookup::Idle);

    let run = move || {
        let text = input.get_untracked();
        state.set(Lookup::Checking);
        spawn_local(async move {
            match open(text.clone()).await {
                Ok(opened) => {
                    if let Some(s) = storage() {
                        let _ = if remember.get_untracked() {
                            s.set_item(STORAGE_KEY, &text)
                        } else {
                            s.remove_item(STORAGE_KEY)
                        };
                    }
                    state.set(Lookup::Open(Box::new(opened)));
                }
                Err(e) => state.set(Lookup::Failed(e)),
            }
        });
    };
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if !matches!(state.get_untracked(), Lookup::Checking) {
            run();
        }
    };
    let refresh = Callback::new(move |()| run());
    let forget = move |_| {
        if let Some(s) = storage() {
            let _ = s.remove_item(STORAGE_KEY);
        }
        remember.set(false);
    };

    view! {
        <section class="sd-followup" aria-labelledby="sd-followup-title">
            <h2 id="sd-followup-title">{t("followup-title")}</h2>
            <form class="sd-followup-form" novalidate=true on:submit=on_submit>
                <div class="sd-field">
                    <label for="sd-receipt-input">{t("followup-receipt")}</label>
                    <input id="sd-receipt-input" name="receipt" type="text" autocomplete="off" spellcheck="false"
                        autocapitalize="characters" placeholder="XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX"
                        aria-describedby="sd-receipt-hint sd-followup-error"
                        aria-invalid=move || if matches!(state.get(), Lookup::Failed(_)) { "true" } else { "false" }
                        prop:value=move || input.get() on:input=move |ev| input.set(event_target_value(&ev)) />
                    <p id="sd-receipt-hint" class="sd-hint">{t("followup-receipt-hint")}</p>
                </div>
                {if can_remember {
                    view! {
                        <div class="sd-check">
                            <input id="sd-remember" name="remember" type="checkbox" prop:checked=move || remember.get()
                                on:change=move |ev| remember.set(event_target_checked(&ev)) />
                            <label for="sd-remember">{t("followup-remember")}</label>
                        </div>
                    }.into_any()
                } else {
                    view! { <p class="sd-hint sd-no-storage">{t("followup-no-storage")}</p> }.into_any()
                }}
                <p id="sd-followup-error" class="sd-error" role="alert">
                    {move || match state.get() { Lookup::Failed(e) => e.message(lang()), _ => String::new() }}
                </p>
                <div class="sd-actions">
                    <button type="submit" class="sd-primary" disabled=move || matches!(state.get(), Lookup::Checking)>{t("followup-open")}</button>
                    {move || remember.get().then(|| view! { <button type="button" class="sd-secondary" on:click=forget>{t("followup-forget")}</button> })}
                </div>
                {move || matches!(state.get(), Lookup::Checking).then(|| view! { <p class="sd-loading" role="status">{t("followup-looking")}</p> })}
            </form>
            {move || match state.get() {
                Lookup::Open(opened) => view! { <CaseTimeline opened=*opened policy=policy refresh=refresh /> }.into_any(),
                _ => ().into_any(),
            }}
        </section>
    }
}
