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
    let by_policy = state.required(field);
    // Required by the policy, or by another field's answer (`FieldSpec::required_when`).
    let required = move || {
        by_policy
            || field
                .spec()
                .required_when
                .is_some_and(|when| state.draft.with(|d| d.text(when.field).trim().starts_with(when.prefix)))
    };
    view! {
        <label for=control_id(field) class="sd-label">
            {field.label()}
            {move || if required() { view! { <span class="sd-required">" (required)"</span> }.into_any() } else { view! { <span class="sd-optional">" (optional)"</span> }.into_any() }}
        </label>
        <p id=hint_id(field) class="sd-hint">{field.hint()}</p>
    }
}
