//! The iframe's side of the embedding: the settings the loader gave the frame, and messages to the
//! host page (height, ready, failed).
//!
//! Two frames run this code. The pinned loader builds the frame's document itself (an opaque
//! origin; settings in `<main id="sealdrop" data-…>`, since such a document has no URL of its
//! own to read); the unpinned loader points the frame at the worker's `/widget/` document with
//! the settings in its query string.

use sealdrop_shared::key::{Fingerprint, PinMismatch, parse_pins};
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
    }
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
