//! The report form: fields, validation on blur and on submit, encryption, sending, receipt.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use sealdrop_shared::api::SubmitAnswer;
use sealdrop_shared::field::FIELDS;
use sealdrop_shared::policy::PublicPolicy;
use sealdrop_shared::report::{Draft, validate};
use wasm_bindgen::JsCast;

use super::app::Trust;
use super::field::Field;
use super::progress::{Progress, Step};
use super::receipt::Receipt;
use crate::error::WidgetError;
use crate::form_state::{FormState, control_id};
use crate::i18n::{lang, t};
use crate::{api, crypto, frame, submission};
use sealdrop_shared::i18n::Arg;

/// Ciphertext that was built but not acknowledged: a retry sends exactly these bytes again, with
/// the same receipt.
#[derive(Debug, Clone)]
struct Pending {
    /// The armored ciphertext, or the upload the encryption worker sent (to complete).
    body: crypto::Body,
    idempotency_key: String,
    /// The proof of work, spent by the first attempt and valid for its retries.
    pow: String,
    channel: submission::Channel,
    /// The reporter ticked "being exploited in the wild": the one answer sent in clear as well.
    exploited: bool,
}

#[derive(Debug, Clone, PartialEq)]
enum Phase {
    Editing,
    Working(Step),
    Failed(WidgetError),
    Done(SubmitAnswer, String),
}

fn focus(id: &str) {
    if let Some(el) = document().get_element_by_id(id).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = el.focus();
    }
}

async fn encrypt_and_send(
    state: FormState,
    trust: ReadSignal<Trust>,
    phase: RwSignal<Phase>,
    pending: StoredValue<Option<Pending>, LocalStorage>,
) {
    crate::cancel::begin();
    // Busy at once: a second click cannot start a second submission while the worker starts.
    phase.set(Phase::Working(if pending.with_value(Option::is_some) { Step::Sending } else { Step::Encrypting }));
    let result = async {
        let ready = match pending.get_value() {
            Some(p) => p,
            None => {
                let policy = state.policy.get_value();
                let draft = state.draft.get_untracked();
                let files = state.files.get_untracked();
                let pins = trust.with_untracked(|t| t.pins.clone());
                let on_step = move |step| phase.set(Phase::Working(step));
                let idempotency_key = submission::idempotency_key();
                let attached: u64 = draft.attachments.iter().map(|a| a.size).sum();
                let exploited = sealdrop_shared::report::exploited(&policy, &draft);
                if policy.sends_in_parts(attached) {
                    // The worker begins the upload (with the proof of work) and sends every part.
                    let pow = crate::work::take().await?;
                    crate::cancel::check()?;
                    let job = crate::upload::UploadJob {
                        origin: api::origin(),
                        pow: pow.clone(),
                        idempotency_key: idempotency_key.clone(),
                    };
                    let sealed = crypto::seal(&policy, &draft, &pins, &files, Some(&job), on_step).await?;
                    let p = Pending { body: sealed.body, idempotency_key, pow, channel: sealed.channel, exploited };
                    pending.set_value(Some(p.clone()));
                    p
                } else {
                    let crypto::Sealed { body, channel } =
                        crypto::seal(&policy, &draft, &pins, &files, None, on_step).await?;
                    crate::cancel::check()?;
                    let pow = crate::work::take().await?;
                    crate::cancel::check()?;
                    let p = Pending { body, idempotency_key, pow, channel, exploited };
                    pending.set_value(Some(p.clone()));
                    p
                }
            }
        };
        phase.set(Phase::Working(Step::Sending));
        // Storage unavailable (503): nothing was stored; the same bytes and key go again after the
        // wait the server asks for, twice, before the reporter is asked to try later.
        let mut attempts = 0;
        let mut ready = ready;
        let answer = loop {
            let sent = match &ready.body {
                crypto::Body::Armored(armored) => {
                    api::submit(armored, &ready.idempotency_key, &ready.pow, Some(&ready.channel), ready.exploited)
                        .await
                }
                crypto::Body::Uploaded(id) => api::complete_upload(id).await,
            };
            match sent {
                Err(WidgetError::Unavailable { retry_after, .. }) if attempts < 2 => {
                    attempts += 1;
                    submission::sleep_ms(retry_after.clamp(1, 10) as i32 * 1000).await;
                    crate::cancel::check()?;
                }
                // "Send again" long after the first try: the same bytes and key, a fresh solution
                // (a new report would be stored twice if the first try did arrive).
                Err(WidgetError::Rejected { code, .. }) if code == "pow_expired" && attempts < 3 => {
                    attempts = 3;
                    ready.pow = crate::work::take().await?;
                    crate::cancel::check()?;
                    pending.set_value(Some(ready.clone()));
                }
                other => break other,
            }
        };
        answer.map(|receipt| (receipt, ready.channel.receipt))
    }
    .await;
    crate::cancel::end();
    match result {
        Ok((receipt, secret)) => {
            pending.set_value(None);
            phase.set(Phase::Done(receipt, secret));
            focus_receipt();
        }
        Err(e) => {
            if !matches!(e, WidgetError::Network(_) | WidgetError::Unavailable { .. } | WidgetError::Cancelled) {
                pending.set_value(None);
            }
            phase.set(Phase::Failed(e));
        }
    }
}

