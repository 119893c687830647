//! The policy page: everything the public policy says, the widget that takes reports, and the key,
//! in one of the policy's languages (`i18n::Lang`; the policy's own texts in that language when
//! the policy gives it, else in its first language, marked with `lang`).

use super::html::{Href, Html, html};
use super::{Page, page, paths};
use crate::i18n::{Arg, Lang};
use crate::localized::Localized;
use crate::policy::PublicPolicy;
use crate::report::FieldId;

/// `<ul>` with one escaped `<li>` per item.
fn list(out: &mut Html, items: impl IntoIterator<Item = String>) {
    out.push_raw("<ul>\n");
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push_raw("\n");
        }
        html!(out, "<li>{}</li>", item);
    }
    out.push_raw("\n</ul>\n");
}

/// The policy's own texts in the page's language, else in the policy's first language; each
/// element says which in its `lang`.
struct Texts<'a> {
    lang: Lang,
    first: &'a str,
}

impl<'a> Texts<'a> {
    /// The text in the page's language or the first, and the tag of the one shown.
    fn shown<'t>(&self, text: &'t Localized) -> (String, &'t str)
    where
        'a: 't,
    {
        let shown = text.get(self.lang.tag(), self.first);
        (shown.text.to_owned(), shown.lang)
    }

    fn text(&self, text: &Localized) -> String {
        self.shown(text).0
    }

    fn paragraph(&self, out: &mut Html, text: &Localized) {
        let (text, lang) = self.shown(text);
        html!(out, "<p lang=\"{}\">{}</p>\n", lang, text);
    }

    fn list<'t>(&self, out: &mut Html, texts: impl IntoIterator<Item = &'t Localized>)
    where
        'a: 't,
    {
        let shown: Vec<_> = texts.into_iter().map(|t| self.shown(t)).collect();
        list_shown(out, &shown);
    }
}

/// `<ul>` of texts, each marked with the language it is in.
fn list_shown(out: &mut Html, items: &[(String, &str)]) {
    out.push_raw("<ul>\n");
    for (i, (text, lang)) in items.iter().enumerate() {
        if i > 0 {
            out.push_raw("\n");
        }
        html!(out, "<li lang=\"{}\">{}</li>", lang, text);
    }
    out.push_raw("\n</ul>\n");
}

