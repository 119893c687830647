//! The root: loads the policy, shows policy and form, and has the encryption module check the
//! served keys against the pins.

use leptos::prelude::*;
use leptos::task::spawn_local;
use sealdrop_shared::key::{Fingerprint, PinMismatch};
use sealdrop_shared::policy::PublicPolicy;

use super::follow_up::FollowUp;
use super::language_switch::LanguageSwitch;
use super::mode_switch::{Mode, ModeSwitch};
use super::policy_view::PolicyView;
use super::report_form::ReportForm;
use crate::error::WidgetError;
use crate::frame::Pinning;
use crate::i18n::{Language, t};
use crate::jobs::{KeyFacts, KeyPins};
use crate::{api, crypto, frame};

/// Mounts the app into `#sealdrop`.
pub fn mount() {
    let params = frame::params();
    api::set_origin(params.api_origin.clone());
    frame::apply_look(&params.look);
    frame::set_host(params.host_origin.clone());
    frame::report_height(params.host_origin.clone());
    let Some(root) = document().get_element_by_id("sealdrop") else { return };
    root.set_inner_html("");
    let Ok(root) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(root) else { return };
    mount_to(root, move || {
        Language::provide(params.wanted_languages);
        let pins = Pins { keys: params.pinned_fingerprints, subkeys: params.pinned_subkeys, pinning: params.pinning };
        view! { <App pins=pins host=params.host_origin /> }
    })
    .forget();
}

/// Who can read what the reporter sends, and what vouches for it: shared by the policy view (the
/// trust indicators), the forms (the pins every job checks the keys against) and the follow-up
/// (who signed a message).
#[derive(Debug, Clone)]
pub struct Trust {
    /// What the embedding page pinned.
    pub pinning: Pinning,
    /// The pins, as the encryption module checks them.
    pub pins: KeyPins,
    /// The organisation key and the staff keys, each with the name to show: the keys replies
    /// may be signed by, and every report is encrypted to. Empty until the encryption module has
    /// checked them.
    pub readers: Vec<Reader>,
}

/// One key that can read reports.
#[derive(Debug, Clone)]
pub struct Reader {
    /// The organisation's name, or the staff member's name from the key's user id (none: "a
    /// member of the security team", in the reporter's language).
    pub name: Option<String>,
    /// The key's fingerprint, computed from the key by the encryption module.
    pub fingerprint: Fingerprint,
}

impl Reader {
    /// The checked keys, named: the first is the organisation's.
    fn list(policy: &PublicPolicy, keys: Vec<KeyFacts>) -> Vec<Reader> {
        keys.into_iter()
            .enumerate()
            .map(|(i, key)| {
                let name = if i == 0 {
                    Some(policy.organisation.name.clone())
                } else {
                    key.user_ids.first().map(|u| name_of(u))
                };
                Reader { name, fingerprint: key.fingerprint }
            })
            .collect()
    }
}

impl Trust {
    /// The reader whose key has this fingerprint.
    pub fn reader(&self, fingerprint: &Fingerprint) -> Option<&Reader> {
        self.readers.iter().find(|r| &r.fingerprint == fingerprint)
    }
}

/// `Alice Example <alice@example.com>` → `Alice Example`.
fn name_of(user_id: &str) -> String {
    let name = user_id.split('<').next().unwrap_or(user_id).trim();
    if name.is_empty() { user_id.trim().to_owned() } else { name.to_owned() }
}

/// What the embedding page pinned, parsed.
#[derive(Debug, Clone)]
pub struct Pins {
    /// Key fingerprints (the organisation key first when the loader is pinned).
    pub keys: Result<Vec<Fingerprint>, PinMismatch>,
    /// The pinned build's encryption subkeys (pinned loader only).
    pub subkeys: Result<Vec<Fingerprint>, PinMismatch>,
    /// What is pinned.
    pub pinning: Pinning,
}

impl Pins {
    /// The pins the encryption module checks the keys against: a malformed pin refuses the form
    /// here. The pinned loader's are checked strictly (its subkeys too).
    fn for_jobs(&self) -> Result<KeyPins, WidgetError> {
        let keys = self.keys.clone()?;
        let subkeys = match self.pinning {
            Pinning::CodeAndKeys => Some(self.subkeys.clone()?),
            Pinning::KeysOnly | Pinning::Nothing => None,
        };
        Ok(KeyPins { keys, subkeys })
    }
}

/// How long after the form shows the encryption module is asked for (the key check fetches it):
/// the form paints and takes typing first.
const CRYPTO_AFTER_MS: i32 = 500;

#[derive(Debug, Clone)]
enum Loaded {
    Loading,
    Ready(Box<PublicPolicy>),
    Failed(WidgetError),
}

/// The whole widget.
#[component]
pub fn App(
    /// What the embedding page pinned.
    pins: Pins,
    /// The embedding page's origin, for messages to the loader.
    host: Option<String>,
) -> impl IntoView {
    let pinning = pins.pinning;
    let state = RwSignal::new(Loaded::Loading);
    let language = Language::expect();
    let mode = RwSignal::new(Mode::Report);
    let trust = RwSignal::new(Trust { pinning, pins: KeyPins::default(), readers: Vec::new() });
    provide_context(trust.read_only());
    spawn_local(async move {
        let loaded = match api::policy().await.and_then(|p| pins.for_jobs().map(|k| (p, k))) {
            Ok((policy, key_pins)) => {
                trust.update(|t| t.pins = key_pins.clone());
                language.offer(&policy.organisation.languages);
                // The proof of work for the first request, solved while the reporter reads and types.
                crate::work::prepare();
                // The form shows now; the keys are checked in the encryption module, which this
                // first job fetches. The loader hears "ready" only once they pass.
                let checked = policy.clone();
                let host = host.clone();
                spawn_local(async move {
                    crate::submission::sleep_ms(CRYPTO_AFTER_MS).await;
                    match crypto::check_keys(&checked, &key_pins).await {
                        Ok(keys) => {
                            trust.update(|t| t.readers = Reader::list(&checked, keys));
                            frame::ready(host.as_deref());
                        }
                        Err(e) => {
                            frame::failed(host.as_deref(), &e.to_string());
                            state.set(Loaded::Failed(e));
                        }
                    }
                });
                Loaded::Ready(Box::new(policy))
            }
            Err(e) => {
                frame::failed(host.as_deref(), &e.to_string());
                Loaded::Failed(e)
            }
        };
        state.set(loaded);
    });
    move || match state.get() {
        Loaded::Loading => view! { <p class="sd-loading" role="status">{t("loading-policy")}</p> }.into_any(),
        Loaded::Failed(e) => {
            let message = move || e.message(crate::i18n::lang());
            view! { <div class="sd-fatal" role="alert"><h1>{t("fatal-title")}</h1><p>{message}</p></div> }.into_any()
        }
        Loaded::Ready(policy) => {
            let policy = StoredValue::new(*policy);
            // Both stay mounted, so switching back and forth loses nothing typed.
            view! {
                <div class="sd-app">
                    <LanguageSwitch />
                    <ModeSwitch mode=mode />
                    <div class="sd-mode-report" hidden=move || mode.get() != Mode::Report>
                        <PolicyView policy=policy />
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
