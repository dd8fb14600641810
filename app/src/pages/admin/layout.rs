//! The admin area's frame: a sidebar with the sections, who is logged in
//! and the way out, and the page beside it. No storefront header or footer.
//! Without a staff login it sends the visitor to the staff login (for
//! comfort: the services refuse the data anyway).

use customer_core::staff::dto::{Permission, StaffView};
use customer_core::AppError;
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::components::{Redirect, A};

use super::ADMIN_LOGIN_PATH;
use crate::api::{current_staff, StaffLogout};
use crate::SHOP_NAME;

/// Keeps search engines out of every admin page.
#[component]
pub fn NoIndex() -> impl IntoView {
    view! { <Meta name="robots" content="noindex, nofollow"/> }
}

/// Who is logged in to the admin area, for the pages inside the layout.
#[derive(Clone, Copy)]
pub struct StaffLogin(pub Resource<Result<Option<StaffView>, AppError>>);

impl StaffLogin {
    /// The login the layout provides (call it in the component, not in an
    /// async block).
    pub fn get() -> Option<Self> {
        use_context::<Self>()
    }
}

/// Whether the logged-in staff member's role allows `permission`. The
/// pages ask only to hide what the role cannot use; the services decide.
pub async fn staff_may(login: Option<StaffLogin>, permission: Permission) -> bool {
    let Some(StaffLogin(staff)) = login else {
        return false;
    };
    matches!(staff.await, Ok(Some(me)) if me.role.allows(permission))
}

#[component]
pub fn AdminLayout(children: Children) -> impl IntoView {
    let logout = ServerAction::<StaffLogout>::new();
    let staff = Resource::new(move || logout.version().get(), |_| current_staff());
    provide_context(StaffLogin(staff));
    view! {
        <NoIndex/>
        <a class="skip-link" href="#admin-content">"Skip to content"</a>
        <div class="admin">
            <div class="admin-sidebar">
                <a class="admin-brand" href="/admin">
                    {SHOP_NAME}
                    <span class="admin-brand-tag">"Admin"</span>
                </a>
                <nav class="admin-nav" aria-label="Admin">
                    <A href="/admin" exact=true attr:class="admin-nav-link">"Dashboard"</A>
                    <A href="/admin/customers" attr:class="admin-nav-link">"Customers"</A>
                    <A href="/admin/groups" attr:class="admin-nav-link">"Groups"</A>
                </nav>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        match staff.await {
                            Ok(Some(me)) => view! { <StaffCard me logout/> }.into_any(),
                            Ok(None) => view! { <Redirect path=ADMIN_LOGIN_PATH/> }.into_any(),
                            Err(e) => {
                                view! {
                                    <p class="field-error" role="alert">
                                        {format!("We could not check your login: {}", e.message())}
                                    </p>
                                }
                                    .into_any()
                            }
                        }
                    })}
                </Suspense>
            </div>
            <div class="admin-main" id="admin-content" tabindex="-1">
                {children()}
            </div>
        </div>
    }
}

/// Who is logged in, and the way out.
#[component]
fn StaffCard(me: StaffView, logout: ServerAction<StaffLogout>) -> impl IntoView {
    view! {
        <div class="admin-staff" data-testid="admin-staff">
            <div>
                <p class="admin-staff-name">{me.name}</p>
                <p class="admin-staff-role">{me.role.label()}</p>
            </div>
            <ActionForm action=logout attr:class="inline-form">
                <button type="submit" class="button button-secondary">"Log out"</button>
            </ActionForm>
        </div>
    }
}
