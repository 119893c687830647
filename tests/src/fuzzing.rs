//! The fuzz targets' bodies: what `fuzz/fuzz_targets/*.rs` (cargo-fuzz, nightly) call with
//! generated inputs, and what `tests/it/fuzz_corpus.rs` calls, on stable, with every committed
//! corpus file and every crash found. Each must return for any input, never panic or hang.

use sealdrop_shared::key::RecipientKey;

/// One fuzz target: its name (the folder under `fuzz/corpus/` and the file under
/// `fuzz/fuzz_targets/`) and its body.
#[derive(Debug)]
pub struct Target {
    /// Name.
    pub name: &'static str,
    /// Body.
    pub run: fn(&[u8]),
}

/// Every target.
pub const TARGETS: &[Target] = &[
    Target { name: "envelope", run: envelope },
    Target { name: "policy", run: policy },
    Target { name: "json_bodies", run: json_bodies },
    Target { name: "mime", run: mime },
    Target { name: "receipt", run: receipt },
];

/// The armor and envelope check the worker runs on every submission, reply and answer.
pub fn envelope(data: &[u8]) {
    static KEYS: std::sync::LazyLock<Vec<RecipientKey>> = std::sync::LazyLock::new(|| {
        [
            include_str!("../../examples/policies/nimbus-cloud/security.asc"),
            include_str!("../../examples/policies/nimbus-cloud/staff/alice.asc"),
        ]
        .iter()
        .filter_map(|k| RecipientKey::parse(k).ok())
        .collect()
    });
    let _ = sealdrop_shared::envelope::inspect(&KEYS, data);
    let _ = sealdrop_shared::envelope::inspect_for(&KEYS, &KEYS, data);
}

/// The policy loader: the TOML file, and keys as they come from the policy's files.
pub fn policy(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = sealdrop_shared::policy::parse_file(text);
    let _ = RecipientKey::parse(text);
    let _ = RecipientKey::from_binary(data);
}

/// Every JSON body the worker parses, and the typed ids and fingerprints inside them.
pub fn json_bodies(data: &[u8]) {
    let _ = serde_json::from_slice::<sealdrop_shared::followup::LookupRequest>(data);
    let received = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default();
    let _ = serde_json::from_slice::<sealdrop_shared::staff::StatusChange>(data).map(|c| c.check(received));
    let _ = serde_json::from_slice::<sealdrop_shared::staff::RewardChange>(data).map(|c| c.check());
    let _ = serde_json::from_slice::<sealdrop_shared::staff::CreditChange>(data);
    let _ = serde_json::from_slice::<sealdrop_shared::followup::CaseView>(data);
    let _ = serde_json::from_slice::<sealdrop_shared::followup::MessageList>(data);
    // The proof of work: its JSON, and the header that carries it base64-encoded.
    let _ = serde_json::from_slice::<sealdrop_shared::pow::Solution>(data).map(|s| s.verify(b"fuzz key", 1_000));
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = sealdrop_shared::pow::Solution::from_header(text).map(|s| s.verify(b"fuzz key", 1_000));
    }
}

/// The MIME decoder the CLI runs on decrypted reports and messages.
pub fn mime(data: &[u8]) {
    let _ = sealdrop_shared::mime::parse_message(data);
    let _ = sealdrop_shared::received::parse(data);
}

/// The receipt parser (what a reporter types).
pub fn receipt(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(r) = sealdrop_shared::receipt::Receipt::parse(text) {
        let _ = r.lookup_token();
    }
}
