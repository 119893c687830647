//! What the organisation publishes from its policy: `security.txt`, the Web Key Directory, the
//! policy page with the key, and the hall of fame with its JSON feed. The content comes from
//! `sealdrop_shared::publish`; this file only serves it.

use sealdrop_shared::publish::{self, wkd_entries};
use worker::{Env, Request, Response};

use crate::config::Config;
use crate::error::ApiError;
use crate::routes::{now, with_headers};
use crate::store::credits;

/// Pages rendered here load only the stylesheet, the loader and the widget frame from this origin.
const PAGE_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                        frame-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// The public origin for absolute URLs: the policy's `publish.base_url`, else the request's.
fn base(config: &Config, req: &Request) -> Result<String, ApiError> {
    match &config.policy.public.publish.base_url {
        Some(base) => Ok(base.clone()),
        None => {
            let url = req.url().map_err(|e| ApiError::Internal(e.to_string()))?;
            Ok(url.origin().ascii_serialization())
        }
    }
}

fn html(body: String) -> Result<Response, ApiError> {
    with_headers(
        body,
        200,
        &[
            ("Content-Type", "text/html; charset=utf-8"),
            ("Content-Security-Policy", PAGE_CSP),
            ("Referrer-Policy", "no-referrer"),
            ("Cache-Control", "public, max-age=60"),
            // The language follows `Accept-Language` unless `?lang=` says it.
            ("Vary", "Accept-Language"),
        ],
    )
}

/// The language a public page is asked for in: `?lang=`, else `Accept-Language`, among the
/// policy's languages.
fn page_language(config: &Config, req: &Request) -> sealdrop_shared::i18n::Lang {
    let query = req.url().ok().and_then(|u| u.query_pairs().find(|(k, _)| k == "lang").map(|(_, v)| v.into_owned()));
    let accept = req.headers().get("Accept-Language").ok().flatten();
    publish::page_language(&config.policy.public.organisation, query.as_deref(), accept.as_deref())
}

/// `GET /.well-known/security.txt`: the organisation's signed file verbatim, or one generated
/// from the policy with an `Expires` that is always in the future.
pub fn security_txt(config: &Config, req: &Request) -> Result<Response, ApiError> {
    let body = match &config.policy.signed_security_txt {
        Some(signed) => {
            if let Ok(expires) = publish::signed_security_txt_expires(signed)
                && let Some(warning) = publish::signed_expiry_warning(expires, now())
            {
                worker::console_warn!("security.txt: {warning}");
            }
            signed.clone()
        }
        None => publish::security_txt(&config.policy.public, &base(config, req)?, now()),
    };
    with_headers(body, 200, &[("Content-Type", "text/plain; charset=utf-8"), ("Cache-Control", "public, max-age=3600")])
}

/// `GET /.well-known/openpgpkey/hu/{hash}`: the organisation key, binary, for an address on its
/// user ids (the `?l=` local part is not needed: the hash decides).
pub fn wkd_key(config: &Config, hash: &str) -> Result<Response, ApiError> {
    let known = wkd_entries(&config.key.user_ids()).iter().any(|e| e.hash == hash);
    if !known {
        return Err(ApiError::WkdNotFound);
    }
    let bytes = config.key.to_binary().map_err(|e| ApiError::Internal(format!("key serialisation: {e}")))?;
    with_headers(bytes, 200, &[("Content-Type", "application/octet-stream"), ("Cache-Control", "public, max-age=3600")])
}

/// `GET /.well-known/openpgpkey/policy`: empty, as the direct method allows.
pub fn wkd_policy() -> Result<Response, ApiError> {
    with_headers(Vec::new(), 200, &[("Content-Type", "text/plain; charset=utf-8")])
}

/// `GET /policy/`: the policy page, which hosts the widget.
pub fn policy_page(config: &Config, req: &Request) -> Result<Response, ApiError> {
    let lang = page_language(config, req);
    html(publish::policy_page(&config.policy.public, &config.key.user_ids(), lang))
}

/// `GET /policy/key.asc`: the armored key.
pub fn key(config: &Config) -> Result<Response, ApiError> {
    let name = format!("attachment; filename=\"{}.asc\"", config.policy.public.key.fingerprint);
    with_headers(
        config.policy.public.key.armored.clone(),
        200,
        &[
            ("Content-Type", "application/pgp-keys"),
            ("Content-Disposition", &name),
            ("Cache-Control", "public, max-age=3600"),
        ],
    )
}

/// `GET /hall-of-fame/`.
pub async fn hall_of_fame(config: &Config, env: &Env, req: &Request) -> Result<Response, ApiError> {
    let credits = credits::published(env).await?;
    html(publish::hall_of_fame_page(&config.policy.public, &credits, page_language(config, req)))
}

/// `GET /hall-of-fame/feed.json` (JSON Feed 1.1).
pub async fn hall_of_fame_feed(config: &Config, env: &Env, req: &Request) -> Result<Response, ApiError> {
    let credits = credits::published(env).await?;
    let feed = publish::hall_of_fame_feed(&config.policy.public, &base(config, req)?, &credits);
    let body = serde_json::to_string(&feed).map_err(|e| ApiError::Internal(e.to_string()))?;
    with_headers(body, 200, &[("Content-Type", "application/feed+json"), ("Cache-Control", "public, max-age=60")])
}
