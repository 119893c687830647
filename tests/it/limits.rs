//! The size the form allows and the size the worker accepts are one calculation
//! (`PublicPolicy::max_body_bytes`): the largest report the form lets through, encrypted the way
//! the widget encrypts it, fits.

use rand::RngCore as _;
use sealdrop_shared::field::{FIELDS, FieldKind};
use sealdrop_shared::mime::{Attachment, build_entity};
use sealdrop_shared::report::{AttachmentMeta, Draft, validate};
use sealdrop_tests::{fixture, load_policy};

const LONGEST_CVSS: &str = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H";

/// Every text field at its limit in characters the encodings grow most (4 bytes of UTF-8, which
/// quoted-printable writes as 12), the most files with long names, the most bytes.
fn largest_report(policy: &sealdrop_shared::policy::PublicPolicy) -> (Draft, Vec<Attachment>) {
    let mut draft = Draft::default();
    for spec in FIELDS {
        let value = match spec.kind {
            FieldKind::Line | FieldKind::Text => "😀".repeat(spec.max_chars),
            FieldKind::Choice { options, .. } => options[0].to_owned(),
            FieldKind::Product => match policy.scope.products.first() {
                Some(product) => product.clone(),
                None => continue,
            },
            FieldKind::Target => "https://billing.nimbus.example/".to_owned() + &"a".repeat(spec.max_chars - 31),
            FieldKind::Contact => "researcher@example.org".to_owned(),
            // A 4.0 base vector: the longest the form accepts (ASCII, so it grows least).
            FieldKind::Cvss => LONGEST_CVSS.to_owned(),
            FieldKind::Flag => sealdrop_shared::field::FLAG_SET.to_owned(),
            // A weakness with text after it, as pasted: the longest the form accepts.
            FieldKind::Cwe => format!("CWE-79: {}", "a".repeat(spec.max_chars - 8)),
            FieldKind::Files | FieldKind::Consent => continue,
        };
        draft = draft.with_text(spec.id, value);
    }
    draft.consent = true;
    let files = u64::from(policy.attachments.max_files);
    let mut attachments = Vec::new();
    for n in 0..files {
        // Sizes that are not multiples of 3, summing to the limit exactly.
        let size = policy.attachments.max_total_bytes / files
            + if n == 0 { policy.attachments.max_total_bytes % files } else { 0 };
        let mut bytes = vec![0u8; size as usize];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        let name = format!("{n}-{}.bin", "😀".repeat(200));
        draft.attachments.push(AttachmentMeta {
            name: name.clone(),
            size,
            media_type: "application/octet-stream".into(),
        });
        attachments.push(Attachment { name, media_type: "application/octet-stream".into(), bytes });
    }
    (draft, attachments)
}

#[test]
fn the_largest_report_the_form_allows_fits_the_worker_limit() {
    let mut policy = load_policy(&fixture("../../examples/policies/nimbus-cloud/policy.toml")).unwrap().public;
    // Small enough for a debug build; the text at its limit is what the old calculation missed.
    for (max_total_bytes, max_files) in [(2 * 1024 * 1024, 10), (3 * 1024 * 1024 + 1, 1)] {
        policy.attachments.max_total_bytes = max_total_bytes;
        policy.attachments.max_files = max_files;
        let (draft, files) = largest_report(&policy);
        let report = validate(&policy, &draft).map_err(|e| format!("{e:?}")).unwrap();
        let keys = policy.recipient_keys().unwrap();
        let fingerprint = keys[0].fingerprint().to_string();
        let entity = build_entity(&policy.organisation.name, &fingerprint, &draft, &report, &files, Some("reply key"));
        let armored = sealdrop_shared::envelope::encrypt(&keys, entity, rand::rngs::OsRng).unwrap();
        let limit = policy.max_body_bytes();
        assert!(
            armored.len() as u64 <= limit,
            "{max_total_bytes} bytes in {max_files} files: the ciphertext is {} bytes, the limit {limit}",
            armored.len()
        );
    }
}

/// A report over the one-request limit goes in parts, and the largest one the form allows fits the
/// upload limit (streamed binary, as the encryption worker writes it); a report at the one-request
/// limit still goes in one request, under the armored limit, which does not grow with the policy.
#[test]
fn the_largest_report_in_parts_fits_the_upload_limit() {
    use sealdrop_shared::policy::ONE_REQUEST_ATTACHMENT_BYTES;
    let mut policy = load_policy(&fixture("../../examples/policies/nimbus-cloud/policy.toml")).unwrap().public;
    assert!(!policy.sends_in_parts(ONE_REQUEST_ATTACHMENT_BYTES), "at the limit: one request");
    assert!(policy.sends_in_parts(ONE_REQUEST_ATTACHMENT_BYTES + 1), "one byte over: in parts");
    let one_request = {
        let mut p = policy.clone();
        p.attachments.max_total_bytes = ONE_REQUEST_ATTACHMENT_BYTES;
        p.max_body_bytes()
    };
    policy.attachments.max_total_bytes = 2 * 1024 * 1024 * 1024;
    assert_eq!(policy.max_body_bytes(), one_request, "a larger policy limit does not raise the one-request limit");

    policy.attachments.max_total_bytes = ONE_REQUEST_ATTACHMENT_BYTES + 1;
    policy.attachments.max_files = 2;
    let (draft, files) = largest_report(&policy);
    let report = validate(&policy, &draft).map_err(|e| format!("{e:?}")).unwrap();
    let keys = policy.recipient_keys().unwrap();
    let fingerprint = keys[0].fingerprint().to_string();
    let entity = build_entity(&policy.organisation.name, &fingerprint, &draft, &report, &files, Some("reply key"));
    let mut binary = Vec::new();
    sealdrop_shared::envelope::encrypt_stream(&keys, &entity[..], &mut binary, rand::rngs::OsRng).unwrap();
    let limit = policy.max_upload_bytes();
    assert!(
        binary.len() as u64 <= limit,
        "the streamed ciphertext is {} bytes, the upload limit {limit}",
        binary.len()
    );
}
