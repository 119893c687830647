//! The policy as the reporter reads it: promises, scope, rules and the key. The policy's own texts
//! are shown in the reporter's language when the policy gives them in it, else in its first
//! language, each marked with the language it is in.

use leptos::prelude::*;
use sealdrop_shared::i18n::{Arg, Lang};
use sealdrop_shared::localized::Localized;
use sealdrop_shared::policy::PublicPolicy;

use super::trust_view::TrustView;
use crate::i18n::{lang, t, tf};

/// A text and the tag of the language it is in.
type Shown = (String, String);

/// A list of texts, each marked with its language.
fn list(items: Vec<Shown>) -> impl IntoView {
    view! { <ul>{items.into_iter().map(|(text, lang)| view! { <li lang=lang>{text}</li> }).collect_view()}</ul> }
}

/// A policy text in `lang`, else in the policy's first language.
fn shown(text: &Localized, lang: Lang, first: &str) -> Shown {
    let s = text.get(lang.tag(), first);
    (s.text.to_owned(), s.lang.to_owned())
}

/// Texts of the policy in the reporter's current language (reactive).
fn texts(
    policy: StoredValue<PublicPolicy>,
    pick: fn(&PublicPolicy) -> Vec<&Localized>,
) -> impl Fn() -> Vec<Shown> + Clone + Send + Sync + 'static {
    move || {
        let lang = lang();
        policy.with_value(|p| pick(p).into_iter().map(|t| shown(t, lang, p.first_language())).collect())
    }
}

/// What the organisation promises, in `lang`: the response time first, then the policy's own
/// promises, then the retention period.
fn promises(p: &PublicPolicy, lang: Lang) -> Vec<Shown> {
    let first = p.first_language();
    let ours = |text: String| (text, lang.tag().to_owned());
    let text = |t: &Localized| shown(t, lang, first);
    let days = Arg::from(p.response.business_days);
    let zone = Arg::from(p.response.time_zone.name());
    let response = match &p.response.details {
        Some(d) => {
            let details = Arg::from(text(d).0);
            lang.tf("policy-response-details", &[("days", days), ("zone", zone), ("details", details)])
        }
        None => lang.tf("policy-response", &[("days", days), ("zone", zone)]),
    };
    let mut promises = vec![ours(response)];
    let pr = &p.promises;
    promises.extend(pr.safe_harbour.iter().map(text));
    promises.extend(pr.confidentiality.iter().map(text));
    promises.extend(pr.keep_informed.iter().map(text));
    promises.extend(pr.credit.iter().map(|c| text(&c.text)));
    promises.extend(pr.reward.iter().map(|r| {
        let (reward, tag) = text(&r.text);
        match &r.minimum {
            Some(min) => {
                let args = [("reward", Arg::from(reward)), ("minimum", Arg::from(min.as_str()))];
                ours(lang.tf("policy-reward-minimum", &args))
            }
            None => (reward, tag),
        }
    }));
    promises.extend(pr.other.iter().map(text));
    promises.extend(p.retention.map(|r| ours(r.promise(lang))));
    promises
}

/// Shows everything the policy promises and asks, and who can read the report.
#[component]
pub fn PolicyView(
    /// The organisation's policy.
    policy: StoredValue<PublicPolicy>,
) -> impl IntoView {
    let p = policy.get_value();
    let promises = move || policy.with_value(|p| list(promises(p, lang())));
    let introduction = texts(policy, |p| p.organisation.introduction.iter().collect());
    let out_of_scope = texts(policy, |p| p.scope.out_of_scope.iter().collect());
    let rules = texts(policy, |p| p.rules.items.iter().collect());
    let notes = texts(policy, |p| p.rules.notes.iter().collect());
    let in_scope: Vec<String> = p.scope.in_scope.iter().map(ToString::to_string).collect();
    let has_out = !p.scope.out_of_scope.is_empty();
    let has_in = !in_scope.is_empty();
    let languages = p.organisation.languages.join(", ");
    let organisation = p.organisation.name.clone();
    let title = tf("policy-title", move |_| vec![("organisation", Arg::from(organisation.clone()))]);
    let languages = tf("policy-languages", move |_| vec![("languages", Arg::from(languages.clone()))]);
    view! {
        <section class="sd-policy" aria-labelledby="sd-policy-title">
            <h1 id="sd-policy-title">{title}</h1>
            {move || introduction().into_iter().map(|(text, lang)| view! { <p class="sd-intro" lang=lang>{text}</p> }).collect_view()}
            <h2>{t("policy-promises")}</h2>
            <div class="sd-promises">{promises}</div>
            <h2>{t("policy-scope")}</h2>
            {if has_in {
                view! { <p>{t("policy-in-scope")}</p> <ul class="sd-scope">{in_scope.into_iter().map(|s| view! { <li><code>{s}</code></li> }).collect_view()}</ul> }.into_any()
            } else {
                view! { <p>{t("policy-all-in-scope")}</p> }.into_any()
            }}
            {has_out.then(|| view! {
                <details class="sd-out-of-scope">
                    <summary>{t("policy-out-of-scope")}</summary>
                    {move || list(out_of_scope())}
                </details>
            })}
            <h2 id="sd-rules-title">{t("policy-rules")}</h2>
            <div class="sd-rules">{move || list(rules())}</div>
            {(!p.rules.notes.is_empty()).then(|| view! { <div class="sd-notes">{move || list(notes())}</div> })}
            <p class="sd-languages">{languages}</p>
            <TrustView />
        </section>
    }
}
