//! The report form's state and its DOM id scheme, in one place. The form provides the state as
//! Leptos context ([`FormState::provide`]); each field component takes it from there
//! ([`FormState::expect`]), so the form and its fields do not import each other.

use std::collections::BTreeSet;

use leptos::prelude::*;
use sealdrop_shared::field::FIELDS;
use sealdrop_shared::policy::PublicPolicy;
use sealdrop_shared::report::{Draft, FieldId, Problem, check_field};

/// The form's state, shared by its field components.
#[derive(Debug, Clone, Copy)]
pub struct FormState {
    /// The policy.
    pub policy: StoredValue<PublicPolicy>,
    /// What has been typed.
    pub draft: RwSignal<Draft>,
    /// Fields that lost focus at least once (their errors are shown).
    pub touched: RwSignal<BTreeSet<FieldId>>,
    /// Picked files (browser handles; read only when sending).
    pub files: RwSignal<Vec<web_sys::File>, LocalStorage>,
}

impl FormState {
    /// An empty form for `policy`.
    pub fn new(policy: StoredValue<PublicPolicy>) -> Self {
        Self {
            policy,
            draft: RwSignal::new(Draft::default()),
            touched: RwSignal::new(BTreeSet::new()),
            files: RwSignal::new_local(Vec::new()),
        }
    }

    /// Makes the state available to the components below the current one.
    pub fn provide(self) {
        provide_context(self);
    }

    /// The state of the form this component is in.
    pub fn expect() -> Self {
        expect_context::<Self>()
    }

    /// The field's error, if it was touched and is invalid.
    pub fn error(&self, field: FieldId) -> Option<Problem> {
        if !self.touched.with(|t| t.contains(&field)) {
            return None;
        }
        self.draft.with(|d| self.policy.with_value(|p| check_field(p, d, field).err()))
    }

    /// `aria-invalid` of the field's control.
    pub fn aria_invalid(&self, field: FieldId) -> &'static str {
        if self.error(field).is_some() { "true" } else { "false" }
    }

    /// Marks a field as touched.
    pub fn touch(&self, field: FieldId) {
        if !self.touched.with_untracked(|t| t.contains(&field)) {
            self.touched.update(|t| {
                t.insert(field);
            });
        }
    }

    /// Sets a text field's value (a field that holds no text is left alone).
    pub fn set_text(&self, field: FieldId, value: String) {
        self.draft.update(|d| {
            if let Some(t) = d.text_mut(field) {
                *t = value
            }
        });
    }

    /// Marks every field as touched (on submit, so every error shows).
    pub fn touch_all(&self) {
        self.touched.set(FIELDS.iter().map(|f| f.id).collect());
    }

    /// Whether the field must be filled in now (`report::is_required`: the policy, or another
    /// field's answer); reactive, as it reads the draft.
    pub fn required(&self, field: FieldId) -> bool {
        self.policy.with_value(|p| self.draft.with(|d| sealdrop_shared::report::is_required(p, d, field)))
    }
}

/// The `id` of a field's control.
pub fn control_id(field: FieldId) -> String {
    format!("sd-{}", field.as_str())
}

/// The `id` of a field's hint.
pub fn hint_id(field: FieldId) -> String {
    format!("sd-{}-hint", field.as_str())
}

/// The `id` of a field's error line.
pub fn error_id(field: FieldId) -> String {
    format!("sd-{}-error", field.as_str())
}

/// The `id` of a field's suggestion list (`<datalist>`).
pub fn list_id(field: FieldId) -> String {
    format!("sd-{}-list", field.as_str())
}

/// The `id` of what a field's value means, shown beside it (the picked weakness's name).
pub fn meaning_id(field: FieldId) -> String {
    format!("sd-{}-meaning", field.as_str())
}

/// The `aria-describedby` ids of a field: its hint and its error.
pub fn described_by(field: FieldId) -> String {
    format!("{} {}", hint_id(field), error_id(field))
}
