//! The envelope check of a report uploaded in parts (`envelope::Framing`): it must come to the
//! same verdict as the whole-body check, however the message is cut into parts, while holding no
//! more than the head and one length header. Messages from Sealdrop's streamed encryption and from
//! the real GnuPG (which streams with partial body lengths when it reads a pipe).

use sealdrop_shared::envelope::{Framing, STREAM_CHUNK, encrypt_stream};
use sealdrop_shared::key::RecipientKey;
use sealdrop_tests::{Gpg, fixture, read, root};

fn org() -> RecipientKey {
    RecipientKey::parse(&read(&root().join("examples/policies/nimbus-cloud/security.asc"))).expect("org key")
}

/// Walks `message` in pieces of `part` bytes, the state going through JSON after each as it does
/// through D1 between parts; the verdict at the end.
fn walk(keys: &[RecipientKey], message: &[u8], part: usize) -> Result<usize, String> {
    let mut state = serde_json::to_string(&Framing::new()).expect("serialises");
    let parts: Vec<&[u8]> = message.chunks(part.max(1)).collect();
    for (i, bytes) in parts.iter().enumerate() {
        let mut framing: Framing = serde_json::from_str(&state).expect("deserialises");
        framing.feed(keys, bytes).map_err(|e| e.to_string())?;
        // The worker's parts are at least 5 MiB; smaller cuts stand for a request read in pieces.
        if i + 1 < parts.len() && part >= 5 << 20 {
            framing.end_of_part().map_err(|e| e.to_string())?;
        }
        state = serde_json::to_string(&framing).expect("serialises");
        assert!(state.len() < 2048, "the state between parts stays small: {} bytes", state.len());
    }
    let framing: Framing = serde_json::from_str(&state).expect("deserialises");
    framing.finish(&keys[..1]).map(|e| e.recipients.len()).map_err(|e| e.to_string())
}

fn streamed(keys: &[RecipientKey], plaintext: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    encrypt_stream(keys, plaintext, &mut out, rand::thread_rng()).expect("encrypts");
    out
}

/// Sealdrop's streamed output: GnuPG decrypts it, and every cut of it passes, with the recipients
/// counted once.
#[test]
fn streamed_messages_pass_in_any_parts_and_gnupg_reads_them() {
    let keys = [
        org(),
        RecipientKey::parse(&read(&root().join("examples/policies/nimbus-cloud/staff/alice.asc"))).expect("staff key"),
    ];
    let plaintext: Vec<u8> = (0..(2 * STREAM_CHUNK as usize + 12_345)).map(|i| (i * 31 % 251) as u8).collect();
    let message = streamed(&keys, &plaintext);
    assert!(!message.starts_with(b"-----"), "binary, not armored");
    let gpg = Gpg::with_keys(&[fixture("keys/nimbus-cloud.sec.asc")]);
    let path = std::env::temp_dir().join(format!("sealdrop-it-stream-{}.pgp", std::process::id()));
    std::fs::write(&path, &message).expect("write");
    let decrypted = gpg.run(&["--decrypt", &path.display().to_string()], b"").expect("gpg decrypts");
    let _ = std::fs::remove_file(&path);
    assert!(decrypted == plaintext, "GnuPG reads the streamed message back");
    for part in [message.len(), 5 << 20, STREAM_CHUNK as usize, 65_537, 4096, 1000, 3] {
        assert_eq!(walk(&keys, &message, part), Ok(2), "parts of {part} bytes");
    }
}

/// GnuPG's own streamed messages (legacy-format session key packets, 8 KiB partial lengths).
#[test]
fn gnupg_streamed_messages_pass() {
    let key = org();
    let gpg = Gpg::with_keys(&[root().join("examples/policies/nimbus-cloud/security.asc")]);
    let fpr = key.fingerprint();
    let plaintext: Vec<u8> = (0..40_000u32).map(|i| (i % 253) as u8).collect();
    let message = gpg
        .run(&["--compress-algo", "none", "--encrypt", "--recipient", fpr.as_str()], &plaintext)
        .expect("gpg encrypts");
    for part in [message.len(), 4096, 777, 1] {
        assert_eq!(walk(std::slice::from_ref(&key), &message, part), Ok(1), "parts of {part} bytes");
    }
}

