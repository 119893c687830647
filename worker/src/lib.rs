//! Sealdrop's Cloudflare Worker: accepts only ciphertext addressed to the organisation's key,
//! stores it (R2 for blobs, D1 for metadata), tracks the response deadline and notifies staff
//! with PGP/MIME e-mail. Staff list and download reports through an authenticated API.
//!
//! This file holds only the event handlers. The endpoints are declared once, in
//! `sealdrop_shared::api`; `routes/access.rs` checks credentials before `routes::dispatch` runs a
//! handler. Logic that needs no binding (auth, submission checks, e-mail construction, errors) is
//! plain Rust in its own module and tested natively; handlers live in `routes/`, storage in
//! `store/`.
#![deny(unsafe_code)]
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

pub mod auth;
pub mod config;
pub mod cors;
pub mod durable;
pub mod error;
pub mod notify;
pub mod ratelimit;
pub mod schedule;
pub mod submit;
pub mod upload;
pub mod webhook;

#[cfg(target_arch = "wasm32")]
mod routes;
#[cfg(target_arch = "wasm32")]
mod store;

#[cfg(target_arch = "wasm32")]
mod handlers {
    use sealdrop_shared::api;
    use worker::{Context, Env, Request, Response, ScheduleContext, ScheduledEvent, event};

    use crate::config::Config;
    use crate::error::ApiError;
    use crate::routes;

    /// Every request: find its endpoint in the one table (`sealdrop_shared::api`), check the
    /// credential its access level needs, parse its path parameters, run its handler; CORS
    /// headers follow from the endpoint's declaration.
    #[event(fetch)]
    async fn fetch(mut req: Request, env: Env, ctx: Context) -> worker::Result<Response> {
        let config = Config::load();
        let method = req.method().to_string();
        let path = req.path();
        let found = api::find(&method, &path);
        let cors = match &found {
            Ok(Ok(matched)) => matched.endpoint.cors(),
            Ok(Err(_preflight)) => api::Cors::Api,
            Err(_) => api::Cors::None,
        };
        let result = async {
            let config = config.clone()?;
            let matched = match found? {
                Ok(matched) => matched,
                Err(preflight) => return routes::preflight(&preflight.methods),
            };
            let caller = routes::access::check(matched.endpoint, &mut req, &env).await?;
            let route = matched.route()?;
            routes::dispatch(route, caller, req, &env, &ctx, config).await
        }
        .await;
        let mut response = result.unwrap_or_else(|e: ApiError| routes::error_response(&e));
        routes::add_cors(&mut response, cors);
        Ok(response)
    }

    #[event(scheduled)]
    async fn scheduled(event: ScheduledEvent, env: Env, _ctx: ScheduleContext) {
        let now = chrono::DateTime::from_timestamp_millis(event.schedule() as i64).unwrap_or_else(routes::now);
        routes::work::scheduled(&env, now).await;
        routes::uploads::scheduled(&env, now).await;
        if let Ok(config) = Config::load() {
            routes::alerts::scheduled(&env, config, now).await;
            routes::retention::scheduled(&env, config, now).await;
        }
    }
}
