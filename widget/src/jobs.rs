//! The encryption module's jobs: everything that touches OpenPGP, run in the Web Worker (or, where
//! no worker can start, on the page) by `src/bin/sealdrop-crypto.rs`, asked for by the form
//! through `crypto.rs`. Each job takes its input as JSON, the files as a JS array and a step
//! callback `(name, n, of)`, and answers a JS object; every error is a [`WidgetError`] as JSON
//! ([`WidgetError::to_js`]), so the page shows it in the reporter's language.
//!
//! Every job that encrypts to the policy's keys, and the signer check of a read message, checks
//! the served keys against the page's pins itself ([`checked_keys`]): what the form showed as
//! checked is checked again where the keys are used.

use std::cell::RefCell;

use js_sys::{Array, Function, Object, Reflect, Uint8Array};
use pgp::composed::{SignedPublicKey, SignedSecretKey};
use sealdrop_shared::envelope::Signature;
use sealdrop_shared::followup::Author;
use sealdrop_shared::key::{Fingerprint, PinMismatch, RecipientKey, check_pinned_build, check_pins};
use sealdrop_shared::mime::Attachment;
use sealdrop_shared::policy::PublicPolicy;
use sealdrop_shared::receipt::Receipt;
use sealdrop_shared::report::{Draft, Report, validate};
use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue};

use crate::components::progress::Step;
use crate::error::WidgetError;
use crate::submission;
use crate::upload::UploadJob;

/// What the embedding page pinned, as every job gets it (parsed on the page: a malformed pin never
/// reaches a job).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct KeyPins {
    /// Key fingerprints; empty when nothing is pinned.
    pub keys: Vec<Fingerprint>,
    /// The pinned build's encryption subkeys: `Some` for the pinned loader, whose stricter check
    /// (`check_pinned_build`) applies.
    pub subkeys: Option<Vec<Fingerprint>>,
}

/// What the form shows of a key that can read reports, computed from the key itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeyFacts {
    /// The primary key's fingerprint.
    pub fingerprint: Fingerprint,
    /// Its user ids.
    pub user_ids: Vec<String>,
}

/// The key check's input.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CheckInput {
    /// The policy as served.
    pub policy: PublicPolicy,
    /// The page's pins.
    pub pins: KeyPins,
}

/// A report to seal (and, with `upload`, to send in parts).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SealInput {
    /// The policy as served.
    pub policy: PublicPolicy,
    /// What the reporter typed.
    pub draft: Draft,
    /// The page's pins.
    pub pins: KeyPins,
    /// Where and how to upload, for a report sent in parts.
    pub upload: Option<UploadJob>,
}

/// A follow-up message to decrypt.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ReadInput {
    /// The policy as served.
    pub policy: PublicPolicy,
    /// The page's pins.
    pub pins: KeyPins,
    /// The receipt, as typed: the reply key is derived from it here.
    pub receipt: String,
    /// Who the server says wrote it: a staff reply must be signed by a (pinned) policy key, the
    /// reporter's own message by the reply key.
    pub author: Author,
    /// The armored message.
    pub armored: String,
    /// At most this many bytes of plaintext (`envelope::plaintext_limit`).
    pub limit: u64,
}

/// A decrypted message (its files travel beside it, as bytes).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ReadMessage {
    /// Its text.
    pub text: String,
    /// Who signed it.
    pub signature: Signature,
}

/// The reporter's answer to seal.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MessageInput {
    /// The policy as served.
    pub policy: PublicPolicy,
    /// The page's pins.
    pub pins: KeyPins,
    /// The receipt, as typed.
    pub receipt: String,
    /// The message's subject.
    pub subject: String,
    /// Its text.
    pub text: String,
}

type Answer = Result<Object, JsValue>;

fn broken(e: &dyn std::fmt::Display) -> JsValue {
    WidgetError::Encrypt(e.to_string()).to_js()
}

fn input<T: serde::de::DeserializeOwned>(json: &str) -> Result<T, JsValue> {
    serde_json::from_str(json).map_err(|e| broken(&e))
}

fn answer(fields: &[(&str, &JsValue)]) -> Answer {
    let out = Object::new();
    for (key, value) in fields {
        Reflect::set(&out, &(*key).into(), value)?;
    }
    Ok(out)
}

