//! The staff API over HTTP (ureq). Error answers (`{"error":{"code","message"}}`) become
//! [`CliError::Refused`] or [`CliError::Server`] with the server's own words.

use std::io::Read as _;

use indicatif::{ProgressBar, ProgressStyle};
use sealdrop_shared::api::ErrorBody;
use serde::Serialize;
use serde::de::DeserializeOwned;
use ureq::http::Response;
use ureq::{Agent, Body};

use crate::config::Effective;
use crate::error::CliError;

/// A connection to one worker.
#[derive(Debug)]
pub struct Client {
    agent: Agent,
    endpoint: String,
    token: Option<String>,
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

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.endpoint)
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

    /// `GET` a public JSON resource.
    pub fn get_public<T: DeserializeOwned>(&self, path: &str) -> Result<T, CliError> {
        let response = self.agent.get(self.url(path)).call().map_err(|e| self.unreachable(&e))?;
        Self::json(self.check(response)?)
    }

    /// An authenticated `GET`, its error answers turned into errors.
    fn staff_get(&self, path: &str) -> Result<Response<Body>, CliError> {
        let response = self
            .agent
            .get(self.url(path))
            .header("Authorization", self.auth()?)
            .call()
            .map_err(|e| self.unreachable(&e))?;
        self.check(response)
    }

    /// `GET` a staff JSON resource.
    pub fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, CliError> {
        Self::json(self.staff_get(path)?)
    }

    /// `POST` or `PUT` JSON to a staff resource.
    pub fn send<B: Serialize, T: DeserializeOwned>(&self, method: &str, path: &str, body: &B) -> Result<T, CliError> {
        let url = self.url(path);
        let request = match method {
            "PUT" => self.agent.put(url),
            _ => self.agent.post(url),
        };
        let response =
            request.header("Authorization", self.auth()?).send_json(body).map_err(|e| self.unreachable(&e))?;
        Self::json(self.check(response)?)
    }

    /// `POST` an ASCII-armored OpenPGP message to a staff resource.
    pub fn post_armored<T: DeserializeOwned>(&self, path: &str, armored: &str) -> Result<T, CliError> {
        let response = self
            .agent
            .post(self.url(path))
            .header("Authorization", self.auth()?)
            .header("Content-Type", sealdrop_shared::api::PGP_MEDIA_TYPE)
            .send(armored)
            .map_err(|e| self.unreachable(&e))?;
        Self::json(self.check(response)?)
    }

    /// `GET` a staff resource as bytes, with a progress bar on a terminal.
    pub fn download(&self, path: &str, what: &str) -> Result<Vec<u8>, CliError> {
        let mut response = self.staff_get(path)?;
        let length = response.body().content_length();
        let bar = match length {
            Some(n) => ProgressBar::new(n).with_style(
                ProgressStyle::with_template("{msg} [{bar:30}] {bytes}/{total_bytes} ({eta})")
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> "),
            ),
            None => ProgressBar::new_spinner(),
        };
        bar.set_message(what.to_owned());
        let mut reader = bar.wrap_read(response.body_mut().with_config().limit(u64::MAX).reader());
        let mut bytes = Vec::with_capacity(length.unwrap_or(0).min(256 * 1024 * 1024) as usize);
        reader.read_to_end(&mut bytes).map_err(|e| CliError::Unreachable {
            endpoint: self.endpoint.clone(),
            detail: format!("download interrupted: {e}"),
        })?;
        bar.finish_and_clear();
        Ok(bytes)
    }
}
