//! The four catalogues (`shared/src/i18n/*.ftl`): each parses, has exactly English's messages and
//! attributes, uses only placeholders English gives, and is not English left untranslated; every
//! message the code asks for exists, including the ones whose ids are built from tables (fields,
//! options, CVSS metrics, months, stages, statuses).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use fluent_syntax::ast;
use sealdrop_shared::field::{FIELDS, FieldKind};
use sealdrop_shared::i18n::Lang;
use sealdrop_shared::severity::Version;

/// Every message and attribute of a catalogue (`id` or `id.attribute`), with its placeholders
/// and its text (placeholders as `{}`).
fn entries(lang: Lang) -> BTreeMap<String, (BTreeSet<String>, String)> {
    let resource = fluent_syntax::parser::parse(lang.source())
        .unwrap_or_else(|(_, errors)| panic!("{}.ftl does not parse: {errors:?}", lang.tag()));
    let mut out = BTreeMap::new();
    for entry in resource.body {
        if let ast::Entry::Message(m) = entry {
            if let Some(value) = &m.value {
                out.insert(m.id.name.to_owned(), pattern(value));
            }
            for a in &m.attributes {
                out.insert(format!("{}.{}", m.id.name, a.id.name), pattern(&a.value));
            }
        }
    }
    out
}

fn pattern(p: &ast::Pattern<&str>) -> (BTreeSet<String>, String) {
    let mut vars = BTreeSet::new();
    let mut text = String::new();
    walk(p, &mut vars, &mut text);
    (vars, text)
}

fn walk(p: &ast::Pattern<&str>, vars: &mut BTreeSet<String>, text: &mut String) {
    for element in &p.elements {
        match element {
            ast::PatternElement::TextElement { value } => text.push_str(value),
            ast::PatternElement::Placeable { expression } => {
                text.push_str("{}");
                expression_vars(expression, vars, text);
            }
        }
    }
}

fn expression_vars(e: &ast::Expression<&str>, vars: &mut BTreeSet<String>, text: &mut String) {
    match e {
        ast::Expression::Inline(i) => inline_vars(i, vars),
        ast::Expression::Select { selector, variants } => {
            inline_vars(selector, vars);
            for v in variants {
                walk(&v.value, vars, text);
            }
        }
    }
}

fn inline_vars(i: &ast::InlineExpression<&str>, vars: &mut BTreeSet<String>) {
    if let ast::InlineExpression::VariableReference { id } = i {
        vars.insert(id.name.to_owned());
    }
}

/// Messages a translation may leave as English wrote them: placeholders only, codes, and words
/// that are the same in that language.
const SAME_AS_ENGLISH: &[(&str, &[&str])] = &[
    ("date-time", &["nl"]),
    ("size-bytes", &["nl"]),
    ("size-kib", &["nl", "de"]),
    ("size-mib", &["nl", "de"]),
    ("cvss-summary", &["nl", "fr", "de"]),
    ("field-product", &["nl"]),
    ("field-impact", &["nl", "fr"]),
    ("field-description", &["fr"]),
    ("field-proof-of-concept", &["nl"]),
    ("vulnerability-type-1", &["nl"]),
    ("vulnerability-type-6", &["nl"]),
    ("vulnerability-type-7", &["nl"]),
    ("cvss-value-adjacent", &["fr"]),
    ("cvss-value-local", &["fr"]),
    ("cvss-value-passive", &["fr"]),
    ("cvss-value-active", &["fr"]),
    ("case-messages", &["fr"]),
    ("month-4", &["de"]),
    ("month-8", &["de"]),
    ("month-9", &["de"]),
    ("month-11", &["de"]),
    ("form-optional", &["de"]),
    ("page-hall-of-fame-link", &["nl"]),
    ("page-hall-of-fame-title", &["nl"]),
];

