//! A report too large for one request, sealed and sent from the encryption worker in one pass:
//! the files are read in slices (`FileReaderSync`), the MIME entity streamed
//! (`mime::EntityReader`), encrypted as it streams (`envelope::encrypt_stream`, binary OpenPGP
//! with partial lengths), and each `part_size` bytes of ciphertext are sent as the upload's next
//! part (`PUT /api/v1/uploads/{id}/parts/{n}`) by a synchronous request — allowed in a worker, and
//! what keeps the whole thing synchronous, as rPGP's streaming is. Memory holds one part, one
//! file slice and rPGP's chunk, whatever the size of the files.
//!
//! A part whose request fails (the network, `5xx`, `429`) is sent again after a pause, up to
//! [`ATTEMPTS`] times; before each retry the upload's state is asked (`GET`), so a part the
//! worker acknowledged but whose answer was lost is not sent twice.

use std::cell::RefCell;
use std::io::Write;
use std::rc::Rc;

use js_sys::Uint8Array;
use sealdrop_shared::api::{Call, IDEMPOTENCY_HEADER, PART_MEDIA_TYPE, UploadStart, UploadState, endpoint};
use sealdrop_shared::mime::FileSource;
use sealdrop_shared::pow::POW_HEADER;

use crate::error::{WidgetError, js_message};

/// How often one request is tried before the upload gives up.
pub const ATTEMPTS: u32 = 5;

/// What the page hands the worker for an upload: where the API is, the proof of work and the
/// idempotency key of its first request.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct UploadJob {
    /// The worker's origin.
    pub origin: String,
    /// `X-Sealdrop-Pow`.
    pub pow: String,
    /// `Idempotency-Key`.
    pub idempotency_key: String,
}

/// An answer: status, `Retry-After` and body.
struct Answer {
    status: u16,
    retry_after: Option<u64>,
    body: String,
}

/// One synchronous request.
/// How long one request may take.
const REQUEST_TIMEOUT_MS: u32 = 300_000;

fn request(method: &str, url: &str, headers: &[(&str, &str)], body: Option<&[u8]>) -> Result<Answer, WidgetError> {
    let fail = |e: wasm_bindgen::JsValue| WidgetError::Network(js_message(&e));
    let xhr = web_sys::XmlHttpRequest::new().map_err(fail)?;
    xhr.open_with_async(method, url, false).map_err(fail)?;
    // A stalled connection fails (and is retried) instead of hanging the upload: ample for an
    // 8 MiB part at 0.25 Mbit/s. Workers allow a timeout on a synchronous request.
    xhr.set_timeout(REQUEST_TIMEOUT_MS);
    for (name, value) in headers {
        xhr.set_request_header(name, value).map_err(fail)?;
    }
    match body {
        Some(bytes) => xhr.send_with_opt_blob(Some(&blob_of(bytes).map_err(fail)?)).map_err(fail)?,
        None => xhr.send().map_err(fail)?,
    }
    let status = xhr.status().map_err(fail)?;
    if status == 0 {
        return Err(WidgetError::Network("the connection failed".into()));
    }
    let retry_after = xhr.get_response_header("Retry-After").ok().flatten().and_then(|v| v.trim().parse().ok());
    Ok(Answer { status, retry_after, body: xhr.response_text().ok().flatten().unwrap_or_default() })
}

/// A request body as a `Blob`, copied straight out of the wasm memory. Chromium sends a `Blob`
/// body of a synchronous request about ten times faster than the same bytes as an
/// `ArrayBufferView` (136 MiB in 8 MiB parts: 0.7 s against 7.3 s), and the renderer keeps no copy
/// (the `ArrayBufferView` path left about 320 MiB there until a garbage collection, which the
/// worker, busy in one synchronous call, reaches late). The view into the memory lives only while
/// the `Blob` copies it: nothing allocates in between, so the memory cannot grow under it.
fn blob_of(bytes: &[u8]) -> Result<web_sys::Blob, wasm_bindgen::JsValue> {
    use wasm_bindgen::JsCast;

    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    let start = bytes.as_ptr() as u32;
    let view = Uint8Array::new(&memory.buffer()).subarray(start, start + bytes.len() as u32);
    let blob = web_sys::Blob::new_with_u8_array_sequence(&js_sys::Array::of1(&view));
    nudge_collector();
    blob
}

/// Waits in the worker (it has nothing else to do meanwhile; the page's thread is not touched).
fn pause(seconds: u64) {
    let until = js_sys::Date::now() + seconds.clamp(1, 30) as f64 * 1000.0;
    while js_sys::Date::now() < until {}
}

/// The upload's client in the worker.
pub struct Uploader {
    origin: String,
    state: UploadState,
    /// Ciphertext of the part being filled.
    buffer: Vec<u8>,
    /// Bytes acknowledged, for the progress bar.
    on_sent: Box<dyn Fn(u64)>,
    /// The first error the upload met (the encryption only sees "the writer failed").
    error: Rc<RefCell<Option<WidgetError>>>,
}

impl Uploader {
    /// Begins the upload (`POST /api/v1/uploads`), opening the follow-up channel.
    pub fn start(
        job: &UploadJob,
        start: &UploadStart,
        on_sent: Box<dyn Fn(u64)>,
        error: Rc<RefCell<Option<WidgetError>>>,
    ) -> Result<Self, WidgetError> {
        let body = serde_json::to_vec(start).map_err(|e| WidgetError::Encrypt(e.to_string()))?;
        let headers = [
            ("Content-Type", "application/json"),
            (IDEMPOTENCY_HEADER, job.idempotency_key.as_str()),
            (POW_HEADER, job.pow.as_str()),
        ];
        let url = format!("{}{}", job.origin, endpoint::UploadStart {}.path());
        let state: UploadState = retried(|| request("POST", &url, &headers, Some(&body)), 201)?;
        let part_size = state.part_size as usize;
        Ok(Uploader { origin: job.origin.clone(), state, buffer: Vec::with_capacity(part_size), on_sent, error })
    }

