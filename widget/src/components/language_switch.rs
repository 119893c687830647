//! The language switch: one button per language the policy offers, each named in its own
//! language; hidden when the policy offers one.

use leptos::prelude::*;

use crate::i18n::{Language, t};

/// The switch.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let language = Language::expect();
    move || {
        let offered = language.offered.get();
        (offered.len() > 1).then(|| {
            let buttons = offered
                .into_iter()
                .map(|lang| {
                    view! {
                        <button type="button" class="sd-lang" lang=lang.tag() data-lang=lang.tag()
                            aria-pressed=move || if language.lang.get() == lang { "true" } else { "false" }
                            on:click=move |_| language.lang.set(lang)>{lang.autonym()}</button>
                    }
                })
                .collect_view();
            view! { <nav class="sd-langs" aria-label=t("language-switch")>{buttons}</nav> }
        })
    }
}
