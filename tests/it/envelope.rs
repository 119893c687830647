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
        // The frame is stored and mailed verbatim: nothing may ride along outside the packets.
        (
            "trailing text after the footer",
            format!("{}\nClick https://evil.example to read the report\n", gpg.encrypt(b"hello", &[org_fpr.as_str()])),
            Err("only whitespace may follow"),
        ),
        (
            "a second message after the first",
            gpg.encrypt(b"hello", &[org_fpr.as_str()]).repeat(2),
            Err("only whitespace may follow"),
        ),
        ("trailing whitespace only", format!("{}\r\n \n\t\n", gpg.encrypt(b"hello", &[org_fpr.as_str()])), Ok(())),
        (
            "an armor header",
            String::from_utf8(
                gpg.run(
                    &[
                        "--armor",
                        "--comment",
                        "Open https://evil.example",
                        "--encrypt",
                        "--recipient",
                        org_fpr.as_str(),
                    ],
                    b"hello",
                )
                .expect("gpg encrypts"),
            )
            .unwrap_or_default(),
            Err("armor headers"),
        ),
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

/// Signed messages both ways: what Sealdrop signs (a staff reply with the organisation key, a
/// reporter's answer with the reply key), GnuPG verifies on `--decrypt`; what GnuPG signs, Sealdrop
/// verifies; a message signed by another key, or not at all, is told apart from a valid one.
#[test]
fn signatures_both_ways_with_gnupg() {
    use pgp::composed::{Deserializable as _, Message, SignedSecretKey};
    use pgp::types::Password;
    use sealdrop_shared::envelope::{Signature, encrypt_signed, open};

    let org = RecipientKey::parse(&read(&org_public())).expect("org key");
    let (org_secret, _) =
        SignedSecretKey::from_string(&read(&fixture("keys/nimbus-cloud.sec.asc"))).expect("test-only org secret key");
    let stranger = RecipientKey::parse(&read(&fixture("keys/stranger.pub.asc"))).expect("stranger key");
    let reply = sealdrop_shared::receipt::Receipt::from_bytes([7; 20]).reply_key().expect("reply key");
    let reply_public = RecipientKey::parse(&sealdrop_shared::receipt::armored_public(&reply).expect("armored"))
        .expect("reply key parses");
    let gpg = Gpg::with_keys(&[fixture("keys/nimbus-cloud.sec.asc"), fixture("keys/stranger.sec.asc")]);
    let status = |armored: &str| {
        String::from_utf8(gpg.run(&["--status-fd", "1", "--decrypt"], armored.as_bytes()).expect("gpg decrypts"))
            .unwrap_or_default()
    };

    // A staff reply, signed by the organisation key: GnuPG says who signed it.
    let signed = encrypt_signed(
        std::slice::from_ref(&org),
        b"from the team".to_vec(),
        &org_secret,
        Password::empty(),
        rand::thread_rng(),
    )
    .expect("encrypts and signs");
    let out = status(&signed);
    assert!(
        out.contains(&format!("VALIDSIG {}", org.fingerprint())) || out.contains(&format!(" {}\n", org.fingerprint())),
        "{out}"
    );
    assert!(out.contains("GOODSIG"), "{out}");

    // A reporter's answer, signed by the reply key: GnuPG verifies it once it has the reply key.
    let answer = encrypt_signed(
        std::slice::from_ref(&org),
        b"from the reporter".to_vec(),
        &reply,
        Password::empty(),
        rand::thread_rng(),
    )
    .expect("encrypts and signs");
    let reply_file = std::env::temp_dir().join(format!("sealdrop-it-reply-{}.asc", std::process::id()));
    std::fs::write(&reply_file, reply_public.to_armored().expect("armored")).expect("write");
    gpg.run(&["--import", &reply_file.display().to_string()], b"").expect("import the reply key");
    let _ = std::fs::remove_file(&reply_file);
    let out = status(&answer);
    assert!(out.contains("GOODSIG") && out.contains(reply_public.fingerprint().as_str()), "{out}");

    // Sealdrop opens and checks: valid, by another key, unsigned — and what GnuPG signed.
    let decrypt_open = |armored: &str, trusted: &[&pgp::composed::SignedPublicKey]| {
        let (message, _) = Message::from_string(armored).expect("a message");
        open(message.decrypt(&Password::empty(), &org_secret).expect("decrypts"), trusted, 1 << 20)
    };
    let by_org = gpg.run(
        &[
            "--armor",
            "--sign",
            "--local-user",
            org.fingerprint().as_str(),
            "--encrypt",
            "--recipient",
            org.fingerprint().as_str(),
        ],
        b"gpg signed",
    );
    let by_org = String::from_utf8(by_org.expect("gpg signs")).unwrap_or_default();
    let by_stranger = gpg.run(
        &[
            "--armor",
            "--sign",
            "--local-user",
            stranger.fingerprint().as_str(),
            "--encrypt",
            "--recipient",
            org.fingerprint().as_str(),
        ],
        b"stranger signed",
    );
    let by_stranger = String::from_utf8(by_stranger.expect("gpg signs")).unwrap_or_default();
    let unsigned = encrypt(std::slice::from_ref(&org), b"unsigned".to_vec(), rand::thread_rng()).expect("encrypts");
    let trusted = [org.inner(), reply_public.inner()];
    let cases: Vec<(&str, &str, &[u8], Signature)> = vec![
        ("rPGP, organisation key", &signed, b"from the team", Signature::Valid(org.fingerprint())),
        ("rPGP, reply key", &answer, b"from the reporter", Signature::Valid(reply_public.fingerprint())),
        ("GnuPG, organisation key", &by_org, b"gpg signed", Signature::Valid(org.fingerprint())),
        ("GnuPG, another key", &by_stranger, b"stranger signed", Signature::Invalid),
        ("not signed", &unsigned, b"unsigned", Signature::Unsigned),
    ];
    for (what, armored, data, expected) in cases {
        let opened = decrypt_open(armored, &trusted).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(opened.data, data, "{what}");
        assert_eq!(opened.signature, expected, "{what}");
    }
    // The reporter's own answer, checked against the organisation key only, is not "valid".
    let opened = decrypt_open(&answer, &[org.inner()]).expect("opens");
    assert_eq!(opened.signature, Signature::Invalid);
}