fn json(value: &impl Serialize) -> Result<JsValue, JsValue> {
    serde_json::to_string(value).map(|s| JsValue::from_str(&s)).map_err(|e| broken(&e))
}

/// Steps travel to the page as `(name, n, of)` (`crypto.rs` reads them back).
pub fn step_to_js(step: Step) -> (&'static str, u32, u32) {
    match step {
        Step::Reading { n, of } => ("reading", n, of),
        Step::Uploading { sent_kib, of_kib } => ("uploading", sent_kib, of_kib),
        Step::Encrypting | Step::Sending => ("encrypting", 0, 0),
    }
}

fn teller(on_step: &Function) -> impl Fn(Step) + 'static {
    let on_step = on_step.clone();
    move |step: Step| {
        let (name, n, of) = step_to_js(step);
        let _ = on_step.call3(&JsValue::NULL, &name.into(), &n.into(), &of.into());
    }
}

/// How long keys that passed the check are kept for the next job (parsing and checking them again
/// costs a submission about 7 ms in Chromium's worker): short, since parsing also checks that they
/// are valid now.
const CHECKED_FOR_MS: f64 = 600_000.0;

thread_local! {
    /// The keys the last check passed, with what they were checked from (the served keys' armor
    /// and the pins, exactly) and when.
    static CHECKED: RefCell<Option<(String, f64, Vec<RecipientKey>)>> = const { RefCell::new(None) };
    /// A follow-up channel made while the reporter types (after the key check), for the next
    /// report: taken once (deriving one costs a submission about 20 ms in Chromium's worker).
    static NEXT_CHANNEL: RefCell<Option<submission::Channel>> = const { RefCell::new(None) };
}

/// The served keys, checked against the pins: the organisation key first. The pinned loader's pins
/// are checked strictly (the organisation key first, every encryption subkey one the build saw).
/// The same keys and pins checked within [`CHECKED_FOR_MS`] are not parsed again: the check is a
/// function of exactly those texts.
pub fn checked_keys(policy: &PublicPolicy, pins: &KeyPins) -> Result<Vec<RecipientKey>, WidgetError> {
    let mut basis = serde_json::to_string(pins).map_err(|e| WidgetError::Key(e.to_string()))?;
    for key in std::iter::once(&policy.key).chain(&policy.staff_keys) {
        basis.push('\0');
        basis.push_str(&key.armored);
    }
    let now = js_sys::Date::now();
    let cached = CHECKED.with(|c| {
        c.borrow()
            .as_ref()
            .filter(|(b, at, _)| *b == basis && now - at < CHECKED_FOR_MS)
            .map(|(_, _, keys)| keys.clone())
    });
    if let Some(keys) = cached {
        return Ok(keys);
    }
    let keys = policy.recipient_keys().map_err(|e| WidgetError::Key(e.to_string()))?;
    match &pins.subkeys {
        Some(subkeys) => check_pinned_build(&keys, &pins.keys, subkeys)?,
        None => check_pins(&keys, &pins.keys)?,
    }
    if keys.is_empty() {
        return Err(WidgetError::FingerprintMismatch(PinMismatch::NoKey));
    }
    CHECKED.with(|c| *c.borrow_mut() = Some((basis, now, keys.clone())));
    Ok(keys)
}

/// The channel made in advance, or a new one.
fn take_channel() -> Result<submission::Channel, WidgetError> {
    match NEXT_CHANNEL.with(|c| c.borrow_mut().take()) {
        Some(channel) => Ok(channel),
        None => submission::new_channel(),
    }
}

/// `checkKeys`: the keys checked against the pins, and what the form shows of each.
pub fn check_keys(json_input: &str) -> Answer {
    let CheckInput { policy, pins } = input(json_input)?;
    let keys = checked_keys(&policy, &pins).map_err(|e| e.to_js())?;
    let facts: Vec<KeyFacts> =
        keys.iter().map(|k| KeyFacts { fingerprint: k.fingerprint(), user_ids: k.user_ids().to_vec() }).collect();
    // The receipt channel for the report being typed, made now rather than after the click.
    if NEXT_CHANNEL.with(|c| c.borrow().is_none()) {
        let channel = submission::new_channel().map_err(|e| e.to_js())?;
        NEXT_CHANNEL.with(|c| *c.borrow_mut() = Some(channel));
    }
    answer(&[("json", &json(&facts)?)])
}

