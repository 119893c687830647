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

use crate::i18n::Lang;
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

/// What a public page is: whose, its title, its path (for the language links) and its language.
struct Page<'a> {
    org: &'a Organisation,
    title: &'a str,
    path: &'static str,
    lang: Lang,
}

/// A whole public page in `page.lang`, with the shared stylesheet, `scripts` in its head and,
/// when the policy offers more than one language, links to the page in each.
fn page(page: &Page<'_>, body: &Html, scripts: &Html) -> String {
    let mut doc = Html::new();
    html!(
        doc,
        "<!doctype html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<link rel=\"stylesheet\" href=\"",
        page.lang.tag(),
        page.title
    );
    doc.push_href(&Href::path(paths::STYLESHEET));
    doc.push_raw("\">\n");
    doc.push(scripts);
    doc.push_raw("</head>\n<body>\n");
    let offered = Lang::offered(&page.org.languages);
    if offered.len() > 1 {
        html!(doc, "<nav class=\"languages\" aria-label=\"{}\">\n<ul>\n", page.lang.t("page-languages"));
        for lang in offered {
            html!(doc, "<li><a lang=\"{}\" hreflang=\"{}\" href=\"", lang.tag(), lang.tag());
            doc.push_href(&Href::localized(page.path, lang));
            if lang == page.lang {
                doc.push_raw("\" aria-current=\"page");
            }
            html!(doc, "\">{}</a></li>\n", lang.autonym());
        }
        doc.push_raw("</ul>\n</nav>\n");
    }
    doc.push_raw("<main class=\"page\">\n");
    doc.push(body);
    doc.push_raw("</main>\n</body>\n</html>\n");
    doc.into_string()
}

/// The language of a public page: `?lang=` if the policy offers it, else the first of the
/// `Accept-Language` header's that it offers, else the policy's first language.
pub fn page_language(org: &Organisation, query_lang: Option<&str>, accept_language: Option<&str>) -> Lang {
    let offered = Lang::offered(&org.languages);
    let mut wanted: Vec<(f32, usize, &str)> = accept_language
        .unwrap_or_default()
        .split(',')
        .enumerate()
        .filter_map(|(i, item)| {
            let mut parts = item.split(';');
            let tag = parts.next()?.trim();
            let q = parts
                .find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.trim().parse::<f32>().ok()))
                .unwrap_or(1.0);
            (!tag.is_empty() && q > 0.0).then_some((q, i, tag))
        })
        .collect();
    wanted.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    Lang::choose(query_lang.into_iter().chain(wanted.into_iter().map(|(_, _, tag)| tag)), &offered)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_in_the_asked_language_else_the_browsers_best_offered_else_the_first() {
        let org = Organisation {
            name: "Org".to_owned(),
            website: None,
            languages: vec!["nl".to_owned(), "en".to_owned(), "de".to_owned()],
            introduction: None,
        };
        for (query, accept, want) in [
            (Some("de"), Some("en"), Lang::De),
            (Some("fr"), Some("en"), Lang::En),
            (None, Some("fr-CH, fr;q=0.9, de;q=0.8, en;q=0.7"), Lang::De),
            (None, Some("en;q=0.5, de"), Lang::De),
            (None, Some("de;q=0, en"), Lang::En),
            (None, Some("*"), Lang::Nl),
            (None, None, Lang::Nl),
        ] {
            assert_eq!(page_language(&org, query, accept), want, "{query:?} {accept:?}");
        }
    }
}
