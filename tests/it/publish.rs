//! What each example policy publishes: the policy page says everything the policy promises or
//! asks, security.txt carries the RFC 9116 fields, and the WKD hashes are GnuPG's.
//!
//! The rendered pages and security.txt files are also written to `target/sealdrop/test-pages/`
//! for the end-to-end tests, which open the pages in headless Chromium and run the independent
//! `sectxt` validator on the files.

use std::path::PathBuf;
use std::process::Command;

use chrono::{DateTime, Utc};
use sealdrop_shared::address::Email;
use sealdrop_shared::field::{FIELDS, FieldKind};
use sealdrop_shared::i18n::Lang;
use sealdrop_shared::localized::Localized;
use sealdrop_shared::policy::{Credit, PublicPolicy, Reward};
use sealdrop_shared::publish::{self, PublishedCredit};
use sealdrop_tests::{example_policies, load_policy, root};

/// Every piece of text a policy promises or asks: the page in `lang` must show each (the
/// policy's own texts in `lang` where it gives them, else in its first language).
fn promised_strings(p: &PublicPolicy, lang: Lang) -> Vec<String> {
    let first = p.first_language();
    let text = |t: &Localized| t.get(lang.tag(), first).text.to_owned();
    let mut s = vec![p.organisation.name.clone(), p.key.fingerprint.grouped()];
    s.extend(p.staff_keys.iter().map(|k| k.fingerprint.grouped()));
    s.extend(p.organisation.introduction.iter().map(text));
    s.extend(p.organisation.website.clone());
    s.extend(p.organisation.languages.iter().cloned());
    s.extend(p.contact.email.as_ref().map(ToString::to_string));
    s.push(format!(" {} ", p.response.business_days));
    s.push(p.response.time_zone.name().to_owned());
    s.extend(p.response.details.iter().map(text));
    s.extend(p.response.holidays.iter().map(|d| d.to_string()));
    s.extend(p.scope.in_scope.iter().map(ToString::to_string));
    s.extend(p.scope.out_of_scope.iter().map(text));
    s.extend(p.rules.items.iter().map(text));
    s.extend(p.rules.notes.iter().map(text));
    let pr = &p.promises;
    s.extend([&pr.safe_harbour, &pr.confidentiality, &pr.keep_informed].into_iter().flatten().map(text));
    s.extend(pr.credit.as_ref().map(|c| text(&c.text)));
    s.extend(pr.reward.as_ref().map(|r| text(&r.text)));
    s.extend(pr.reward.as_ref().and_then(|r| r.minimum.clone()));
    s.extend(pr.other.iter().map(text));
    for f in FIELDS.iter().filter(|f| f.kind != FieldKind::Consent && p.offers(f.id)) {
        s.push(f.id.label(lang));
        s.push(f.id.hint(lang));
    }
    s.into_iter().map(|t| normalise(&t)).collect()
}

fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text a reader sees: tags removed, entities decoded, whitespace collapsed.
fn visible_text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'");
    normalise(&out.replace("&amp;", "&"))
}

fn pages_dir() -> PathBuf {
    root().join("target/sealdrop/test-pages")
}

#[test]
fn every_example_policy_page_shows_everything_it_promises_or_asks() {
    std::fs::create_dir_all(pages_dir()).unwrap();
    for (slug, path) in example_policies() {
        let deployed = load_policy(&path).unwrap();
        let p = &deployed.public;
        let user_ids = p.org_key().unwrap().user_ids();
        let offered = Lang::offered(&p.organisation.languages);
        for lang in &offered {
            let text = visible_text(&publish::policy_page(p, &user_ids, *lang));
            for s in &promised_strings(p, *lang) {
                assert!(text.contains(s.as_str()), "{slug}, {lang:?}: the policy page does not show {s:?}");
            }
        }
        // What the end-to-end tests open: the page in the policy's first language.
        let html = publish::policy_page(p, &user_ids, offered[0]);
        let text = visible_text(&html);
        let expected = promised_strings(p, offered[0]);
        for uid in &user_ids {
            assert!(text.contains(&normalise(uid)), "{slug}: user id {uid}");
        }
        let pins = p.pins();
        assert!(html.contains(&format!("data-fingerprint=\"{pins}\"")), "{slug}: widget pins every key");
        assert!(!html.contains("<script>") && !html.contains(" style="), "{slug}: no inline script or style");
        std::fs::write(pages_dir().join(format!("{slug}.html")), &html).unwrap();
        std::fs::write(pages_dir().join(format!("{slug}.expect.json")), serde_json::to_string(&expected).unwrap())
            .unwrap();
    }
}