/// A decompression bomb: a few KiB of compressed zeros that would expand far beyond what the
/// policy allows stops at the limit with a clear error, for rPGP (and so for the CLI's `--gpg`
/// path, which hands rPGP the session key) and for the widget, which share `envelope::open`.
#[test]
fn decompression_is_bounded() {
    use pgp::composed::{Deserializable as _, Message, SignedSecretKey};
    use pgp::types::Password;
    let org = RecipientKey::parse(&read(&org_public())).expect("org key");
    let (secret, _) =
        SignedSecretKey::from_string(&read(&fixture("keys/nimbus-cloud.sec.asc"))).expect("test-only secret key");
    let gpg = Gpg::with_keys(&[org_public()]);
    let zeros = vec![0u8; 32 * 1024 * 1024];
    let bomb = String::from_utf8(
        gpg.run(
            &["--armor", "--compress-algo", "zlib", "-z", "9", "--encrypt", "--recipient", org.fingerprint().as_str()],
            &zeros,
        )
        .expect("gpg encrypts"),
    )
    .unwrap_or_default();
    assert!(bomb.len() < 200 * 1024, "compressed to {} bytes", bomb.len());
    let open = |limit: u64| {
        let (message, _) = Message::from_string(&bomb).expect("a message");
        sealdrop_shared::envelope::open(message.decrypt(&Password::empty(), &secret).expect("decrypts"), &[], limit)
    };
    let e = open(1024 * 1024).expect_err("refused at the limit");
    assert!(e.to_string().contains("larger than 1048576 bytes"), "{e}");
    assert_eq!(open(zeros.len() as u64).expect("within the limit").data.len(), zeros.len());
    // A policy's limit leaves room for every report it accepts: the attachments base64-encoded.
    for (slug, path) in sealdrop_tests::example_policies() {
        let policy = sealdrop_tests::load_policy(&path).expect("policy");
        let limit = sealdrop_shared::envelope::plaintext_limit(&policy.public);
        assert!(limit > policy.public.attachments.max_total_bytes * 4 / 3, "{slug}: {limit}");
    }
}
