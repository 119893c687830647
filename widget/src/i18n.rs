//! The reporter's language in the frame: chosen once from `data-lang`, the host page's `lang`
//! and the browser's languages (limited to the policy's), changed by the language switch, and
//! read by every component through [`t`] and [`tf`], which re-render when it changes. The
//! messages are `shared/src/i18n/*.ftl`.

use leptos::prelude::*;
use sealdrop_shared::i18n::{Arg, Lang};
use sealdrop_shared::time::Timestamp;

/// The current language and the ones the policy offers, as Leptos context.
#[derive(Debug, Clone, Copy)]
pub struct Language {
    /// What the frame speaks now.
    pub lang: RwSignal<Lang>,
    /// The languages the switch offers (the policy's, once it has loaded).
    pub offered: RwSignal<Vec<Lang>>,
    /// The tags the reporter's side asked for, most wanted first.
    wanted: StoredValue<Vec<String>>,
}

impl Language {
    /// Chooses the first language from `wanted` (every language is possible until the policy is
    /// known), keeps the frame's `lang` attribute in step, and provides the context.
    pub fn provide(wanted: Vec<String>) -> Self {
        let offered = Lang::ALL.to_vec();
        let lang = Lang::choose(wanted.iter().map(String::as_str), &offered);
        let language =
            Self { lang: RwSignal::new(lang), offered: RwSignal::new(offered), wanted: StoredValue::new(wanted) };
        Effect::new(move |_| {
            let lang = language.lang.get();
            if let Some(root) = document().document_element() {
                let _ = root.set_attribute("lang", lang.tag());
            }
            document().set_title(&lang.t("frame-title"));
        });
        provide_context(language);
        language
    }

    /// The language context of this component.
    pub fn expect() -> Self {
        expect_context::<Self>()
    }

    /// Limits the choice to the policy's `organisation.languages` (and chooses again).
    pub fn offer(&self, languages: &[String]) {
        let offered = Lang::offered(languages);
        let lang = self.wanted.with_value(|w| Lang::choose(w.iter().map(String::as_str), &offered));
        self.offered.set(offered);
        self.lang.set(lang);
    }
}

/// The current language (tracked: a closure calling it re-runs when it changes).
pub fn lang() -> Lang {
    Language::expect().lang.get()
}

/// The message `id` (or `id.attribute`) in the current language, as a reactive text.
pub fn t(id: &'static str) -> impl Fn() -> String + Clone + Send + Sync + 'static {
    let lang = Language::expect().lang;
    move || lang.get().t(id)
}

/// The message `id` with placeholders, as a reactive text; `args` is called with the language
/// (for values that are themselves formatted for it).
pub fn tf<F>(id: &'static str, args: F) -> impl Fn() -> String + Clone + Send + Sync + 'static
where
    F: Fn(Lang) -> Vec<(&'static str, Arg<'static>)> + Clone + Send + Sync + 'static,
{
    let lang = Language::expect().lang;
    move || {
        let lang = lang.get();
        lang.tf(id, &args(lang))
    }
}

/// An instant for people, in the current language and the offset it was given in: "Thursday 26
/// November 2026, 23:59 (UTC+01:00)", as a reactive text.
pub fn readable(at: &Timestamp) -> impl Fn() -> String + Clone + Send + Sync + 'static + use<> {
    let at = at.as_datetime();
    move || lang().date_time(&at)
}
