//! Stopping a submission. The reporter's "Cancel" aborts the submission's signal: the encryption
//! worker's job ends (the frame's `sealdropCancel` terminates the worker, which is started again
//! for the next job), a request under way is aborted, and every later step of the submission
//! stops at its next [`check`]. The form is kept as it was typed.

use std::cell::RefCell;

use crate::error::WidgetError;

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

/// `Err(Cancelled)` once the reporter has cancelled the submission under way.
pub fn check() -> Result<(), WidgetError> {
    if signal().is_some_and(|s| s.aborted()) { Err(WidgetError::Cancelled) } else { Ok(()) }
}

/// Stops the submission under way: its signal stays aborted (so nothing after it runs), the
/// worker's job ends and the request under way is aborted.
pub fn cancel() {
    CONTROLLER.with(|c| {
        if let Some(controller) = c.borrow().as_ref() {
            controller.abort();
        }
    });
    let stop = js_sys::Reflect::get(&js_sys::global(), &"sealdropCancel".into())
        .ok()
        .and_then(|f| wasm_bindgen::JsCast::dyn_into::<js_sys::Function>(f).ok());
    if let Some(stop) = stop {
        let _ = stop.call0(&wasm_bindgen::JsValue::NULL);
    }
}

/// Whether a rejection is a cancellation: an aborted request, or a job the worker was stopped in.
pub fn is_cancellation(error: &wasm_bindgen::JsValue) -> bool {
    let name = js_sys::Reflect::get(error, &"name".into()).ok().and_then(|n| n.as_string());
    name.as_deref() == Some("AbortError")
        || js_sys::Reflect::get(error, &"sealdropCancelled".into()).is_ok_and(|v| v.is_truthy())
}
