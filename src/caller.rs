//! Who is asking. Every interface (REST, GraphQL, server functions) resolves
//! a [`Caller`] once per request through the same step
//! (`AuthService::resolve`) and hands it to the services, which decide
//! authorisation from it.

use std::sync::{Arc, Mutex};

use crate::auth::session::SessionHandle;
use crate::auth::store::SessionRow;
use crate::customers::store::CustomerRow;

/// What the transport can tell about the client.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClientInfo {
    pub ip: Option<std::net::IpAddr>,
    pub user_agent: Option<String>,
    /// The remembered-device token the browser sent (cookie `shop_device`),
    /// unchecked; `auth::device` decides what it is worth.
    pub device_token: Option<DeviceToken>,
    /// The staff login token the browser sent (cookie `shop_staff`),
    /// unchecked; `StaffService::resolve` decides what it is worth.
    pub staff_token: Option<DeviceToken>,
}

/// A device token as the client sent it; `Debug` never shows it.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct DeviceToken(pub String);

impl std::fmt::Debug for DeviceToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DeviceToken(..)")
    }
}

/// Where a service leaves a device token for the transport to set as the
/// `shop_device` cookie on its response. Clones share the slot, so the
/// layer that resolved the caller reads what the service left.
#[derive(Clone, Default)]
pub struct DeviceCookieSlot(Arc<Mutex<Option<String>>>);

impl DeviceCookieSlot {
    pub(crate) fn set(&self, token: String) {
        if let Ok(mut slot) = self.0.lock() {
            *slot = Some(token);
        }
    }

    /// The token to set, if a service asked for one.
    pub fn take(&self) -> Option<String> {
        self.0.lock().ok().and_then(|mut slot| slot.take())
    }
}

/// What a service wants done with the `shop_staff` cookie on the response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StaffCookie {
    /// A fresh login: set the cookie to this token.
    Set(String),
    /// A logout, or a cookie that no longer leads to a staff login.
    Clear,
}

/// Where a service leaves a [`StaffCookie`] change for the transport.
#[derive(Clone, Default)]
pub struct StaffCookieSlot(Arc<Mutex<Option<StaffCookie>>>);

impl StaffCookieSlot {
    pub(crate) fn set(&self, change: StaffCookie) {
        if let Ok(mut slot) = self.0.lock() {
            *slot = Some(change);
        }
    }

    /// The change to make, if a service asked for one.
    pub fn take(&self) -> Option<StaffCookie> {
        self.0.lock().ok().and_then(|mut slot| slot.take())
    }
}

/// The customer side of the identity behind a request. Staff are resolved
/// separately ([`Caller::staff`]), from their own cookie: one never grants
/// the other. API tokens (with scopes) become variants here when they
/// land; services match on this, so a new kind of caller is refused
/// everywhere until a service says otherwise.
#[derive(Debug, Clone)]
pub enum Identity {
    Anonymous,
    /// A customer logged in with a cookie session.
    Customer(Box<SignedIn>),
}

/// A logged-in customer and the session row that proves it.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub customer: CustomerRow,
    pub session: SessionRow,
    /// Whether the customer had a default address when the request came in.
    pub has_default_address: bool,
}

/// A logged-in staff member and the session that proves it.
#[derive(Debug, Clone)]
pub struct StaffSignedIn {
    pub staff: crate::staff::store::StaffRow,
    pub session_public_id: String,
}

impl StaffSignedIn {
    pub fn role(&self) -> crate::staff::Role {
        self.staff.role()
    }
}

#[derive(Clone)]
pub struct Caller {
    identity: Identity,
    staff: Option<Box<StaffSignedIn>>,
    staff_cookie: StaffCookieSlot,
    client: ClientInfo,
    session: Option<Arc<dyn SessionHandle>>,
    device_cookie: DeviceCookieSlot,
}

impl std::fmt::Debug for Caller {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Caller")
            .field("identity", &self.identity)
            .field("staff", &self.staff)
            .field("client", &self.client)
            .field("has_session", &self.session.is_some())
            .finish()
    }
}

impl Caller {
    pub(crate) fn new(
        identity: Identity,
        client: ClientInfo,
        session: Option<Arc<dyn SessionHandle>>,
    ) -> Self {
        Self {
            identity,
            staff: None,
            staff_cookie: StaffCookieSlot::default(),
            client,
            session,
            device_cookie: DeviceCookieSlot::default(),
        }
    }

    /// The same caller, with its staff login (if any) worked out.
    pub(crate) fn with_staff(mut self, staff: Option<StaffSignedIn>) -> Self {
        self.staff = staff.map(Box::new);
        self
    }

    /// The logged-in staff member, if the request carries a staff login.
    pub fn staff(&self) -> Option<&StaffSignedIn> {
        self.staff.as_deref()
    }

    /// The `shop_staff` cookie change a service wants on the response.
    pub fn staff_cookie(&self) -> &StaffCookieSlot {
        &self.staff_cookie
    }

    /// Nobody in particular, with no session (scripts, background jobs).
    pub fn anonymous(client: ClientInfo) -> Self {
        Self::new(Identity::Anonymous, client, None)
    }

    pub fn identity(&self) -> &Identity {
        &self.identity
    }

    /// The logged-in customer, if the caller is one.
    pub fn customer(&self) -> Option<&SignedIn> {
        match &self.identity {
            Identity::Customer(signed_in) => Some(signed_in),
            Identity::Anonymous => None,
        }
    }

    pub fn client(&self) -> &ClientInfo {
        &self.client
    }

    /// The device cookie a service wants set on this request's response.
    pub fn device_cookie(&self) -> &DeviceCookieSlot {
        &self.device_cookie
    }

    /// The cookie session the request came with, if the transport has one.
    pub fn session(&self) -> Option<&Arc<dyn SessionHandle>> {
        self.session.as_ref()
    }
}

/// The caller as the resolving step left it in a request: who it is, or the
/// error to answer with when it could not be worked out (the database is
/// down). Each transport maps the error its own way.
#[derive(Debug, Clone)]
pub struct Resolved(pub Result<Caller, crate::AppError>);

impl Resolved {
    /// The caller, or the error; a request that never went through the
    /// resolving step is a server bug, answered as an internal error.
    pub fn from_extension(resolved: Option<&Resolved>) -> Result<Caller, crate::AppError> {
        match resolved {
            Some(Resolved(result)) => result.clone(),
            None => {
                tracing::error!("the caller was not resolved for this request");
                Err(crate::AppError::internal())
            }
        }
    }
}