#[test]
fn every_catalogue_has_englishs_messages_in_its_own_words() {
    let english = entries(Lang::En);
    let mut problems = Vec::new();
    for lang in Lang::ALL.into_iter().skip(1) {
        let tag = lang.tag();
        let other = entries(lang);
        for id in english.keys().filter(|id| !other.contains_key(*id)) {
            problems.push(format!("{tag}: {id} is missing"));
        }
        for id in other.keys().filter(|id| !english.contains_key(*id)) {
            problems.push(format!("{tag}: {id} is not in en.ftl"));
        }
        for (id, (vars, text)) in &other {
            let Some((en_vars, en_text)) = english.get(id) else { continue };
            let unknown: Vec<_> = vars.difference(en_vars).collect();
            if !unknown.is_empty() {
                problems.push(format!("{tag}: {id} uses {unknown:?}, which English does not give"));
            }
            let allowed = SAME_AS_ENGLISH.iter().any(|(i, langs)| i == id && langs.contains(&tag));
            if text == en_text && text.chars().any(char::is_alphabetic) && !allowed {
                problems.push(format!("{tag}: {id} is English: {text:?}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_allowed_english_words_are_still_english_words() {
    // An entry of SAME_AS_ENGLISH that no longer matches is stale: it would hide a future copy.
    let english = entries(Lang::En);
    for (id, langs) in SAME_AS_ENGLISH {
        for tag in *langs {
            let lang = Lang::parse(tag).expect("a language");
            let text = &entries(lang)[*id].1;
            assert_eq!(text, &english[*id].1, "{tag}: {id} is translated now; drop it from SAME_AS_ENGLISH");
        }
    }
}

/// The ids the code asks for by name: `t("…")`, `tf("…"`, `.t("…")`, `.tf("…"`, and `"…"` ids
/// handed to those through a table, found in the widget's and the shared crate's sources.
fn ids_in_code() -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for dir in ["widget/src", "shared/src"] {
        collect(&root.join(dir), &mut files);
    }
    let english = entries(Lang::En);
    for file in files {
        let text = std::fs::read_to_string(&file).expect("a source file");
        for (i, _) in text.match_indices('"') {
            let rest = &text[i + 1..];
            let Some(end) = rest.find('"') else { continue };
            let candidate = &rest[..end];
            let looks_like_id = (candidate.contains('-') || english.contains_key(candidate))
                && !candidate.ends_with('-')
                && candidate.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.');
            let prefix = candidate.split('-').next().unwrap_or_default();
            let known_prefix = english.keys().any(|k| k.split('-').next() == Some(prefix));
            if looks_like_id && known_prefix && is_message_call(&text[..i]) {
                ids.insert(candidate.to_owned());
            }
        }
    }
    ids
}

/// Whether the string literal that starts after `before` is an argument of a message call or a
/// message-id table.
fn is_message_call(before: &str) -> bool {
    let tail = before.trim_end();
    ["t(", "tf(", "=>", "(", ",", "{", "="].iter().any(|end| tail.ends_with(end))
        && !tail.ends_with("class=")
        && !tail.ends_with("id=")
}

fn collect(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("a source directory").flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
}

#[test]
fn every_message_the_code_asks_for_is_in_english() {
    let english = entries(Lang::En);
    let mut wanted: BTreeSet<String> = ids_in_code();
    assert!(wanted.len() > 100, "the scan finds the code's messages ({} found)", wanted.len());
    for spec in FIELDS {
        wanted.insert(spec.message_id.to_owned());
        wanted.insert(format!("{}.hint", spec.message_id));
        match spec.kind {
            FieldKind::Choice { options, option_ids } => {
                wanted.insert(format!("{}.prompt", spec.message_id));
                wanted.extend((1..=options.len()).map(|n| format!("{option_ids}-{n}")));
            }
            FieldKind::Product => {
                wanted.insert(format!("{}.prompt", spec.message_id));
            }
            _ => {}
        }
    }
    for version in Version::ALL {
        for metric in version.metrics() {
            wanted.insert(format!("cvss-metric-{}", metric.code.to_ascii_lowercase()));
            wanted.extend(metric.values.iter().map(|(_, name)| format!("cvss-value-{}", name.to_ascii_lowercase())));
        }
    }
    wanted.extend(["none", "low", "medium", "high", "critical"].map(|r| format!("cvss-rating-{r}")));
    wanted.extend((1..=12).map(|m| format!("month-{m}")));
    wanted.extend((1..=7).map(|d| format!("weekday-{d}")));
    for (stage, _) in sealdrop_shared::followup::stages(&[]) {
        wanted.insert(format!("stage-{}", stage.to_lowercase()));
    }
    for status in sealdrop_shared::staff::Status::TRIAGED {
        wanted.insert(format!("status-{}", status.as_str().replace('_', "-")));
    }
    let missing: Vec<_> = wanted.iter().filter(|id| !english.contains_key(*id)).collect();
    assert!(missing.is_empty(), "asked for but not in en.ftl: {missing:?}");
    // And nothing in the catalogue is left over from code that is gone.
    let unused: Vec<_> = english.keys().filter(|id| !wanted.contains(*id)).collect();
    assert!(unused.is_empty(), "in en.ftl but never asked for: {unused:?}");
}
