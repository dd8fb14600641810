//! The session as the UI sees it: the current customer, refetched whenever
//! an action that changes who is logged in succeeds.
//!
//! Login and registration actions are created by their pages, inside
//! `<Routes>`: that is where Leptos provides the error of a form post made
//! without JavaScript, so only an action created there can show it.

use customer_core::dto::CustomerView;
use customer_core::AppError;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::api::{current_customer, Logout};

#[derive(Clone, Copy)]
pub struct SessionContext {
    pub logout: ServerAction<Logout>,
    pub customer: Resource<Result<Option<CustomerView>, AppError>>,
    changed: RwSignal<u64>,
}

/// Creates the logout action and the current-customer resource and provides them.
pub fn provide_session() -> SessionContext {
    let logout = ServerAction::<Logout>::new();
    let changed = RwSignal::new(0_u64);
    let customer = Resource::new(
        move || (logout.version().get(), changed.get()),
        |_| current_customer(),
    );
    let ctx = SessionContext {
        logout,
        customer,
        changed,
    };
    provide_context(ctx);
    ctx
}

pub fn use_session() -> SessionContext {
    expect_context::<SessionContext>()
}

/// A server action whose success changes who is logged in (login,
/// registration): the header and pages refetch the customer after it.
pub fn auth_action<S>() -> ServerAction<S>
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
{
    let action = ServerAction::<S>::new();
    let changed = use_session().changed;
    Effect::new(move |_| {
        if action.value().with(|v| matches!(v, Some(Ok(_)))) {
            changed.update(|n| *n += 1);
        }
    });
    action
}
