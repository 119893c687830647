//! A select of choices: the field table's (the vulnerability type) or the policy's (its products).

use leptos::prelude::*;
use sealdrop_shared::report::FieldId;

use super::field_error::FieldError;
use super::field_label::FieldLabel;
use crate::form_state::{FormState, control_id, described_by};
use crate::i18n::lang;

/// Select bound to a choice field.
#[component]
pub fn ChoiceField(
    /// Which field.
    field: FieldId,
    /// The values offered.
    options: Vec<String>,
) -> impl IntoView {
    let state = FormState::expect();
    let required = move || state.required(field);
    view! {
        <div class="sd-field" class:sd-field-invalid=move || state.error(field).is_some()>
            <FieldLabel field=field />
            <select id=control_id(field) name=field.as_str() required=required aria-invalid=move || state.aria_invalid(field) aria-describedby=described_by(field)
                prop:value=move || state.draft.with(|d| d.text(field).to_owned())
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    state.set_text(field, v);
                    state.touch(field);
                }
                on:blur=move |_| state.touch(field)>
                <option value="">{move || field.prompt(lang())}</option>
                {options.into_iter().map(|o| { let value = o.clone(); view! { <option value=o>{move || field.option_label(&value, lang())}</option> } }).collect_view()}
            </select>
            <FieldError field=field />
        </div>
    }
}
