//! A field's label, its "(required)" or "(optional)" marker, and its hint.

use leptos::prelude::*;
use sealdrop_shared::report::FieldId;

use crate::form_state::{FormState, control_id, hint_id};

/// Label, required/optional marker and hint of a field.
#[component]
pub fn FieldLabel(
    /// Which field.
    field: FieldId,
) -> impl IntoView {
    let state = FormState::expect();
    let required = move || state.required(field);
    view! {
        <label for=control_id(field) class="sd-label">
            {field.label()}
            {move || if required() { view! { <span class="sd-required">" (required)"</span> }.into_any() } else { view! { <span class="sd-optional">" (optional)"</span> }.into_any() }}
        </label>
        <p id=hint_id(field) class="sd-hint">{field.hint()}</p>
    }
}
