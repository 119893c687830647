//! Talking to the worker (same origin as the iframe).

use sealdrop_shared::api::{ErrorBody, IDEMPOTENCY_HEADER, PGP_MEDIA_TYPE, SubmitReceipt};
use sealdrop_shared::policy::PublicPolicy;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::error::WidgetError;

fn describe(e: &JsValue) -> String {
    e.as_string()
        .or_else(|| e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())))
        .unwrap_or_else(|| "network error".to_owned())
}

async fn fetch(request: &web_sys::Request) -> Result<web_sys::Response, String> {
    let window = web_sys::window().ok_or("no window")?;
    let response = JsFuture::from(window.fetch_with_request(request)).await.map_err(|e| describe(&e))?;
    response.dyn_into().map_err(|_| "not a response".to_owned())
}

async fn text(response: &web_sys::Response) -> Result<String, String> {
    let promise = response.text().map_err(|e| describe(&e))?;
    JsFuture::from(promise).await.map_err(|e| describe(&e))?.as_string().ok_or_else(|| "no text".to_owned())
}

/// `GET /api/v1/policy`.
pub async fn policy() -> Result<PublicPolicy, WidgetError> {
    let request =
        web_sys::Request::new_with_str("/api/v1/policy").map_err(|e| WidgetError::PolicyUnavailable(describe(&e)))?;
    let response = fetch(&request).await.map_err(WidgetError::PolicyUnavailable)?;
    if !response.ok() {
        return Err(WidgetError::PolicyUnavailable(format!("HTTP {}", response.status())));
    }
    let body = text(&response).await.map_err(WidgetError::PolicyUnavailable)?;
    serde_json::from_str(&body).map_err(|e| WidgetError::PolicyUnavailable(e.to_string()))
}

/// `POST /api/v1/reports` with the armored ciphertext.
pub async fn submit(armored: &str, idempotency_key: &str) -> Result<SubmitReceipt, WidgetError> {
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(&JsValue::from_str(armored));
    let headers = web_sys::Headers::new().map_err(|e| WidgetError::Network(describe(&e)))?;
    headers.set("Content-Type", PGP_MEDIA_TYPE).map_err(|e| WidgetError::Network(describe(&e)))?;
    headers.set(IDEMPOTENCY_HEADER, idempotency_key).map_err(|e| WidgetError::Network(describe(&e)))?;
    init.set_headers(&headers);
    let request = web_sys::Request::new_with_str_and_init("/api/v1/reports", &init)
        .map_err(|e| WidgetError::Network(describe(&e)))?;
    let response = fetch(&request).await.map_err(WidgetError::Network)?;
    let body = text(&response).await.map_err(WidgetError::Network)?;
    if response.status() == 201 {
        return serde_json::from_str(&body).map_err(|e| WidgetError::Network(format!("unexpected answer: {e}")));
    }
    match serde_json::from_str::<ErrorBody>(&body) {
        Ok(e) if response.status() < 500 => Err(WidgetError::Rejected { code: e.error.code, message: e.error.message }),
        Ok(e) => Err(WidgetError::Network(e.error.message)),
        Err(_) => Err(WidgetError::Network(format!("HTTP {}", response.status()))),
    }
}
