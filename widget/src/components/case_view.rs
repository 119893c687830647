//! An opened case: the dated timeline and the messages both ways, decrypted in this browser (by
//! the encryption module) with the key derived from the receipt, and the form to answer.

use leptos::prelude::*;
use leptos::task::spawn_local;
use sealdrop_shared::followup::{Author, Message, stages};
use sealdrop_shared::i18n::{Arg, Lang};
use sealdrop_shared::mime::Attachment;
use sealdrop_shared::policy::PublicPolicy;

use sealdrop_shared::envelope::Signature;

use super::app::Trust;
use super::follow_up::Opened;
use super::message_form::MessageForm;
use crate::error::WidgetError;
use crate::frame::Pinning;
use crate::i18n::{lang, readable, t, tf};
use crate::jobs::ReadMessage;
use crate::{crypto, download};

/// What a message's signature says, for people: a staff reply must be signed by the organisation
/// key or a staff key of the (pinned) policy, the reporter's own messages by their reply key.
fn signature_view(author: Author, signature: &Signature, trust: &Trust) -> impl IntoView + use<> {
    // Who signed, in the reporter's language: the reader's name, else "the security team".
    let signer = |fingerprint: &sealdrop_shared::key::Fingerprint| {
        let name = trust.reader(fingerprint).and_then(|r| r.name.clone());
        let key = fingerprint.short();
        move |lang: Lang| {
            let name = name.clone().unwrap_or_else(|| lang.t("signature-the-team"));
            vec![("name", Arg::from(name)), ("key", Arg::from(key.clone()))]
        }
    };
    let (state, id, args): (&str, &'static str, Option<_>) = match (author, signature) {
        (Author::Staff, Signature::Valid(fingerprint)) if trust.pinning == Pinning::Nothing => {
            ("unpinned", "signature-unpinned", Some(signer(fingerprint)))
        }
        (Author::Staff, Signature::Valid(fingerprint)) => ("valid", "signature-valid", Some(signer(fingerprint))),
        (Author::Reporter, Signature::Valid(_)) => ("valid", "signature-own", None),
        (Author::Staff, Signature::Invalid) => ("invalid", "signature-invalid", None),
        (Author::Staff, Signature::Unsigned) => ("unsigned", "signature-unsigned", None),
        (Author::Reporter, _) => ("unsigned", "signature-not-own", None),
    };
    let text = move || {
        let lang = lang();
        match &args {
            Some(args) => lang.tf(id, &args(lang)),
            None => lang.t(id),
        }
    };
    let class = if state == "valid" { "sd-signature" } else { "sd-signature sd-signature-warning" };
    view! { <p class=class data-signature=state role=(state != "valid").then_some("note")>{text}</p> }
}

/// A message decrypted: its text and signature, and its files.
type Decrypted = Result<(ReadMessage, Vec<Attachment>), WidgetError>;

/// A decrypted message's signature, text and files (links to object URLs, released when the view
/// goes away).
fn decrypted_view(author: Author, decrypted: Decrypted, trust: &Trust) -> AnyView {
    let Ok((message, files)) = decrypted else {
        return view! { <p class="sd-message-text sd-muted">{t("message-undecryptable")}</p> }.into_any();
    };
    let signature = signature_view(author, &message.signature, trust);
    let files = files
        .iter()
        .map(|f| {
            let media_type = if f.media_type.is_empty() { "application/octet-stream" } else { &f.media_type };
            let url = download::object_url(&f.bytes, media_type);
            if let Some(u) = url.clone() {
                on_cleanup(move || download::revoke(&u));
            }
            let bytes = f.bytes.len() as u64;
            (f.name.clone(), move || lang().size(bytes), url)
        })
        .collect::<Vec<_>>();
    view! {
        {signature}
        <pre class="sd-message-text">{message.text}</pre>
        {(!files.is_empty()).then(|| view! {
            <ul class="sd-message-files" aria-label=t("message-files")>
                {files.into_iter().map(|(name, size, url)| view! {
                    <li>
                        <a href=url download=name.clone()>{name.clone()}</a>
                        " (" {size} ")"
                    </li>
                }).collect_view()}
            </ul>
        })}
    }
    .into_any()
}

