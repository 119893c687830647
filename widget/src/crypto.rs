//! Encryption off the page's thread. The frame's script (`widget/loader/boot.js`) starts a
//! dedicated Web Worker from a pinned script — wasm-bindgen's glue and `widget/loader/crypto.js`,
//! fetched with the SRI hash the frame's script carries, run from a `blob:` URL — and hands it the
//! wasm module it compiled from bytes it checked the same way: the worker runs this very module.
//! There [`seal_report`] reads the attachments (`FileReaderSync`), derives the follow-up channel
//! and encrypts, while the form stays responsive ([`seal`] is the page's side). Where no worker
//! can start (a host page whose CSP forbids `worker-src blob:`), the page does the same work
//! itself, as before, and says so in the console.

use js_sys::{Array, Function, Object, Reflect, Uint8Array};
use sealdrop_shared::mime::Attachment;
use sealdrop_shared::policy::PublicPolicy;
use sealdrop_shared::report::{Draft, validate};
use wasm_bindgen::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::components::progress::Step;
use crate::error::{WidgetError, js_message as message};
use crate::submission::{self, Channel};
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

/// Steps travel to and from the worker as `(name, n, of)`.
fn step_from_js(name: &str, n: u32, of: u32) -> Option<Step> {
    match name {
        "reading" => Some(Step::Reading { n, of }),
        "encrypting" => Some(Step::Encrypting),
        "uploading" => Some(Step::Uploading { sent_kib: n, of_kib: of }),
        _ => None,
    }
}

fn step_to_js(step: Step) -> (&'static str, u32, u32) {
    match step {
        Step::Reading { n, of } => ("reading", n, of),
        Step::Uploading { sent_kib, of_kib } => ("uploading", sent_kib, of_kib),
        Step::Encrypting | Step::Sending => ("encrypting", 0, 0),
    }
}

/// What both sides do once the files are read: check the draft again, open the receipt
/// channel, encrypt.
fn seal_read(
    policy: &PublicPolicy,
    draft: &Draft,
    attachments: &[Attachment],
) -> Result<(String, Channel), WidgetError> {
    let report = validate(policy, draft).map_err(|_| WidgetError::Encrypt("the form changed".into()))?;
    let channel = submission::new_channel()?;
    let armored = submission::encrypt(policy, draft, &report, attachments, Some(&channel.reply_key_armored))?;
    Ok((armored, channel))
}

/// The page's side: the report sealed in the encryption worker, or on the page when no worker can
/// start. With `upload`, the worker also sends it, in parts (files over the one-request limit);
/// that needs the worker. `on_step` hears each step.
pub async fn seal(
    policy: &PublicPolicy,
    draft: &Draft,
    files: &[web_sys::File],
    upload: Option<&UploadJob>,
    on_step: impl Fn(Step) + 'static,
) -> Result<Sealed, WidgetError> {
    let policy_json = serde_json::to_string(policy).map_err(|e| WidgetError::Encrypt(e.to_string()))?;
    let draft_json = serde_json::to_string(draft).map_err(|e| WidgetError::Encrypt(e.to_string()))?;
    let list = Array::new();
    for file in files {
        list.push(file);
    }
    let job = Object::new();
    let set = |key: &str, value: &JsValue| Reflect::set(&job, &key.into(), value).map(|_| ());
    set("policy", &policy_json.as_str().into())
        .and_then(|()| set("draft", &draft_json.as_str().into()))
        .and_then(|()| set("files", &list))
        .map_err(|e| WidgetError::Encrypt(message(&e)))?;
    if let Some(upload) = upload {
        let upload = serde_json::to_string(upload).map_err(|e| WidgetError::Encrypt(e.to_string()))?;
        set("upload", &upload.as_str().into()).map_err(|e| WidgetError::Encrypt(message(&e)))?;
    }

    let bridge =
        Reflect::get(&js_sys::global(), &"sealdropSeal".into()).ok().and_then(|f| f.dyn_into::<Function>().ok());
    let on_step = std::rc::Rc::new(on_step);
    let hear = {
        let on_step = on_step.clone();
        Closure::<dyn Fn(String, u32, u32)>::new(move |name: String, n: u32, of: u32| {
            if let Some(step) = step_from_js(&name, n, of) {
                on_step(step);
            }
        })
    };
    let outcome = match bridge.map(|f| f.call2(&JsValue::NULL, &job, hear.as_ref())) {
        Some(Ok(promise)) => Some(JsFuture::from(js_sys::Promise::from(promise)).await),
        Some(Err(e)) => Some(Err(e)),
        None => None,
    };
    drop(hear);
    let flag = |e: &JsValue, name: &str| Reflect::get(e, &name.into()).is_ok_and(|v| v.is_truthy());
    let (sealed, place) = match outcome {
        Some(Ok(sealed)) => (from_worker(&sealed), "worker"),
        Some(Err(e)) if crate::cancel::is_cancellation(&e) => (Err(WidgetError::Cancelled), "worker"),
        // The worker's script failed its hash: a changed deployment. Nothing is sent.
        Some(Err(e)) if flag(&e, "sealdropTampered") => (Err(WidgetError::CodeIntegrity(message(&e))), "nowhere"),
        // The worker ran the job and it failed: the reason, for the reporter.
        Some(Err(e)) if !flag(&e, "sealdropUnavailable") => (Err(WidgetError::from_worker(message(&e))), "worker"),
        // No worker: a report in parts cannot be sent from the page (it would hold every file).
        Some(Err(e)) if upload.is_some() => (Err(WidgetError::NeedsWorker(message(&e))), "nowhere"),
        None if upload.is_some() => (Err(WidgetError::NeedsWorker("no worker".into())), "nowhere"),
        // No worker could start: the same work on the page.
        Some(Err(e)) => {
            web_sys::console::warn_1(
                &format!("Sealdrop: encrypting on the page, without a worker ({})", message(&e)).into(),
            );
            (seal_here(policy, draft, files, &*on_step).await, "page")
        }
        None => (seal_here(policy, draft, files, &*on_step).await, "page"),
    };
    // Where it was sealed, on the frame's root (`data-sealed-in`): the tests read it in each browser.
    if sealed.is_ok()
        && let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("sealdrop"))
    {
        let _ = root.set_attribute("data-sealed-in", place);
    }
    sealed
}

