//! Cross-cutting middleware, for every interface (pages, server functions,
//! REST and GraphQL alike): who the client is, who the caller is, the
//! cross-site check, security headers with the CSP nonce, and the real
//! status for server-function errors.

pub mod bounds;
pub mod caller;
pub mod client;
pub mod form_values;
pub mod security;
pub mod server_fn;
