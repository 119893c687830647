//! An optional checkbox (a [`FieldKind::Flag`](sealdrop_shared::field::FieldKind::Flag)): ticked,
//! the field's value is `FLAG_SET`; not ticked, it is empty.

use leptos::prelude::*;
use sealdrop_shared::field::FLAG_SET;
use sealdrop_shared::report::FieldId;

use super::field_error::FieldError;
use crate::form_state::{FormState, control_id, described_by, hint_id};
use crate::i18n::lang;

/// The checkbox, its label and its hint (which says what ticking it does).
#[component]
pub fn FlagField(
    /// Which field.
    field: FieldId,
) -> impl IntoView {
    let state = FormState::expect();
    view! {
        <div class="sd-field sd-flag" class:sd-field-invalid=move || state.error(field).is_some()>
            <div class="sd-check">
                <input id=control_id(field) name=field.as_str() type="checkbox"
                    aria-invalid=move || state.aria_invalid(field)
                    aria-describedby=described_by(field)
                    prop:checked=move || state.draft.with(|d| d.text(field) == FLAG_SET)
                    on:change=move |ev| {
                        let value = if event_target_checked(&ev) { FLAG_SET.to_owned() } else { String::new() };
                        state.set_text(field, value);
                        state.touch(field);
                    }
                    on:blur=move |_| state.touch(field) />
                <label for=control_id(field)>{move || field.label(lang())}</label>
            </div>
            <p class="sd-hint sd-flag-hint" id=hint_id(field)>{move || field.hint(lang())}</p>
            <FieldError field=field />
        </div>
    }
}
