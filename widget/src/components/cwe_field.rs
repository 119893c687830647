//! The weakness field: a CWE of the catalogue (`sealdrop_shared::cwe`), picked from the browser's
//! own suggestion list (a `<datalist>`: searchable by number and by name, keyboard and screen
//! reader friendly) with the 2025 Top 25 first. The list is built the first time the field gets
//! the focus, so the form's first view does not carry 880 options. The picked weakness's name is
//! shown beside it and is part of the field's description (read when the field gets the focus,
//! not announced at every keystroke); a value outside the catalogue is an error once the field is
//! left.

use leptos::prelude::*;
use sealdrop_shared::cwe::{self, Cwe};
use sealdrop_shared::report::FieldId;

use super::field_error::FieldError;
use super::field_label::FieldLabel;
use crate::form_state::{FormState, control_id, described_by, list_id, meaning_id};

/// A CWE input with its suggestion list and the picked weakness's name.
#[component]
pub fn CweField(
    /// Which field.
    field: FieldId,
) -> impl IntoView {
    let state = FormState::expect();
    let spec = field.spec();
    let text = Memo::new(move |_| state.draft.with(|d| d.text(field).to_owned()));
    let picked = Memo::new(move |_| Cwe::parse(&text.get()).ok());
    let wanted = RwSignal::new(false);
    // Built once: a second focus does not rebuild the 880 options.
    let want = move || {
        if !wanted.get_untracked() {
            wanted.set(true);
        }
    };
    let options = move || {
        wanted
            .get()
            .then(|| cwe::picker_order().map(|c| view! { <option value=c.id()>{c.name}</option> }).collect_view())
    };
    view! {
        <div class="sd-field sd-cwe" class:sd-field-invalid=move || state.error(field).is_some()>
            <FieldLabel field=field />
            <input id=control_id(field) name=spec.name type="text" list=list_id(field) autocomplete="off"
                spellcheck="false" required=move || state.required(field) aria-invalid=move || state.aria_invalid(field)
                aria-describedby=format!("{} {}", described_by(field), meaning_id(field))
                maxlength=spec.max_chars.to_string() placeholder="CWE-79"
                prop:value=move || text.get() on:focus=move |_| want()
                on:input=move |ev| state.set_text(field, event_target_value(&ev)) on:blur=move |_| state.touch(field) />
            <output id=meaning_id(field) class="sd-cwe-name" for=control_id(field)>{move || picked.get().map(|c| c.name)}</output>
            <datalist id=list_id(field)>{options}</datalist>
            <FieldError field=field />
        </div>
    }
}
