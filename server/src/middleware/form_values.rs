//! Without JavaScript a form post to a server function that fails is
//! redirected back to its page (server_fn's `?__path=...&__err=...`). This
//! adds what was typed to that redirect, passwords excepted, so the page can
//! put it back in its fields instead of showing an empty form.
//!
//! Only plain form posts (`application/x-www-form-urlencoded`) to
//! `/api/fn/*` are looked at; their body has already been read within its
//! limits by `bounds::bounded_body`. The values go in the query of the
//! shop's own form page under [`app::KEPT_PREFIX`] (`__kept_email=...`),
//! capped at [`MAX_KEPT_BYTES`]. Any such values already in the `Location`
//! (an earlier failure) are dropped first, so a success never carries them.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::Response;

pub use app::KEPT_PREFIX;

/// The most bytes of kept values added to one redirect (encoded).
pub const MAX_KEPT_BYTES: usize = 2048;

/// Whether a form field's value may travel in a URL: plainly named (a
/// lower-case letter, then lower-case letters, digits as in `line1`, and
/// underscores), and nothing that names a password.
pub fn keepable(name: &str) -> bool {
    (1..=40).contains(&name.len())
        && name.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && !name.contains("password")
}

pub async fn keep_typed_values(req: Request, next: Next) -> Response {
    let form_post = req.method() == Method::POST
        && req.uri().path().starts_with("/api/fn/")
        && req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| {
                v.trim_start()
                    .to_ascii_lowercase()
                    .starts_with("application/x-www-form-urlencoded")
            });
    if !form_post {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    // Already buffered within its limit by `bounded_body`.
    let bytes = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(bytes) => bytes,
        Err(_) => return next.run(Request::from_parts(parts, Body::empty())).await,
    };
    let mut res = next
        .run(Request::from_parts(parts, Body::from(bytes.clone())))
        .await;
    if !res.status().is_redirection() {
        return res;
    }
    let location = res
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|l| with_kept_values(l, &bytes));
    if let Some(value) = location.and_then(|l| HeaderValue::from_str(&l).ok()) {
        res.headers_mut().insert(header::LOCATION, value);
    }
    res
}

/// The `location` with earlier kept values dropped and, when it carries an
/// error (`__err`), the keepable fields of `form` added; `None` when nothing
/// changes.
pub fn with_kept_values(location: &str, form: &[u8]) -> Option<String> {
    let (rest, fragment) = match location.split_once('#') {
        Some((rest, fragment)) => (rest, Some(fragment)),
        None => (location, None),
    };
    let (base, query) = rest.split_once('?')?;
    let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let failed = pairs.iter().any(|(k, _)| k == "__err");
    let had_kept = pairs.iter().any(|(k, _)| k.starts_with(KEPT_PREFIX));
    if !failed && !had_kept {
        return None;
    }
    let mut out = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs.iter().filter(|(k, _)| !k.starts_with(KEPT_PREFIX)) {
        out.append_pair(k, v);
    }
    let mut query = out.finish();
    if failed {
        let mut budget = MAX_KEPT_BYTES;
        for (name, value) in form_urlencoded::parse(form) {
            if !keepable(&name) || value.is_empty() {
                continue;
            }
            let pair = form_urlencoded::Serializer::new(String::new())
                .append_pair(&format!("{KEPT_PREFIX}{name}"), &value)
                .finish();
            if pair.len() + 1 > budget {
                continue;
            }
            budget -= pair.len() + 1;
            if !query.is_empty() {
                query.push('&');
            }
            query.push_str(&pair);
        }
    }
    let mut location = base.to_string();
    if !query.is_empty() {
        location.push('?');
        location.push_str(&query);
    }
    if let Some(fragment) = fragment {
        location.push('#');
        location.push_str(fragment);
    }
    Some(location)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_typed_values_but_never_passwords() {
        let form = b"email=a%40example.com&password=hunter2&new_password=x&current_password=y&first_name=Sam&line1=1+Main+St&__err=z&Odd=1&1st=x";
        let l = with_kept_values(
            "http://shop/account/register?__path=%2Fapi%2Ffn%2Fregister&__err=abc",
            form,
        )
        .expect("changed");
        assert!(l.contains("__kept_email=a%40example.com"), "{l}");
        assert!(l.contains("__kept_first_name=Sam"), "{l}");
        assert!(!l.contains("hunter2") && !l.contains("password"), "{l}");
        assert!(l.contains("__kept_line1=1+Main+St"), "{l}");
        assert!(!l.contains("Odd") && !l.contains("__kept___err"), "{l}");
        assert!(!l.contains("1st"), "{l}");
    }

    #[test]
    fn a_success_drops_earlier_values_and_plain_redirects_are_untouched() {
        assert_eq!(with_kept_values("/account", b"email=a"), None);
        assert_eq!(with_kept_values("/account?saved=profile", b"email=a"), None);
        assert_eq!(
            with_kept_values(
                "http://shop/account?saved=profile&__kept_phone=1",
                b"phone=1"
            )
            .as_deref(),
            Some("http://shop/account?saved=profile")
        );
    }

    #[test]
    fn kept_values_are_capped() {
        let big = format!("first_name={}&last_name=Short", "a".repeat(5000));
        let l = with_kept_values("/x?__err=e", big.as_bytes()).expect("changed");
        assert!(l.len() < MAX_KEPT_BYTES + 20, "{}", l.len());
        assert!(l.contains("__kept_last_name=Short"));
    }
}
