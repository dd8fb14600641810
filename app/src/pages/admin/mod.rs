//! The admin area under `/admin`: its own layout (a sidebar, no storefront
//! header), and one WASM chunk the browser loads when an admin page is
//! first shown (`cargo leptos build --split`), so the storefront's bundle
//! does not carry the admin code.
//!
//! The app has a single [`LazyRoute`] for the whole area ([`AdminArea`]):
//! each route of the app's `<Routes>` adds its matching code to the
//! storefront's bundle, so the admin pages are told apart here, from the
//! path ([`AdminPage`]), inside the chunk.
//!
//! The pages are for comfort only: the services decide who may see what.

pub mod customers;
mod dashboard;
mod groups;
mod layout;
mod login;
mod not_found;
mod orders;

use leptos::prelude::*;
use leptos_router::{hooks::use_location, lazy_route, LazyRoute};

/// Where an admin page sends a visitor without a staff login.
pub const ADMIN_LOGIN_PATH: &str = "/admin/login";

/// Whether `path` is in the admin area (the storefront's header and footer
/// stand aside there).
pub fn is_admin_path(path: &str) -> bool {
    path == "/admin" || path.starts_with("/admin/")
}

/// The admin pages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AdminPage {
    Login,
    Dashboard,
    Customers,
    NewCustomer,
    /// One customer, by public id (the service checks it).
    Customer(String),
    /// A new address in a customer's book.
    NewAddress(String),
    /// One of a customer's addresses: customer, address.
    EditAddress(String, String),
    Groups,
    /// One order, by number (the service checks it).
    Order(String),
    NotFound,
}

impl AdminPage {
    /// The page a path under `/admin` shows (a trailing `/` is the same).
    pub fn from_path(path: &str) -> Self {
        let rest = path.strip_prefix("/admin").unwrap_or(path);
        match rest.trim_end_matches('/') {
            "" => Self::Dashboard,
            "/login" => Self::Login,
            "/customers" => Self::Customers,
            "/customers/new" => Self::NewCustomer,
            "/groups" => Self::Groups,
            other => {
                if let Some(number) = other.strip_prefix("/orders/") {
                    return match number {
                        "" => Self::NotFound,
                        n if n.contains('/') => Self::NotFound,
                        n => Self::Order(n.to_string()),
                    };
                }
                let parts: Vec<&str> = match other.strip_prefix("/customers/") {
                    Some(rest) => rest.split('/').collect(),
                    None => return Self::NotFound,
                };
                match parts[..] {
                    [id] if !id.is_empty() => Self::Customer(id.to_string()),
                    [id, "addresses", "new"] if !id.is_empty() => Self::NewAddress(id.to_string()),
                    [id, "addresses", address] if !id.is_empty() && !address.is_empty() => {
                        Self::EditAddress(id.to_string(), address.to_string())
                    }
                    _ => Self::NotFound,
                }
            }
        }
    }

    /// The page, inside the layout (all but the login).
    fn view(self) -> AnyView {
        match self {
            Self::Login => view! { <login::AdminLoginPage/> }.into_any(),
            Self::Dashboard => view! { <dashboard::DashboardPage/> }.into_any(),
            Self::Customers => view! { <customers::CustomersPage/> }.into_any(),
            Self::NewCustomer => view! { <customers::NewCustomerPage/> }.into_any(),
            Self::Customer(id) => view! { <customers::CustomerPage id/> }.into_any(),
            Self::NewAddress(customer) => {
                view! { <customers::AdminAddressPage customer address=None/> }.into_any()
            }
            Self::EditAddress(customer, address) => {
                view! { <customers::AdminAddressPage customer address=Some(address)/> }.into_any()
            }
            Self::Groups => view! { <groups::GroupsPage/> }.into_any(),
            Self::Order(number) => view! { <orders::AdminOrderPage number/> }.into_any(),
            Self::NotFound => view! { <not_found::AdminNotFound/> }.into_any(),
        }
    }
}

/// The whole admin area as one lazily loaded route. Its `data` starts
/// nothing: the pages create their own resources, so that the code to fetch
/// and decode them is in the chunk too. On the first load the server has
/// sent their data with the page; after that the chunk is cached.
pub struct AdminArea;

#[lazy_route]
impl LazyRoute for AdminArea {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <AdminApp/> }.into_any()
    }
}

/// The login page on its own; the others in the layout, which stays while
/// the staff member moves between them.
#[component]
fn AdminApp() -> impl IntoView {
    let location = use_location();
    let page = Memo::new(move |_| location.pathname.with(|p| AdminPage::from_path(p)));
    let on_login = Memo::new(move |_| page.with(|p| *p == AdminPage::Login));
    move || {
        if on_login.get() {
            AdminPage::Login.view()
        } else {
            view! { <layout::AdminLayout>{move || page.get().view()}</layout::AdminLayout> }
                .into_any()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admin_paths_are_told_apart() {
        assert!(is_admin_path("/admin"));
        assert!(is_admin_path("/admin/customers"));
        assert!(!is_admin_path("/administrator"));
        assert!(!is_admin_path("/account"));
        assert_eq!(AdminPage::from_path("/admin"), AdminPage::Dashboard);
        assert_eq!(AdminPage::from_path("/admin/"), AdminPage::Dashboard);
        assert_eq!(AdminPage::from_path("/admin/login"), AdminPage::Login);
        assert_eq!(
            AdminPage::from_path("/admin/customers/"),
            AdminPage::Customers
        );
        assert_eq!(AdminPage::from_path("/admin/groups"), AdminPage::Groups);
        assert_eq!(AdminPage::from_path("/admin/nope"), AdminPage::NotFound);
        assert_eq!(
            AdminPage::from_path("/admin/customers/new"),
            AdminPage::NewCustomer
        );
        assert_eq!(
            AdminPage::from_path("/admin/customers/abc-1"),
            AdminPage::Customer("abc-1".into())
        );
        assert_eq!(
            AdminPage::from_path("/admin/customers/abc/x"),
            AdminPage::NotFound
        );
        assert_eq!(
            AdminPage::from_path("/admin/customers/abc/addresses/new"),
            AdminPage::NewAddress("abc".into())
        );
        assert_eq!(
            AdminPage::from_path("/admin/customers/abc/addresses/a1"),
            AdminPage::EditAddress("abc".into(), "a1".into())
        );
        assert_eq!(
            AdminPage::from_path("/admin/customers//addresses/new"),
            AdminPage::NotFound
        );
        assert_eq!(
            AdminPage::from_path("/admin/orders/7KQ2-M9XD"),
            AdminPage::Order("7KQ2-M9XD".into())
        );
        assert_eq!(AdminPage::from_path("/admin/orders/"), AdminPage::NotFound);
        assert_eq!(
            AdminPage::from_path("/admin/orders/a/b"),
            AdminPage::NotFound
        );
    }
}
