//! Report validation: a draft becomes a report or every field error at once, by the policy.

use sealdrop_shared::policy::PublicPolicy;
use sealdrop_shared::report::{AttachmentMeta, Draft, FieldId, validate};
use sealdrop_tests::{load_policy, root};

fn policy() -> PublicPolicy {
    load_policy(&root().join("examples/policies/nimbus-cloud/policy.toml")).expect("policy").public
}

fn valid() -> Draft {
    Draft {
        title: "Open redirect on login".into(),
        vulnerability_type: "Misconfiguration".into(),
        affected: "https://app.nimbus.example/login?next=//evil.example".into(),
        description: "The next parameter is not checked.".into(),
        prerequisites: String::new(),
        steps: "1. Visit the URL.\n2. Log in.".into(),
        impact: "Phishing.".into(),
        contact: String::new(),
        credit: String::new(),
        attachments: vec![AttachmentMeta { name: "shot.png".into(), size: 1000, media_type: "image/png".into() }],
        consent: true,
    }
}

fn errors(draft: &Draft) -> Vec<FieldId> {
    match validate(&policy(), draft) {
        Ok(_) => vec![],
        Err(errors) => errors.into_iter().map(|e| e.field).collect(),
    }
}

#[test]
fn drafts_table() {
    let p = policy();
    let limit = p.attachments.max_total_bytes;
    type Edit = fn(&mut Draft, u64);
    let cases: &[(&str, Edit, &[FieldId])] = &[
        ("valid", |_, _| {}, &[]),
        (
            "empty draft reports every required field at once",
            |d, _| *d = Draft::default(),
            &[
                FieldId::Title,
                FieldId::Affected,
                FieldId::Description,
                FieldId::Steps,
                FieldId::Impact,
                FieldId::Consent,
            ],
        ),
        ("whitespace is empty", |d, _| d.title = "  \n ".into(), &[FieldId::Title]),
        ("no consent", |d, _| d.consent = false, &[FieldId::Consent]),
        ("out of scope host", |d, _| d.affected = "www.other.example".into(), &[FieldId::Affected]),
        ("not a target", |d, _| d.affected = "javascript:alert(1)".into(), &[FieldId::Affected]),
        ("IP in scope", |d, _| d.affected = "192.0.2.17".into(), &[]),
        ("unknown type", |d, _| d.vulnerability_type = "Bad vibes".into(), &[FieldId::VulnerabilityType]),
        ("optional type may be empty", |d, _| d.vulnerability_type.clear(), &[]),
        ("title too long", |d, _| d.title = "x".repeat(201), &[FieldId::Title]),
        ("control characters in a one-line field", |d, _| d.title = "a\u{7}b".into(), &[FieldId::Title]),
        ("newlines are fine in multi-line fields", |d, _| d.steps = "a\nb\r\nc\td".into(), &[]),
        ("attachments over the limit", |d, limit| d.attachments[0].size = limit + 1, &[FieldId::Attachments]),
        ("attachments exactly at the limit", |d, limit| d.attachments[0].size = limit, &[]),
        ("empty file", |d, _| d.attachments[0].size = 0, &[FieldId::Attachments]),
        ("too many files", |d, _| d.attachments = vec![d.attachments[0].clone(); 11], &[FieldId::Attachments]),
        ("pseudonymous: contact optional", |d, _| d.contact.clear(), &[]),
    ];
    for (what, edit, expected) in cases {
        let mut draft = valid();
        edit(&mut draft, limit);
        assert_eq!(errors(&draft), expected.to_vec(), "{what}");
    }
}

#[test]
fn a_valid_draft_becomes_a_typed_report() {
    let report = validate(&policy(), &valid()).expect("valid");
    assert_eq!(report.title, "Open redirect on login");
    assert_eq!(report.contact, None);
    assert_eq!(
        report.affected.map(|a| a.to_string()),
        Some("https://app.nimbus.example/login?next=//evil.example".into())
    );
}
