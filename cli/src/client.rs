//! The worker's API over HTTP (ureq), called only through the typed endpoints of
//! [`sealdrop_shared::api::endpoint`]: the method, the path, whether the staff token goes along and
//! how the body is encoded all come from the endpoint's declaration, so no path is spelled here.
//! Error answers (`{"error":{"code","message"}}`) become [`CliError::Refused`] or
//! [`CliError::Server`] with the server's own words.

use indicatif::{ProgressBar, ProgressStyle};
use sealdrop_shared::api::{Access, Armored, Call, ErrorBody, NotJson, PGP_MEDIA_TYPE, RequestKind};
use serde::Serialize;
use serde::de::DeserializeOwned;
use ureq::http::{self, Response};
use ureq::{Agent, Body};

use crate::config::Effective;
use crate::error::CliError;

/// Query parameters appended to a call's path, e.g. `[("limit", "100")]` for `?limit=100`. Only
/// the text of typed values (numbers, dates), so nothing needs escaping.
pub type Query<'a> = &'a [(&'static str, String)];

/// A connection to one worker.
#[derive(Debug)]
pub struct Client {
    agent: Agent,
    endpoint: String,
    token: Option<String>,
}

/// A request body, already encoded, with its media type.
struct Content {
    media_type: &'static str,
    bytes: Vec<u8>,
}

impl Client {
    /// A client for the effective configuration.
    pub fn new(config: &Effective) -> Self {
        let agent: Agent = Agent::config_builder()
            .http_status_as_error(false)
            .user_agent(concat!("sealdrop-cli/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Self { agent, endpoint: config.endpoint.clone(), token: config.token.clone() }
    }

    /// The worker's base URL, as configured.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// Calls a JSON endpoint: `body` is sent as JSON when the endpoint takes JSON (and ignored
    /// when it takes nothing, where it is `()`); the answer is read as the endpoint's JSON.
    pub fn call<C: Call>(&self, call: &C, body: &C::Request) -> Result<C::Answer, CliError>
    where
        C::Request: Serialize,
        C::Answer: DeserializeOwned,
    {
        self.call_with_query(call, &[], body)
    }

    /// [`Client::call`] with query parameters.
    pub fn call_with_query<C: Call>(&self, call: &C, query: Query<'_>, body: &C::Request) -> Result<C::Answer, CliError>
    where
        C::Request: Serialize,
        C::Answer: DeserializeOwned,
    {
        let content = match C::endpoint().request {
            RequestKind::Json => Some(Content {
                media_type: "application/json; charset=utf-8",
                bytes: serde_json::to_vec(body).map_err(|e| CliError::Output(std::io::Error::other(e)))?,
            }),
            RequestKind::Empty | RequestKind::Ciphertext | RequestKind::Part => None,
        };
        Self::json(self.request(call, query, content)?)
    }

    /// Posts an ASCII-armored OpenPGP message to an endpoint that takes ciphertext.
    pub fn send_armored<C: Call<Request = Armored>>(&self, call: &C, armored: &str) -> Result<C::Answer, CliError>
    where
        C::Answer: DeserializeOwned,
    {
        let content = Content { media_type: PGP_MEDIA_TYPE, bytes: armored.as_bytes().to_vec() };
        Self::json(self.request(call, &[], Some(content))?)
    }

    /// Downloads an answer that is not JSON (a report's ciphertext) into `out` as it arrives, with
    /// a progress bar labelled `what` on a terminal; answers the bytes written.
    pub fn download<C: Call<Request = (), Answer = NotJson>>(
        &self,
        call: &C,
        what: &str,
        out: &mut impl std::io::Write,
    ) -> Result<u64, CliError> {
        let mut response = self.request(call, &[], None)?;
        let length = response.body().content_length();
        let bar = match length {
            Some(n) => ProgressBar::new(n).with_style(
                ProgressStyle::with_template("{msg} [{bar:30}] {bytes}/{total_bytes} ({eta})")
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> "),
            ),
            None => ProgressBar::new_spinner().with_style(
                ProgressStyle::with_template("{spinner} {msg} {bytes} ({bytes_per_sec})")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            ),
        };
        bar.set_message(what.to_owned());
        let mut reader = bar.wrap_read(response.body_mut().with_config().limit(u64::MAX).reader());
        let written = std::io::copy(&mut reader, out).map_err(|e| CliError::Unreachable {
            endpoint: self.endpoint.clone(),
            detail: format!("download interrupted: {e}"),
        })?;
        bar.finish_and_clear();
        Ok(written)
    }

    /// [`Client::download`] into memory.
    pub fn download_bytes<C: Call<Request = (), Answer = NotJson>>(
        &self,
        call: &C,
        what: &str,
    ) -> Result<Vec<u8>, CliError> {
        let mut bytes = Vec::new();
        self.download(call, what, &mut bytes)?;
        Ok(bytes)
    }

    /// Sends one request as the endpoint declares it; error answers become errors.
    fn request<C: Call>(
        &self,
        call: &C,
        query: Query<'_>,
        content: Option<Content>,
    ) -> Result<Response<Body>, CliError> {
        let endpoint = C::endpoint();
        let mut request = http::Request::builder().method(endpoint.method.as_str()).uri(self.url(call, query));
        if endpoint.access == Access::Staff {
            request = request.header("Authorization", self.auth()?);
        }
        let response = match content {
            Some(content) => request
                .header("Content-Type", content.media_type)
                .body(content.bytes)
                .map_err(ureq::Error::from)
                .and_then(|r| self.agent.run(r)),
            None => request.body(()).map_err(ureq::Error::from).and_then(|r| self.agent.run(r)),
        }
        .map_err(|e| self.unreachable(&e))?;
        self.check(response)
    }

    fn url<C: Call>(&self, call: &C, query: Query<'_>) -> String {
        let mut url = format!("{}{}", self.endpoint, call.path());
        for (i, (key, value)) in query.iter().enumerate() {
            url.push_str(&format!("{}{key}={value}", if i == 0 { '?' } else { '&' }));
        }
        url
    }

    fn auth(&self) -> Result<String, CliError> {
        let token = self.token.as_deref().ok_or_else(|| {
            CliError::Config(
                "no staff token: pass --token, set SEALDROP_TOKEN, or put `token = \"…\"` in the config file".into(),
            )
        })?;
        Ok(format!("Bearer {token}"))
    }

    fn unreachable(&self, e: &ureq::Error) -> CliError {
        CliError::Unreachable { endpoint: self.endpoint.clone(), detail: e.to_string() }
    }

    /// Turns a non-2xx answer into the error it carries.
    fn check(&self, mut response: Response<Body>) -> Result<Response<Body>, CliError> {
        let status = response.status().as_u16();
        if (200..300).contains(&status) {
            return Ok(response);
        }
        let text = response.body_mut().with_config().limit(64 * 1024).read_to_string().unwrap_or_default();
        let parsed: Option<ErrorBody> = serde_json::from_str(&text).ok();
        match (status, parsed) {
            (400..=499, Some(body)) => {
                Err(CliError::Refused { status, code: body.error.code, message: body.error.message })
            }
            (400..=499, None) => Err(CliError::Refused {
                status,
                code: "unexpected_answer".into(),
                message: format!("{} answered without a Sealdrop error body; is the endpoint right?", self.endpoint),
            }),
            (_, Some(body)) => {
                Err(CliError::Server(format!("{} ({}, HTTP {status})", body.error.message, body.error.code)))
            }
            (_, None) => Err(CliError::Server(format!("HTTP {status}"))),
        }
    }

    fn json<T: DeserializeOwned>(mut response: Response<Body>) -> Result<T, CliError> {
        response
            .body_mut()
            .with_config()
            .limit(32 * 1024 * 1024)
            .read_json()
            .map_err(|e| CliError::Server(format!("the answer is not the JSON the API promises: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use sealdrop_shared::api::endpoint;
    use sealdrop_shared::id::CaseId;

    use super::*;

    const ID: &str = "01KAY8R5S7X0V3M2QJ4N6T8W9Z";

    fn client() -> Client {
        let config = Effective { endpoint: "https://reports.example".into(), token: None, key: None };
        Client::new(&config)
    }

    #[test]
    fn urls_are_the_endpoint_path_and_the_query() {
        let id: CaseId = ID.parse().expect("valid");
        let c = client();
        let base = "https://reports.example";
        let list = endpoint::StaffList {}.path();
        let record = endpoint::StaffRecord { id }.path();
        assert!(record.contains(ID), "{record}");
        let cases = [
            (c.url(&endpoint::StaffList {}, &[("limit", 100.to_string())]), format!("{base}{list}?limit=100")),
            (
                c.url(&endpoint::StaffList {}, &[("limit", 5.to_string()), ("since", "2026-03-01".into())]),
                format!("{base}{list}?limit=5&since=2026-03-01"),
            ),
            (c.url(&endpoint::StaffRecord { id: ID.parse().expect("valid") }, &[]), format!("{base}{record}")),
        ];
        for (got, expected) in cases {
            assert_eq!(got, expected);
        }
    }

    #[test]
    fn the_token_is_only_needed_for_staff_endpoints() {
        // No token: a staff call fails before anything is sent; the public policy does not ask
        // for one (it fails only because nothing listens at the made-up address).
        let c = Client::new(&Effective { endpoint: "http://127.0.0.1:9".into(), token: None, key: None });
        let id: CaseId = ID.parse().expect("valid");
        assert!(matches!(c.call(&endpoint::StaffRecord { id }, &()), Err(CliError::Config(_))));
        assert!(matches!(c.call(&endpoint::Policy {}, &()), Err(CliError::Unreachable { .. })));
    }
}
