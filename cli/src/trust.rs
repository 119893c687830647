//! What the CLI trusts: the served policy's keys only as far as they are pinned
//! ([`crate::config::Pins`]). A compromised deployment can serve any policy; it cannot make
//! `sealdrop reply` encrypt to a key the user did not pin, and every command that reads the policy
//! says loudly when its keys and the pins differ.

use sealdrop_shared::key::{Fingerprint, RecipientKey};
use sealdrop_shared::policy::PublicPolicy;

use crate::config::Pins;
use crate::error::CliError;
use crate::output;

/// What to run when nothing is pinned.
pub const HOW_TO_PIN: &str = "run `sealdrop pin --policy PATH/policy.toml` (your organisation's policy file; preferred) or \
     `sealdrop pin --served` (shows the served keys and asks you to confirm them), or set SEALDROP_PINS";

/// The keys to encrypt to, from the keys the server serves (organisation key first, then staff
/// keys): all of them, when every one is pinned. Nothing pinned, or one served key not pinned,
/// refuses, naming the key: a compromised server cannot add a reader.
pub fn pinned_recipients(served: Vec<RecipientKey>, pins: &Pins) -> Result<Vec<RecipientKey>, CliError> {
    if pins.is_empty() {
        return Err(CliError::Untrusted(format!(
            "no keys are pinned, so sealdrop cannot tell whether the keys the server serves are your organisation's; \
             not encrypting: {HOW_TO_PIN}"
        )));
    }
    if served.is_empty() {
        return Err(CliError::Server("the policy serves no key".into()));
    }
    if let Some(key) = served.iter().find(|k| !pins.contains(&k.fingerprint())) {
        let fingerprint = key.fingerprint();
        let who = key.user_ids().into_iter().next().map(|u| format!(" ({u})")).unwrap_or_default();
        return Err(CliError::Untrusted(format!(
            "the server's policy lists key {fingerprint}{who}, which is not pinned ({}); not encrypting to it. \
             If your organisation really added it, pin it from the policy file: `sealdrop pin --policy PATH/policy.toml`",
            pins.describe_source()
        )));
    }
    Ok(served)
}

/// How the served keys differ from the pins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drift {
    /// Served, not pinned.
    pub added: Vec<Fingerprint>,
    /// Pinned, not served.
    pub missing: Vec<Fingerprint>,
}

impl std::fmt::Display for Drift {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let list = |keys: &[Fingerprint]| keys.iter().map(Fingerprint::as_str).collect::<Vec<_>>().join(", ");
        f.write_str("the keys the server's policy serves differ from your pinned keys:")?;
        if !self.added.is_empty() {
            write!(f, " served but NOT pinned: {};", list(&self.added))?;
        }
        if !self.missing.is_empty() {
            write!(f, " pinned but not served: {};", list(&self.missing))?;
        }
        f.write_str(" a compromised deployment may be adding a reader; check with your organisation before trusting it")
    }
}

/// The difference between the served fingerprints and the pinned ones; `None` when they are the
/// same set, or when nothing is pinned (there is nothing to compare with).
pub fn drift(served: &[Fingerprint], pinned: &[Fingerprint]) -> Option<Drift> {
    if pinned.is_empty() {
        return None;
    }
    let added: Vec<Fingerprint> = served.iter().filter(|f| !pinned.contains(f)).cloned().collect();
    let missing: Vec<Fingerprint> = pinned.iter().filter(|f| !served.contains(f)).cloned().collect();
    if added.is_empty() && missing.is_empty() { None } else { Some(Drift { added, missing }) }
}

/// Prints `sealdrop: WARNING: …` on stderr (red on a terminal).
pub fn warn(text: &str) {
    eprintln!("sealdrop: {}", output::paint(output::colour_stderr(), "1;31", &format!("WARNING: {text}")));
}

/// Warns when the served keys (fingerprints computed from the keys themselves) differ from the
/// pins; silent when nothing is pinned.
pub fn warn_on_drift(served: &[RecipientKey], pins: &Pins) {
    let served: Vec<Fingerprint> = served.iter().map(RecipientKey::fingerprint).collect();
    if let Some(drift) = drift(&served, &pins.keys) {
        warn(&drift.to_string());
    }
}

/// The served policy's keys, with a warning when they differ from the pins (see
/// [`warn_on_drift`]); a key that cannot be read is warned about (with pins) and none is returned.
pub fn check_served(policy: &PublicPolicy, pins: &Pins) -> Vec<RecipientKey> {
    match policy.recipient_keys() {
        Ok(keys) => {
            warn_on_drift(&keys, pins);
            keys
        }
        Err(e) => {
            if !pins.is_empty() {
                warn(&format!("the server's policy serves a key that cannot be read ({e}); it is not trusted"));
            }
            Vec::new()
        }
    }
}