/// A file as it travels between the page and the module: `{ name, type, bytes }` (what `crypto.js`
/// makes of a `File` on the page, and a decrypted message's files).
pub fn attachment_to_js(file: &Attachment) -> Result<JsValue, JsValue> {
    let item = Object::new();
    Reflect::set(&item, &"name".into(), &file.name.as_str().into())?;
    Reflect::set(&item, &"type".into(), &file.media_type.as_str().into())?;
    Reflect::set(&item, &"bytes".into(), &Uint8Array::from(file.bytes.as_slice()))?;
    Ok(item.into())
}

/// The file [`attachment_to_js`] made; `None` when `item` has no bytes.
pub fn attachment_from_js(item: &JsValue) -> Option<Attachment> {
    let text = |key: &str| Reflect::get(item, &key.into()).ok().and_then(|v| v.as_string()).unwrap_or_default();
    let bytes = Reflect::get(item, &"bytes".into()).ok()?.dyn_into::<Uint8Array>().ok()?;
    Some(Attachment { name: text("name"), media_type: text("type"), bytes: bytes.to_vec() })
}

/// The files of a job: `File`s in the worker (read with `FileReaderSync`), or `{ name, type,
/// bytes }` read by the page beforehand (the page has no `FileReaderSync`).
fn read_files(files: &Array, tell: &dyn Fn(Step)) -> Result<Vec<Attachment>, JsValue> {
    let of = files.length();
    let mut reader = None;
    let mut attachments = Vec::with_capacity(of as usize);
    for (n, item) in files.iter().enumerate() {
        tell(Step::Reading { n: n as u32, of });
        let attachment = match item.dyn_into::<web_sys::File>() {
            Ok(file) => {
                let reader = match &mut reader {
                    Some(reader) => reader,
                    None => reader.insert(web_sys::FileReaderSync::new()?),
                };
                let buffer =
                    reader.read_as_array_buffer(&file).map_err(|_| WidgetError::FileRead(file.name()).to_js())?;
                Attachment { name: file.name(), media_type: file.type_(), bytes: Uint8Array::new(&buffer).to_vec() }
            }
            Err(item) => attachment_from_js(&item).ok_or_else(|| broken(&"not a file"))?,
        };
        attachments.push(attachment);
    }
    Ok(attachments)
}

/// What both sealing jobs start with: the input, the keys checked against the pins, the draft
/// validated again, and the receipt channel.
fn sealing(json_input: &str) -> Result<(SealInput, Vec<RecipientKey>, Report, submission::Channel), JsValue> {
    let sealed: SealInput = input(json_input)?;
    let keys = checked_keys(&sealed.policy, &sealed.pins).map_err(|e| e.to_js())?;
    let report = validate(&sealed.policy, &sealed.draft).map_err(|_| broken(&"the form changed"))?;
    let channel = take_channel().map_err(|e| e.to_js())?;
    Ok((sealed, keys, report, channel))
}

/// `sealReport`: checks the draft and the keys again, reads the files, derives the follow-up
/// channel and encrypts. Answers `{ armored: Uint8Array, channel: JSON }`.
pub fn seal_report(json_input: &str, files: &Array, on_step: &Function) -> Answer {
    let (SealInput { policy, draft, .. }, keys, report, channel) = sealing(json_input)?;
    let tell = teller(on_step);
    let attachments = read_files(files, &tell)?;
    tell(Step::Encrypting);
    let armored = submission::encrypt(&keys, &policy, &draft, &report, &attachments, Some(&channel.reply_key_armored))
        .map_err(|e| e.to_js())?;
    drop(attachments);
    answer(&[("armored", &Uint8Array::from(armored.as_bytes())), ("channel", &json(&channel)?)])
}

