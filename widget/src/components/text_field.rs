//! A labelled text input or text area with its hint and its error (shown once touched).

use leptos::prelude::*;
use sealdrop_shared::field::FieldKind;
use sealdrop_shared::report::FieldId;

use super::field_error::FieldError;
use super::field_label::FieldLabel;
use crate::form_state::{FormState, control_id, described_by};

/// A text field bound to the draft: a text area for multi-line fields, else an input.
#[component]
pub fn TextField(
    /// Which field.
    field: FieldId,
) -> impl IntoView {
    let state = FormState::expect();
    let spec = field.spec();
    let required = move || state.required(field);
    let value = move || state.draft.with(|d| d.text(field).to_owned());
    let set = move |v: String| state.set_text(field, v);
    let invalid = move || state.aria_invalid(field);
    let on_blur = move |_| state.touch(field);
    let control = if spec.kind.multiline() {
        view! {
            <textarea id=control_id(field) name=spec.name rows="5" required=required aria-invalid=invalid aria-describedby=described_by(field)
                maxlength=spec.max_chars.to_string() prop:value=value on:input=move |ev| set(event_target_value(&ev)) on:blur=on_blur></textarea>
        }
        .into_any()
    } else {
        let kind = if matches!(spec.kind, FieldKind::Target) { "url" } else { "text" };
        view! {
            <input id=control_id(field) name=spec.name type="text" inputmode=kind autocomplete="off" required=required aria-invalid=invalid
                aria-describedby=described_by(field) maxlength=spec.max_chars.to_string() prop:value=value
                on:input=move |ev| set(event_target_value(&ev)) on:blur=on_blur />
        }
        .into_any()
    };
    view! {
        <div class="sd-field" class:sd-field-invalid=move || state.error(field).is_some()>
            <FieldLabel field=field />
            {control}
            <FieldError field=field />
        </div>
    }
}