/// One message, decrypted off the page's thread by the encryption module, with its signature
/// checked; "Decrypting…" until then.
fn message_view(message: &Message, opened: &Opened, policy: &PublicPolicy) -> impl IntoView + use<> {
    let trust = expect_context::<ReadSignal<Trust>>();
    let decrypted = RwSignal::new_local(None::<Decrypted>);
    let (policy, receipt, author, armored) =
        (policy.clone(), opened.receipt.clone(), message.author, message.armored.clone());
    let pins = trust.with_untracked(|t| t.pins.clone());
    spawn_local(async move {
        let outcome = crypto::read_message(&policy, &pins, &receipt, author, &armored).await;
        decrypted.try_set(Some(outcome));
    });
    let author_text = t(match message.author {
        Author::Staff => "message-from-staff",
        Author::Reporter => "message-from-you",
    });
    let body = move || match decrypted.get() {
        None => view! { <p class="sd-decrypting sd-muted" role="status">{t("message-decrypting")}</p> }.into_any(),
        Some(outcome) => decrypted_view(author, outcome, &trust.get()),
    };
    view! {
        <li class="sd-message" data-author=message.author.as_str() data-message-id=message.id.to_string()>
            <p class="sd-message-meta"><strong>{author_text}</strong>", "<time datetime=message.at.to_string()>{readable(&message.at)}</time></p>
            {body}
        </li>
    }
}

/// The case.
#[component]
pub fn CaseTimeline(
    /// The opened case.
    opened: Opened,
    /// The organisation's policy.
    policy: StoredValue<PublicPolicy>,
    /// Reloads the case (after an answer was sent).
    refresh: Callback<()>,
) -> impl IntoView {
    let case = opened.case.clone();
    let steps = stages(&case.timeline)
        .into_iter()
        .map(|(name, step)| {
            let reached = step.is_some();
            let detail = step.map(|s| {
                let (at, status, expected) = (s.at.as_datetime(), s.status, s.expected_resolution);
                let text = move || {
                    let lang = lang();
                    let mut text = lang.date_time(&at);
                    if status.is_triage() {
                        let status = lang.t(&format!("status-{}", status.as_str().replace('_', "-")));
                        text = lang.tf("case-triaged-as", &[("status", Arg::from(status)), ("at", Arg::from(text))]);
                    }
                    if let Some(date) = expected {
                        let args = [("text", Arg::from(text)), ("date", Arg::from(lang.date(date)))];
                        text = lang.tf("case-expected-resolution", &args);
                    }
                    text
                };
                (s.at.to_string(), text, s.expected_resolution.map(|d| d.to_string()))
            });
            view! {
                <li class="sd-stage" class:sd-stage-reached=reached data-stage=name.to_lowercase() data-reached=reached.to_string()>
                    <span class="sd-stage-name">{move || lang().t(&format!("stage-{}", name.to_lowercase()))}</span>
                    {match detail {
                        Some((at, text, expected)) => view! {
                            <time datetime=at data-expected-resolution=expected>{text}</time>
                        }.into_any(),
                        None => view! { <span class="sd-muted">{t("case-not-yet")}</span> }.into_any(),
                    }}
                </li>
            }
        })
        .collect_view();
    let messages = case.messages.iter().map(|m| message_view(m, &opened, &policy.get_value())).collect_view();
    let has_messages = !case.messages.is_empty();
    let id = case.id.to_string();
    let case_title = tf("case-title", move |_| vec![("case", Arg::from(id.clone()))]);
    let disclosure = case.planned_disclosure.map(|d| {
        view! {
            <p data-planned-disclosure=d.to_string()>
                {t("case-planned-disclosure")}" " <time datetime=d.to_string()>{move || lang().date(d)}</time>
            </p>
        }
    });
    view! {
        <section class="sd-case" aria-labelledby="sd-case-title" data-case-id=case.id.to_string()>
            <h3 id="sd-case-title">{case_title}</h3>
            <p>{t("case-respond-by")}" "<time datetime=case.respond_by.to_string()>{readable(&case.respond_by)}</time></p>
            {disclosure}
            <ol class="sd-timeline" aria-label=t("case-progress")>{steps}</ol>
            <h3>{t("case-messages")}</h3>
            {if has_messages {
                view! { <ul class="sd-messages">{messages}</ul> }.into_any()
            } else {
                view! { <p class="sd-muted">{t("case-no-messages")}</p> }.into_any()
            }}
            <MessageForm opened=opened policy=policy on_sent=refresh />
        </section>
    }
}