fn from_worker(sealed: &JsValue) -> Result<Sealed, WidgetError> {
    let field = |key: &str| Reflect::get(sealed, &key.into()).map_err(|e| WidgetError::Encrypt(message(&e)));
    let body = match field("upload")?.as_string() {
        Some(id) => Body::Uploaded(id.parse().map_err(|_| WidgetError::Encrypt("not an upload id".into()))?),
        None => Body::Armored(
            field("armored")?.dyn_into::<web_sys::Blob>().map_err(|_| WidgetError::Encrypt("no ciphertext".into()))?,
        ),
    };
    let channel = field("channel")?.as_string().ok_or_else(|| WidgetError::Encrypt("no channel".into()))?;
    let channel = serde_json::from_str(&channel).map_err(|e| WidgetError::Encrypt(e.to_string()))?;
    Ok(Sealed { body, channel })
}

/// The same work on the page, for when no worker can start.
async fn seal_here(
    policy: &PublicPolicy,
    draft: &Draft,
    files: &[web_sys::File],
    on_step: &dyn Fn(Step),
) -> Result<Sealed, WidgetError> {
    let of = files.len() as u32;
    let mut attachments = Vec::with_capacity(files.len());
    for (n, file) in files.iter().enumerate() {
        on_step(Step::Reading { n: n as u32, of });
        let bytes = submission::read_file(file).await?;
        attachments.push(Attachment { name: file.name(), media_type: file.type_(), bytes });
    }
    on_step(Step::Encrypting);
    submission::yield_to_browser().await;
    let (armored, channel) = seal_read(policy, draft, &attachments)?;
    let parts = Array::of1(&Uint8Array::from(armored.as_bytes()));
    let armored = web_sys::Blob::new_with_u8_array_sequence(&parts).map_err(|e| WidgetError::Encrypt(message(&e)))?;
    Ok(Sealed { body: Body::Armored(armored), channel })
}

/// The worker's side (called by `widget/loader/crypto.js`): validates the draft against the
/// policy, reads the files, derives the channel and encrypts. Returns `{ armored: Uint8Array,
/// channel: JSON }` (the entry wraps the bytes in a `Blob`); `on_step(name, n, of)` hears each step.
#[wasm_bindgen(js_name = sealReport)]
pub fn seal_report(policy: &str, draft: &str, files: Array, on_step: &Function) -> Result<Object, JsValue> {
    // Every error is a `WidgetError`, as JSON: the page shows it in the reporter's language.
    let fail = |e: &WidgetError| e.to_js();
    let broken = |e: &dyn std::fmt::Display| fail(&WidgetError::Encrypt(e.to_string()));
    let policy: PublicPolicy = serde_json::from_str(policy).map_err(|e| broken(&e))?;
    let draft: Draft = serde_json::from_str(draft).map_err(|e| broken(&e))?;
    let tell = |step: Step| {
        let (name, n, of) = step_to_js(step);
        let _ = on_step.call3(&JsValue::NULL, &name.into(), &n.into(), &of.into());
    };
    let reader = web_sys::FileReaderSync::new()?;
    let of = files.length();
    let mut attachments = Vec::with_capacity(of as usize);
    for (n, file) in files.iter().enumerate() {
        tell(Step::Reading { n: n as u32, of });
        let file: web_sys::File = file.dyn_into().map_err(|_| broken(&"not a file"))?;
        let buffer = reader.read_as_array_buffer(&file).map_err(|_| fail(&WidgetError::FileRead(file.name())))?;
        attachments.push(Attachment {
            name: file.name(),
            media_type: file.type_(),
            bytes: Uint8Array::new(&buffer).to_vec(),
        });
    }
    tell(Step::Encrypting);
    let (armored, channel) = seal_read(&policy, &draft, &attachments).map_err(|e| fail(&e))?;
    drop(attachments);
    let sealed = Object::new();
    Reflect::set(&sealed, &"armored".into(), &Uint8Array::from(armored.as_bytes()))?;
    Reflect::set(&sealed, &"channel".into(), &serde_json::to_string(&channel).map_err(|e| broken(&e))?.into())?;
    Ok(sealed)
}

