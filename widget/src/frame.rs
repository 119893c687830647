//! The iframe's side of the embedding: URL parameters set by the loader, and height messages to
//! the host page.

use sealdrop_shared::key::{Fingerprint, PinMismatch, parse_pins};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

/// Parameters the loader put in the iframe's URL.
#[derive(Debug, Clone)]
pub struct FrameParams {
    /// `fpr`: the fingerprints the host page pinned (comma-separated), parsed; a malformed pin
    /// is an error the app shows instead of the form.
    pub pinned_fingerprints: Result<Vec<Fingerprint>, PinMismatch>,
    /// `host`: the embedding page's origin (the only target of resize messages).
    pub host_origin: Option<String>,
}

/// Reads the parameters from `location.search`.
pub fn params() -> FrameParams {
    let search = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    let Ok(query) = web_sys::UrlSearchParams::new_with_str(&search) else {
        return FrameParams { pinned_fingerprints: Ok(Vec::new()), host_origin: None };
    };
    FrameParams {
        pinned_fingerprints: query.get("fpr").map_or(Ok(Vec::new()), |f| parse_pins(&f)),
        host_origin: query.get("host").filter(|h| h.starts_with("http://") || h.starts_with("https://")),
    }
}

/// Tells the host page the document's height whenever it changes.
pub fn report_height(host_origin: Option<String>) {
    let Some(host) = host_origin else { return };
    let Some(window) = web_sys::window() else { return };
    let Ok(parent) = window.parent() else { return };
    let Some(parent) = parent else { return };
    // The app's own container, not the document: the document is never shorter than the iframe,
    // so measuring it would let the frame grow but never shrink (e.g. after the form closes).
    let Some(root) = window
        .document()
        .and_then(|d| d.get_element_by_id("sealdrop"))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    let observed = root.clone();
    let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |_entries: js_sys::Array| {
        let height = f64::from(observed.offset_height());
        let message = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&message, &"type".into(), &"sealdrop:resize".into());
        let _ = js_sys::Reflect::set(&message, &"height".into(), &height.into());
        let _ = parent.post_message(&message, &host);
    });
    if let Ok(observer) = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()) {
        observer.observe(&root);
    }
    callback.forget();
}
