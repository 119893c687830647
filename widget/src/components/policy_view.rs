//! The policy as the reporter reads it: promises, scope, rules and the key.

use leptos::prelude::*;
use sealdrop_shared::policy::PublicPolicy;

use super::trust_view::TrustView;

fn list(items: Vec<String>) -> impl IntoView {
    view! { <ul>{items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}</ul> }
}

/// Shows everything the policy promises and asks, and who can read the report.
#[component]
pub fn PolicyView(
    /// The organisation's policy.
    policy: StoredValue<PublicPolicy>,
) -> impl IntoView {
    let p = policy.get_value();
    let days = p.response.business_days;
    let response = format!(
        "We respond within {days} business day{} ({}){}",
        if days == 1 { "" } else { "s" },
        p.response.time_zone.name(),
        p.response.details.as_ref().map(|d| format!(" with {d}")).unwrap_or_default()
    );
    let mut promises = vec![response];
    let pr = &p.promises;
    promises.extend(pr.safe_harbour.iter().cloned());
    promises.extend(pr.confidentiality.iter().cloned());
    promises.extend(pr.keep_informed.iter().cloned());
    promises.extend(pr.credit.iter().map(|c| c.text.clone()));
    promises.extend(pr.reward.iter().map(|r| match &r.minimum {
        Some(min) => format!("{} (at least {min})", r.text),
        None => r.text.clone(),
    }));
    promises.extend(pr.other.iter().cloned());
    promises.extend(p.retention.map(|r| r.promise()));
    let in_scope: Vec<String> = p.scope.in_scope.iter().map(ToString::to_string).collect();
    let out_of_scope = p.scope.out_of_scope.clone();
    let has_out = !out_of_scope.is_empty();
    let has_in = !in_scope.is_empty();
    let languages = p.organisation.languages.join(", ");
    view! {
        <section class="sd-policy" aria-labelledby="sd-policy-title">
            <h1 id="sd-policy-title">"Report a vulnerability to " {p.organisation.name.clone()}</h1>
            {p.organisation.introduction.clone().map(|i| view! { <p class="sd-intro">{i}</p> })}
            <h2>"What we promise"</h2>
            <div class="sd-promises">{list(promises)}</div>
            <h2>"Scope"</h2>
            {if has_in {
                view! { <p>"In scope:"</p> <ul class="sd-scope">{in_scope.into_iter().map(|s| view! { <li><code>{s}</code></li> }).collect_view()}</ul> }.into_any()
            } else {
                view! { <p>"All of our systems and services."</p> }.into_any()
            }}
            {has_out.then(|| view! {
                <details class="sd-out-of-scope">
                    <summary>"Not considered vulnerabilities"</summary>
                    {list(out_of_scope.clone())}
                </details>
            })}
            <h2 id="sd-rules-title">"Rules you agree to"</h2>
            <div class="sd-rules">{list(p.rules.items.clone())}</div>
            {(!p.rules.notes.is_empty()).then(|| view! { <div class="sd-notes">{list(p.rules.notes.clone())}</div> })}
            <p class="sd-languages">"Languages: " {languages} "."</p>
            <TrustView />
        </section>
    }
}
