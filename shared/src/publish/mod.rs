//! What an organisation publishes from its one policy file: `security.txt` (RFC 9116), the Web
//! Key Directory (draft-koch-openpgp-webkey-service, direct method), the policy page and the hall
//! of fame. Pure functions of the policy and the current time: the worker serves their output,
//! tests check it with independent tools.
//!
//! One file per thing published; the pages are built with `html::Html`, which escapes every
//! string it is given.

pub mod embed;
mod hall_of_fame;
mod html;
mod policy_page;
mod security_txt;
mod wkd;

pub use hall_of_fame::{CreditProblem, PublishedCredit, check_credit, credit_id, hall_of_fame_feed, hall_of_fame_page};
pub use policy_page::policy_page;
pub use security_txt::{
    SECURITY_TXT_VALIDITY_DAYS, SIGNED_EXPIRY_WARNING_DAYS, security_txt, signed_expiry_warning,
    signed_security_txt_expires,
};
pub use wkd::{WkdEntry, wkd_entries, wkd_hash, zbase32};

use crate::policy::Organisation;
use html::{Href, Html, html};

/// Paths below the worker's origin that the published pages link to: the endpoint table's
/// (`crate::api`), plus the stylesheet, a static asset.
pub mod paths {
    use crate::api::{EndpointId, endpoint_of};

    /// The policy page, which also hosts the widget.
    pub const POLICY_PAGE: &str = endpoint_of(EndpointId::PolicyPage).path;
    /// The armored organisation key.
    pub const KEY: &str = endpoint_of(EndpointId::PolicyKey).path;
    /// The hall of fame page.
    pub const HALL_OF_FAME: &str = endpoint_of(EndpointId::HallOfFame).path;
    /// The hall of fame as a JSON Feed.
    pub const HALL_OF_FAME_FEED: &str = endpoint_of(EndpointId::HallOfFameFeed).path;
    /// RFC 9116.
    pub const SECURITY_TXT: &str = endpoint_of(EndpointId::SecurityTxt).path;
    /// Shared stylesheet of the public pages (a static asset, not an endpoint).
    pub const STYLESHEET: &str = "/site.css";
}

/// A whole public page of `org`, titled `{org name} — {what}`, in the organisation's first
/// language, with the shared stylesheet and `scripts` in its head.
fn page(org: &Organisation, what: &str, body: &Html, scripts: &Html) -> String {
    let lang = org.languages.first().map(String::as_str).unwrap_or("en");
    let mut doc = Html::new();
    html!(
        doc,
        "<!doctype html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{} — {}</title>\n<link rel=\"stylesheet\" href=\"",
        lang,
        org.name,
        what
    );
    doc.push_href(&Href::path(paths::STYLESHEET));
    doc.push_raw("\">\n");
    doc.push(scripts);
    doc.push_raw("</head>\n<body>\n<main class=\"page\">\n");
    doc.push(body);
    doc.push_raw("</main>\n</body>\n</html>\n");
    doc.into_string()
}
