//! The encryption module: rPGP and the jobs of `sealdrop_widget::jobs`, exported to
//! `widget/loader/crypto.js`, which runs them in the frame's Web Worker (or, where no worker can
//! start, on the page). The form's module (`src/main.rs`) links none of this.
#![deny(unsafe_code)]

use js_sys::{Array, Function, Object};
use sealdrop_widget::jobs;
use wasm_bindgen::prelude::*;

fn main() {
    console_error_panic_hook::set_once();
}

/// The served keys checked against the pins; what the form shows of each.
#[wasm_bindgen(js_name = checkKeys)]
pub fn check_keys(input: &str, _files: Array, _on_step: &Function) -> Result<Object, JsValue> {
    jobs::check_keys(input)
}

/// A report sealed for one request.
#[wasm_bindgen(js_name = sealReport)]
pub fn seal_report(input: &str, files: Array, on_step: &Function) -> Result<Object, JsValue> {
    jobs::seal_report(input, &files, on_step)
}

/// A report sealed and sent in parts.
#[wasm_bindgen(js_name = sealUpload)]
pub fn seal_upload(input: &str, files: Array, on_step: &Function) -> Result<Object, JsValue> {
    jobs::seal_upload(input, &files, on_step)
}

/// A follow-up message decrypted, its signer checked.
#[wasm_bindgen(js_name = readMessage)]
pub fn read_message(input: &str, _files: Array, _on_step: &Function) -> Result<Object, JsValue> {
    jobs::read_message(input)
}

/// The reporter's answer sealed.
#[wasm_bindgen(js_name = sealMessage)]
pub fn seal_message(input: &str, files: Array, on_step: &Function) -> Result<Object, JsValue> {
    jobs::seal_message(input, &files, on_step)
}
