//! The error line under a field: always present, so `aria-describedby` resolves; filled in once
//! the field was touched.

use leptos::prelude::*;
use sealdrop_shared::report::FieldId;

use crate::form_state::{FormState, error_id};
use crate::i18n::lang;

/// The error line of a field.
#[component]
pub fn FieldError(
    /// Which field.
    field: FieldId,
) -> impl IntoView {
    let state = FormState::expect();
    view! { <p id=error_id(field) class="sd-error" aria-live="polite">{move || state.error(field).map(|e| e.message(lang()))}</p> }
}
