//! Talking to the worker, through the endpoint table's typed declarations
//! (`sealdrop_shared::api::endpoint`): no path is written here. URLs are absolute (the worker's
//! origin, [`set_origin`]): the pinned frame's document is built by the loader and its base URL
//! is the host page's. Requests carry no credentials (the frame has none to give).

use sealdrop_shared::api::{Call, ErrorBody, IDEMPOTENCY_HEADER, PGP_MEDIA_TYPE, endpoint};
use sealdrop_shared::followup::{
    CaseView, LOOKUP_HEADER, LookupRequest, MessageAnswer, RECEIPT_HEADER, REPLY_KEY_HEADER,
};
use sealdrop_shared::id::UploadId;
use sealdrop_shared::policy::PublicPolicy;
use sealdrop_shared::pow::{Challenge, POW_HEADER};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::error::{WidgetError, js_message as describe};
use crate::submission::Channel;

/// The worker's origin, set once when the app mounts.
static ORIGIN: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// Sets the worker's origin the API is called at.
pub fn set_origin(origin: String) {
    let _ = ORIGIN.set(origin);
}

/// The worker's origin (the encryption worker calls the API too, for uploads).
pub fn origin() -> String {
    ORIGIN.get().cloned().unwrap_or_default()
}

fn url(path: &str) -> String {
    format!("{}{path}", ORIGIN.get().map(String::as_str).unwrap_or_default())
}

fn request(path: &str, init: &web_sys::RequestInit) -> Result<web_sys::Request, String> {
    init.set_mode(web_sys::RequestMode::Cors);
    init.set_credentials(web_sys::RequestCredentials::Omit);
    web_sys::Request::new_with_str_and_init(&url(path), init).map_err(|e| describe(&e))
}

/// Fetches `request`; a request the reporter cancelled ([`crate::cancel`]) is
/// [`WidgetError::Cancelled`], any other failure [`WidgetError::Network`].
async fn fetch(request: &web_sys::Request) -> Result<web_sys::Response, WidgetError> {
    let window = web_sys::window().ok_or_else(|| WidgetError::Network("no window".into()))?;
    match JsFuture::from(window.fetch_with_request(request)).await {
        Ok(response) => response.dyn_into().map_err(|_| WidgetError::Network("not a response".into())),
        Err(e) if crate::cancel::is_cancellation(&e) => Err(WidgetError::Cancelled),
        Err(e) => Err(WidgetError::Network(describe(&e))),
    }
}

async fn text(response: &web_sys::Response) -> Result<String, String> {
    let promise = response.text().map_err(|e| describe(&e))?;
    JsFuture::from(promise).await.map_err(|e| describe(&e))?.as_string().ok_or_else(|| "no text".to_owned())
}

/// The public policy.
pub async fn policy() -> Result<PublicPolicy, WidgetError> {
    let request =
        request(&endpoint::Policy {}.path(), &web_sys::RequestInit::new()).map_err(WidgetError::PolicyUnavailable)?;
    let response = fetch(&request).await.map_err(|e| match e {
        WidgetError::Network(why) => WidgetError::PolicyUnavailable(why),
        other => other,
    })?;
    if !response.ok() {
        return Err(WidgetError::PolicyUnavailable(format!("HTTP {}", response.status())));
    }
    let body = text(&response).await.map_err(WidgetError::PolicyUnavailable)?;
    serde_json::from_str(&body).map_err(|e| WidgetError::PolicyUnavailable(e.to_string()))
}

/// A proof-of-work challenge.
pub async fn challenge() -> Result<Challenge, WidgetError> {
    let request =
        request(&endpoint::Challenge {}.path(), &web_sys::RequestInit::new()).map_err(WidgetError::Network)?;
    let response = fetch(&request).await?;
    let body = text(&response).await.map_err(WidgetError::Network)?;
    let status = response.status();
    Answer { status, retry_after: None, body }.expect(200)
}

/// An answer: status, `Retry-After` (seconds) and text.
struct Answer {
    status: u16,
    retry_after: Option<u64>,
    body: String,
}

impl Answer {
    /// The value of a `want` answer, or the error any other answer carries.
    fn expect<T: serde::de::DeserializeOwned>(&self, want: u16) -> Result<T, WidgetError> {
        if self.status == want { parse(&self.body) } else { Err(rejected(self)) }
    }
}

