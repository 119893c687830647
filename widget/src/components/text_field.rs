//! A labelled text input or text area with its hint and its error (shown once touched).

use leptos::prelude::*;
use sealdrop_shared::report::FieldId;

use super::report_form::FormState;

/// The `id` of a field's control.
pub fn control_id(field: FieldId) -> String {
    format!("sd-{}", field.as_str())
}

/// The `aria-describedby` ids of a field: its hint and its error.
pub fn described_by(field: FieldId) -> String {
    format!("sd-{0}-hint sd-{0}-error", field.as_str())
}

/// Label, optional marker and hint of a field.
#[component]
pub fn FieldLabel(
    /// Which field.
    field: FieldId,
    /// Whether it is required.
    required: bool,
) -> impl IntoView {
    view! {
        <label for=control_id(field) class="sd-label">
            {field.label()}
            {if required { view! { <span class="sd-required">" (required)"</span> }.into_any() } else { view! { <span class="sd-optional">" (optional)"</span> }.into_any() }}
        </label>
        <p id=format!("sd-{}-hint", field.as_str()) class="sd-hint">{field.hint()}</p>
    }
}

/// The error line under a field (always present so `aria-describedby` resolves).
#[component]
pub fn FieldError(
    /// Which field.
    field: FieldId,
    /// The form.
    state: FormState,
) -> impl IntoView {
    view! { <p id=format!("sd-{}-error", field.as_str()) class="sd-error" aria-live="polite">{move || state.error(field).map(|e| e.to_string())}</p> }
}

/// A text field bound to the draft.
#[component]
pub fn TextField(
    /// Which field.
    field: FieldId,
    /// The form.
    state: FormState,
) -> impl IntoView {
    let required = state.required(field);
    let value = move || state.draft.with(|d| d.text(field).to_owned());
    let set = move |v: String| {
        state.draft.update(|d| {
            if let Some(t) = d.text_mut(field) {
                *t = v
            }
        })
    };
    let invalid = move || if state.error(field).is_some() { "true" } else { "false" };
    let on_blur = move |_| state.touch(field);
    let control = if field.multiline() {
        view! {
            <textarea id=control_id(field) name=field.as_str() rows="5" required=required aria-invalid=invalid aria-describedby=described_by(field)
                maxlength=field.max_chars().to_string() prop:value=value on:input=move |ev| set(event_target_value(&ev)) on:blur=on_blur></textarea>
        }
        .into_any()
    } else {
        let kind = if field == FieldId::Affected { "url" } else { "text" };
        view! {
            <input id=control_id(field) name=field.as_str() type="text" inputmode=kind autocomplete="off" required=required aria-invalid=invalid
                aria-describedby=described_by(field) maxlength=field.max_chars().to_string() prop:value=value
                on:input=move |ev| set(event_target_value(&ev)) on:blur=on_blur />
        }
        .into_any()
    };
    view! {
        <div class="sd-field" class:sd-field-invalid=move || state.error(field).is_some()>
            <FieldLabel field=field required=required />
            {control}
            <FieldError field=field state=state />
        </div>
    }
}
