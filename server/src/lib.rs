#![recursion_limit = "256"]
//! The shop's server: configuration, start-up, sessions and the two
//! non-Leptos interfaces (REST under `/api/customer`, GraphQL at
//! `/api/graphql`). Business rules live in `customer_core::service`.

pub mod config;
pub mod graphql;
pub mod http;
pub mod sessions;
pub mod startup;
pub mod telemetry;

pub use config::Config;
pub use startup::Application;
