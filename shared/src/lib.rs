//! What the widget, the worker and the staff tools agree on: the disclosure policy, the report
//! fields and their validation, the wire format and the deadline arithmetic.
//!
//! No I/O happens here; the crate builds natively and for `wasm32-unknown-unknown`.
#![deny(unsafe_code)]
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

/// Serde for a type whose text form is its `Display` and `FromStr` (ids, addresses,
/// fingerprints, times): written as that string, parsed (and so checked) on the way in.
macro_rules! serde_as_text {
    ($($name:ty),* $(,)?) => {$(
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <String as serde::Deserialize>::deserialize(deserializer)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }
    )*};
}

pub mod address;
pub mod api;
pub mod cra;
pub mod cwe;
pub mod deadline;
pub mod digest;
pub mod envelope;
mod error;
pub mod field;
pub mod followup;
pub mod i18n;
pub mod id;
pub mod key;
pub mod localized;
pub mod look;
pub mod mime;
pub mod padding;
pub mod policy;
pub mod pow;
pub mod publish;
pub mod receipt;
pub mod received;
pub mod report;
pub mod retention;
pub mod retry;
pub mod scope;
pub mod severity;
pub mod staff;
pub mod stats;
pub mod text;
pub mod time;
pub mod ulid;

pub use error::Error;
