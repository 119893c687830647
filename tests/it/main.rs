//! Sealdrop's integration tests (one binary): example policies, report validation, and OpenPGP
//! interoperability with the real GnuPG. The browser and worker tests are in `tests/e2e/`.
#![allow(clippy::unwrap_used, reason = "tests: a failed unwrap is a failed test")]

mod cwe;
mod docs;
mod envelope;
mod framing;
mod fuzz_corpus;
mod i18n;
mod limits;
mod look;
mod padding;
mod policies;
mod publish;
mod validation;