/// Sends `body` with `headers` to the endpoint `call`.
async fn send<C: Call>(call: &C, body: &JsValue, headers: &[(&str, &str)]) -> Result<Answer, WidgetError> {
    let init = web_sys::RequestInit::new();
    init.set_method(C::endpoint().method.as_str());
    init.set_body(body);
    let h = web_sys::Headers::new().map_err(|e| WidgetError::Network(describe(&e)))?;
    for (name, value) in headers {
        h.set(name, value).map_err(|e| WidgetError::Network(describe(&e)))?;
    }
    init.set_headers(&h);
    if let Some(signal) = crate::cancel::signal() {
        init.set_signal(Some(&signal));
    }
    let request = request(&call.path(), &init).map_err(WidgetError::Network)?;
    let response = fetch(&request).await?;
    let text = text(&response).await.map_err(WidgetError::Network)?;
    let retry_after = response.headers().get("Retry-After").ok().flatten().and_then(|v| v.trim().parse().ok());
    Ok(Answer { status: response.status(), retry_after, body: text })
}

/// The error an answer carries.
fn rejected(answer: &Answer) -> WidgetError {
    error_of(answer.status, answer.retry_after, &answer.body)
}

/// The error an answer with this status, `Retry-After` and body carries.
pub fn error_of(status: u16, retry_after: Option<u64>, body: &str) -> WidgetError {
    let answer = Answer { status, retry_after, body: body.to_owned() };
    match serde_json::from_str::<ErrorBody>(&answer.body) {
        Ok(e) if e.error.code == "receipt_unknown" => WidgetError::ReceiptUnknown,
        Ok(e) if e.error.code == "rate_limited" => {
            WidgetError::RateLimited(answer.retry_after.unwrap_or(600).div_ceil(60))
        }
        Ok(e) if status < 500 => WidgetError::Rejected { code: e.error.code, message: e.error.message },
        Ok(e) if status == 503 => {
            WidgetError::Unavailable { retry_after: answer.retry_after.unwrap_or(5), message: e.error.message }
        }
        Ok(e) => WidgetError::Network(e.error.message),
        Err(_) => WidgetError::Network(format!("HTTP {status}")),
    }
}

fn parse<T: serde::de::DeserializeOwned>(body: &str) -> Result<T, WidgetError> {
    serde_json::from_str(body).map_err(|e| WidgetError::Network(format!("unexpected answer: {e}")))
}

/// Submits the armored ciphertext and, when the report opens a follow-up channel, its lookup
/// hash and public reply key. `pow` is the proof of work ([`crate::work::take`]); a retry with
/// the same idempotency key sends the same one. `exploited` (`report::exploited`) is the one
/// answer that also travels in clear, for the CRA clock.
pub async fn submit(
    armored: &web_sys::Blob,
    idempotency_key: &str,
    pow: &str,
    channel: Option<&Channel>,
    exploited: bool,
) -> Result<<endpoint::Submit as Call>::Answer, WidgetError> {
    let mut headers = vec![("Content-Type", PGP_MEDIA_TYPE), (IDEMPOTENCY_HEADER, idempotency_key), (POW_HEADER, pow)];
    if exploited {
        headers.push((sealdrop_shared::cra::EXPLOITED_HEADER, sealdrop_shared::cra::EXPLOITED_VALUE));
    }
    if let Some(c) = channel {
        headers.push((LOOKUP_HEADER, c.lookup_hash.as_str()));
        headers.push((REPLY_KEY_HEADER, c.reply_key_b64.as_str()));
    }
    send(&endpoint::Submit {}, armored, &headers).await?.expect(201)
}

/// Completes an upload the encryption worker sent ([`crate::upload`]): the report is stored.
pub async fn complete_upload(id: &UploadId) -> Result<<endpoint::UploadComplete as Call>::Answer, WidgetError> {
    send(&endpoint::UploadComplete { upload: id.clone() }, &JsValue::NULL, &[]).await?.expect(201)
}

/// The case the lookup token opens.
pub async fn lookup(token_hex: &str) -> Result<CaseView, WidgetError> {
    let request: <endpoint::FollowupLookup as Call>::Request = LookupRequest { token: token_hex.to_owned() };
    let body = serde_json::to_string(&request).map_err(|e| WidgetError::Network(e.to_string()))?;
    let pow = crate::work::take().await?;
    let headers = [("Content-Type", "application/json"), (POW_HEADER, pow.as_str())];
    send(&endpoint::FollowupLookup {}, &body.into(), &headers).await?.expect(200)
}

/// The reporter's encrypted answer.
pub async fn send_message(token_hex: &str, armored: &str) -> Result<MessageAnswer, WidgetError> {
    let pow = crate::work::take().await?;
    let headers = [("Content-Type", PGP_MEDIA_TYPE), (RECEIPT_HEADER, token_hex), (POW_HEADER, pow.as_str())];
    send(&endpoint::FollowupMessage {}, &armored.into(), &headers).await?.expect(201)
}
