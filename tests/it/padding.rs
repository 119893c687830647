//! Size buckets (`shared::padding`): reports whose plaintexts differ in length but fall in one
//! bucket encrypt to ciphertexts of one size, in one request (armored) and in parts (binary,
//! streamed); a report in another bucket does not. GnuPG decrypts a padded report, and the MIME
//! reader sees the same parts as without the padding.

use sealdrop_shared::envelope::{encrypt, encrypt_stream};
use sealdrop_shared::mime::{Attachment, build_entity, split_parts};
use sealdrop_shared::padding::{MIN_BUCKET, bucket};
use sealdrop_shared::report::{AttachmentMeta, Draft, validate};
use sealdrop_tests::{Gpg, fixture, load_policy};

fn report(description: &str, file: Option<usize>) -> (Draft, Vec<Attachment>) {
    let json = r#"{"title":"Padding","vulnerability_type":"Other","affected":"https://app.nimbus.example/","description":"d","steps":"s","impact":"i","consent":true}"#;
    let mut draft: Draft = serde_json::from_str(json).unwrap();
    draft = draft.with_text(sealdrop_shared::field::FieldId::Description, description);
    let mut files = Vec::new();
    if let Some(size) = file {
        let bytes: Vec<u8> = (0..size).map(|i| (i * 13 % 251) as u8).collect();
        draft.attachments.push(AttachmentMeta {
            name: "dump.bin".into(),
            size: size as u64,
            media_type: "application/octet-stream".into(),
        });
        files.push(Attachment { name: "dump.bin".into(), media_type: "application/octet-stream".into(), bytes });
    }
    (draft, files)
}

/// The entity, its armored ciphertext's length and its streamed binary ciphertext's length.
fn sizes(description: &str, file: Option<usize>) -> (Vec<u8>, usize, usize) {
    let policy = load_policy(&fixture("../../examples/policies/nimbus-cloud/policy.toml")).unwrap().public;
    let (draft, files) = report(description, file);
    let report = validate(&policy, &draft).map_err(|e| format!("{e:?}")).unwrap();
    let keys = policy.recipient_keys().unwrap();
    let fingerprint = keys[0].fingerprint().to_string();
    let entity = build_entity(&policy.organisation.name, &fingerprint, &draft, &report, &files, Some("reply key"));
    let armored = encrypt(&keys, entity.clone(), rand::rngs::OsRng).unwrap();
    let mut binary = Vec::new();
    encrypt_stream(&keys, &entity[..], &mut binary, rand::rngs::OsRng).unwrap();
    (entity, armored.len(), binary.len())
}

#[test]
fn reports_in_one_bucket_encrypt_to_one_size() {
    // Text alone: a word and 4,400 characters are both in the 16 KiB bucket.
    let short = sizes("x", None);
    let long = sizes(&"A longer description. ".repeat(200), None);
    assert_eq!((short.0.len() as u64, long.0.len() as u64), (MIN_BUCKET, MIN_BUCKET));
    assert_eq!((short.1, short.2), (long.1, long.2), "armored and streamed ciphertexts are the same size");
    // Files of 700,000 and 700,500 bytes: one bucket (multiples of 16 KiB at this size).
    let a = sizes("x", Some(700_000));
    let b = sizes("x", Some(700_500));
    assert_eq!(a.0.len(), b.0.len());
    assert_eq!(bucket(a.0.len() as u64), a.0.len() as u64);
    assert_eq!((a.1, a.2), (b.1, b.2), "files of different sizes in one bucket");
    // The next bucket up is another size: the comparison above can fail.
    let c = sizes("x", Some(760_000));
    assert!(c.1 > a.1 && c.2 > a.2, "another bucket, another size");
}

#[test]
fn a_padded_report_reads_as_before_and_gnupg_decrypts_it() {
    let (entity, _, _) = sizes("what GnuPG must read back", Some(1000));
    let parts = split_parts(&entity).unwrap();
    assert!(parts.text.unwrap().contains("what GnuPG must read back"));
    assert_eq!(parts.attachments.len(), 1, "the padding is no part");
    assert!(parts.json.is_some());
    let policy = load_policy(&fixture("../../examples/policies/nimbus-cloud/policy.toml")).unwrap().public;
    let keys = policy.recipient_keys().unwrap();
    let armored = encrypt(&keys, entity.clone(), rand::rngs::OsRng).unwrap();
    let gpg = Gpg::with_keys(&[fixture("keys/nimbus-cloud.sec.asc")]);
    let decrypted = gpg.run(&["--decrypt"], armored.as_bytes()).expect("gpg decrypts");
    assert!(decrypted == entity, "GnuPG reads the padded entity back");
}
