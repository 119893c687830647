//! The root: loads the policy, checks the pinned fingerprint, then shows policy and form.

use leptos::prelude::*;
use leptos::task::spawn_local;
use sealdrop_shared::key::{Fingerprint, PinMismatch, RecipientKey, check_pins};
use sealdrop_shared::policy::PublicPolicy;

use super::follow_up::FollowUp;
use super::mode_switch::{Mode, ModeSwitch};
use super::policy_view::PolicyView;
use super::report_form::ReportForm;
use crate::error::WidgetError;
use crate::{api, frame};

/// Mounts the app into `#sealdrop`.
pub fn mount() {
    let params = frame::params();
    frame::report_height(params.host_origin.clone());
    let Some(root) = document().get_element_by_id("sealdrop") else { return };
    root.set_inner_html("");
    let Ok(root) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(root) else { return };
    let pinned = params.pinned_fingerprints;
    mount_to(root, move || view! { <App pinned=pinned /> }).forget();
}

/// Checks the served keys against the pins; returns the organisation key's fingerprint, computed
/// from the key itself.
fn check_key(
    policy: &PublicPolicy,
    pinned: &Result<Vec<Fingerprint>, PinMismatch>,
) -> Result<Fingerprint, WidgetError> {
    let keys = policy.recipient_keys().map_err(|e| WidgetError::Key(e.to_string()))?;
    check_pins(&keys, pinned.as_ref().map_err(Clone::clone)?)?;
    keys.first().map(RecipientKey::fingerprint).ok_or(WidgetError::FingerprintMismatch(PinMismatch::NoKey))
}

#[derive(Debug, Clone)]
enum Loaded {
    Loading,
    Ready { policy: Box<PublicPolicy>, fingerprint: Fingerprint },
    Failed(WidgetError),
}

/// The whole widget.
#[component]
pub fn App(
    /// Fingerprints pinned by the embedding page (`data-fingerprint`), parsed.
    pinned: Result<Vec<Fingerprint>, PinMismatch>,
) -> impl IntoView {
    let state = RwSignal::new(Loaded::Loading);
    let mode = RwSignal::new(Mode::Report);
    spawn_local(async move {
        let loaded = match api::policy().await.and_then(|p| check_key(&p, &pinned).map(|f| (p, f))) {
            Ok((policy, fingerprint)) => Loaded::Ready { policy: Box::new(policy), fingerprint },
            Err(e) => Loaded::Failed(e),
        };
        state.set(loaded);
    });
    move || match state.get() {
        Loaded::Loading => view! { <p class="sd-loading" role="status">"Loading the reporting policy…"</p> }.into_any(),
        Loaded::Failed(e) => {
            view! { <div class="sd-fatal" role="alert"><h1>"The form cannot be used"</h1><p>{e.to_string()}</p></div> }
                .into_any()
        }
        Loaded::Ready { policy, fingerprint } => {
            let policy = StoredValue::new(*policy);
            // Both stay mounted, so switching back and forth loses nothing typed.
            view! {
                <div class="sd-app">
                    <ModeSwitch mode=mode />
                    <div class="sd-mode-report" hidden=move || mode.get() != Mode::Report>
                        <PolicyView policy=policy fingerprint=fingerprint />
                        <ReportForm policy=policy />
                    </div>
                    <div class="sd-mode-follow-up" hidden=move || mode.get() != Mode::FollowUp>
                        <FollowUp policy=policy />
                    </div>
                </div>
            }
            .into_any()
        }
    }
}