    fn url(&self, call: &impl Call) -> String {
        format!("{}{}", self.origin, call.path())
    }

    /// Sends the buffered part as the next one.
    fn send_part(&mut self) -> Result<(), WidgetError> {
        let n = self.state.parts + 1;
        let part = self.url(&endpoint::UploadPart { upload: self.state.id.clone(), n });
        let get = self.url(&endpoint::UploadGet { upload: self.state.id.clone() });
        // The browser sets `Content-Length` itself.
        let headers = [("Content-Type", PART_MEDIA_TYPE)];
        let mut attempt = 0;
        let state: UploadState = loop {
            attempt += 1;
            let outcome = request("PUT", &part, &headers, Some(&self.buffer));
            match outcome {
                Ok(answer) if answer.status == 200 => break parse(&answer)?,
                Ok(answer) if !retryable(answer.status) || attempt >= ATTEMPTS => {
                    return Err(crate::api::error_of(answer.status, answer.retry_after, &answer.body));
                }
                Err(e) if attempt >= ATTEMPTS => return Err(e),
                Ok(answer) => pause(answer.retry_after.unwrap_or(u64::from(attempt))),
                Err(_) => pause(u64::from(attempt)),
            }
            // The answer may have been lost after the worker acknowledged the part.
            if let Ok(answer) = request("GET", &get, &[], None)
                && answer.status == 200
                && let Ok(state) = parse::<UploadState>(&answer)
                && state.parts >= n
            {
                break state;
            }
        };
        self.state = state;
        self.buffer.clear();
        (self.on_sent)(self.state.bytes);
        Ok(())
    }

    /// Sends what is left as the last part; answers the upload's final state.
    pub fn finish(mut self) -> Result<UploadState, WidgetError> {
        if !self.buffer.is_empty() {
            self.send_part()?;
        }
        if !self.state.whole {
            return Err(WidgetError::Encrypt("the upload ended before the message did".into()));
        }
        Ok(self.state)
    }
}

impl Write for Uploader {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let room = self.state.part_size as usize - self.buffer.len();
        let n = bytes.len().min(room);
        self.buffer.extend_from_slice(&bytes[..n]);
        if self.buffer.len() == self.state.part_size as usize
            && let Err(e) = self.send_part()
        {
            let text = e.to_string();
            self.error.borrow_mut().get_or_insert(e);
            return Err(std::io::Error::other(text));
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn retryable(status: u16) -> bool {
    status == 429 || status >= 500
}

fn parse<T: serde::de::DeserializeOwned>(answer: &Answer) -> Result<T, WidgetError> {
    serde_json::from_str(&answer.body).map_err(|e| WidgetError::Network(format!("unexpected answer: {e}")))
}

/// A request tried up to [`ATTEMPTS`] times while it fails for a reason that may pass.
fn retried<T: serde::de::DeserializeOwned>(
    send: impl Fn() -> Result<Answer, WidgetError>,
    want: u16,
) -> Result<T, WidgetError> {
    let mut attempt = 0;
    loop {
        attempt += 1;
        match send() {
            Ok(answer) if answer.status == want => return parse(&answer),
            Ok(answer) if !retryable(answer.status) || attempt >= ATTEMPTS => {
                return Err(crate::api::error_of(answer.status, answer.retry_after, &answer.body));
            }
            Err(e) if attempt >= ATTEMPTS => return Err(e),
            Ok(answer) => pause(answer.retry_after.unwrap_or(u64::from(attempt))),
            Err(_) => pause(u64::from(attempt)),
        }
    }
}

/// The files, read in slices with `FileReaderSync`; `on_read` hears the bytes read so far.
pub struct Files {
    files: Vec<web_sys::File>,
    reader: web_sys::FileReaderSync,
}

impl Files {
    /// The report's files.
    pub fn new(files: Vec<web_sys::File>) -> Result<Self, WidgetError> {
        let reader = web_sys::FileReaderSync::new().map_err(|e| WidgetError::Encrypt(js_message(&e)))?;
        Ok(Files { files, reader })
    }
}

impl FileSource for Files {
    fn size(&self, n: usize) -> u64 {
        self.files.get(n).map_or(0, |f| f.size() as u64)
    }

    fn read(&mut self, n: usize, offset: u64, len: usize) -> std::io::Result<Vec<u8>> {
        let file = self.files.get(n).ok_or_else(|| std::io::Error::other("no such file"))?;
        let unreadable = |_| std::io::Error::other(WidgetError::FileRead(file.name()).to_string());
        let slice = file.slice_with_f64_and_f64(offset as f64, (offset + len as u64) as f64).map_err(unreadable)?;
        let buffer = self.reader.read_as_array_buffer(&slice).map_err(unreadable)?;
        let bytes = Uint8Array::new(&buffer).to_vec();
        nudge_collector();
        Ok(bytes)
    }
}

/// Lets the garbage collector see the buffers this worker drops. The upload runs in one
/// synchronous call that never returns to the worker's event loop, so V8 collects only when its
/// young generation fills, and a file slice's `ArrayBuffer` or a part's `Blob` adds almost nothing
/// to it: the slices of a 100 MiB file piled up in Chromium's renderer (about +95 MiB) until the
/// call ended. A short-lived array of 20,000 slots (160 KB) per slice fills the young generation
/// often enough for a minor collection to free them (about +30 MiB), for about 1 ms per slice.
fn nudge_collector() {
    let _ = js_sys::Array::new_with_length(20_000);
}
