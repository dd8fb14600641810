//! The customer's home: account information with an edit form, the list of
//! logged-in devices, and what is still to come.

use customer_core::dto::{CustomerView, SessionView};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;

use crate::api::{current_customer, list_sessions, EndOtherSessions, EndSession, UpdateProfile};
use crate::components::form::{field_error, form_error, Field, FormAlert, SubmitButton};

#[component]
pub fn AccountPage() -> impl IntoView {
    // Actions are created here, inside the routes, so that a form posted
    // without JavaScript shows its error when the page comes back.
    let update = ServerAction::<UpdateProfile>::new();
    let end_one = ServerAction::<EndSession>::new();
    let end_others = ServerAction::<EndOtherSessions>::new();
    // Fetched when the page opens and after each change made here.
    let customer = Resource::new(move || update.version().get(), |_| current_customer());
    let sessions = Resource::new(
        move || (end_one.version().get(), end_others.version().get()),
        |_| list_sessions(),
    );
    view! {
        <Title text="Your account"/>
        <Suspense fallback=|| {
            view! { <p class="muted" aria-busy="true">"Loading your account…"</p> }
        }>
            {move || Suspend::new(async move {
                match customer.await {
                    Ok(Some(c)) => {
                        view! {
                            <h1 class="page-title">"Your account"</h1>
                            <p class="page-lead">{format!("Hello, {}.", c.first_name)}</p>
                            <div class="account-grid">
                                <ProfileCard customer=c update/>
                                <SessionsCard sessions end_one end_others/>
                                <ComingSoon title="Addresses" text="Save shipping and billing addresses for a faster checkout."/>
                                <ComingSoon title="Orders" text="Follow your orders and see what you bought before."/>
                                <ComingSoon title="Password" text="Change your password while logged in."/>
                            </div>
                        }
                            .into_any()
                    }
                    Ok(None) => view! { <Redirect path="/account/login"/> }.into_any(),
                    Err(e) => {
                        view! {
                            <div class="alert alert-error" role="alert">
                                {format!("We could not load your account: {}", e.message())}
                            </div>
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn ProfileCard(customer: CustomerView, update: ServerAction<UpdateProfile>) -> impl IntoView {
    let value = update.value();
    let query = use_query_map();
    // Saved: the action says so (JavaScript), or the redirect's query does.
    let saved = move || {
        value.with(|v| matches!(v, Some(Ok(_))))
            || (value.with(Option::is_none)
                && query.with(|q| q.get("saved").as_deref() == Some("profile")))
    };
    let since = customer
        .created_at
        .get(..10)
        .unwrap_or_default()
        .to_string();
    view! {
        <section class="card" aria-labelledby="info-title">
            <div class="card-header">
                <h2 class="card-title" id="info-title">"Account information"</h2>
            </div>
            <div class="card-body stack">
                <dl class="details">
                    <div class="details-row">
                        <dt>"Name"</dt>
                        <dd>{customer.full_name()}</dd>
                    </div>
                    <div class="details-row">
                        <dt>"Email"</dt>
                        <dd>{customer.email.clone()}</dd>
                    </div>
                    <div class="details-row">
                        <dt>"Phone"</dt>
                        <dd>{customer.phone.clone().unwrap_or_else(|| "Not given".into())}</dd>
                    </div>
                    <div class="details-row">
                        <dt>"Customer group"</dt>
                        <dd>{customer.group.name.clone()}</dd>
                    </div>
                    <div class="details-row">
                        <dt>"Member since"</dt>
                        <dd>
                            <time datetime=customer.created_at.clone()>{since}</time>
                        </dd>
                    </div>
                </dl>
                <Show when=saved>
                    <div class="alert alert-success" role="status">"Your details were saved."</div>
                </Show>
                <h3 class="card-subtitle">"Edit your details"</h3>
                <ActionForm action=update attr:class="form" attr:novalidate=true attr:aria-label="Edit your details">
                    <FormAlert message=form_error(value)/>
                    <input type="hidden" name="id" value=customer.id.clone()/>
                    <Field label="First name" name="first_name" autocomplete="given-name" value=customer.first_name.clone() error=field_error(value, "first_name")/>
                    <Field label="Last name" name="last_name" autocomplete="family-name" value=customer.last_name.clone() error=field_error(value, "last_name")/>
                    <Field
                        label="Phone"
                        name="phone"
                        kind="tel"
                        autocomplete="tel"
                        optional=true
                        value=customer.phone.clone().unwrap_or_default()
                        hint="With the country code, like +44 20 7946 0958. Leave empty to remove it."
                        error=field_error(value, "phone")
                    />
                    <div class="form-actions">
                        <SubmitButton label="Save changes" pending_label="Saving…" pending=update.pending() block=false/>
                    </div>
                </ActionForm>
                <p class="field-hint">"To change your email address, contact us for now: changing it with a confirmation email is coming soon."</p>
            </div>
        </section>
    }
}

#[component]
fn SessionsCard(
    sessions: Resource<Result<Vec<SessionView>, customer_core::AppError>>,
    end_one: ServerAction<EndSession>,
    end_others: ServerAction<EndOtherSessions>,
) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="sessions-title">
            <div class="card-header">
                <h2 class="card-title" id="sessions-title">"Where you're logged in"</h2>
            </div>
            <div class="card-body stack">
                <FormAlert message=form_error(end_one.value())/>
                <FormAlert message=form_error(end_others.value())/>
                <Transition fallback=|| view! { <p class="muted" aria-busy="true">"Loading your devices…"</p> }>
                    {move || Suspend::new(async move {
                        match sessions.await {
                            Ok(list) => {
                                let others = list.iter().filter(|s| !s.current).count();
                                view! {
                                    <ul class="session-list" data-testid="sessions">
                                        {list
                                            .into_iter()
                                            .map(|s| view! { <SessionRow session=s end_one/> })
                                            .collect_view()}
                                    </ul>
                                    {(others > 0)
                                        .then(|| {
                                            view! {
                                                <ActionForm action=end_others attr:class="inline-form">
                                                    <button type="submit" class="button button-secondary">
                                                        "Log out other devices"
                                                    </button>
                                                </ActionForm>
                                            }
                                        })}
                                    {(others == 0)
                                        .then(|| view! { <p class="muted">"You are not logged in anywhere else."</p> })}
                                }
                                    .into_any()
                            }
                            Err(e) => {
                                view! { <div class="alert alert-error" role="alert">{e.message()}</div> }.into_any()
                            }
                        }
                    })}
                </Transition>
            </div>
        </section>
    }
}

#[component]
fn SessionRow(session: SessionView, end_one: ServerAction<EndSession>) -> impl IntoView {
    let device = describe_user_agent(session.user_agent.as_deref());
    let seen = format_time(&session.last_seen_at);
    let ip = session
        .ip
        .clone()
        .unwrap_or_else(|| "unknown address".into());
    view! {
        <li class="session-row" data-current=session.current.to_string()>
            <div class="session-info">
                <p class="session-device">
                    {device}
                    {session.current.then(|| view! { <span class="badge">"This device"</span> })}
                </p>
                <p class="muted session-meta">{format!("{ip} · last active {seen}")}</p>
            </div>
            <ActionForm action=end_one attr:class="inline-form">
                <input type="hidden" name="id" value=session.id.clone()/>
                <button type="submit" class="button button-ghost">"Log out this device"</button>
            </ActionForm>
        </li>
    }
}

/// "Chrome on Linux" from a user-agent string, for people to recognise.
fn describe_user_agent(ua: Option<&str>) -> String {
    let Some(ua) = ua else {
        return "Unknown device".into();
    };
    let browser = if ua.contains("Edg/") {
        "Edge"
    } else if ua.contains("Firefox/") {
        "Firefox"
    } else if ua.contains("Chrome/") || ua.contains("Chromium/") {
        "Chrome"
    } else if ua.contains("Safari/") {
        "Safari"
    } else {
        return ua.chars().take(40).collect();
    };
    let os = if ua.contains("iPhone") || ua.contains("iPad") {
        "iOS"
    } else if ua.contains("Android") {
        "Android"
    } else if ua.contains("Windows") {
        "Windows"
    } else if ua.contains("Mac OS") {
        "macOS"
    } else if ua.contains("Linux") {
        "Linux"
    } else {
        return browser.into();
    };
    format!("{browser} on {os}")
}

/// "2026-11-25 04:05 UTC" from RFC 3339.
fn format_time(rfc3339: &str) -> String {
    match (rfc3339.get(..10), rfc3339.get(11..16)) {
        (Some(day), Some(time)) => format!("{day} {time} UTC"),
        _ => rfc3339.to_string(),
    }
}

#[component]
fn ComingSoon(title: &'static str, text: &'static str) -> impl IntoView {
    view! {
        <section class="card card-muted">
            <div class="card-header">
                <h2 class="card-title">{title}</h2>
                <span class="badge">"Coming soon"</span>
            </div>
            <div class="card-body">
                <p class="muted">{text}</p>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_agents_read_like_devices() {
        let chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36";
        assert_eq!(describe_user_agent(Some(chrome)), "Chrome on Linux");
        let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Version/18.0 Mobile/15E148 Safari/604.1";
        assert_eq!(describe_user_agent(Some(iphone)), "Safari on iOS");
        assert_eq!(describe_user_agent(None), "Unknown device");
        assert_eq!(describe_user_agent(Some("curl/8.5.0")), "curl/8.5.0");
        assert_eq!(format_time("2026-11-25T04:05:09Z"), "2026-11-25 04:05 UTC");
    }
}
