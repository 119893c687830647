//! The iframe's side of the embedding: the settings the loader gave the frame, and messages to the
//! host page (height, ready, failed, and whether there is unsent text: nothing typed).
//!
//! Two frames run this code. The pinned loader builds the frame's document itself (an opaque
//! origin; settings in `<main id="sealdrop" data-…>`, since such a document has no URL of its
//! own to read); the unpinned loader points the frame at the worker's `/widget/` document with
//! the settings in its query string.

use std::cell::RefCell;
use std::collections::BTreeSet;

use sealdrop_shared::key::{Fingerprint, PinMismatch, parse_pins};
use sealdrop_shared::look::{Look, Theme};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

/// What the embedding page pinned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pinning {
    /// The pinned loader: the page pinned the loader's hash, which pins this code and the keys.
    CodeAndKeys,
    /// `data-fingerprint` on the unpinned loader: the keys, not the code.
    KeysOnly,
    /// Nothing: the reporter trusts whoever runs the server.
    Nothing,
}

impl Pinning {
    /// The stable name (`data-pinned` in the widget, for tests and styling).
    pub fn as_str(self) -> &'static str {
        match self {
            Pinning::CodeAndKeys => "code-and-keys",
            Pinning::KeysOnly => "keys",
            Pinning::Nothing => "nothing",
        }
    }
}

/// Settings the loader gave the frame.
#[derive(Debug, Clone)]
pub struct FrameParams {
    /// The fingerprints the host page pinned, parsed; a malformed pin is an error the app shows
    /// instead of the form.
    pub pinned_fingerprints: Result<Vec<Fingerprint>, PinMismatch>,
    /// What is pinned.
    pub pinning: Pinning,
    /// The pinned build's encryption subkeys (pinned loader only), parsed.
    pub pinned_subkeys: Result<Vec<Fingerprint>, PinMismatch>,
    /// The worker's origin: API calls are absolute (a loader-built document's base URL is the
    /// host page's).
    pub api_origin: String,
    /// The embedding page's origin (the only target of messages to it), or `*` when unknown.
    pub host_origin: Option<String>,
    /// `data-theme`, `data-accent` and `data-font`, parsed.
    pub look: Look,
    /// The languages asked for, most wanted first: `data-lang` on the script tag, the host
    /// page's `lang`, then the browser's (`i18n::Language` limits them to the policy's).
    pub wanted_languages: Vec<String>,
}

/// The names the look's settings travel under: `data-*` on the pinned frame's root, the query
/// string of the unpinned one (`widget/loader/sealdrop.js` passes them on).
const LOOK_SETTINGS: [&str; 3] = ["theme", "accent", "font"];

/// Parses the look from its three settings; a value the form cannot use is said in the console.
fn look(get: impl Fn(&str) -> Option<String>) -> Look {
    let [theme, accent, font] = LOOK_SETTINGS.map(get);
    let (look, errors) = Look::parse(theme.as_deref(), accent.as_deref(), font.as_deref());
    for e in errors {
        web_sys::console::warn_1(&format!("Sealdrop: {e}").into());
    }
    look
}

/// Gives the frame the host's look: the theme on the root element (`app.css` reads it), the
/// accent and font as custom properties (through the CSSOM, which the frame's CSP allows).
pub fn apply_look(look: &Look) {
    let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) else { return };
    if look.theme != Theme::Auto {
        let _ = root.set_attribute("data-theme", look.theme.as_str());
    }
    let Ok(root) = root.dyn_into::<web_sys::HtmlElement>() else { return };
    for (name, value) in look.properties() {
        let _ = root.style().set_property(name, &value);
    }
}

fn root() -> Option<web_sys::HtmlElement> {
    web_sys::window()?.document()?.get_element_by_id("sealdrop")?.dyn_into().ok()
}

