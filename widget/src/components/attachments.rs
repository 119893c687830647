//! Files to attach: picked with the file input, dropped onto the field, or pasted (a screenshot
//! from the clipboard, anywhere in the form); listed with a thumbnail or type badge, size and a
//! remove button.

use leptos::prelude::*;
use sealdrop_shared::i18n::Arg;
use sealdrop_shared::report::{AttachmentMeta, FieldId};
use wasm_bindgen::JsCast;

use super::field_error::FieldError;
use super::field_label::FieldLabel;
use super::file_item::FileItem;
use crate::form_state::{FormState, control_id, described_by};
use crate::i18n::{lang, t};

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
    let add = move |list: Option<web_sys::FileList>| {
        let Some(list) = list else { return false };
        let picked: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
        if picked.is_empty() {
            return false;
        }
        state.files.update(|files| files.extend(picked));
        sync();
        true
    };
    let on_change = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        add(input.files());
        input.set_value("");
        state.touch(field);
    };
    // Dropped files, anywhere in the frame (a file dropped elsewhere would otherwise replace the
    // form with itself); the field shows it is the drop zone while something is dragged.
    let dragging = RwSignal::new(false);
    let over = window_event_listener(leptos::ev::dragover, move |ev: web_sys::DragEvent| {
        ev.prevent_default();
        if let Some(transfer) = ev.data_transfer() {
            transfer.set_drop_effect("copy");
        }
        dragging.set(true);
    });
    let left = window_event_listener(leptos::ev::dragleave, move |_| dragging.set(false));
    let dropped = window_event_listener(leptos::ev::drop, move |ev: web_sys::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        add(ev.data_transfer().and_then(|t| t.files()));
    });
    // A pasted file (a screenshot) anywhere in the frame; pasted text goes where it always goes.
    let paste = window_event_listener(leptos::ev::paste, move |ev: web_sys::ClipboardEvent| {
        if add(ev.clipboard_data().and_then(|d| d.files())) {
            ev.prevent_default();
        }
    });
    on_cleanup(move || {
        for listener in [over, left, dropped, paste] {
            listener.remove();
        }
    });
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
        <div class="sd-field sd-attachments" class:sd-field-invalid=move || state.error(field).is_some()
            class:sd-dropping=move || dragging.get()>
            <FieldLabel field=field />
            <input id=control_id(field) name=field.as_str() type="file" multiple aria-describedby=described_by(field)
                aria-invalid=move || state.aria_invalid(field) on:change=on_change />
            <ul class="sd-files" aria-label=t("files-list")>
                {move || state.files.with(|files| files.iter().enumerate().map(|(i, f)| {
                    view! { <FileItem file=f.clone() on_remove=Callback::new(move |()| remove(i)) /> }
                }).collect_view())}
            </ul>
            <p class="sd-hint">{t("files-how")}" "
                {move || {
                    let lang = lang();
                    let args = [
                        ("used", Arg::from(lang.size(total()))),
                        ("max", Arg::from(lang.size(limits.max_total_bytes))),
                        ("max_files", Arg::from(limits.max_files)),
                    ];
                    lang.tf("files-used", &args)
                }}</p>
            <FieldError field=field />
        </div>
    }
}
