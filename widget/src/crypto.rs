//! The form's side of the encryption module. The form links no OpenPGP: every job that needs it
//! (checking the keys, sealing a report, decrypting and sealing follow-up messages; `jobs.rs`) is
//! asked of the encryption module through the frame's script (`widget/loader/boot.js`'s
//! `sealdropRun`). That script fetches the module's wasm and script with the SRI hashes it
//! carries when the first job asks (the key check, shortly after the form shows), and runs them in
//! a dedicated Web Worker started from a `blob:` URL; where no worker can start (a host page whose
//! CSP forbids `worker-src blob:`), it loads the same script on the page, with its hash, and runs
//! the job there, saying so in the console once. A report sent in parts needs the worker.

use js_sys::{Array, Function, Object, Reflect};
use sealdrop_shared::followup::Author;
use sealdrop_shared::mime::Attachment;
use sealdrop_shared::policy::PublicPolicy;
use sealdrop_shared::report::Draft;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::components::progress::Step;
use crate::error::{WidgetError, js_message as message};
use crate::jobs::{self, CheckInput, KeyFacts, KeyPins, MessageInput, ReadInput, ReadMessage, SealInput};
use crate::submission::Channel;
use crate::upload::UploadJob;
use sealdrop_shared::id::UploadId;

/// How a sealed report travels.
#[derive(Debug, Clone)]
pub enum Body {
    /// The ASCII-armored OpenPGP message, in a `Blob`, for one request: posted as it is, without
    /// the copy on the page's thread that a string or byte-array body costs (≈ 0.2 s for 14 MB in
    /// Chromium).
    Armored(web_sys::Blob),
    /// Already sent in parts by the worker (`upload.rs`): the upload to complete.
    Uploaded(UploadId),
}

/// A sealed report: its ciphertext (or upload) and its follow-up channel.
#[derive(Debug, Clone)]
pub struct Sealed {
    /// The ciphertext.
    pub body: Body,
    /// The follow-up channel the report opens.
    pub channel: Channel,
}

/// Steps travel from the module as `(name, n, of)` (`jobs::step_to_js`).
fn step_from_js(name: &str, n: u32, of: u32) -> Option<Step> {
    match name {
        "reading" => Some(Step::Reading { n, of }),
        "encrypting" => Some(Step::Encrypting),
        "uploading" => Some(Step::Uploading { sent_kib: n, of_kib: of }),
        _ => None,
    }
}

/// Where a job ran: `worker`, or `page` where no worker could start.
pub type Place = &'static str;

/// Runs the job `kind` (`checkKeys`, `sealReport`, …) with `input` as JSON and `files`; `on_step`
/// hears its steps. Answers what the job answered and where it ran.
async fn run(
    kind: &str,
    input: &impl Serialize,
    files: &[web_sys::File],
    on_step: impl Fn(Step) + 'static,
) -> Result<(JsValue, Place), WidgetError> {
    let input = serde_json::to_string(input).map_err(|e| WidgetError::Encrypt(e.to_string()))?;
    let list = Array::new();
    for file in files {
        list.push(file);
    }
    let job = Object::new();
    let set = |key: &str, value: &JsValue| Reflect::set(&job, &key.into(), value).map(|_| ());
    set("kind", &kind.into())
        .and_then(|()| set("input", &input.as_str().into()))
        .and_then(|()| set("files", &list))
        .map_err(|e| WidgetError::Encrypt(message(&e)))?;
    let bridge =
        Reflect::get(&js_sys::global(), &"sealdropRun".into()).ok().and_then(|f| f.dyn_into::<Function>().ok());
    let Some(bridge) = bridge else {
        return Err(WidgetError::NeedsWorker("the frame's script is missing".into()));
    };
    let hear = Closure::<dyn Fn(String, u32, u32)>::new(move |name: String, n: u32, of: u32| {
        if let Some(step) = step_from_js(&name, n, of) {
            on_step(step);
        }
    });
    let outcome = match bridge.call2(&JsValue::NULL, &job, hear.as_ref()) {
        Ok(promise) => JsFuture::from(js_sys::Promise::from(promise)).await,
        Err(e) => Err(e),
    };
    drop(hear);
    let flag = |e: &JsValue, name: &str| Reflect::get(e, &name.into()).is_ok_and(|v| v.is_truthy());
    match outcome {
        Ok(done) => {
            let value = Reflect::get(&done, &"value".into()).map_err(|e| WidgetError::Encrypt(message(&e)))?;
            let place = match Reflect::get(&done, &"place".into()).ok().and_then(|p| p.as_string()).as_deref() {
                Some("page") => "page",
                _ => "worker",
            };
            Ok((value, place))
        }
        Err(e) if crate::cancel::is_cancellation(&e) => Err(WidgetError::Cancelled),
        // The module's wasm or script failed its hash: a changed deployment. Nothing is sent.
        Err(e) if flag(&e, "sealdropTampered") => Err(WidgetError::CodeIntegrity(message(&e))),
        // Neither a worker nor the page could run it (a report in parts needs the worker).
        Err(e) if flag(&e, "sealdropUnavailable") => Err(WidgetError::NeedsWorker(message(&e))),
        // The job ran and failed: the reason, for the reporter.
        Err(e) => Err(WidgetError::from_worker(message(&e))),
    }
}