/// The message `id` with `slot` filled by `inner` (a link, a code element), the text around it
/// escaped: a sentence with markup inside stays one message.
pub(super) fn push_message_with(
    out: &mut Html,
    lang: Lang,
    id: &str,
    args: &[(&str, Arg<'_>)],
    slot: &'static str,
    inner: impl FnOnce(&mut Html),
) {
    const MARK: &str = "\u{E000}";
    let mut all = args.to_vec();
    all.push((slot, Arg::from(MARK)));
    let text = lang.tf(id, &all);
    let (before, after) = text.split_once(MARK).unwrap_or((text.as_str(), ""));
    out.push_text(before);
    inner(out);
    out.push_text(after);
}

/// The policy page in `lang`: scope, rules, promises, how to report (the widget, pinned to the
/// key's fingerprint and in the same language), the key and its download. Every string of the
/// public policy appears on it, escaped.
pub fn policy_page(policy: &PublicPolicy, user_ids: &[String], lang: Lang) -> String {
    let org = &policy.organisation;
    let promises = &policy.promises;
    let response = &policy.response;
    let texts = Texts { lang, first: policy.first_language() };
    let organisation = || ("organisation", Arg::from(org.name.as_str()));
    let title = lang.tf("page-policy-title", &[organisation()]);
    let mut b = Html::new();
    html!(b, "<h1>{}</h1>\n", title);
    if let Some(intro) = &org.introduction {
        texts.paragraph(&mut b, intro);
    }
    if let Some(site) = &org.website {
        b.push_raw("<p>");
        push_message_with(&mut b, lang, "page-website", &[], "link", |b| match Href::http_or_https(site) {
            Some(href) => b.push_link(&href, " rel=\"noopener\"", site),
            None => b.push_text(site),
        });
        b.push_raw("</p>\n");
    }

    html!(
        b,
        "<section id=\"report\" aria-labelledby=\"report-h\">\n<h2 id=\"report-h\">{}</h2>\n",
        lang.t("page-report")
    );
    html!(b, "<p>{}</p>\n", lang.t("page-report-how"));
    b.push_raw("<div class=\"widget\" data-sealdrop-widget></div>\n");
    if let Some(email) = &policy.contact.email {
        b.push_raw("<p>");
        push_message_with(&mut b, lang, "page-report-email", &[], "link", |b| {
            b.push_link(&Href::mailto(email), "", email.as_str());
        });
        b.push_raw("</p>\n");
    }
    b.push_raw("</section>\n");

    html!(
        b,
        "<section id=\"promises\" aria-labelledby=\"promises-h\">\n<h2 id=\"promises-h\">{}</h2>\n",
        lang.t("page-promises")
    );
    let days = || ("days", Arg::from(response.business_days));
    let zone = || ("zone", Arg::from(response.time_zone.name()));
    let ours = lang.tag();
    let mut promised: Vec<(String, &str)> = vec![match &response.details {
        Some(d) => (lang.tf("page-response-details", &[days(), zone(), ("details", Arg::from(texts.text(d)))]), ours),
        None => (lang.tf("page-response", &[days(), zone()]), ours),
    }];
    promised.extend(promises.safe_harbour.iter().map(|t| texts.shown(t)));
    promised.extend(promises.confidentiality.iter().map(|t| texts.shown(t)));
    promised.extend(promises.keep_informed.iter().map(|t| texts.shown(t)));
    if let Some(credit) = &promises.credit {
        promised.push(texts.shown(&credit.text));
    }
    if let Some(reward) = &promises.reward {
        promised.push(texts.shown(&reward.text));
        if let Some(minimum) = &reward.minimum {
            promised.push((lang.tf("page-reward-minimum", &[("minimum", Arg::from(minimum.as_str()))]), ours));
        }
    }
    promised.extend(promises.other.iter().map(|t| texts.shown(t)));
    promised.extend(policy.retention.map(|r| (r.promise(lang), ours)));
    list_shown(&mut b, &promised);
    if promises.credit.as_ref().is_some_and(|c| c.hall_of_fame) {
        b.push_raw("<p>");
        push_message_with(&mut b, lang, "page-see-hall-of-fame", &[], "link", |b| {
            b.push_link(&Href::localized(paths::HALL_OF_FAME, lang), "", &lang.t("page-hall-of-fame-link"));
        });
        b.push_raw("</p>\n");
    }
    if !response.holidays.is_empty() {
        let days: Vec<String> = response.holidays.iter().map(|d| d.format("%Y-%m-%d").to_string()).collect();
        html!(b, "<p>{}</p>\n", lang.tf("page-holidays", &[("days", Arg::from(days.join(", ")))]));
    }
    b.push_raw("</section>\n");

    html!(b, "<section id=\"rules\" aria-labelledby=\"rules-h\">\n<h2 id=\"rules-h\">{}</h2>\n", lang.t("page-rules"));
    texts.list(&mut b, &policy.rules.items);
    for note in &policy.rules.notes {
        texts.paragraph(&mut b, note);
    }
    b.push_raw("</section>\n");

    html!(b, "<section id=\"scope\" aria-labelledby=\"scope-h\">\n<h2 id=\"scope-h\">{}</h2>\n", lang.t("page-scope"));
    if policy.scope.in_scope.is_empty() {
        html!(b, "<p>{}</p>\n", lang.t("page-all-in-scope"));
    } else {
        html!(b, "<p>{}</p>\n", lang.t("page-in-scope"));
        list(&mut b, policy.scope.in_scope.iter().map(ToString::to_string));
    }
    if !policy.scope.out_of_scope.is_empty() {
        html!(b, "<p>{}</p>\n", lang.t("page-out-of-scope"));
        texts.list(&mut b, &policy.scope.out_of_scope);
    }
    b.push_raw("</section>\n");

    html!(
        b,
        "<section id=\"fields\" aria-labelledby=\"fields-h\">\n<h2 id=\"fields-h\">{}</h2>\n",
        lang.t("page-fields")
    );
    list(
        &mut b,
        FieldId::ALL.iter().filter(|f| **f != FieldId::Consent && policy.offers(**f)).map(|f| {
            let id = if policy.fields.is_required(*f) { "page-field-required" } else { "page-field-optional" };
            lang.tf(id, &[("label", Arg::from(f.label(lang))), ("hint", Arg::from(f.hint(lang)))])
        }),
    );
    let attachments = lang.tf(
        "page-attachments",
        &[
            ("files", Arg::from(policy.attachments.max_files)),
            ("size", Arg::from(lang.size(policy.attachments.max_total_bytes))),
            ("languages", Arg::from(org.languages.join(", "))),
        ],
    );
    html!(b, "<p>{}</p>\n", attachments);
    b.push_raw("</section>\n");

    html!(b, "<section id=\"key\" aria-labelledby=\"key-h\">\n<h2 id=\"key-h\">{}</h2>\n", lang.t("page-key"));
    b.push_raw("<p>");
    push_message_with(&mut b, lang, "page-fingerprint", &[], "fingerprint", |b| {
        html!(b, "<code class=\"fingerprint\">{}</code>", policy.key.fingerprint.grouped());
    });
    b.push_raw("</p>\n");
    if !user_ids.is_empty() {
        list(&mut b, user_ids.iter().cloned());
    }
    b.push_raw("<p>");
    push_message_with(&mut b, lang, "page-download-key", &[], "link", |b| {
        b.push_link(&Href::path(paths::KEY), " download", &lang.t("page-download-key-link"));
    });
    b.push_raw("</p>\n");
    if !policy.staff_keys.is_empty() {
        html!(b, "<p>{}</p>\n", lang.t("page-staff-keys"));
        list(&mut b, policy.staff_keys.iter().map(|k| k.fingerprint.grouped()));
    }
    b.push_raw("</section>\n");

    // What this page can and cannot prove: it is served by the reporting server itself.
    html!(b, "<section id=\"trust\" aria-labelledby=\"trust-h\">\n<h2 id=\"trust-h\">{}</h2>\n", lang.t("page-trust"));
    html!(b, "<p>{}</p>\n<p>", lang.t("page-trust-form"));
    push_message_with(&mut b, lang, "page-trust-check", &[], "pinned", |b| {
        html!(b, "<em>{}</em>", lang.t("page-trust-pinned"));
    });
    b.push_raw("</p>\n</section>\n");

    let mut loader = Html::new();
    html!(
        loader,
        "<script src=\"/sealdrop.js\" data-fingerprint=\"{}\" data-lang=\"{}\" data-target=\"[data-sealdrop-widget]\" async></script>\n",
        policy.pins(),
        lang.tag()
    );
    page(&Page { org, title: &title, path: paths::POLICY_PAGE, lang }, &b, &loader)
}
