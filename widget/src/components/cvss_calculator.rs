//! The CVSS calculator under the severity field: a version and one select per base metric
//! (`sealdrop_shared::severity::Version::metrics`); once every metric is picked, the vector is
//! written into the field, where it is scored like a pasted one. A vector in the field shows its
//! metrics here, so pasting and picking edit the same value; choosing "Choose…" again for a
//! metric clears the field's vector and keeps the other picks.

use leptos::prelude::*;
use sealdrop_shared::report::FieldId;
use sealdrop_shared::severity::{CvssVector, Version};

use crate::form_state::{FormState, control_id};
use crate::i18n::{lang, t};
use sealdrop_shared::i18n::Arg;

/// The calculator of a CVSS field.
#[component]
pub fn CvssCalculator(
    /// Which field it writes.
    field: FieldId,
    /// The field's text, parsed (a memo: it changes only when that text does).
    vector: Memo<Option<CvssVector>>,
) -> impl IntoView {
    let state = FormState::expect();
    let version = RwSignal::new(Version::V40);
    // What was picked while the field holds no vector of this version.
    let picks = RwSignal::new(vec![None::<&'static str>; Version::V40.metrics().len()]);
    // A vector typed or pasted into the field switches the calculator to its version.
    Effect::new(move |_| {
        if let Some(v) = vector.get() {
            version.set(v.calculator_version());
        }
    });
    // The picks shown: the field's vector's, else the ones made here.
    let shown = Memo::new(move |_| {
        let version = version.get();
        vector
            .with(|v| v.as_ref().filter(|v| v.calculator_version() == version).map(CvssVector::picks))
            .unwrap_or_else(|| picks.get())
    });
    let pick = move |index: usize, value: String| {
        let version = version.get_untracked();
        let mut now = shown.get_untracked();
        now.resize(version.metrics().len(), None);
        now[index] = version.metrics()[index].values.iter().map(|(code, _)| *code).find(|code| *code == value);
        picks.set(now.clone());
        // A complete choice writes its vector; an incomplete one clears the field's vector of this
        // version (it no longer says what the picks say), and keeps the picks here.
        let written = match version.compose(&now) {
            Some(vector) => Some(vector.to_string()),
            None => vector
                .with_untracked(|v| v.as_ref().is_some_and(|v| v.calculator_version() == version))
                .then(String::new),
        };
        if let Some(written) = written {
            state.set_text(field, written);
            state.touch(field);
        }
    };
    let set_version = move |number: String| {
        if let Some(v) = Version::from_number(&number) {
            version.set(v);
            picks.set(vec![None; v.metrics().len()]);
        }
    };
    let id = move |code: &str| format!("{}-calc-{}", control_id(field), code.to_ascii_lowercase());
    let left = move || shown.with(|s| s.iter().filter(|p| p.is_none()).count());
    view! {
        <details class="sd-cvss-calc">
            <summary>{t("cvss-calculate")}</summary>
            <div class="sd-cvss-metrics">
                <label for=id("version")>{t("cvss-version")}</label>
                <select id=id("version") prop:value=move || version.get().number() on:change=move |ev| set_version(event_target_value(&ev))>
                    {Version::ALL.iter().map(|v| view! { <option value=v.number()>{v.number()}</option> }).collect_view()}
                </select>
                {move || {
                    version.get().metrics().iter().enumerate().map(|(index, metric)| {
                        let value = move || shown.with(|s| s.get(index).copied().flatten().unwrap_or(""));
                        view! {
                            <label for=id(metric.code)>{move || metric.label(lang())}</label>
                            <select id=id(metric.code) data-metric=metric.code prop:value=value on:change=move |ev| pick(index, event_target_value(&ev))>
                                <option value="">{t("choose-prompt")}</option>
                                {metric.values.iter().map(|(code, name)| view! { <option value=*code>{move || metric.value_label(name, lang())}</option> }).collect_view()}
                            </select>
                        }
                    }).collect_view()
                }}
            </div>
            <p class="sd-hint" aria-live="polite">{move || match left() {
                0 => String::new(),
                n => lang().tf("cvss-left", &[("count", Arg::from(n))]),
            }}</p>
        </details>
    }
}
