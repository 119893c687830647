//! Sealdrop's integration tests (one binary): example policies, report validation, and OpenPGP
//! interoperability with the real GnuPG. The browser and worker tests are in `tests/e2e/`.

mod envelope;
mod policies;
mod validation;
