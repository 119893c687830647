//! Report validation: a draft becomes a report or every field error at once, by the policy.

use sealdrop_shared::field::{FIELDS, FieldKind};
use sealdrop_shared::policy::PublicPolicy;
use sealdrop_shared::publish;
use sealdrop_shared::report::{AttachmentMeta, Draft, FieldId, Problem, check_field, validate};
use sealdrop_tests::{load_policy, root};

fn policy() -> PublicPolicy {
    load_policy(&root().join("examples/policies/nimbus-cloud/policy.toml")).expect("policy").public
}

/// What a reporter typed into each text field of a valid report (the others stay empty).
const TYPED: &[(FieldId, &str)] = &[
    (FieldId::Title, "Open redirect on login"),
    (FieldId::VulnerabilityType, "Misconfiguration"),
    (FieldId::Affected, "https://app.nimbus.example/login?next=//evil.example"),
    (FieldId::Description, "The next parameter is not checked."),
    (FieldId::Steps, "1. Visit the URL.\n2. Log in."),
    (FieldId::Impact, "Phishing."),
];

fn valid() -> Draft {
    let mut draft = TYPED.iter().fold(Draft::default(), |d, &(field, value)| d.with_text(field, value));
    draft.attachments = vec![AttachmentMeta { name: "shot.png".into(), size: 1000, media_type: "image/png".into() }];
    draft.consent = true;
    draft
}

fn errors(policy: &PublicPolicy, draft: &Draft) -> Vec<FieldId> {
    match validate(policy, draft) {
        Ok(_) => vec![],
        Err(errors) => errors.into_iter().map(|e| e.field).collect(),
    }
}

fn set(draft: &mut Draft, field: FieldId, value: &str) {
    *draft.text_mut(field).expect("a text field") = value.to_owned();
}

#[test]
fn drafts_table() {
    let p = policy();
    let limit = p.attachments.max_total_bytes;
    type Edit = fn(&mut Draft, u64);
    let cases: &[(&str, Edit, &[FieldId])] = &[
        ("valid", |_, _| {}, &[]),
        ("whitespace is empty", |d, _| set(d, FieldId::Title, "  \n "), &[FieldId::Title]),
        ("no consent", |d, _| d.consent = false, &[FieldId::Consent]),
        ("out of scope host", |d, _| set(d, FieldId::Affected, "www.other.example"), &[FieldId::Affected]),
        ("not a target", |d, _| set(d, FieldId::Affected, "javascript:alert(1)"), &[FieldId::Affected]),
        ("IP in scope", |d, _| set(d, FieldId::Affected, "192.0.2.17"), &[]),
        ("unknown type", |d, _| set(d, FieldId::VulnerabilityType, "Bad vibes"), &[FieldId::VulnerabilityType]),
        ("optional type may be empty", |d, _| set(d, FieldId::VulnerabilityType, ""), &[]),
        ("a weakness of the catalogue", |d, _| set(d, FieldId::Weakness, "CWE-601"), &[]),
        ("a weakness by its number", |d, _| set(d, FieldId::Weakness, " 601 "), &[]),
        ("a category is not a weakness", |d, _| set(d, FieldId::Weakness, "CWE-16"), &[FieldId::Weakness]),
        ("a weakness prohibited for mapping", |d, _| set(d, FieldId::Weakness, "CWE-391"), &[FieldId::Weakness]),
        ("words are not a weakness", |d, _| set(d, FieldId::Weakness, "open redirect"), &[FieldId::Weakness]),
        ("newlines are fine in multi-line fields", |d, _| set(d, FieldId::Steps, "a\nb\r\nc\td"), &[]),
        ("attachments over the limit", |d, limit| d.attachments[0].size = limit + 1, &[FieldId::Attachments]),
        ("attachments exactly at the limit", |d, limit| d.attachments[0].size = limit, &[]),
        ("empty file", |d, _| d.attachments[0].size = 0, &[FieldId::Attachments]),
        (
            "a file name with a bidi override",
            |d, _| d.attachments[0].name = "poc\u{202E}gpj.exe".into(),
            &[FieldId::Attachments],
        ),
        (
            "a file name with an escape sequence",
            |d, _| d.attachments[0].name = "a\u{1b}[2J.png".into(),
            &[FieldId::Attachments],
        ),
        ("a file name in another script", |d, _| d.attachments[0].name = "снимок экрана.png".into(), &[]),
        ("too many files", |d, _| d.attachments = vec![d.attachments[0].clone(); 11], &[FieldId::Attachments]),
        ("pseudonymous: contact optional", |d, _| set(d, FieldId::Contact, ""), &[]),
    ];
    for (what, edit, expected) in cases {
        let mut draft = valid();
        edit(&mut draft, limit);
        assert_eq!(errors(&p, &draft), expected.to_vec(), "{what}");
    }
}

#[test]
fn an_empty_draft_reports_every_required_field_at_once() {
    let p = policy();
    let required: Vec<FieldId> = FIELDS.iter().filter(|f| p.fields.is_required(f.id)).map(|f| f.id).collect();
    assert!(required.len() > 2, "the example policy requires more than the form does: {required:?}");
    assert_eq!(errors(&p, &Draft::default()), required);
}

#[test]
fn every_text_field_enforces_its_own_limits() {
    let p = policy();
    for spec in FIELDS.iter().filter(|f| f.kind.holds_text()) {
        let mut draft = valid();
        set(&mut draft, spec.id, &"x".repeat(spec.max_chars + 1));
        let too_long = Problem::TooLong { max: spec.max_chars, actual: spec.max_chars + 1 };
        assert_eq!(check_field(&p, &draft, spec.id), Err(too_long), "{}", spec.name);
        set(&mut draft, spec.id, "a\u{7}b");
        assert_eq!(check_field(&p, &draft, spec.id), Err(Problem::ControlCharacters), "{}: a bell", spec.name);
        set(&mut draft, spec.id, "a\nb");
        let newline = check_field(&p, &draft, spec.id);
        match spec.kind {
            FieldKind::Text => assert_eq!(newline, Ok(()), "{}: multi-line", spec.name),
            _ => assert_eq!(newline, Err(Problem::ControlCharacters), "{}: one line", spec.name),
        }
    }
}

#[test]
fn the_title_is_required_even_when_the_policy_does_not_list_it() {
    let mut p = policy();
    p.fields.required.retain(|f| *f != FieldId::Title);
    assert!(p.fields.is_required(FieldId::Title));
    let mut draft = valid();
    set(&mut draft, FieldId::Title, "");
    assert_eq!(check_field(&p, &draft, FieldId::Title), Err(Problem::Required));
    assert_eq!(errors(&p, &draft), [FieldId::Title]);
    // The policy page says so too.
    let page = publish::policy_page(&p, &[], sealdrop_shared::i18n::Lang::En);
    assert!(page.contains("Title (required)"), "the policy page calls the title optional");
    assert!(!page.contains("Title (optional)"));
}

#[test]
fn a_valid_draft_becomes_a_typed_report() {
    let report = validate(&policy(), &valid()).expect("valid");
    assert_eq!(report.title(), "Open redirect on login");
    for spec in FIELDS.iter().filter(|f| f.kind.holds_text()) {
        let typed = TYPED.iter().find(|(f, _)| *f == spec.id).map(|(_, v)| *v);
        assert_eq!(report.value(spec.id), typed, "{}", spec.name);
    }
    assert_eq!(
        report.target(FieldId::Affected).map(|a| a.to_string()),
        Some("https://app.nimbus.example/login?next=//evil.example".into())
    );
}
