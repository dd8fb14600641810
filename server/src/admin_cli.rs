//! `server create-admin --email E --name "N" [--role admin|support]`: the
//! first staff account, made at the server's console. The password comes
//! from `ADMIN_PASSWORD` or standard input, never from an argument (an
//! argument shows in `ps` and in the shell's history). It opens
//! `DATABASE_URL` like the server does, so the migrations run first.

use std::io::BufRead;

use customer_core::auth::password::PasswordHasher;
use customer_core::db;
use customer_core::services::Services;
use customer_core::staff::dto::NewStaffInput;
use customer_core::staff::Role;
use customer_core::AppError;

use crate::Config;

/// What the command line asked for.
#[derive(Debug, PartialEq, Eq)]
pub struct CreateAdmin {
    pub email: String,
    pub name: String,
    pub role: Role,
}

const USAGE: &str = "usage: server create-admin --email EMAIL --name NAME [--role admin|support]\n\
     The password is read from ADMIN_PASSWORD, or else from standard input.";

/// Parses the arguments after `create-admin`.
pub fn parse_args(args: &[String]) -> Result<CreateAdmin, String> {
    let (mut email, mut name, mut role) = (None, None, Role::Admin);
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let mut value = || {
            it.next()
                .cloned()
                .ok_or(format!("{flag} needs a value\n{USAGE}"))
        };
        match flag.as_str() {
            "--email" => email = Some(value()?),
            "--name" => name = Some(value()?),
            "--role" => {
                role = Role::from_stored(&value()?)
                    .ok_or(format!("--role is admin or support\n{USAGE}"))?
            }
            "--password" => {
                return Err(format!(
                    "the password is never an argument: set ADMIN_PASSWORD or type it on standard input\n{USAGE}"
                ))
            }
            other => return Err(format!("unknown argument {other:?}\n{USAGE}")),
        }
    }
    match (email, name) {
        (Some(email), Some(name)) => Ok(CreateAdmin { email, name, role }),
        _ => Err(format!("--email and --name are required\n{USAGE}")),
    }
}

/// Reads the password: `ADMIN_PASSWORD`, or the first line of standard input.
fn read_password() -> Result<String, String> {
    if let Ok(password) = std::env::var("ADMIN_PASSWORD") {
        return Ok(password);
    }
    eprint!("Password for the new staff account (one line): ");
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| format!("could not read the password: {e}"))?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

/// Runs the command; the exit code says how it went (0 created, 1 refused
/// or failed, 2 bad arguments or configuration).
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
    let password = match read_password() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{e}");
            return std::process::ExitCode::from(2);
        }
    };
    let result = async {
        let db = db::connect_with(&config.database_url, Some(2)).await?;
        let hasher = PasswordHasher::new(config.bcrypt_cost, 1)?;
        let services = Services::new(db.clone(), hasher);
        let created = services
            .staff
            .create(&NewStaffInput {
                email: request.email,
                name: request.name,
                password,
                role: request.role,
            })
            .await;
        db.close().await;
        anyhow::Ok(created)
    }
    .await;
    match result {
        Ok(Ok(staff)) => {
            println!(
                "Created {} {} <{}> (id {}). Log in at /admin/login.",
                staff.role.label().to_lowercase(),
                staff.name,
                staff.email,
                staff.id
            );
            std::process::ExitCode::SUCCESS
        }
        Ok(Err(e)) => {
            let e = AppError::from(e);
            eprintln!("not created: {}", e.message());
            if let Some(fields) = e.fields() {
                for (field, message) in fields {
                    eprintln!("  {field}: {message}");
                }
            }
            std::process::ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn arguments_are_parsed_and_a_password_argument_is_refused() {
        assert_eq!(
            parse_args(&args(&["--email", "a@b.co", "--name", "Ann"])),
            Ok(CreateAdmin {
                email: "a@b.co".into(),
                name: "Ann".into(),
                role: Role::Admin
            })
        );
        let support = parse_args(&args(&[
            "--name", "B", "--email", "b@c.co", "--role", "support",
        ]));
        assert_eq!(support.map(|c| c.role), Ok(Role::Support));
        for bad in [
            &["--email", "a@b.co"][..],
            &["--email", "a@b.co", "--name"][..],
            &["--email", "a@b.co", "--name", "A", "--role", "owner"][..],
            &["--email", "a@b.co", "--name", "A", "--password", "x"][..],
            &["--email", "a@b.co", "--name", "A", "extra"][..],
        ] {
            assert!(parse_args(&args(bad)).is_err(), "{bad:?}");
        }
    }
}
