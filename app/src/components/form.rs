//! Form building blocks: a labelled field with its hint and error, a submit
//! button with a pending state, and a form-level alert. Choices (`<select>`,
//! checkboxes) are in [`super::choice`].

use customer_core::AppError;
use leptos::prelude::*;

/// The message for `field` in the latest result of an action, if any.
pub fn field_error<T, V>(value: V, field: &'static str) -> Signal<Option<String>>
where
    T: Send + Sync + 'static,
    V: With<Value = Option<Result<T, AppError>>> + Copy + Send + Sync + 'static,
{
    Signal::derive(move || {
        value.with(|v| match v {
            Some(Err(e)) => e.field_message(field),
            _ => None,
        })
    })
}

/// The form-level message: any error that does not name a field.
pub fn form_error<T, V>(value: V) -> Signal<Option<String>>
where
    T: Send + Sync + 'static,
    V: With<Value = Option<Result<T, AppError>>> + Copy + Send + Sync + 'static,
{
    Signal::derive(move || {
        value.with(|v| match v {
            Some(Err(e)) if e.fields().is_none_or(|f| f.is_empty()) => Some(e.message()),
            _ => None,
        })
    })
}

/// Every message of the latest error, for a form whose fields have no
/// place of their own (a bulk bar, a row's inline form): the field messages
/// one after another, or the error's own message when it names no field.
pub fn all_errors<T, V>(value: V) -> Signal<Option<String>>
where
    T: Send + Sync + 'static,
    V: With<Value = Option<Result<T, AppError>>> + Copy + Send + Sync + 'static,
{
    Signal::derive(move || {
        value.with(|v| match v {
            Some(Err(e)) => match e.fields().filter(|f| !f.is_empty()) {
                Some(fields) => Some(fields.values().cloned().collect::<Vec<_>>().join(" ")),
                None => Some(e.message()),
            },
            _ => None,
        })
    })
}

/// What a failed no-JavaScript post brought back for `name` (see
/// [`crate::KEPT_PREFIX`]); never a password.
pub fn kept_value(name: &str) -> Option<String> {
    if name.contains("password") {
        return None;
    }
    leptos_router::hooks::use_query_map()
        .with_untracked(|q| q.get(&format!("{}{name}", crate::KEPT_PREFIX)))
}

#[component]
pub fn Field(
    /// May change (a postal code is a "ZIP code" in some countries).
    #[prop(into)]
    label: TextProp,
    /// A literal, or built (`shipping_city` in checkout's address forms).
    #[prop(into)]
    name: String,
    /// The input's id when `name` is not unique on the page (two forms
    /// both asking for the current password); `name` by default.
    #[prop(optional)]
    id: Option<&'static str>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    /// Shown under the field; may change (a postal code's example follows
    /// the country).
    #[prop(optional, into)]
    hint: MaybeProp<String>,
    /// Marked "(optional)" and not `required`; may change with the country.
    #[prop(optional, into)]
    optional: Signal<bool>,
    /// The starting value (an edit form).
    #[prop(optional, into)]
    value: Option<String>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    // After a failed post without JavaScript, what was typed comes back in
    // the query (see `KEPT_PREFIX`); never for a password.
    let kept = (kind != "password").then(|| kept_value(&name)).flatten();
    let value = kept.or(value);
    let id = id.map(String::from).unwrap_or_else(|| name.clone());
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described_by = {
        let (error_id, hint_id) = (error_id.clone(), hint_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.with(Option::is_some) {
                ids.push(hint_id.clone());
            }
            if error.with(Option::is_some) {
                ids.push(error_id.clone());
            }
            ids.join(" ")
        }
    };
    view! {
        <div class="field">
            <label class="field-label" for=id.clone()>
                {move || label.get()}
                {move || optional.get().then(|| view! { <span class="optional">" (optional)"</span> })}
            </label>
            <input
                class="input"
                id=id
                name=name
                type=kind
                autocomplete=autocomplete
                value=value
                required=move || !optional.get()
                aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                aria-describedby=described_by
            />
            {move || hint.get().map(|h| view! { <p class="field-hint" id=hint_id.clone()>{h}</p> })}
            <FieldError id=error_id error/>
        </div>
    }
}

/// The message under a field, announced when it appears.
#[component]
pub fn FieldError(id: String, #[prop(into)] error: Signal<Option<String>>) -> impl IntoView {
    view! {
        <p class="field-error" id=id hidden=move || error.with(Option::is_none)>
            {move || error.get()}
        </p>
    }
}

#[component]
pub fn SubmitButton(
    label: &'static str,
    pending_label: &'static str,
    #[prop(into)] pending: Signal<bool>,
    /// As wide as its form (login, registration) or as wide as its label.
    #[prop(default = true)]
    block: bool,
) -> impl IntoView {
    view! {
        <button
            type="submit"
            class=if block { "button button-primary button-block" } else { "button button-primary" }
            disabled=move || pending.get()
            aria-busy=move || if pending.get() { "true" } else { "false" }
        >
            {move || {
                if pending.get() {
                    view! { <span class="spinner" aria-hidden="true"></span> {pending_label} }.into_any()
                } else {
                    label.into_any()
                }
            }}
        </button>
    }
}

#[component]
pub fn FormAlert(#[prop(into)] message: Signal<Option<String>>) -> impl IntoView {
    view! {
        <Show when=move || message.with(Option::is_some)>
            <div class="alert alert-error" role="alert">
                {move || message.get()}
            </div>
        </Show>
    }
}
