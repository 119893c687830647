//! Stopping a submission. The reporter's "Cancel" ends the encryption worker's job (the frame's
//! `sealdropCancel` terminates the worker, which is started again for the next job) and aborts the
//! request under way; the form is kept as it was typed.

use std::cell::RefCell;

thread_local! {
    static CONTROLLER: RefCell<Option<web_sys::AbortController>> = const { RefCell::new(None) };
}

/// Starts a submission that [`cancel`] can stop.
pub fn begin() {
    CONTROLLER.with(|c| *c.borrow_mut() = web_sys::AbortController::new().ok());
}

/// Ends it (sent, failed or cancelled).
pub fn end() {
    CONTROLLER.with(|c| *c.borrow_mut() = None);
}

/// The signal requests of the submission under way carry, if one is.
pub fn signal() -> Option<web_sys::AbortSignal> {
    CONTROLLER.with(|c| c.borrow().as_ref().map(web_sys::AbortController::signal))
}

/// Stops the submission under way: the worker's job and the request.
pub fn cancel() {
    if let Some(controller) = CONTROLLER.with(|c| c.borrow_mut().take()) {
        controller.abort();
    }
    let stop = js_sys::Reflect::get(&js_sys::global(), &"sealdropCancel".into())
        .ok()
        .and_then(|f| wasm_bindgen::JsCast::dyn_into::<js_sys::Function>(f).ok());
    if let Some(stop) = stop {
        let _ = stop.call0(&wasm_bindgen::JsValue::NULL);
    }
}

/// Whether a rejection is a cancellation: an aborted request, or a job the worker was stopped in.
pub fn is_cancellation(error: &wasm_bindgen::JsValue) -> bool {
    let named = |name: &str| {
        js_sys::Reflect::get(error, &"name".into()).ok().and_then(|n| n.as_string()).as_deref() == Some(name)
    };
    named("AbortError") || js_sys::Reflect::get(error, &"sealdropCancelled".into()).is_ok_and(|v| v.is_truthy())
}
