//! One report field, rendered by the component for its kind.

use leptos::prelude::*;
use sealdrop_shared::field::FieldKind;
use sealdrop_shared::report::FieldId;

use super::attachments::Attachments;
use super::choice_field::ChoiceField;
use super::consent::Consent;
use super::cvss_field::CvssField;
use super::cwe_field::CweField;
use super::flag_field::FlagField;
use super::text_field::TextField;
use crate::form_state::FormState;

/// The control of `field`, chosen by its [`FieldKind`].
#[component]
pub fn Field(
    /// Which field.
    field: FieldId,
) -> impl IntoView {
    match field.spec().kind {
        FieldKind::Line | FieldKind::Text | FieldKind::Target | FieldKind::Contact => {
            view! { <TextField field=field /> }.into_any()
        }
        FieldKind::Choice { options, .. } => {
            let options = options.iter().map(ToString::to_string).collect();
            view! { <ChoiceField field=field options=options /> }.into_any()
        }
        FieldKind::Product => {
            let options = FormState::expect().policy.with_value(|p| p.scope.products.clone());
            view! { <ChoiceField field=field options=options /> }.into_any()
        }
        FieldKind::Files => view! { <Attachments field=field /> }.into_any(),
        FieldKind::Consent => view! { <Consent field=field /> }.into_any(),
        FieldKind::Cvss => view! { <CvssField field=field /> }.into_any(),
        FieldKind::Cwe => view! { <CweField field=field /> }.into_any(),
        FieldKind::Flag => view! { <FlagField field=field /> }.into_any(),
    }
}
