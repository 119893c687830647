//! The consent checkbox: the reporter agrees to the policy's rules.

use leptos::prelude::*;
use sealdrop_shared::report::FieldId;

use super::field_error::FieldError;
use crate::form_state::{FormState, control_id, error_id};
use crate::i18n::lang;

/// Required checkbox bound to the draft's consent; described by the rules' heading.
#[component]
pub fn Consent(
    /// Which field (the one of kind `Consent`).
    field: FieldId,
) -> impl IntoView {
    let state = FormState::expect();
    let required = move || state.required(field);
    view! {
        <div class="sd-field sd-consent" class:sd-field-invalid=move || state.error(field).is_some()>
            <div class="sd-check">
                <input id=control_id(field) name=field.as_str() type="checkbox" required=required
                    aria-invalid=move || state.aria_invalid(field)
                    aria-describedby=format!("sd-rules-title {}", error_id(field))
                    prop:checked=move || state.draft.with(|d| d.consent)
                    on:change=move |ev| { let checked = event_target_checked(&ev); state.draft.update(|d| d.consent = checked); state.touch(field); }
                    on:blur=move |_| state.touch(field) />
                <label for=control_id(field)>{move || field.label(lang())}</label>
            </div>
            <FieldError field=field />
        </div>
    }
}
