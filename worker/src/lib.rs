//! Sealdrop's Cloudflare Worker: accepts only ciphertext addressed to the organisation's key,
//! stores it (R2 for blobs, D1 for metadata), tracks the response deadline and notifies staff
//! with PGP/MIME e-mail. Staff list and download reports through an authenticated API.
//!
//! This file holds only the event handlers and the route table's dispatch. Logic that needs no
//! binding (routing, auth, submission checks, e-mail construction, errors) is plain Rust in its
//! own module and tested natively; handlers live in `routes/`, storage in `store/`.
#![deny(unsafe_code)]
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

pub mod auth;
pub mod config;
pub mod cors;
pub mod error;
pub mod notify;
pub mod ratelimit;
pub mod route;
pub mod submit;
pub mod webhook;

#[cfg(target_arch = "wasm32")]
mod routes;
#[cfg(target_arch = "wasm32")]
mod store;

#[cfg(target_arch = "wasm32")]
mod handlers {
    use worker::{Context, Env, Request, Response, ScheduleContext, ScheduledEvent, event};

    use crate::config::Config;
    use crate::error::ApiError;
    use crate::route::{Route, route};
    use crate::routes;

    #[event(fetch)]
    async fn fetch(req: Request, env: Env, ctx: Context) -> worker::Result<Response> {
        let origin = req.headers().get("Origin").ok().flatten();
        let config = Config::load();
        let routed = route(req.method().as_ref(), &req.path());
        let public_api = routed.as_ref().is_ok_and(Route::is_public_api);
        let result = async {
            let config = config.clone()?;
            match routed? {
                Route::Policy => routes::policy::get(config),
                Route::Submit => routes::reports::submit(req, &env, &ctx, config).await,
                Route::StaffList => routes::staff::list(&req, &env).await,
                Route::StaffGet(id) => routes::staff::get(&req, &env, &id).await,
                Route::StaffCredit(id) => routes::staff::credit(req, &env, &id).await,
                Route::StaffRecord(id) => routes::staff::record(&req, &env, &id).await,
                Route::StaffLog(id) => routes::staff::log(&req, &env, &id).await,
                Route::StaffStatus(id) => routes::staff::status(req, &env, config, &id).await,
                Route::StaffReward(id) => routes::staff::reward(req, &env, &id).await,
                Route::StaffMessages(id) => routes::staff::messages(&req, &env, &id).await,
                Route::StaffReply(id) => routes::staff::reply(req, &env, config, &id).await,
                Route::FollowupLookup => routes::followup::lookup(req, &env).await,
                Route::FollowupMessage => routes::followup::reporter_message(req, &env, &ctx, config).await,
                Route::Preflight(allow) => routes::preflight(origin.as_deref(), config, allow),
                Route::SecurityTxt => routes::publish::security_txt(config, &req),
                Route::WkdKey(hash) => routes::publish::wkd_key(config, &hash),
                Route::WkdPolicy => routes::publish::wkd_policy(),
                Route::PolicyPage => routes::publish::policy_page(config),
                Route::PolicyKey => routes::publish::key(config),
                Route::HallOfFame => routes::publish::hall_of_fame(config, &env).await,
                Route::HallOfFameFeed => routes::publish::hall_of_fame_feed(config, &env, &req).await,
            }
        }
        .await;
        let mut response = result.unwrap_or_else(|e: ApiError| routes::error_response(&e));
        if public_api && let Ok(config) = &config {
            routes::add_cors(&mut response, origin.as_deref(), config);
        }
        Ok(response)
    }

    #[event(scheduled)]
    async fn scheduled(event: ScheduledEvent, env: Env, _ctx: ScheduleContext) {
        let now = chrono::DateTime::from_timestamp_millis(event.schedule() as i64).unwrap_or_else(routes::now);
        if let Ok(config) = Config::load() {
            routes::alerts::scheduled(&env, config, now).await;
        }
    }
}