/// Whose signatures count on staff replies: the served keys that are pinned; with nothing
/// pinned, every served key (and the caller says that this proves nothing against the server).
pub fn staff_signers<'a>(served: &'a [RecipientKey], pins: &Pins) -> Vec<&'a RecipientKey> {
    served.iter().filter(|k| pins.is_empty() || pins.contains(&k.fingerprint())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::PinSource;

    fn key(armored: &str) -> RecipientKey {
        RecipientKey::parse(armored).expect("example key")
    }

    fn pins(keys: &[&RecipientKey]) -> Pins {
        let source = if keys.is_empty() { PinSource::Unset } else { PinSource::File };
        Pins { keys: keys.iter().map(|k| k.fingerprint()).collect(), source }
    }

    #[test]
    fn only_pinned_keys_are_encrypted_to() {
        let org = key(include_str!("../../examples/policies/nimbus-cloud/security.asc"));
        let alice = key(include_str!("../../examples/policies/nimbus-cloud/staff/alice.asc"));
        let stranger = key(include_str!("../../tests/fixtures/keys/stranger.pub.asc"));
        let (o, a, s) = (org.fingerprint(), alice.fingerprint(), stranger.fingerprint());
        // (served, pinned, Ok(fingerprints encrypted to) or Err(what the refusal names))
        type Case<'a> = (Vec<&'a RecipientKey>, Vec<&'a RecipientKey>, Result<Vec<Fingerprint>, String>);
        let cases: Vec<Case<'_>> = vec![
            (vec![&org, &alice], vec![&org, &alice], Ok(vec![o.clone(), a.clone()])),
            (vec![&org, &alice], vec![&alice, &org], Ok(vec![o.clone(), a.clone()])),
            (vec![&org], vec![&org, &alice], Ok(vec![o.clone()])),
            (vec![&org, &alice, &stranger], vec![&org, &alice], Err(s.to_string())),
            (vec![&org, &alice], vec![&org], Err(a.to_string())),
            (vec![&stranger, &alice], vec![&org, &alice], Err(s.to_string())),
            (vec![&org, &alice], vec![], Err("no keys are pinned".into())),
            (vec![], vec![], Err("no keys are pinned".into())),
        ];
        for (served, pinned, expected) in cases {
            let what = format!("served {served:?} pinned {pinned:?}", served = served.len(), pinned = pinned.len());
            let got = pinned_recipients(served.into_iter().cloned().collect(), &pins(&pinned));
            match (got, expected) {
                (Ok(keys), Ok(want)) => {
                    assert_eq!(keys.iter().map(|k| k.fingerprint()).collect::<Vec<_>>(), want, "{what}")
                }
                (Err(CliError::Untrusted(message)), Err(needle)) => {
                    assert!(message.contains(&needle), "{what}: `{message}` lacks `{needle}`");
                    assert!(message.contains("sealdrop pin --policy"), "{what}: says how to pin: {message}");
                    assert_eq!(CliError::Untrusted(message).exit_code(), 9);
                }
                (got, expected) => panic!("{what}: got {got:?}, expected {expected:?}"),
            }
        }
    }

    #[test]
    fn drift_names_added_and_missing_keys() {
        let f = |c: char| -> Fingerprint { c.to_string().repeat(40).parse().expect("fingerprint") };
        let (a, b, c) = (f('A'), f('B'), f('C'));
        // (served, pinned, (added, missing))
        type Case = (Vec<Fingerprint>, Vec<Fingerprint>, Option<(Vec<Fingerprint>, Vec<Fingerprint>)>);
        let cases: Vec<Case> = vec![
            (vec![a.clone(), b.clone()], vec![b.clone(), a.clone()], None),
            (vec![a.clone(), b.clone()], vec![], None),
            (vec![a.clone(), b.clone(), c.clone()], vec![a.clone(), b.clone()], Some((vec![c.clone()], vec![]))),
            (vec![a.clone()], vec![a.clone(), b.clone()], Some((vec![], vec![b.clone()]))),
            (vec![c.clone()], vec![a.clone()], Some((vec![c.clone()], vec![a.clone()]))),
        ];
        for (served, pinned, expected) in cases {
            let got = drift(&served, &pinned);
            assert_eq!(got.clone().map(|d| (d.added, d.missing)), expected, "{served:?} {pinned:?}");
            if let Some(d) = got {
                let text = d.to_string();
                for key in d.added.iter().chain(&d.missing) {
                    assert!(text.contains(key.as_str()), "{text}");
                }
                assert_eq!(text.contains("NOT pinned"), !d.added.is_empty(), "{text}");
            }
        }
    }

    #[test]
    fn staff_signatures_count_only_from_pinned_keys() {
        let org = key(include_str!("../../examples/policies/nimbus-cloud/security.asc"));
        let stranger = key(include_str!("../../tests/fixtures/keys/stranger.pub.asc"));
        let served = [org.clone(), stranger.clone()];
        let fingerprints =
            |keys: Vec<&RecipientKey>| keys.into_iter().map(RecipientKey::fingerprint).collect::<Vec<_>>();
        assert_eq!(fingerprints(staff_signers(&served, &pins(&[&org]))), vec![org.fingerprint()]);
        assert_eq!(fingerprints(staff_signers(&served, &pins(&[]))), vec![org.fingerprint(), stranger.fingerprint()]);
    }
}
