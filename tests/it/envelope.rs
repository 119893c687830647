//! OpenPGP interoperability with the real GnuPG: what Sealdrop encrypts, `gpg --decrypt` opens;
//! what GnuPG encrypts to the organisation key, the worker's envelope check accepts; everything
//! else it refuses.

use sealdrop_shared::envelope::{encrypt, inspect};
use sealdrop_shared::key::RecipientKey;
use sealdrop_tests::{Gpg, fixture, read, root};

fn org_public() -> std::path::PathBuf {
    root().join("examples/policies/nimbus-cloud/security.asc")
}

#[test]
fn sealdrop_encrypts_what_gnupg_decrypts() {
    // (public key, test-only secret key): an ed25519/cv25519 key and an RSA key, both from GnuPG.
    let keys = [
        (org_public(), fixture("keys/nimbus-cloud.sec.asc")),
        (fixture("keys/rsa-org.pub.asc"), fixture("keys/rsa-org.sec.asc")),
    ];
    for (public, secret) in keys {
        let key = RecipientKey::parse(&read(&public)).unwrap_or_else(|e| panic!("{}: {e}", public.display()));
        let gpg = Gpg::with_keys(&[secret]);
        let plaintext: Vec<u8> = (0..70_000u32).map(|i| (i * 7 % 251) as u8).collect();
        let armored = encrypt(std::slice::from_ref(&key), plaintext.clone(), rand::thread_rng()).expect("encrypts");
        assert!(armored.starts_with("-----BEGIN PGP MESSAGE-----"));
        let envelope =
            inspect(std::slice::from_ref(&key), armored.as_bytes()).expect("own output passes the envelope check");
        assert_eq!(envelope.seipd_version, 1, "v4 keys get SEIPDv1 (GnuPG 2.2 cannot read v2)");
        assert_eq!(gpg.decrypt(armored.as_bytes()).expect("gpg decrypts"), plaintext, "{}", public.display());
    }
}

#[test]
fn envelope_check_against_gnupg_made_messages() {
    let org = RecipientKey::parse(&read(&org_public())).expect("org key");
    let stranger = fixture("keys/stranger.pub.asc");
    let gpg = Gpg::with_keys(&[org_public(), stranger.clone()]);
    let org_fpr = org.fingerprint();
    let stranger_fpr = RecipientKey::parse(&read(&stranger)).expect("stranger key").fingerprint();
    let symmetric =
        String::from_utf8(gpg.run(&["--armor", "--passphrase", "pw", "--symmetric"], b"x").expect("symmetric"))
            .unwrap_or_default();
    let signed_only =
        String::from_utf8(gpg.run(&["--armor", "--store"], b"just literal data").expect("store")).unwrap_or_default();
    let cases: Vec<(&str, String, Result<(), &str>)> = vec![
        ("to the organisation (compressed by GnuPG)", gpg.encrypt(b"hello", &[org_fpr.as_str()]), Ok(())),
        ("to another key", gpg.encrypt(b"hello", &[stranger_fpr.as_str()]), Err("not the organisation's")),
        (
            "to the organisation and another key",
            gpg.encrypt(b"hello", &[org_fpr.as_str(), stranger_fpr.as_str()]),
            Err("not the organisation's"),
        ),
        ("password-encrypted", symmetric, Err("password")),
        ("not encrypted at all", signed_only, Err("not encrypted")),
        ("plain text", "hello".to_owned(), Err("BEGIN PGP MESSAGE")),
        ("truncated", gpg.encrypt(b"hello", &[org_fpr.as_str()])[..120].to_owned(), Err("")),
    ];
    for (what, body, expected) in cases {
        let got = inspect(std::slice::from_ref(&org), body.as_bytes()).map(|_| ()).map_err(|e| e.to_string());
        match (got, expected) {
            (Ok(()), Ok(())) => {}
            (Err(e), Err(needle)) => assert!(e.contains(needle), "{what}: `{e}` should mention `{needle}`"),
            (got, expected) => panic!("{what}: got {got:?}, expected {expected:?}"),
        }
    }
}

#[test]
fn staff_keys_get_their_own_copy_and_never_replace_the_organisation() {
    let org = RecipientKey::parse(&read(&org_public())).expect("org key");
    let alice_public = root().join("examples/policies/nimbus-cloud/staff/alice.asc");
    let alice = RecipientKey::parse(&read(&alice_public)).expect("staff key");
    let keys = [org.clone(), alice.clone()];
    let plaintext = b"report for the organisation and its staff".to_vec();
    let armored = encrypt(&keys, plaintext.clone(), rand::thread_rng()).expect("encrypts");
    assert_eq!(inspect(&keys, armored.as_bytes()).expect("accepted").recipients.len(), 2);
    // Each secret key alone opens it, with the real GnuPG.
    for secret in ["keys/nimbus-cloud.sec.asc", "keys/nimbus-cloud-alice.sec.asc"] {
        let gpg = Gpg::with_keys(&[fixture(secret)]);
        assert_eq!(gpg.decrypt(armored.as_bytes()).expect("gpg decrypts"), plaintext, "{secret}");
    }
    // Without the staff key listed, a message to it is refused; one to the staff key alone is too.
    assert!(
        inspect(std::slice::from_ref(&org), armored.as_bytes())
            .is_err_and(|e| e.to_string().contains("not the organisation's"))
    );
    let gpg = Gpg::with_keys(&[alice_public]);
    let staff_only = gpg.encrypt(b"hello", &[alice.fingerprint().as_str()]);
    let e = inspect(&keys, staff_only.as_bytes()).expect_err("refused");
    assert!(e.to_string().contains(&format!("not encrypted to key {}", org.fingerprint())), "{e}");
}
