//! `SMTP_URL`: where mail is handed over, and how.
//!
//! - `smtp://host[:port]`: plain SMTP, no TLS and no login (local sinks
//!   such as maildev); port 25 by default.
//! - `smtp+starttls://user:pass@host[:port]`: STARTTLS required; 587.
//! - `smtps://user:pass@host[:port]`: TLS from the first byte; 465.
//!
//! The user and password may be percent-encoded (`p%40ss` for `p@ss`). The
//! password never appears in `Debug`, `Display` or an error message.

use std::fmt;

/// How the connection to the SMTP server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpSecurity {
    /// No TLS (`smtp://`), for a sink on this machine or network only.
    Plain,
    /// Plain connection upgraded with STARTTLS, which is required.
    StartTls,
    /// TLS from the start (`smtps://`).
    Tls,
}

impl SmtpSecurity {
    pub fn scheme(self) -> &'static str {
        match self {
            Self::Plain => "smtp",
            Self::StartTls => "smtp+starttls",
            Self::Tls => "smtps",
        }
    }

    pub fn default_port(self) -> u16 {
        match self {
            Self::Plain => 25,
            Self::StartTls => 587,
            Self::Tls => 465,
        }
    }
}

/// A password that `Debug` does not show.
#[derive(Clone, PartialEq, Eq)]
pub struct SmtpPassword(String);

impl SmtpPassword {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SmtpPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SmtpPassword(<redacted>)")
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpCredentials {
    pub user: String,
    pub password: SmtpPassword,
}

/// A parsed `SMTP_URL`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpSettings {
    pub security: SmtpSecurity,
    pub host: String,
    pub port: u16,
    pub credentials: Option<SmtpCredentials>,
}

/// What is wrong with an `SMTP_URL`, in words that never repeat it (it may
/// hold a password).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct SmtpUrlError(&'static str);

impl SmtpSettings {
    pub fn parse(raw: &str) -> Result<Self, SmtpUrlError> {
        let raw = raw.trim();
        let (scheme, rest) = raw
            .split_once("://")
            .ok_or(SmtpUrlError("must look like smtp://host:port"))?;
        let security = match scheme.to_ascii_lowercase().as_str() {
            "smtp" => SmtpSecurity::Plain,
            "smtp+starttls" => SmtpSecurity::StartTls,
            "smtps" => SmtpSecurity::Tls,
            _ => {
                return Err(SmtpUrlError(
                    "the scheme must be smtp://, smtp+starttls:// or smtps://",
                ))
            }
        };
        // Nothing may follow the authority but one slash.
        let authority = rest.strip_suffix('/').unwrap_or(rest);
        if authority.contains(['/', '?', '#']) {
            return Err(SmtpUrlError("must have no path, query or fragment"));
        }
        let (userinfo, hostport) = match authority.rsplit_once('@') {
            Some((userinfo, hostport)) => (Some(userinfo), hostport),
            None => (None, authority),
        };
        let (host, port) = split_host_port(hostport)?;
        let port = match port {
            None => security.default_port(),
            Some(p) => match p.parse::<u16>() {
                Ok(p) if p > 0 => p,
                _ => return Err(SmtpUrlError("the port must be a number from 1 to 65535")),
            },
        };
        let credentials = match userinfo {
            None => None,
            Some(userinfo) => {
                let (user, password) = userinfo
                    .split_once(':')
                    .ok_or(SmtpUrlError("a user needs a password (user:password@host)"))?;
                let user = percent_decode(user)?;
                let password = percent_decode(password)?;
                if user.is_empty() || password.is_empty() {
                    return Err(SmtpUrlError("the user and password must not be empty"));
                }
                Some(SmtpCredentials {
                    user,
                    password: SmtpPassword(password),
                })
            }
        };
        if security == SmtpSecurity::Plain && credentials.is_some() {
            return Err(SmtpUrlError(
                "smtp:// sends in the clear: use smtp+starttls:// or smtps:// with a password",
            ));
        }
        Ok(Self {
            security,
            host,
            port,
            credentials,
        })
    }
}

/// `scheme://user@host:port`, never the password: fit for a log line.
impl fmt::Display for SmtpSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}://", self.security.scheme())?;
        if let Some(c) = &self.credentials {
            write!(f, "{}@", c.user)?;
        }
        if self.host.contains(':') {
            write!(f, "[{}]:{}", self.host, self.port)
        } else {
            write!(f, "{}:{}", self.host, self.port)
        }
    }
}

