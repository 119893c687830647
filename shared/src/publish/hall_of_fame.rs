//! The hall of fame: the credits staff published, as a page and as a JSON Feed, and the checks a
//! credit passes before it is published.

use serde::Serialize;
use sha2::Digest as _;

use super::html::{Href, Html, html};
use super::policy_page::push_message_with;
use super::{Page, page, paths};
use crate::i18n::{Arg, Lang};
use crate::policy::PublicPolicy;

/// A credit staff published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublishedCredit {
    /// Stable public id (not the case id).
    pub id: String,
    /// The name the reporter wants to be credited with.
    pub name: String,
    /// An `https://` link, if any.
    pub link: Option<String>,
    /// `YYYY-MM` of the report.
    pub month: String,
}

/// Why a credit cannot be published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CreditProblem {
    /// Empty name.
    #[error("the name must not be empty")]
    NameEmpty,
    /// Too long.
    #[error("the name is longer than 100 characters")]
    NameTooLong,
    /// Control or bidirectional-override characters.
    #[error("the name must not contain control characters or bidirectional overrides")]
    NameControl,
    /// Not an https URL.
    #[error("the link must be an https:// URL of at most 300 characters")]
    LinkInvalid,
}

/// Checks a credit's name and link; returns them trimmed.
pub fn check_credit(name: &str, link: Option<&str>) -> Result<(String, Option<String>), CreditProblem> {
    let name = name.trim();
    if name.is_empty() {
        return Err(CreditProblem::NameEmpty);
    }
    if name.chars().count() > 100 {
        return Err(CreditProblem::NameTooLong);
    }
    if crate::text::has_deceptive_characters(name) {
        return Err(CreditProblem::NameControl);
    }
    let link = match link.map(str::trim).filter(|l| !l.is_empty()) {
        None => None,
        Some(l) => {
            // The same rule the page applies before it links the name.
            if l.len() > 300 || Href::https(l).is_none() {
                return Err(CreditProblem::LinkInvalid);
            }
            Some(l.to_owned())
        }
    };
    Ok((name.to_owned(), link))
}

/// The public id of a credit: derived from the case id, which it does not reveal.
pub fn credit_id(case_id: &str) -> String {
    hex::encode(&sha2::Sha256::digest(format!("sealdrop-credit:{case_id}").as_bytes())[..8])
}

/// The hall of fame page; `credits` newest first. Names and months are escaped; a link is shown
/// only if it is an `https://` URL (as [`check_credit`] made sure), and escaped too.
pub fn hall_of_fame_page(policy: &PublicPolicy, credits: &[PublishedCredit], lang: Lang) -> String {
    let org = &policy.organisation;
    let title = lang.tf("page-hall-of-fame-title", &[("organisation", Arg::from(org.name.as_str()))]);
    let mut b = Html::new();
    html!(b, "<h1>{}</h1>\n<p>", title);
    push_message_with(&mut b, lang, "page-hall-of-fame-intro", &[], "link", |b| {
        b.push_link(&Href::localized(paths::POLICY_PAGE, lang), "", &lang.t("page-hall-of-fame-policy-link"));
    });
    b.push_raw("</p>\n");
    if credits.is_empty() {
        html!(b, "<p class=\"empty\">{}</p>\n", lang.t("page-hall-of-fame-empty"));
    } else {
        b.push_raw("<ol class=\"credits\" reversed>\n");
        for c in credits {
            b.push_raw("<li data-credit><span class=\"name\">");
            match c.link.as_deref().and_then(Href::https) {
                Some(href) => b.push_link(&href, " rel=\"nofollow noopener\"", &c.name),
                None => b.push_text(&c.name),
            }
            html!(b, "</span> <time datetime=\"{0}\">{0}</time></li>\n", c.month);
        }
        b.push_raw("</ol>\n");
    }
    b.push_raw("<p>");
    b.push_link(&Href::path(paths::HALL_OF_FAME_FEED), "", &lang.t("page-hall-of-fame-feed"));
    b.push_raw("</p>\n");
    page(&Page { org, title: &title, path: paths::HALL_OF_FAME, lang }, &b, &Html::new())
}

/// The hall of fame as a JSON Feed 1.1 document.
pub fn hall_of_fame_feed(policy: &PublicPolicy, base: &str, credits: &[PublishedCredit]) -> serde_json::Value {
    let base = base.trim_end_matches('/');
    let items: Vec<serde_json::Value> = credits
        .iter()
        .map(|c| {
            serde_json::json!({
                "id": c.id,
                "title": c.name,
                "url": c.link,
                "content_text": format!("{} reported a vulnerability to {} ({}).", c.name, policy.organisation.name, c.month),
                "date_published": format!("{}-01T00:00:00Z", c.month),
            })
        })
        .collect();
    serde_json::json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": format!("{} — hall of fame", policy.organisation.name),
        "home_page_url": format!("{base}{}", paths::HALL_OF_FAME),
        "feed_url": format!("{base}{}", paths::HALL_OF_FAME_FEED),
        "items": items,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credits_are_checked() {
        type Case<'a> = (&'a str, Option<&'a str>, Result<(&'a str, Option<&'a str>), CreditProblem>);
        let cases: &[Case] = &[
            (" Ada ", None, Ok(("Ada", None))),
            ("Ada", Some("https://ada.example/"), Ok(("Ada", Some("https://ada.example/")))),
            ("Ada", Some(""), Ok(("Ada", None))),
            ("", None, Err(CreditProblem::NameEmpty)),
            ("a\u{7}b", None, Err(CreditProblem::NameControl)),
            ("Ada\u{202E}nimda", None, Err(CreditProblem::NameControl)),
            ("\u{2067}Ada", None, Err(CreditProblem::NameControl)),
            ("Ada", Some("javascript:alert(1)"), Err(CreditProblem::LinkInvalid)),
            ("Ada", Some("http://ada.example/"), Err(CreditProblem::LinkInvalid)),
        ];
        for (name, link, expected) in cases {
            let got = check_credit(name, *link);
            let expected = expected.map(|(n, l)| (n.to_owned(), l.map(str::to_owned)));
            assert_eq!(got, expected, "{name:?} {link:?}");
        }
        assert_eq!(check_credit(&"x".repeat(101), None), Err(CreditProblem::NameTooLong));
    }
}
