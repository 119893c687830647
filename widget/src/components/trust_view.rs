//! What the reporter can check before typing: that the report is encrypted in this browser, who
//! will be able to read it (organisation and staff, with short fingerprints; the full ones one
//! click away) and what the embedding page pinned (the code and the keys, the keys only, or
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

/// The trust indicators.
#[component]
pub fn TrustView() -> impl IntoView {
    let trust = expect_context::<ReadSignal<Trust>>();
    let trust = trust.get_untracked();
    let readers = trust
        .readers
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let fingerprint = r.key.fingerprint();
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
        .collect_view();
    view! {
        <section class="sd-trust" aria-labelledby="sd-trust-title" data-pinned=trust.pinning.as_str()>
            <h2 id="sd-trust-title">{t("trust-title")}</h2>
            <p class="sd-encrypted">
                <strong>{t("trust-encrypted")}</strong>" "{t("trust-encrypted-detail")}
            </p>
            <ul class="sd-readers">{readers}</ul>
            <p class="sd-pinning">{t(pinning_text(trust.pinning))}</p>
        </section>
    }
}
