//! The devices card of the account page: every logged-in session, with
//! "Log out this device" and "Log out other devices".

use customer_core::dto::SessionView;
use leptos::prelude::*;

use crate::api::{EndOtherSessions, EndSession};
use crate::components::form::{form_error, FormAlert};

#[component]
pub fn SessionsCard(
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
