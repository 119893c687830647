//! A field's label, its "(required)" or "(optional)" marker, and its hint.

use leptos::prelude::*;
use sealdrop_shared::report::FieldId;

use crate::form_state::{FormState, control_id, hint_id};
use crate::i18n::{lang, t};

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
            {move || field.label(lang())}
            {move || if required() { view! { <span class="sd-required">" "{t("form-required")}</span> }.into_any() } else { view! { <span class="sd-optional">" "{t("form-optional")}</span> }.into_any() }}
        </label>
        <p id=hint_id(field) class="sd-hint">{move || field.hint(lang())}</p>
    }
}
