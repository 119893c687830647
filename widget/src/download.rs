//! Handing bytes to the reporter as files: object URLs for links and one-off saves (the iframe's
//! sandbox has `allow-downloads`). Nothing leaves the browser.

use wasm_bindgen::JsCast;

/// An object URL for `bytes`; revoke it with [`revoke`] when the link goes away.
pub fn object_url(bytes: &[u8], media_type: &str) -> Option<String> {
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(media_type);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).ok()?;
    web_sys::Url::create_object_url_with_blob(&blob).ok()
}

/// Releases an object URL.
pub fn revoke(url: &str) {
    let _ = web_sys::Url::revoke_object_url(url);
}

/// Offers `bytes` as a download named `name`; false if the browser refused.
pub fn save(name: &str, bytes: &[u8], media_type: &str) -> bool {
    let Some(url) = object_url(bytes, media_type) else { return false };
    let anchor = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("a").ok())
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok());
    let saved = anchor.is_some();
    if let Some(a) = anchor {
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    revoke(&url);
    saved
}