fn split_host_port(hostport: &str) -> Result<(String, Option<&str>), SmtpUrlError> {
    const NO_HOST: SmtpUrlError = SmtpUrlError("must name a host");
    let (host, port) = if let Some(v6) = hostport.strip_prefix('[') {
        let (host, after) = v6
            .split_once(']')
            .ok_or(SmtpUrlError("an IPv6 host must be in brackets, like [::1]"))?;
        match after {
            "" => (host, None),
            _ => (
                host,
                Some(
                    after
                        .strip_prefix(':')
                        .ok_or(SmtpUrlError("bad text after the host"))?,
                ),
            ),
        }
    } else {
        match hostport.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (hostport, None),
        }
    };
    let valid = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ':');
    if host.is_empty() {
        return Err(NO_HOST);
    }
    if !host.chars().all(valid) {
        return Err(SmtpUrlError(
            "the host has characters a host name cannot have",
        ));
    }
    Ok((host.to_ascii_lowercase(), port))
}

fn percent_decode(s: &str) -> Result<String, SmtpUrlError> {
    const BAD: SmtpUrlError = SmtpUrlError("bad percent-encoding in the user or password");
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3).ok_or(BAD)?;
            let hex = std::str::from_utf8(hex).map_err(|_| BAD)?;
            out.push(u8::from_str_radix(hex, 16).map_err(|_| BAD)?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| BAD)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> SmtpSettings {
        SmtpSettings::parse(s).expect(s)
    }

    #[test]
    fn each_scheme_with_its_default_port() {
        let plain = parse("smtp://localhost");
        assert_eq!(plain.security, SmtpSecurity::Plain);
        assert_eq!((plain.host.as_str(), plain.port), ("localhost", 25));
        assert_eq!(plain.credentials, None);
        let starttls = parse("smtp+starttls://ann:secret@mail.example.com");
        assert_eq!(starttls.security, SmtpSecurity::StartTls);
        assert_eq!(starttls.port, 587);
        let tls = parse("SMTPS://ann:secret@mail.example.com/");
        assert_eq!(tls.security, SmtpSecurity::Tls);
        assert_eq!(tls.port, 465);
        assert_eq!(tls.host, "mail.example.com");
        let creds = tls.credentials.expect("credentials");
        assert_eq!(creds.user, "ann");
        assert_eq!(creds.password.expose(), "secret");
    }

    #[test]
    fn explicit_ports_and_ipv6_hosts() {
        assert_eq!(parse("smtp://127.0.0.1:1025").port, 1025);
        let v6 = parse("smtp://[::1]:2525");
        assert_eq!((v6.host.as_str(), v6.port), ("::1", 2525));
        assert_eq!(v6.to_string(), "smtp://[::1]:2525");
        assert_eq!(parse("smtps://a:b@h:2465").port, 2465);
    }

    #[test]
    fn user_and_password_are_percent_decoded() {
        let s = parse("smtp+starttls://apikey%40shop:p%40ss%3Aw%2Fo%25rd@smtp.example.com:587");
        let creds = s.credentials.expect("credentials");
        assert_eq!(creds.user, "apikey@shop");
        assert_eq!(creds.password.expose(), "p@ss:w/o%rd");
        // A raw '@' in the password: the host is after the last one.
        let raw = parse("smtps://ann:p@ss@smtp.example.com");
        assert_eq!(raw.host, "smtp.example.com");
        assert_eq!(raw.credentials.expect("c").password.expose(), "p@ss");
    }

    #[test]
    fn the_password_never_shows() {
        let s = parse("smtps://ann:hunter2secret@smtp.example.com");
        assert_eq!(s.to_string(), "smtps://ann@smtp.example.com:465");
        assert!(!format!("{s:?}").contains("hunter2secret"));
        let err = SmtpSettings::parse("smtps://ann:hunter2secret@bad host").expect_err("bad");
        assert!(!err.to_string().contains("hunter2secret"));
        assert!(!format!("{err:?}").contains("hunter2secret"));
    }

    #[test]
    fn bad_urls_are_refused() {
        for bad in [
            "http://mail.example.com",
            "smtp+ssl://mail.example.com",
            "mail.example.com:25",
            "smtp://",
            "smtp://:25",
            "smtp://host:0",
            "smtp://host:99999",
            "smtp://host:abc",
            "smtp://host/path",
            "smtp://host?x=1",
            "smtps://ann@host",
            "smtps://ann:@host",
            "smtps://ann:p%zzw@host",
            "smtp://ann:secret@localhost",
            "smtp://[::1",
        ] {
            assert!(SmtpSettings::parse(bad).is_err(), "{bad} was accepted");
        }
    }
}
