//! One component per file, its CSS beside it (collected into one stylesheet by `cargo xtask
//! build`, because the iframe's CSP allows no inline style).

pub mod app;
pub mod attachments;
pub mod case_view;
pub mod choice_field;
pub mod consent;
pub mod cvss_calculator;
pub mod cvss_field;
pub mod cwe_field;
pub mod field;
pub mod field_error;
pub mod field_label;
pub mod file_item;
pub mod flag_field;
pub mod follow_up;
pub mod language_switch;
pub mod message_form;
pub mod mode_switch;
pub mod policy_view;
pub mod progress;
pub mod receipt;
pub mod report_form;
pub mod text_field;
pub mod trust_view;
