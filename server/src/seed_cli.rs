//! `server seed --customers N [--orders-per-customer M] [--seed S]`: demo
//! customers with address books and order histories, for trying the admin
//! grid and the shop and for benchmarks (`customer_core::seed`). It opens
//! `DATABASE_URL` like the server does, so the migrations run first;
//! progress goes to standard error, the summary with the elapsed time to
//! standard output. Every demo customer's password is
//! [`DEMO_PASSWORD`](customer_core::seed::DEMO_PASSWORD).

use std::io::IsTerminal;
use std::time::Instant;

use customer_core::db;
use customer_core::seed::{self, Seeded, DEMO_PASSWORD};

use crate::Config;

/// What the command line asked for.
#[derive(Debug, PartialEq, Eq)]
pub struct Seed {
    pub customers: u64,
    pub orders_per_customer: u64,
    pub seed: u64,
    /// Do nothing when the database already has demo customers.
    pub once: bool,
}

const USAGE: &str =
    "usage: server seed --customers N [--orders-per-customer M] [--seed S] [--once]\n\
     Adds N deterministic demo customers (seed S, default 1) to DATABASE_URL, each with\n\
     one or two addresses and 0 to 2M orders (M on average, default 0, at most 100).\n\
     --once: do nothing when the database already has demo customers.";

/// Parses the arguments after `seed`.
pub fn parse_args(args: &[String]) -> Result<Seed, String> {
    let (mut customers, mut orders_per_customer, mut seed) = (None, 0, 1);
    let mut once = false;
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        if flag == "--once" {
            once = true;
            continue;
        }
        let value = it.next().ok_or(format!("{flag} needs a value\n{USAGE}"))?;
        let number = value
            .replace('_', "")
            .parse::<u64>()
            .map_err(|_| format!("{flag} takes a whole number (got {value:?})\n{USAGE}"));
        match flag.as_str() {
            "--customers" => customers = Some(number?),
            "--orders-per-customer" => orders_per_customer = number?,
            "--seed" => seed = number?,
            other => return Err(format!("unknown argument {other:?}\n{USAGE}")),
        }
    }
    if orders_per_customer > seed::MAX_ORDERS_AVERAGE {
        return Err(format!(
            "--orders-per-customer is at most {}\n{USAGE}",
            seed::MAX_ORDERS_AVERAGE
        ));
    }
    match customers {
        Some(customers) if customers > 0 => Ok(Seed {
            customers,
            orders_per_customer,
            seed,
            once,
        }),
        _ => Err(format!("--customers is required, at least 1\n{USAGE}")),
    }
}

/// Progress on standard error: a line rewritten in place on a terminal,
/// otherwise a line per tenth of the way.
fn reporter(total: u64) -> impl FnMut(Seeded) {
    let terminal = std::io::stderr().is_terminal();
    let mut next_tenth = 1;
    move |seeded| {
        let done = seeded.customers;
        let line = format!(
            "seeded {done} of {total} customers, {} orders",
            seeded.orders
        );
        if terminal {
            eprint!("\r{line}");
        } else if done * 10 >= total * next_tenth || done == total {
            eprintln!("{line}");
            next_tenth = done * 10 / total + 1;
        }
    }
}

/// Runs the command; the exit code says how it went (0 done, 1 failed, 2
/// bad arguments or configuration).
pub async fn run(args: &[String]) -> std::process::ExitCode {
    let request = match parse_args(args) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{e}");
            return std::process::ExitCode::from(2);
        }
    };
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("configuration error: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    let started = Instant::now();
    let result = async {
        let db = db::connect_with(&config.database_url, Some(2)).await?;
        if request.once && seed::has_demo_customers(&db).await? {
            db.close().await;
            return Ok(None);
        }
        let wanted = seed::Request {
            customers: request.customers,
            orders_per_customer: request.orders_per_customer,
            seed: request.seed,
        };
        let seeded = seed::run(&db, wanted, reporter(request.customers)).await;
        db.close().await;
        seeded.map(Some)
    }
    .await;
    let secs = started.elapsed().as_secs_f64();
    match result {
        Ok(None) => {
            println!(
                "{} already has demo customers: nothing seeded (--once).",
                db_kind(&config.database_url)
            );
            std::process::ExitCode::SUCCESS
        }
        Ok(Some(seeded)) => {
            if std::io::stderr().is_terminal() {
                eprintln!();
            }
            let rate = |n: u64| n as f64 / secs.max(0.001);
            println!(
                "Seeded {} customers with {} addresses and {} orders ({} lines, {} status \
                 changes; seed {}) into {} in {secs:.1} s ({:.0} customers, {:.0} rows per \
                 second). Their password: {DEMO_PASSWORD:?}",
                seeded.customers,
                seeded.addresses,
                seeded.orders,
                seeded.items,
                seeded.status_changes,
                request.seed,
                db_kind(&config.database_url),
                rate(seeded.customers),
                rate(seeded.rows()),
            );
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error after {secs:.1} s: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// The backend, without the URL (which may hold a password).
fn db_kind(url: &str) -> &'static str {
    if url.starts_with("sqlite:") {
        "SQLite"
    } else {
        "PostgreSQL"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn arguments_are_parsed() {
        assert_eq!(
            parse_args(&args(&["--customers", "1_000_000"])),
            Ok(Seed {
                customers: 1_000_000,
                orders_per_customer: 0,
                seed: 1,
                once: false
            })
        );
        assert_eq!(
            parse_args(&args(&[
                "--seed",
                "7",
                "--customers",
                "10",
                "--orders-per-customer",
                "3",
                "--once"
            ])),
            Ok(Seed {
                customers: 10,
                orders_per_customer: 3,
                seed: 7,
                once: true
            })
        );
        for bad in [
            &[][..],
            &["--customers"][..],
            &["--customers", "0"][..],
            &["--customers", "-5"][..],
            &["--customers", "ten"][..],
            &["--customers", "10", "--seed"][..],
            &["--customers", "10", "extra", "1"][..],
            &["--customers", "10", "--orders-per-customer", "101"][..],
            &["--customers", "10", "--orders-per-customer", "-1"][..],
        ] {
            assert!(parse_args(&args(bad)).is_err(), "{bad:?}");
        }
    }
}
