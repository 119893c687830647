//! What the reporter can check before typing: that the report is encrypted in this browser, who
//! will be able to read it (organisation and staff, with short fingerprints; the full ones one
//! click away, once the encryption module has computed them from the keys) and what the
//! embedding page pinned (the code and the keys, the keys only, or
//! nothing), said plainly.

use leptos::prelude::*;

use super::app::Trust;
use crate::frame::Pinning;
use crate::i18n::{t, tf};
use sealdrop_shared::i18n::Arg;

fn pinning_text(pinning: Pinning) -> &'static str {
    match pinning {
        Pinning::CodeAndKeys => "trust-pinned-code",
        Pinning::KeysOnly => "trust-pinned-keys",
        Pinning::Nothing => "trust-pinned-nothing",
    }
}

/// The keys that can read reports, once the encryption module has checked them.
fn readers_view(trust: &Trust) -> impl IntoView + use<> {
    if trust.readers.is_empty() {
        return view! { <li class="sd-reader sd-checking"><span role="status">{t("trust-checking")}</span></li> }
            .into_any();
    }
    trust
        .readers
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let fingerprint = r.fingerprint.clone();
            let role = if i == 0 { "trust-organisation-key" } else { "trust-staff-key" };
            let name = r.name.clone();
            let who = tf(role, move |lang| {
                let name = name.clone().unwrap_or_else(|| lang.t("a-staff-member"));
                vec![("name", Arg::from(name))]
            });
            view! {
                <li class="sd-reader">
                    <span class="sd-reader-name">{who}</span>" "
                    <details class="sd-fingerprint-details">
                        <summary><code class="sd-fingerprint" data-fingerprint=fingerprint.to_string()>{fingerprint.short()}</code></summary>
                        <code class="sd-fingerprint-full">{fingerprint.grouped()}</code>
                    </details>
                </li>
            }
        })
        .collect_view()
        .into_any()
}

/// The trust indicators.
#[component]
pub fn TrustView() -> impl IntoView {
    let trust = expect_context::<ReadSignal<Trust>>();
    let pinning = trust.with_untracked(|t| t.pinning);
    view! {
        <section class="sd-trust" aria-labelledby="sd-trust-title" data-pinned=pinning.as_str()>
            <h2 id="sd-trust-title">{t("trust-title")}</h2>
            <p class="sd-encrypted">
                <strong>{t("trust-encrypted")}</strong>" "{t("trust-encrypted-detail")}
            </p>
            <ul class="sd-readers">{move || trust.with(readers_view)}</ul>
            <p class="sd-pinning">{t(pinning_text(pinning))}</p>
        </section>
    }
}
