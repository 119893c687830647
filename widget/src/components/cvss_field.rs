//! The severity field: a pasted or typed CVSS 3.1 or 4.0 vector, parsed and scored as it is typed
//! (`sealdrop_shared::severity`), the score and rating shown beside it; what is wrong with it is
//! shown once the field is left, like every other field's error.

use leptos::prelude::*;
use sealdrop_shared::report::FieldId;
use sealdrop_shared::severity::CvssVector;

use super::cvss_calculator::CvssCalculator;
use super::field_error::FieldError;
use super::field_label::FieldLabel;
use crate::form_state::{FormState, control_id, described_by};
use crate::i18n::lang;

/// A CVSS vector input with its live score.
#[component]
pub fn CvssField(
    /// Which field.
    field: FieldId,
) -> impl IntoView {
    let state = FormState::expect();
    let spec = field.spec();
    // Parsed once per change of this field's text (not per keystroke elsewhere, nor per reader).
    let text = Memo::new(move |_| state.draft.with(|d| d.text(field).to_owned()));
    let vector = Memo::new(move |_| CvssVector::parse(&text.get()).ok());
    let score = move || vector.get().map(|v| v.summary_in(lang()));
    let rating = move || vector.with(|v| v.as_ref().map_or("", |v| v.rating()));
    view! {
        <div class="sd-field sd-cvss" class:sd-field-invalid=move || state.error(field).is_some()>
            <FieldLabel field=field />
            <input id=control_id(field) name=spec.name type="text" autocomplete="off" spellcheck="false"
                required=move || state.required(field) aria-invalid=move || state.aria_invalid(field)
                aria-describedby=described_by(field) maxlength=spec.max_chars.to_string()
                placeholder="CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"
                prop:value=move || text.get() on:input=move |ev| state.set_text(field, event_target_value(&ev)) on:blur=move |_| state.touch(field) />
            <output class="sd-cvss-score" for=control_id(field) aria-live="polite" data-rating=rating>{score}</output>
            <FieldError field=field />
            <CvssCalculator field=field vector=vector />
        </div>
    }
}
