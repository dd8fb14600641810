//! Cross-cutting middleware, for every interface (pages, server functions,
//! REST and GraphQL alike): who the client is, who the caller is, the
//! cross-site check, security headers with the CSP nonce, the real
//! status for server-function errors, and what was typed kept in the
//! redirect of a failed no-JavaScript form post (`form_values`).

pub mod bounds;
pub mod caller;
pub mod client;
pub mod form_values;
pub mod headers;
pub mod security;
pub mod server_fn;