/// Whatever the whole-body check refuses, the walk refuses too, wherever the parts are cut.
#[test]
fn the_walk_refuses_what_the_whole_body_check_refuses() {
    let key = org();
    let keys = std::slice::from_ref(&key);
    let stranger = RecipientKey::parse(&read(&fixture("keys/stranger.pub.asc"))).expect("stranger key");
    let gpg = Gpg::with_keys(&[fixture("keys/stranger.pub.asc")]);
    let plaintext = vec![7u8; 3 * 1024 * 1024];
    let good = streamed(keys, &plaintext);
    let mut trailing = good.clone();
    trailing.push(0);
    let mut two = good.clone();
    two.extend_from_slice(&good);
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("to another key", streamed(std::slice::from_ref(&stranger), b"hello"), "not the organisation's"),
        ("one byte after the message", trailing, "data after the encrypted data packet"),
        ("two messages", two, "data after the encrypted data packet"),
        ("cut short by one byte", good[..good.len() - 1].to_vec(), "ends inside the encrypted data packet"),
        ("only the head", good[..600].to_vec(), "ends inside"),
        (
            "armored",
            sealdrop_shared::envelope::encrypt(keys, b"x".to_vec(), rand::thread_rng()).expect("encrypts").into_bytes(),
            "no packet header",
        ),
        ("password-encrypted", gpg.run(&["--passphrase", "pw", "--symmetric"], b"x").expect("symmetric"), "password"),
        ("plain literal data", gpg.run(&["--store"], b"just literal data").expect("store"), "not encrypted"),
        ("empty", Vec::new(), "no encrypted data packet"),
    ];
    for (what, message, needle) in cases {
        let small = if message.len() < 100_000 { 1 } else { 999 };
        for part in [message.len().max(1), 5 << 20, 4096, small] {
            let got = walk(keys, &message, part);
            assert!(
                got.as_ref().is_err_and(|e| e.contains(needle)),
                "{what}, parts of {part}: got {got:?}, expected `{needle}`"
            );
        }
    }
}

/// The head must arrive in the first part: a first part that ends before the encrypted data has
/// begun is refused at once, not after the upload.
#[test]
fn the_first_part_holds_the_head() {
    let key = org();
    let message = streamed(std::slice::from_ref(&key), b"hello");
    let mut framing = Framing::new();
    framing.feed(std::slice::from_ref(&key), &message[..20]).expect("a valid start");
    let e = framing.end_of_part().expect_err("refused");
    framing.feed(std::slice::from_ref(&key), &message[20..]).expect("the rest");
    framing.end_of_part().expect("the head has been read");
    assert!(e.to_string().contains("first part"), "{e}");
}

/// The head is bounded as a whole, not packet by packet: marker packets (which the check skips)
/// before the encrypted data pass while the head stays within 64 KiB, and past it are refused
/// however the message is cut, so the state between parts stays small.
#[test]
fn the_head_is_bounded_over_all_its_packets() {
    let key = org();
    let message = streamed(std::slice::from_ref(&key), b"hello");
    // A new-format marker packet (tag 10): "PGP", five bytes in all.
    let marker = [0xca, 0x03, b'P', b'G', b'P'];
    for (markers, passes) in [(100usize, true), (14_000, false)] {
        let mut prefixed: Vec<u8> = marker.iter().copied().cycle().take(markers * marker.len()).collect();
        prefixed.extend_from_slice(&message);
        for part in [prefixed.len(), 4096, 7] {
            let verdict = walk(std::slice::from_ref(&key), &prefixed, part);
            if passes {
                assert_eq!(verdict, Ok(1), "{markers} markers in parts of {part}");
            } else {
                let e = verdict.expect_err("refused");
                assert!(e.contains("64 KiB"), "{markers} markers in parts of {part}: {e}");
            }
        }
    }
}
