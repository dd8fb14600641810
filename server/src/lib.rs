#![recursion_limit = "256"]
//! The shop's server: configuration, start-up, sessions and the two
//! non-Leptos interfaces (REST under `/api/customer`, GraphQL at
//! `/api/graphql`). Business rules live in the core's services (`customer_core::services`);
//! cross-cutting middleware (client IP, caller, cross-site check, headers)
//! is in [`middleware`].

pub mod admin_cli;
pub mod config;
pub mod graphql;
pub mod http;
pub mod middleware;
pub mod seed_cli;
pub mod serve;
pub mod sessions;
pub mod startup;
pub mod state;
pub mod telemetry;

pub use config::Config;
pub use startup::Application;