/// Reads the settings from the frame's DOM (pinned) or its URL (unpinned).
pub fn params() -> FrameParams {
    let window = web_sys::window();
    let own_origin = window.as_ref().and_then(|w| w.location().origin().ok()).unwrap_or_default();
    if let Some(data) = root().map(|r| r.dataset()).filter(|d| d.get("pinned").is_some()) {
        return FrameParams {
            pinned_fingerprints: parse_pins(&data.get("pins").unwrap_or_default()),
            pinning: Pinning::CodeAndKeys,
            pinned_subkeys: parse_pins(&data.get("subkeys").unwrap_or_default()),
            api_origin: data.get("api").unwrap_or(own_origin),
            host_origin: data.get("host"),
            look: look(|name| data.get(name)),
            wanted_languages: wanted_languages(|name| data.get(name)),
        };
    }
    let search = window.and_then(|w| w.location().search().ok()).unwrap_or_default();
    let query = web_sys::UrlSearchParams::new_with_str(&search).ok();
    let get = |name: &str| query.as_ref().and_then(|q| q.get(name));
    let pins = get("fpr").map_or(Ok(Vec::new()), |f| parse_pins(&f));
    let pinning = if pins.as_ref().is_ok_and(Vec::is_empty) { Pinning::Nothing } else { Pinning::KeysOnly };
    FrameParams {
        pinned_fingerprints: pins,
        pinning,
        pinned_subkeys: Ok(Vec::new()),
        api_origin: own_origin,
        host_origin: get("host").filter(|h| h.starts_with("http://") || h.starts_with("https://")),
        look: look(get),
        wanted_languages: wanted_languages(get),
    }
}

/// The settings the loader passes for the language: `data-lang` and the host page's `lang`.
const LANGUAGE_SETTINGS: [&str; 2] = ["lang", "hostlang"];

fn wanted_languages(get: impl Fn(&str) -> Option<String>) -> Vec<String> {
    let mut wanted: Vec<String> = LANGUAGE_SETTINGS.iter().filter_map(|name| get(name)).collect();
    if let Some(navigator) = web_sys::window().map(|w| w.navigator()) {
        wanted.extend(navigator.languages().iter().filter_map(|l| l.as_string()));
    }
    wanted
}

fn post(host: &str, message: &js_sys::Object) {
    let Some(parent) = web_sys::window().and_then(|w| w.parent().ok().flatten()) else { return };
    let _ = parent.post_message(message, host);
}

fn message(kind: &str) -> js_sys::Object {
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"type".into(), &kind.into());
    message
}

/// Tells the loader the form is running (the policy loaded and its keys passed the pins).
pub fn ready(host_origin: Option<&str>) {
    if let Some(host) = host_origin {
        post(host, &message("sealdrop:ready"));
    }
}

/// Tells the loader the form cannot run; the pinned loader then removes the frame and shows the
/// page's fallback.
pub fn failed(host_origin: Option<&str>, reason: &str) {
    if let Some(host) = host_origin {
        let m = message("sealdrop:failed");
        let _ = js_sys::Reflect::set(&m, &"reason".into(), &reason.into());
        post(host, &m);
    }
}

/// Tells the host page the document's height whenever it changes.
pub fn report_height(host_origin: Option<String>) {
    let Some(host) = host_origin else { return };
    // The app's own container, not the document: the document is never shorter than the iframe,
    // so measuring it would let the frame grow but never shrink (e.g. after the form closes).
    let Some(root) = root() else { return };
    let observed = root.clone();
    let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |_entries: js_sys::Array| {
        let m = message("sealdrop:resize");
        let _ = js_sys::Reflect::set(&m, &"height".into(), &f64::from(observed.offset_height()).into());
        post(&host, &m);
    });
    if let Ok(observer) = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()) {
        observer.observe(&root);
    }
    callback.forget();
}

thread_local! {
    /// The host page's origin, for messages sent after the start.
    static HOST: RefCell<Option<String>> = const { RefCell::new(None) };
    /// The parts of the form holding unsent text or files (the report, the reporter's answer).
    static UNSENT: RefCell<BTreeSet<&'static str>> = const { RefCell::new(BTreeSet::new()) };
}

/// Remembers the host page's origin for [`unsent`].
pub fn set_host(host_origin: Option<String>) {
    HOST.with(|h| *h.borrow_mut() = host_origin);
}

/// Says whether `part` of the form holds something typed or attached that was not sent. The host
/// page hears `sealdrop:unsent` with one boolean whenever the whole form's answer changes, and
/// asks before its tab closes (a sandboxed frame cannot): it never learns what was typed.
pub fn unsent(part: &'static str, unsent: bool) {
    let (before, after) = UNSENT.with(|set| {
        let mut set = set.borrow_mut();
        let before = !set.is_empty();
        if unsent {
            set.insert(part);
        } else {
            set.remove(part);
        }
        (before, !set.is_empty())
    });
    if before == after {
        return;
    }
    if let Some(host) = HOST.with(|h| h.borrow().clone()) {
        let m = message("sealdrop:unsent");
        let _ = js_sys::Reflect::set(&m, &"unsent".into(), &after.into());
        post(&host, &m);
    }
}
