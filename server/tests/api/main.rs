//! Black-box API tests: the whole application on port 0 with a fresh
//! database per test, driven over HTTP with a cookie jar. Every test runs on
//! SQLite and on PostgreSQL.

mod helpers;

mod account_fns;
mod addresses;
mod admin_actions;
mod admin_customer_pages;
mod admin_customers;
mod admin_graphql;
mod admin_grid;
mod admin_pages;
mod bounds;
mod caching;
mod client_ip;
mod emails;
mod graphql;
mod groups;
mod input;
mod nojs;
mod openapi;
mod orders;
mod own_history;
mod passwords;
mod profile;
mod rest;
mod security;
mod server_fn;
mod session_hardening;
mod sessions;
mod staff;
mod throttle;
mod throttle_race;
mod wholesale;