fn focus_receipt() {
    spawn_local(async {
        submission::yield_to_browser().await;
        if let Some(el) = document()
            .query_selector(".sd-receipt")
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    });
}

/// The form, or the receipt once the report is stored.
#[component]
pub fn ReportForm(
    /// The organisation's policy.
    policy: StoredValue<PublicPolicy>,
) -> impl IntoView {
    let state = FormState::new(policy);
    state.provide();
    let trust = expect_context::<ReadSignal<Trust>>();
    let phase = RwSignal::new(Phase::Editing);
    let pending = StoredValue::new_local(None::<Pending>);
    let summary = RwSignal::new(None::<usize>);

    // Editing after a failed send invalidates the prepared ciphertext.
    Effect::new(move |_| {
        state.draft.track();
        pending.set_value(None);
    });

    // The host page asks before its tab closes while something typed or attached is unsent.
    Effect::new(move |_| {
        let blank = state.draft.with(Draft::is_blank) && state.files.with(Vec::is_empty);
        let sent = matches!(phase.get(), Phase::Done(..));
        frame::unsent("report", !blank && !sent);
    });
    on_cleanup(|| frame::unsent("report", false));

    let busy = move || matches!(phase.get(), Phase::Working(_));
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy() {
            return;
        }
        state.touch_all();
        let checked = state.draft.with_untracked(|d| state.policy.with_value(|p| validate(p, d)));
        match checked {
            Err(errors) => {
                summary.set(Some(errors.len()));
                if let Some(first) = errors.first() {
                    focus(&control_id(first.field));
                }
            }
            Ok(_) => {
                summary.set(None);
                spawn_local(encrypt_and_send(state, trust, phase, pending));
            }
        }
    };
    let retry = move |_| {
        if pending.with_value(Option::is_some) {
            spawn_local(encrypt_and_send(state, trust, phase, pending));
        }
    };
    let offered: Vec<_> = policy.with_value(|p| FIELDS.iter().filter(|f| p.offers(f.id)).map(|f| f.id).collect());
    let organisation = policy.with_value(|p| p.organisation.name.clone());
    let step = Signal::derive(move || match phase.get() {
        Phase::Working(s) => s,
        _ => Step::Encrypting,
    });

    move || {
        if let Phase::Done(receipt, secret) = phase.get() {
            return view! { <Receipt receipt=receipt secret=secret organisation=organisation.clone() /> }.into_any();
        }
        view! {
            <form class="sd-form" novalidate=true on:submit=on_submit aria-labelledby="sd-form-title">
                <h2 id="sd-form-title">{t("form-title")}</h2>
                <p class="sd-summary" role="alert">
                    {move || summary.get().map(|n| lang().tf("form-summary", &[("count", Arg::from(n))]))}
                </p>
                {offered.iter().map(|&field| view! { <Field field=field /> }).collect_view()}
                {move || match phase.get() {
                    Phase::Working(_) => view! {
                        <Progress step=step />
                        <button type="button" class="sd-secondary" on:click=move |_| crate::cancel::cancel()>{t("form-cancel")}</button>
                    }
                    .into_any(),
                    Phase::Failed(e) => {
                        let can_retry = pending.with_value(Option::is_some);
                        view! {
                            <div class="sd-failed" role="alert">
                                <p>{move || e.message(lang())}</p>
                                {can_retry.then(|| view! { <button type="button" class="sd-secondary" on:click=retry>{t("form-retry")}</button> })}
                            </div>
                        }
                        .into_any()
                    }
                    _ => ().into_any(),
                }}
                <button type="submit" class="sd-primary" disabled=busy>{t("form-submit")}</button>
            </form>
        }
        .into_any()
    }
}
