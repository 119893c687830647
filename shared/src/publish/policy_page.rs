//! The policy page: everything the public policy says, the widget that takes reports, and the key.

use std::fmt::Display;

use super::html::{Href, Html, html};
use super::{page, paths};
use crate::policy::PublicPolicy;
use crate::report::{FieldId, human_size};

/// `<ul>` with one escaped `<li>` per item.
fn list<T: Display>(out: &mut Html, items: impl IntoIterator<Item = T>) {
    out.push_raw("<ul>\n");
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push_raw("\n");
        }
        html!(out, "<li>{}</li>", item);
    }
    out.push_raw("\n</ul>\n");
}

/// `<p>` with the escaped text.
fn paragraph(out: &mut Html, text: impl Display) {
    html!(out, "<p>{}</p>\n", text);
}

/// The policy page: scope, rules, promises, how to report (the widget, pinned to the key's
/// fingerprint), the key and its download. Every string of the public policy appears on it,
/// escaped.
pub fn policy_page(policy: &PublicPolicy, user_ids: &[String]) -> String {
    let org = &policy.organisation;
    let promises = &policy.promises;
    let response = &policy.response;
    let mut b = Html::new();
    html!(b, "<h1>{} — vulnerability disclosure policy</h1>\n", org.name);
    if let Some(intro) = &org.introduction {
        paragraph(&mut b, intro);
    }
    if let Some(site) = &org.website {
        b.push_raw("<p>Organisation website: ");
        match Href::http_or_https(site) {
            Some(href) => b.push_link(&href, " rel=\"noopener\"", site),
            None => b.push_text(site),
        }
        b.push_raw("</p>\n");
    }

    b.push_raw(
        "<section id=\"report\" aria-labelledby=\"report-h\">\n<h2 id=\"report-h\">Report a vulnerability</h2>\n",
    );
    b.push_raw(
        "<p>Use the form below. Your report and its attachments are encrypted in your browser to our key \
         before they are sent; nobody on the way, our servers included, can read them.</p>\n",
    );
    b.push_raw("<div class=\"widget\" data-sealdrop-widget></div>\n");
    if let Some(email) = &policy.contact.email {
        b.push_raw("<p>You can also e-mail a report encrypted to the key below to ");
        b.push_link(&Href::mailto(email), "", email.as_str());
        b.push_raw(".</p>\n");
    }
    b.push_raw("</section>\n");

    b.push_raw(
        "<section id=\"promises\" aria-labelledby=\"promises-h\">\n<h2 id=\"promises-h\">What we promise</h2>\n",
    );
    let mut promised = vec![format!(
        "We respond within {} business day(s) (counted in the {} time zone){}.",
        response.business_days,
        response.time_zone.name(),
        response.details.as_ref().map(|d| format!(" with {d}")).unwrap_or_default()
    )];
    promised.extend(promises.safe_harbour.clone());
    promised.extend(promises.confidentiality.clone());
    promised.extend(promises.keep_informed.clone());
    if let Some(credit) = &promises.credit {
        promised.push(credit.text.clone());
    }
    if let Some(reward) = &promises.reward {
        promised.push(reward.text.clone());
        if let Some(minimum) = &reward.minimum {
            promised.push(format!("The smallest reward is {minimum}."));
        }
    }
    promised.extend(promises.other.iter().cloned());
    promised.extend(policy.retention.map(|r| r.promise()));
    list(&mut b, promised);
    if promises.credit.as_ref().is_some_and(|c| c.hall_of_fame) {
        b.push_raw("<p>See our ");
        b.push_link(&Href::path(paths::HALL_OF_FAME), "", "hall of fame");
        b.push_raw(".</p>\n");
    }
    if !response.holidays.is_empty() {
        let days: Vec<String> = response.holidays.iter().map(|d| d.format("%Y-%m-%d").to_string()).collect();
        html!(b, "<p>Besides weekends, these days are not business days: {}.</p>\n", days.join(", "));
    }
    b.push_raw("</section>\n");

    b.push_raw("<section id=\"rules\" aria-labelledby=\"rules-h\">\n<h2 id=\"rules-h\">What we ask of you</h2>\n");
    list(&mut b, &policy.rules.items);
    for note in &policy.rules.notes {
        paragraph(&mut b, note);
    }
    b.push_raw("</section>\n");

    b.push_raw("<section id=\"scope\" aria-labelledby=\"scope-h\">\n<h2 id=\"scope-h\">Scope</h2>\n");
    if policy.scope.in_scope.is_empty() {
        b.push_raw("<p>Every system of ours is in scope.</p>\n");
    } else {
        b.push_raw("<p>In scope:</p>\n");
        list(&mut b, &policy.scope.in_scope);
    }
    if !policy.scope.out_of_scope.is_empty() {
        b.push_raw("<p>Not in scope, or not considered a vulnerability:</p>\n");
        list(&mut b, &policy.scope.out_of_scope);
    }
    b.push_raw("</section>\n");

    b.push_raw(
        "<section id=\"fields\" aria-labelledby=\"fields-h\">\n<h2 id=\"fields-h\">What a report contains</h2>\n",
    );
    list(
        &mut b,
        FieldId::ALL.iter().filter(|f| **f != FieldId::Consent && policy.offers(**f)).map(|f| {
            let need = if policy.fields.is_required(*f) { "required" } else { "optional" };
            format!("{} ({need}): {}", f.label(), f.hint())
        }),
    );
    html!(
        b,
        "<p>Up to {} attachment(s), {} in total. Reports may be written in: {}.</p>\n",
        policy.attachments.max_files,
        human_size(policy.attachments.max_total_bytes),
        org.languages.join(", ")
    );
    b.push_raw("</section>\n");

    b.push_raw("<section id=\"key\" aria-labelledby=\"key-h\">\n<h2 id=\"key-h\">Our OpenPGP key</h2>\n");
    html!(b, "<p>Fingerprint: <code class=\"fingerprint\">{}</code></p>\n", policy.key.fingerprint.grouped());
    if !user_ids.is_empty() {
        list(&mut b, user_ids);
    }
    b.push_raw("<p>");
    b.push_link(&Href::path(paths::KEY), " download", "Download the key");
    b.push_raw(" (also published in our Web Key Directory).</p>\n");
    if !policy.staff_keys.is_empty() {
        b.push_raw("<p>Each report is also encrypted to the personal keys of our security staff:</p>\n");
        list(&mut b, policy.staff_keys.iter().map(|k| k.fingerprint.grouped()));
    }
    b.push_raw("</section>\n");

    // What this page can and cannot prove: it is served by the reporting server itself.
    b.push_raw(
        "<section id=\"trust\" aria-labelledby=\"trust-h\">\n<h2 id=\"trust-h\">What this page can prove</h2>\n\
         <p>The form above encrypts your report in your browser, and it checks the keys it is given against the \
         fingerprints on this page. But this page, the form's code and the keys all come from the reporting server: \
         whoever controls that server could change all of them together, and nothing here could tell.</p>\n\
         <p>To be sure, compare the fingerprint above with one published somewhere the server does not control \
         (the organisation's own website or a signed security.txt), or report through the form on the organisation's \
         own site if it embeds the <em>pinned</em> snippet: there your browser checks every file of the form and the \
         keys against hashes fixed in that page before anything runs.</p>\n</section>\n",
    );

    let mut loader = Html::new();
    html!(
        loader,
        "<script src=\"/sealdrop.js\" data-fingerprint=\"{}\" data-target=\"[data-sealdrop-widget]\" async></script>\n",
        policy.pins()
    );
    page(org, "vulnerability disclosure policy", &b, &loader)
}
