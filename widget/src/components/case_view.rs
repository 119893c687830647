//! An opened case: the dated timeline and the messages both ways, decrypted in this browser with
//! the key derived from the receipt, and the form to answer.

use leptos::prelude::*;
use sealdrop_shared::followup::{Author, Message, stages};
use sealdrop_shared::policy::PublicPolicy;
use sealdrop_shared::report::human_size;

use sealdrop_shared::envelope::Signature;

use super::app::Trust;
use super::follow_up::Opened;
use super::message_form::MessageForm;
use super::receipt::readable;
use crate::frame::Pinning;
use crate::{download, submission};

/// What a message's signature says, for people: a staff reply must be signed by the organisation
/// key or a staff key of the (pinned) policy, the reporter's own messages by their reply key.
fn signature_view(author: Author, signature: &Signature, trust: &Trust) -> impl IntoView + use<> {
    let (state, text) = match (author, signature) {
        (Author::Staff, Signature::Valid(fingerprint)) if trust.pinning == Pinning::Nothing => {
            let name = trust.reader(fingerprint).map_or_else(|| "the security team".to_owned(), |r| r.name.clone());
            (
                "unpinned",
                format!(
                    "Signed by {name}'s key as the reporting server lists it (key {}); this page pins no keys, so \
                     compare the fingerprint with one the organisation publishes elsewhere.",
                    fingerprint.short()
                ),
            )
        }
        (Author::Staff, Signature::Valid(fingerprint)) => {
            let name = trust.reader(fingerprint).map_or_else(|| "the security team".to_owned(), |r| r.name.clone());
            ("valid", format!("Signed by {name} (key {}).", fingerprint.short()))
        }
        (Author::Reporter, Signature::Valid(_)) => ("valid", "Signed with your reply key.".to_owned()),
        (Author::Staff, Signature::Invalid) => (
            "invalid",
            "Warning: this message is signed, but not by the security team's keys. Do not trust what it asks of you."
                .to_owned(),
        ),
        (Author::Staff, Signature::Unsigned) => (
            "unsigned",
            "Warning: this message is not signed by the security team. The reporting server, or anyone else who can post \
             to your case, could have written it."
                .to_owned(),
        ),
        (Author::Reporter, _) => (
            "unsigned",
            "Warning: this message is not signed with your reply key: you may not have written it.".to_owned(),
        ),
    };
    let class = if state == "valid" { "sd-signature" } else { "sd-signature sd-signature-warning" };
    view! { <p class=class data-signature=state role=(state != "valid").then_some("note")>{text}</p> }
}

/// One message, decrypted, with its signature checked.
fn message_view(message: &Message, opened: &Opened, trust: &Trust, limit: u64) -> impl IntoView + use<> {
    let own = opened.key.to_public_key();
    let signers: Vec<&pgp::composed::SignedPublicKey> = match message.author {
        Author::Staff => trust.readers.iter().map(|r| r.key.inner()).collect(),
        Author::Reporter => vec![&own],
    };
    let decrypted = submission::decrypt_message(&opened.key, &message.armored, &signers, limit);
    let author = match message.author {
        Author::Staff => "The security team",
        Author::Reporter => "You",
    };
    let body = match decrypted {
        Ok((parts, signature)) => {
            let signature = signature_view(message.author, &signature, trust);
            // Decrypted files become links to object URLs (released when the view goes away).
            let files = parts
                .attachments
                .iter()
                .map(|f| {
                    let media_type = if f.media_type.is_empty() { "application/octet-stream" } else { &f.media_type };
                    let url = download::object_url(&f.bytes, media_type);
                    if let Some(u) = url.clone() {
                        on_cleanup(move || download::revoke(&u));
                    }
                    (f.name.clone(), human_size(f.bytes.len() as u64), url)
                })
                .collect::<Vec<_>>();
            view! {
                {signature}
                <pre class="sd-message-text">{parts.text}</pre>
                {(!files.is_empty()).then(|| view! {
                    <ul class="sd-message-files" aria-label="Attached files">
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
        Err(_) => {
            view! { <p class="sd-message-text sd-muted">"This message cannot be decrypted with your receipt."</p> }
                .into_any()
        }
    };
    view! {
        <li class="sd-message" data-author=message.author.as_str() data-message-id=message.id.to_string()>
            <p class="sd-message-meta"><strong>{author}</strong>", "<time datetime=message.at.to_string()>{readable(&message.at)}</time></p>
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
                let mut text = readable(&s.at);
                if s.status.is_triage() {
                    text = format!("{} — {text}", s.status.label());
                }
                if let Some(date) = s.expected_resolution {
                    text = format!("{text}; expected resolution {}", date.format("%-d %B %Y"));
                }
                (s.at.to_string(), text, s.expected_resolution.map(|d| d.to_string()))
            });
            view! {
                <li class="sd-stage" class:sd-stage-reached=reached data-stage=name.to_lowercase() data-reached=reached.to_string()>
                    <span class="sd-stage-name">{name}</span>
                    {match detail {
                        Some((at, text, expected)) => view! {
                            <time datetime=at data-expected-resolution=expected>{text}</time>
                        }.into_any(),
                        None => view! { <span class="sd-muted">"not yet"</span> }.into_any(),
                    }}
                </li>
            }
        })
        .collect_view();
    let trust = expect_context::<ReadSignal<Trust>>().get_untracked();
    let limit = sealdrop_shared::envelope::plaintext_limit(&policy.get_value());
    let messages = case.messages.iter().map(|m| message_view(m, &opened, &trust, limit)).collect_view();
    let has_messages = !case.messages.is_empty();
    let disclosure = case.planned_disclosure.map(|d| {
        view! {
            <p data-planned-disclosure=d.to_string()>
                "Planned disclosure: " <time datetime=d.to_string()>{d.format("%-d %B %Y").to_string()}</time>
            </p>
        }
    });
    view! {
        <section class="sd-case" aria-labelledby="sd-case-title" data-case-id=case.id.to_string()>
            <h3 id="sd-case-title">{format!("Case {}", case.id)}</h3>
            <p>"Respond-by date promised: " <time datetime=case.respond_by.to_string()>{readable(&case.respond_by)}</time></p>
            {disclosure}
            <ol class="sd-timeline" aria-label="Progress">{steps}</ol>
            <h3>"Messages"</h3>
            {if has_messages {
                view! { <ul class="sd-messages">{messages}</ul> }.into_any()
            } else {
                view! { <p class="sd-muted">"No messages yet."</p> }.into_any()
            }}
            <MessageForm opened=opened policy=policy on_sent=refresh />
        </section>
    }
}
