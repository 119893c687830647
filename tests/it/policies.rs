//! Every example policy loads and validates; broken policies fail with a precise message.

use sealdrop_shared::field::FIELDS;
use sealdrop_tests::{example_policies, fixture, load_policy, read};

#[test]
fn all_example_policies_load() {
    let policies = example_policies();
    assert_eq!(policies.len(), 5, "one example per seed policy: {policies:?}");
    for (slug, path) in policies {
        let deployed = load_policy(&path).unwrap_or_else(|e| panic!("{slug}: {e}"));
        let p = &deployed.public;
        assert!(!p.organisation.name.is_empty(), "{slug}");
        assert!(!p.rules.items.is_empty(), "{slug}: rules");
        assert!((1..=10).contains(&p.response.business_days), "{slug}: response days");
        assert_eq!(p.key.fingerprint.as_str().len(), 40, "{slug}: v4 fingerprint");
        assert!(p.key.armored.contains("BEGIN PGP PUBLIC KEY BLOCK"), "{slug}");
        for f in FIELDS.iter().filter(|f| f.always_required) {
            assert!(p.fields.is_required(f.id), "{slug}: {} always required", f.name);
        }
        assert!(!deployed.notify.to.is_empty(), "{slug}: staff addresses");
        // The public JSON never carries the private notification settings.
        let public = serde_json::to_string(p).unwrap_or_default();
        for address in deployed.notify.to.iter().chain(&deployed.notify.escalation).chain([&deployed.notify.from]) {
            assert!(!public.contains(address.as_str()), "{slug}: public policy leaks {address}");
        }
        // Its test-only secret key exists and is labelled as such.
        let secret = read(&fixture(&format!("keys/{slug}.sec.asc")));
        assert!(secret.contains("BEGIN PGP PRIVATE KEY BLOCK"), "{slug}");
    }
}

#[test]
fn broken_policies_fail_with_the_setting_named() {
    let cases = [
        ("bad-timezone.toml", "time_zone"),
        ("bad-scope.toml", "in_scope"),
        ("bad-days.toml", "response.business_days"),
        ("bad-retention.toml", "retention.delete_after_days"),
        ("bad-notify.toml", "contact.notify"),
        ("unknown-field.toml", "unknown field"),
        ("bad-embed.toml", "embed.origins"),
        ("bad-escalation.toml", "contact.escalation"),
        ("bad-staff-duplicate.toml", "listed twice"),
        ("bad-staff-address.toml", "staff.address"),
        ("bad-key-subkey-expired.toml", "has no valid encryption subkey (all expired or revoked)"),
        ("bad-key-expired.toml", "has expired (on 2021-01-01 00:00 UTC)"),
        ("bad-staff-key-revoked.toml", "is revoked"),
    ];
    for (file, expected) in cases {
        let path = fixture(&format!("policies/{file}"));
        let err = load_policy(&path).expect_err(file).to_string();
        assert!(err.contains(expected), "{file}: `{err}` should mention `{expected}`");
    }
}

#[test]
fn a_policy_whose_key_has_no_valid_encryption_subkey_fails_to_load_with_a_clear_message() {
    use pgp::composed::{Deserializable as _, SignedPublicKey};
    use pgp::types::KeyDetails as _;
    use sealdrop_shared::key::Fingerprint;

    // (policy, its unusable key, what the message says beside the key's and subkeys' fingerprints)
    let cases = [
        (
            "bad-key-subkey-expired.toml",
            "validity-only-subkey-expired",
            &["has no valid encryption subkey (all expired or revoked): subkey", "expired on 2021-01-01 00:00 UTC"][..],
        ),
        ("bad-key-expired.toml", "validity-primary-expired", &["has expired (on 2021-01-01 00:00 UTC)"]),
        (
            "bad-staff-key-revoked.toml",
            "validity-primary-revoked",
            &["staff.public_key", "../keys/validity-primary-revoked.pub.asc", "is revoked"],
        ),
    ];
    for (file, key, needles) in cases {
        let (key, _) = SignedPublicKey::from_string(&read(&fixture(&format!("keys/{key}.pub.asc")))).unwrap();
        let err = load_policy(&fixture(&format!("policies/{file}"))).expect_err(file).to_string();
        let primary = Fingerprint::from_key(&key).to_string();
        assert!(err.contains(&primary), "{file}: `{err}` does not name key {primary}");
        if file.contains("subkey") {
            for subkey in &key.public_subkeys {
                let subkey = format!("{:X}", subkey.fingerprint());
                assert!(err.contains(&subkey), "{file}: `{err}` does not name subkey {subkey}");
            }
        }
        for needle in needles {
            assert!(err.contains(needle), "{file}: `{err}` should mention `{needle}`");
        }
    }
}