#[test]
fn security_txt_carries_the_rfc_9116_fields() {
    let now: DateTime<Utc> = "2026-11-22T15:04:05Z".parse().unwrap();
    for (slug, path) in example_policies() {
        let p = load_policy(&path).unwrap().public;
        let base = "https://security.example.org";
        let txt = publish::security_txt(&p, base, now);
        let field = |name: &str| -> Vec<String> {
            txt.lines().filter_map(|l| l.strip_prefix(&format!("{name}: ")).map(str::to_owned)).collect()
        };
        assert_eq!(field("Contact")[0], format!("{base}/policy/"), "{slug}: the widget's page comes first");
        assert_eq!(field("Contact").get(1).cloned(), p.contact.email.as_ref().map(|e| format!("mailto:{e}")), "{slug}");
        assert_eq!(field("Expires"), vec!["2027-05-21T00:00:00Z".to_owned()], "{slug}: 180 days ahead");
        assert_eq!(field("Encryption"), vec![format!("{base}/policy/key.asc")], "{slug}");
        assert_eq!(field("Policy"), vec![format!("{base}/policy/")], "{slug}");
        assert_eq!(field("Canonical"), vec![format!("{base}/.well-known/security.txt")], "{slug}");
        assert_eq!(field("Preferred-Languages"), vec![p.organisation.languages.join(", ")], "{slug}");
        let hall = p.promises.credit.as_ref().is_some_and(|c| c.hall_of_fame);
        assert_eq!(field("Acknowledgments").len(), usize::from(hall), "{slug}: hall of fame only if promised");
        std::fs::create_dir_all(pages_dir()).unwrap();
        std::fs::write(pages_dir().join(format!("{slug}.security.txt")), publish::security_txt(&p, base, Utc::now()))
            .unwrap();
    }
}

fn wks_client() -> PathBuf {
    let on_path = Command::new("sh").args(["-c", "command -v gpg-wks-client"]).output().ok();
    match on_path.filter(|o| o.status.success()) {
        Some(o) => PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()),
        None => PathBuf::from("/usr/lib/gnupg/gpg-wks-client"),
    }
}

#[test]
fn wkd_hashes_match_gnupg() {
    let mut checked = 0;
    for (slug, path) in example_policies() {
        let p = load_policy(&path).unwrap().public;
        let entries = publish::wkd_entries(&p.org_key().unwrap().user_ids());
        assert!(!entries.is_empty(), "{slug}: the key has an address for WKD");
        for e in entries {
            let address = format!("{}@{}", e.local_part, e.domain);
            let out = Command::new(wks_client())
                .args(["--print-wkd-hash", &address])
                .output()
                .unwrap_or_else(|err| panic!("gpg-wks-client (Debian package gpg-wks-client): {err}"));
            assert!(out.status.success(), "{slug}: {}", String::from_utf8_lossy(&out.stderr));
            let line = String::from_utf8_lossy(&out.stdout);
            let gnupg_hash = line.split_whitespace().next().unwrap_or_default();
            assert_eq!(e.hash, gnupg_hash, "{slug}: {address}");
            checked += 1;
        }
    }
    assert!(checked >= 5);
}

