//! Choices in a form: a labelled `<select>` with its error, and a checkbox.
//! Like [`super::form::Field`], they start with what a failed no-JavaScript
//! post brought back.

use leptos::prelude::*;

use super::form::{kept_value, FieldError};

/// A labelled `<select>` whose first choice is empty (`placeholder`).
#[component]
pub fn SelectField(
    /// May change (a province is a "State" in some countries).
    #[prop(into)]
    label: TextProp,
    /// A literal, or built (`shipping_country` in checkout's address forms).
    #[prop(into)]
    name: String,
    #[prop(default = "off")] autocomplete: &'static str,
    /// Marked "(optional)" and not `required`.
    #[prop(optional, into)]
    optional: Signal<bool>,
    /// The empty first choice ("Choose a country").
    placeholder: String,
    /// `(value, text)` of each choice, in order.
    options: Vec<(String, String)>,
    /// The value chosen at first; a failed post's value wins.
    #[prop(optional, into)]
    selected: String,
    #[prop(into)] error: Signal<Option<String>>,
    /// Told the new value each time the customer picks another choice.
    #[prop(optional, into)]
    on_change: Option<Callback<String>>,
) -> impl IntoView {
    let selected = kept_value(&name).unwrap_or(selected);
    let error_id = format!("{name}-error");
    let described_by = {
        let error_id = error_id.clone();
        move || error.with(Option::is_some).then(|| error_id.clone())
    };
    let choices = options
        .into_iter()
        .map(|(value, text)| {
            let chosen = value == selected;
            view! { <option value=value selected=chosen>{text}</option> }
        })
        .collect_view();
    view! {
        <div class="field">
            <label class="field-label" for=name.clone()>
                {move || label.get()}
                {move || optional.get().then(|| view! { <span class="optional">" (optional)"</span> })}
            </label>
            <select
                class="input select"
                id=name.clone()
                name=name
                autocomplete=autocomplete
                required=move || !optional.get()
                aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                aria-describedby=described_by
                on:change=move |ev| {
                    if let Some(on_change) = on_change {
                        on_change.run(event_target_value(&ev));
                    }
                }
            >
                <option value="" selected=selected.is_empty()>{placeholder}</option>
                {choices}
            </select>
            <FieldError id=error_id error/>
        </div>
    }
}

/// A checkbox with its label beside it; posts `on` when ticked.
#[component]
pub fn Checkbox(
    label: &'static str,
    name: &'static str,
    #[prop(optional)] checked: bool,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    let hint_id = format!("{name}-hint");
    view! {
        <div class="field field-check">
            <input
                class="checkbox"
                type="checkbox"
                id=name
                name=name
                value="on"
                checked=checked
                aria-describedby=hint.map(|_| hint_id.clone())
            />
            <label class="check-label" for=name>{label}</label>
            {hint.map(|h| view! { <p class="field-hint" id=hint_id>{h}</p> })}
        </div>
    }
}
