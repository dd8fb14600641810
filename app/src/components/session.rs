//! The session as the UI sees it: the login, register and logout actions and
//! the current customer, refetched whenever one of those actions completes.

use customer_core::dto::CustomerView;
use customer_core::AppError;
use leptos::prelude::*;

use crate::api::{current_customer, Login, Logout, Register};

#[derive(Clone, Copy)]
pub struct SessionContext {
    pub login: ServerAction<Login>,
    pub register: ServerAction<Register>,
    pub logout: ServerAction<Logout>,
    pub customer: Resource<Result<Option<CustomerView>, AppError>>,
}

/// Creates the actions and the current-customer resource and provides them.
pub fn provide_session() -> SessionContext {
    let login = ServerAction::<Login>::new();
    let register = ServerAction::<Register>::new();
    let logout = ServerAction::<Logout>::new();
    let customer = Resource::new(
        move || {
            (
                login.version().get(),
                register.version().get(),
                logout.version().get(),
            )
        },
        |_| current_customer(),
    );
    let ctx = SessionContext {
        login,
        register,
        logout,
        customer,
    };
    provide_context(ctx);
    ctx
}

pub fn use_session() -> SessionContext {
    expect_context::<SessionContext>()
}