fn field(value: &JsValue, key: &str) -> Result<JsValue, WidgetError> {
    Reflect::get(value, &key.into()).map_err(|e| WidgetError::Encrypt(message(&e)))
}

fn json_field<T: serde::de::DeserializeOwned>(value: &JsValue, key: &str) -> Result<T, WidgetError> {
    let text = field(value, key)?.as_string().ok_or_else(|| WidgetError::Encrypt(format!("no {key}")))?;
    serde_json::from_str(&text).map_err(|e| WidgetError::Encrypt(e.to_string()))
}

/// The served keys checked against the pins (fingerprints computed from the keys themselves).
pub async fn check_keys(policy: &PublicPolicy, pins: &KeyPins) -> Result<Vec<KeyFacts>, WidgetError> {
    let input = CheckInput { policy: policy.clone(), pins: pins.clone() };
    let (value, _) = run("checkKeys", &input, &[], |_| {}).await?;
    json_field(&value, "json")
}

/// Seals a report; with `upload`, the worker also sends it, in parts (files over the one-request
/// limit). `on_step` hears each step. Where it was sealed goes on the frame's root
/// (`data-sealed-in`): the tests read it in each browser.
pub async fn seal(
    policy: &PublicPolicy,
    draft: &Draft,
    pins: &KeyPins,
    files: &[web_sys::File],
    upload: Option<&UploadJob>,
    on_step: impl Fn(Step) + 'static,
) -> Result<Sealed, WidgetError> {
    let kind = if upload.is_some() { "sealUpload" } else { "sealReport" };
    let input = SealInput { policy: policy.clone(), draft: draft.clone(), pins: pins.clone(), upload: upload.cloned() };
    let (value, place) = run(kind, &input, files, on_step).await?;
    let body = match field(&value, "upload")?.as_string() {
        Some(id) => Body::Uploaded(id.parse().map_err(|_| WidgetError::Encrypt("not an upload id".into()))?),
        None => Body::Armored(
            field(&value, "armored")?
                .dyn_into::<web_sys::Blob>()
                .map_err(|_| WidgetError::Encrypt("no ciphertext".into()))?,
        ),
    };
    let channel = json_field(&value, "channel")?;
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("sealdrop")) {
        let _ = root.set_attribute("data-sealed-in", place);
    }
    Ok(Sealed { body, channel })
}

/// A follow-up message, decrypted with the receipt's reply key: its text, files and signature.
pub async fn read_message(
    policy: &PublicPolicy,
    pins: &KeyPins,
    receipt: &str,
    author: Author,
    armored: &str,
) -> Result<(ReadMessage, Vec<Attachment>), WidgetError> {
    let input = ReadInput {
        policy: policy.clone(),
        pins: pins.clone(),
        receipt: receipt.to_owned(),
        author,
        armored: armored.to_owned(),
        limit: sealdrop_shared::envelope::plaintext_limit(policy),
    };
    let (value, _) = run("readMessage", &input, &[], |_| {}).await?;
    let message: ReadMessage = json_field(&value, "json")?;
    let files = field(&value, "files")?.dyn_into::<Array>().unwrap_or_default();
    let files = files.iter().filter_map(|item| jobs::attachment_from_js(&item)).collect();
    Ok((message, files))
}

/// The reporter's answer, sealed: armored.
pub async fn seal_message(
    policy: &PublicPolicy,
    pins: &KeyPins,
    receipt: &str,
    subject: String,
    text: String,
    files: &[web_sys::File],
) -> Result<String, WidgetError> {
    let input = MessageInput { policy: policy.clone(), pins: pins.clone(), receipt: receipt.to_owned(), subject, text };
    let (value, _) = run("sealMessage", &input, files, |_| {}).await?;
    field(&value, "armored")?.as_string().ok_or_else(|| WidgetError::Encrypt("no ciphertext".into()))
}