/// The worker's side of a report sent in parts (called by `widget/loader/crypto.js`): validates
/// the draft, derives the channel, begins the upload and streams the files through encryption into
/// its parts (`upload.rs`). Returns `{ upload: id, channel: JSON }`; `on_step` hears the bytes sent.
#[wasm_bindgen(js_name = sealUpload)]
pub fn seal_upload(
    policy: &str,
    draft: &str,
    files: Array,
    upload: &str,
    on_step: &Function,
) -> Result<Object, JsValue> {
    use std::cell::RefCell;
    use std::rc::Rc;

    use sealdrop_shared::mime::{EntityReader, entity_pieces};

    let fail = |e: &WidgetError| e.to_js();
    let broken = |e: &dyn std::fmt::Display| fail(&WidgetError::Encrypt(e.to_string()));
    let policy: PublicPolicy = serde_json::from_str(policy).map_err(|e| broken(&e))?;
    let draft: Draft = serde_json::from_str(draft).map_err(|e| broken(&e))?;
    let job: UploadJob = serde_json::from_str(upload).map_err(|e| broken(&e))?;
    let report = validate(&policy, &draft).map_err(|_| broken(&"the form changed"))?;
    let channel = submission::new_channel().map_err(|e| fail(&e))?;
    let keys = policy.recipient_keys().map_err(|e| fail(&WidgetError::Key(e.to_string())))?;
    let fingerprint = keys.first().map(|k| k.fingerprint().to_string()).unwrap_or_default();
    let files: Vec<web_sys::File> =
        files.iter().map(|f| f.dyn_into().map_err(|_| broken(&"not a file"))).collect::<Result<_, _>>()?;
    let names: Vec<(String, String, u64)> = files.iter().map(|f| (f.name(), f.type_(), f.size() as u64)).collect();
    let names: Vec<(&str, &str, u64)> = names.iter().map(|(n, t, size)| (n.as_str(), t.as_str(), *size)).collect();
    let pieces = entity_pieces(
        &policy.organisation.name,
        &fingerprint,
        &draft,
        &report,
        &names,
        Some(&channel.reply_key_armored),
    );
    let entity = EntityReader::new(pieces, crate::upload::Files::new(files).map_err(|e| fail(&e))?);
    // Progress in KiB of the entity (the ciphertext is a few hundred bytes longer).
    let of_kib = u32::try_from(entity.len().div_ceil(1024)).unwrap_or(u32::MAX);
    let tell = {
        let on_step = on_step.clone();
        move |step: Step| {
            let (name, n, of) = step_to_js(step);
            let _ = on_step.call3(&JsValue::NULL, &name.into(), &n.into(), &of.into());
        }
    };
    tell(Step::Uploading { sent_kib: 0, of_kib });
    let on_sent = Box::new(move |bytes: u64| {
        let sent_kib = u32::try_from(bytes / 1024).unwrap_or(u32::MAX).min(of_kib);
        tell(Step::Uploading { sent_kib, of_kib });
    });
    let error = Rc::new(RefCell::new(None));
    let start = sealdrop_shared::api::UploadStart {
        lookup: Some(channel.lookup_hash.clone()),
        reply_key: Some(channel.reply_key_b64.clone()),
        exploited: sealdrop_shared::report::exploited(&policy, &draft),
    };
    let mut uploader = crate::upload::Uploader::start(&job, &start, on_sent, error.clone()).map_err(|e| fail(&e))?;
    let sealed = sealdrop_shared::envelope::encrypt_stream(&keys, entity, &mut uploader, rand::rngs::OsRng);
    if let Err(e) = sealed {
        // The upload's own error (the server's answer) over the encryption's "the writer failed".
        let reported = error.borrow_mut().take();
        return Err(match reported {
            Some(e) => fail(&e),
            None => fail(&WidgetError::Encrypt(e.to_string())),
        });
    }
    let state = uploader.finish().map_err(|e| fail(&e))?;
    let sealed = Object::new();
    Reflect::set(&sealed, &"upload".into(), &state.id.as_str().into())?;
    Reflect::set(&sealed, &"channel".into(), &serde_json::to_string(&channel).map_err(|e| broken(&e))?.into())?;
    Ok(sealed)
}
