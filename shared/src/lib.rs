//! What the widget, the worker and the staff tools agree on: the disclosure policy, the report
//! fields and their validation, the wire format and the deadline arithmetic.
//!
//! No I/O happens here; the crate builds natively and for `wasm32-unknown-unknown`.
#![deny(unsafe_code)]
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

pub mod address;
pub mod api;
pub mod deadline;
pub mod envelope;
mod error;
pub mod field;
pub mod followup;
pub mod id;
pub mod key;
pub mod mime;
pub mod policy;
pub mod publish;
pub mod receipt;
pub mod received;
pub mod report;
pub mod scope;
pub mod staff;
pub mod time;
pub mod ulid;

pub use error::Error;