/// Strings that would be markup, or an entity, if a page inserted them unescaped, each with the
/// escaped form the page must contain instead.
const HOSTILE: &[(&str, &str)] = &[
    ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
    ("\"><script>alert(1)</script>", "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("' onmouseover='alert(1)", "&#39; onmouseover=&#39;alert(1)"),
    ("&amp;", "&amp;amp;"),
];

/// Harmless text standing in for a hostile string, to render the same page around it.
const MARK: &str = "Xq7MARKq7X";

/// Puts a text into one place of the policy.
type PolicySetter = fn(&mut PublicPolicy, &str);

/// Every text of the public policy the policy page (or the hall of fame) shows, attributes
/// included: `lang` (the first language), `href` (website, e-mail).
fn policy_texts() -> Vec<(&'static str, PolicySetter)> {
    vec![
        ("organisation.name", |p, t| p.organisation.name = format!("Org {t}")),
        ("organisation.introduction", |p, t| p.organisation.introduction = Some(t.into())),
        ("organisation.website", |p, t| p.organisation.website = Some(format!("https://www.example/{t}"))),
        ("organisation.languages[0]", |p, t| p.organisation.languages.insert(0, t.to_owned())),
        ("organisation.languages[1]", |p, t| p.organisation.languages.push(t.to_owned())),
        ("response.details", |p, t| p.response.details = Some(t.into())),
        ("scope.out_of_scope", |p, t| p.scope.out_of_scope.push(t.into())),
        ("rules.items", |p, t| p.rules.items.push(t.into())),
        ("rules.notes", |p, t| p.rules.notes.push(t.into())),
        ("promises.safe_harbour", |p, t| p.promises.safe_harbour = Some(t.into())),
        ("promises.confidentiality", |p, t| p.promises.confidentiality = Some(t.into())),
        ("promises.keep_informed", |p, t| p.promises.keep_informed = Some(t.into())),
        ("promises.credit.text", |p, t| p.promises.credit = Some(Credit { text: t.into(), hall_of_fame: true })),
        ("promises.reward.text", |p, t| p.promises.reward = Some(Reward { text: t.into(), minimum: None })),
        ("promises.reward.minimum", |p, t| {
            p.promises.reward = Some(Reward { text: "We pay.".into(), minimum: Some(t.to_owned()) })
        }),
        ("promises.other", |p, t| p.promises.other.push(t.into())),
        ("a text in the reader's language", |p, t| {
            let texts = [("en", "In English"), ("nl", t)].map(|(l, t)| (l.to_owned(), t.to_owned()));
            p.organisation.languages = vec!["en".to_owned(), "nl".to_owned()];
            p.rules.items.push(Localized::Many(texts.into_iter().collect()));
        }),
    ]
}

/// Puts a text into one field of a published credit.
type CreditSetter = fn(&mut PublishedCredit, &str);

fn credit_texts() -> Vec<(&'static str, CreditSetter)> {
    vec![
        ("name", |c, t| c.name = t.to_owned()),
        ("link", |c, t| c.link = Some(format!("https://ada.example/{t}"))),
        ("month", |c, t| c.month = t.to_owned()),
    ]
}

fn credit() -> PublishedCredit {
    PublishedCredit {
        id: "0011223344556677".to_owned(),
        name: "Ada".to_owned(),
        link: Some("https://ada.example/".to_owned()),
        month: "2026-01".to_owned(),
    }
}

/// `render` puts `text` somewhere on a page; with a hostile text the page must be the one it is
/// with harmless text, the hostile text escaped in its place: the same elements and attributes,
/// and the reader sees the text as written.
fn assert_inert(what: &str, render: impl Fn(&str) -> String) {
    let around = render(MARK);
    assert!(around.contains(MARK), "{what}: the page does not show the text at all");
    for (hostile, escaped) in HOSTILE {
        let page = render(hostile);
        assert_eq!(page, around.replace(MARK, escaped), "{what}: {hostile:?} is not rendered as inert text");
    }
}

#[test]
fn hostile_policy_texts_and_credits_render_as_inert_text() {
    for (slug, path) in example_policies() {
        let p = load_policy(&path).unwrap().public;
        let user_ids = p.org_key().unwrap().user_ids();
        for (field, set) in policy_texts() {
            let with = |t: &str| {
                let mut p = p.clone();
                set(&mut p, t);
                p
            };
            let lang = if field == "a text in the reader's language" { Lang::Nl } else { Lang::En };
            assert_inert(&format!("{slug}: policy page, {field}"), |t| publish::policy_page(&with(t), &user_ids, lang));
            if field == "organisation.name" {
                assert_inert(&format!("{slug}: hall of fame, {field}"), |t| {
                    publish::hall_of_fame_page(&with(t), &[credit()], Lang::En)
                });
            }
        }
        assert_inert(&format!("{slug}: policy page, a user id"), |t| {
            publish::policy_page(&p, &[user_ids.clone(), vec![format!("{t} <{t}@example.org>")]].concat(), Lang::En)
        });
        for (field, set) in credit_texts() {
            assert_inert(&format!("{slug}: hall of fame, credit {field}"), |t| {
                let mut c = credit();
                set(&mut c, t);
                publish::hall_of_fame_page(&p, &[c, credit()], Lang::En)
            });
        }
    }
}

/// The public address is an `Email`: what would be markup cannot be one, and what an address
/// may hold (quotes, `&`) is escaped in the text and in the `mailto:` link.
#[test]
fn hostile_public_addresses_are_refused_or_escaped() {
    for refused in
        ["<img src=x onerror=alert(1)>@example.org", "\"><script>@example.org", "a@b.example\r\nBcc: c@d.example"]
    {
        assert!(refused.parse::<Email>().is_err(), "{refused:?}");
    }
    let p = load_policy(&example_policies()[0].1).unwrap().public;
    let mut site = p.clone();
    site.contact.email = Some("o'neil\"&x@example.org".parse().unwrap());
    let page = publish::policy_page(&site, &[], Lang::En);
    let escaped = "o&#39;neil&quot;&amp;x@example.org";
    assert!(page.contains(&format!("href=\"mailto:{escaped}\"")), "escaped in the link");
    assert!(page.contains(&format!(">{escaped}</a>")), "escaped in the text");
    assert!(!page.contains("o'neil"), "never raw");
}

#[test]
fn links_that_are_not_web_urls_are_not_links() {
    let p = load_policy(&example_policies()[0].1).unwrap().public;
    for url in ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "//evil.example/"] {
        let mut site = p.clone();
        site.organisation.website = Some(url.to_owned());
        let page = publish::policy_page(&site, &[], Lang::En);
        assert!(!page.contains("rel=\"noopener\""), "website {url:?} must not be linked");
        assert!(visible_text(&page).contains(url), "website {url:?} is still shown");

        let credit = PublishedCredit { link: Some(url.to_owned()), ..credit() };
        let page = publish::hall_of_fame_page(&p, &[credit], Lang::En);
        assert!(!page.contains("rel=\"nofollow noopener\""), "credit link {url:?} must not be linked");
        assert!(visible_text(&page).contains("Ada"), "the name is still shown");
    }
}