/// `sealUpload`, for a report too large for one request: checks the draft and the keys, derives
/// the channel, begins the upload and streams the files through encryption into its parts
/// (`upload.rs`). Answers `{ upload: id, channel: JSON }`; the steps are the bytes sent.
pub fn seal_upload(json_input: &str, files: &Array, on_step: &Function) -> Answer {
    use std::rc::Rc;

    use sealdrop_shared::mime::{EntityReader, entity_pieces};

    let (SealInput { policy, draft, upload, .. }, keys, report, channel) = sealing(json_input)?;
    let job = upload.ok_or_else(|| broken(&"no upload"))?;
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
    let entity = EntityReader::new(pieces, crate::upload::Files::new(files).map_err(|e| e.to_js())?);
    // Progress in KiB of the entity (the ciphertext is a few hundred bytes longer).
    let of_kib = u32::try_from(entity.len().div_ceil(1024)).unwrap_or(u32::MAX);
    let tell = teller(on_step);
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
    let mut uploader = crate::upload::Uploader::start(&job, &start, on_sent, error.clone()).map_err(|e| e.to_js())?;
    let sealed = sealdrop_shared::envelope::encrypt_stream(&keys, entity, &mut uploader, rand::rngs::OsRng);
    if let Err(e) = sealed {
        // The upload's own error (the server's answer) over the encryption's "the writer failed".
        let reported = error.borrow_mut().take();
        return Err(reported.unwrap_or_else(|| WidgetError::Encrypt(e.to_string())).to_js());
    }
    let state = uploader.finish().map_err(|e| e.to_js())?;
    answer(&[("upload", &state.id.as_str().into()), ("channel", &json(&channel)?)])
}

thread_local! {
    /// The reply key of the receipt last used: a case's messages all need it.
    static REPLY_KEY: RefCell<Option<(String, SignedSecretKey)>> = const { RefCell::new(None) };
}

/// The reply key derived from the receipt `text`. A malformed receipt is an unknown one.
fn reply_key(text: &str) -> Result<SignedSecretKey, WidgetError> {
    let cached = REPLY_KEY.with(|k| k.borrow().as_ref().filter(|(r, _)| r == text).map(|(_, key)| key.clone()));
    if let Some(key) = cached {
        return Ok(key);
    }
    let receipt = Receipt::parse(text).map_err(|_| WidgetError::ReceiptUnknown)?;
    let key = receipt.reply_key().map_err(|e| WidgetError::Decrypt(e.to_string()))?;
    REPLY_KEY.with(|k| *k.borrow_mut() = Some((text.to_owned(), key.clone())));
    Ok(key)
}

/// `readMessage`: decrypts a follow-up message with the receipt's reply key and checks who signed
/// it. Answers `{ json: ReadMessage, files: [{ name, type, bytes }] }`.
pub fn read_message(json_input: &str) -> Answer {
    let ReadInput { policy, pins, receipt, author, armored, limit } = input(json_input)?;
    let key = reply_key(&receipt).map_err(|e| e.to_js())?;
    let own = key.to_public_key();
    let staff;
    let signers: Vec<&SignedPublicKey> = match author {
        Author::Staff => {
            staff = checked_keys(&policy, &pins).map_err(|e| e.to_js())?;
            staff.iter().map(RecipientKey::inner).collect()
        }
        Author::Reporter => vec![&own],
    };
    let (parts, signature) = submission::decrypt_message(&key, &armored, &signers, limit).map_err(|e| e.to_js())?;
    let files = Array::new();
    for file in &parts.attachments {
        files.push(&attachment_to_js(file)?);
    }
    answer(&[("json", &json(&ReadMessage { text: parts.text, signature })?), ("files", &files)])
}

/// `sealMessage`: the reporter's answer, encrypted to the (checked) policy keys and the reporter's
/// own reply key, signed with the reply key. Answers `{ armored: string }`.
pub fn seal_message(json_input: &str, files: &Array, on_step: &Function) -> Answer {
    let MessageInput { policy, pins, receipt, subject, text } = input(json_input)?;
    let tell = teller(on_step);
    let key = reply_key(&receipt).map_err(|e| e.to_js())?;
    let mut keys = checked_keys(&policy, &pins).map_err(|e| e.to_js())?;
    let own = sealdrop_shared::receipt::armored_public(&key).map_err(|e| WidgetError::Key(e.to_string()).to_js())?;
    keys.push(RecipientKey::parse(&own).map_err(|e| WidgetError::Key(e.to_string()).to_js())?);
    let attachments = read_files(files, &tell)?;
    tell(Step::Encrypting);
    let armored = submission::encrypt_message(&keys, &subject, &text, &attachments, &key).map_err(|e| e.to_js())?;
    answer(&[("armored", &armored.into())])
}
