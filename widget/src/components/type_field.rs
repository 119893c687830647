//! The vulnerability type: a select of the shared categories.

use leptos::prelude::*;
use sealdrop_shared::report::{FieldId, VULNERABILITY_TYPES};

use super::report_form::FormState;
use super::text_field::{FieldError, FieldLabel, control_id, described_by};

/// Select bound to `vulnerability_type`.
#[component]
pub fn TypeField(
    /// The form.
    state: FormState,
) -> impl IntoView {
    let field = FieldId::VulnerabilityType;
    let required = state.required(field);
    let invalid = move || if state.error(field).is_some() { "true" } else { "false" };
    view! {
        <div class="sd-field" class:sd-field-invalid=move || state.error(field).is_some()>
            <FieldLabel field=field required=required />
            <select id=control_id(field) name=field.as_str() required=required aria-invalid=invalid aria-describedby=described_by(field)
                prop:value=move || state.draft.with(|d| d.vulnerability_type.clone())
                on:change=move |ev| { let v = event_target_value(&ev); state.draft.update(|d| d.vulnerability_type = v); state.touch(field); }
                on:blur=move |_| state.touch(field)>
                <option value="">"Choose a type…"</option>
                {VULNERABILITY_TYPES.iter().map(|t| view! { <option value=*t>{*t}</option> }).collect_view()}
            </select>
            <FieldError field=field state=state />
        </div>
    }
}
