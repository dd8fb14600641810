//! Black-box API tests: the whole application on port 0 with a fresh
//! database per test, driven over HTTP with a cookie jar. Every test runs on
//! SQLite and on PostgreSQL.

mod helpers;

mod bounds;
mod client_ip;
mod graphql;
mod profile;
mod rest;
mod security;
mod server_fn;
mod sessions;
mod throttle;
