//! The consent checkbox: the reporter agrees to the policy's rules.

use leptos::prelude::*;
use sealdrop_shared::report::FieldId;

use super::report_form::FormState;
use super::text_field::{FieldError, control_id};

/// Required checkbox bound to `consent`.
#[component]
pub fn Consent(
    /// The form.
    state: FormState,
) -> impl IntoView {
    let field = FieldId::Consent;
    view! {
        <div class="sd-field sd-consent" class:sd-field-invalid=move || state.error(field).is_some()>
            <div class="sd-check">
                <input id=control_id(field) name=field.as_str() type="checkbox" required=true
                    aria-invalid=move || if state.error(field).is_some() { "true" } else { "false" }
                    aria-describedby=format!("sd-rules-title sd-{}-error", field.as_str())
                    prop:checked=move || state.draft.with(|d| d.consent)
                    on:change=move |ev| { let checked = event_target_checked(&ev); state.draft.update(|d| d.consent = checked); state.touch(field); }
                    on:blur=move |_| state.touch(field) />
                <label for=control_id(field)>{field.label()}</label>
            </div>
            <FieldError field=field state=state />
        </div>
    }
}
