//! Files to attach: picked with a file input, listed with size and a remove button.

use leptos::prelude::*;
use sealdrop_shared::report::{AttachmentMeta, FieldId, human_size};
use wasm_bindgen::JsCast;

use super::field_error::FieldError;
use super::field_label::FieldLabel;
use crate::form_state::{FormState, control_id, described_by};

fn meta(file: &web_sys::File) -> AttachmentMeta {
    AttachmentMeta { name: file.name(), size: file.size() as u64, media_type: file.type_() }
}

/// The attachments control, bound to the draft's files.
#[component]
pub fn Attachments(
    /// Which field (the one of kind `Files`).
    field: FieldId,
) -> impl IntoView {
    let state = FormState::expect();
    let limits = state.policy.with_value(|p| p.attachments);
    let sync = move || {
        let metas = state.files.with(|files| files.iter().map(meta).collect::<Vec<_>>());
        state.draft.update(|d| d.attachments = metas);
        state.touch(field);
    };
    let on_change = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        if let Some(list) = input.files() {
            let picked: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
            state.files.update(|files| files.extend(picked));
        }
        input.set_value("");
        sync();
    };
    let remove = move |index: usize| {
        state.files.update(|files| {
            if index < files.len() {
                files.remove(index);
            }
        });
        sync();
    };
    let total = move || state.files.with(|files| files.iter().map(|f| f.size() as u64).sum::<u64>());
    view! {
        <div class="sd-field sd-attachments" class:sd-field-invalid=move || state.error(field).is_some()>
            <FieldLabel field=field />
            <input id=control_id(field) name=field.as_str() type="file" multiple aria-describedby=described_by(field)
                aria-invalid=move || state.aria_invalid(field) on:change=on_change />
            <ul class="sd-files" aria-label="Attached files">
                {move || state.files.with(|files| files.iter().enumerate().map(|(i, f)| {
                    let name = f.name();
                    let label = format!("Remove {name}");
                    view! {
                        <li>
                            <span class="sd-file-name">{name}</span>
                            <span class="sd-file-size">{human_size(f.size() as u64)}</span>
                            <button type="button" class="sd-link" aria-label=label on:click=move |_| remove(i)>"Remove"</button>
                        </li>
                    }
                }).collect_view())}
            </ul>
            <p class="sd-hint">{move || format!("{} of {} used, up to {} files.", human_size(total()), human_size(limits.max_total_bytes), limits.max_files)}</p>
            <FieldError field=field />
        </div>
    }
}
