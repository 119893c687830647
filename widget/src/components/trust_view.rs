//! What the reporter can check before typing: that the report is encrypted in this browser, who
//! will be able to read it (organisation and staff, with short fingerprints; the full ones one
//! click away) and what the embedding page pinned (the code and the keys, the keys only, or
//! nothing), said plainly.

use leptos::prelude::*;

use super::app::Trust;
use crate::frame::Pinning;

fn pinning_text(pinning: Pinning) -> &'static str {
    match pinning {
        Pinning::CodeAndKeys => {
            "This page pinned the form's code and these keys by their hashes: your browser checked every file \
             before running it, so not even whoever runs the reporting server could change them unnoticed."
        }
        Pinning::KeysOnly => {
            "This page pinned these keys, but not the form's code: whoever runs the reporting server could \
             change the code. The organisation can embed the pinned form instead."
        }
        Pinning::Nothing => {
            "Nothing on this page pins the form's code or keys: you are trusting whoever runs the reporting \
             server. Compare the fingerprints with ones the organisation publishes elsewhere."
        }
    }
}

/// The trust indicators.
#[component]
pub fn TrustView() -> impl IntoView {
    let trust = expect_context::<ReadSignal<Trust>>();
    let t = trust.get_untracked();
    let readers = t
        .readers
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let fingerprint = r.key.fingerprint();
            let role = if i == 0 { "organisation key" } else { "security staff" };
            view! {
                <li class="sd-reader">
                    <span class="sd-reader-name">{r.name.clone()}</span>
                    " (" {role} "): "
                    <details class="sd-fingerprint-details">
                        <summary><code class="sd-fingerprint" data-fingerprint=fingerprint.to_string()>{fingerprint.short()}</code></summary>
                        <code class="sd-fingerprint-full">{fingerprint.grouped()}</code>
                    </details>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="sd-trust" aria-labelledby="sd-trust-title" data-pinned=t.pinning.as_str()>
            <h2 id="sd-trust-title">"Who can read your report"</h2>
            <p class="sd-encrypted">
                <strong>"Encrypted in your browser."</strong>
                " Your report and files are encrypted here before anything is sent; the reporting server stores only ciphertext. Only these keys can decrypt it:"
            </p>
            <ul class="sd-readers">{readers}</ul>
            <p class="sd-pinning">{pinning_text(t.pinning)}</p>
        </section>
    }
}
