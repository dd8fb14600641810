//! Reading a GraphQL request within bounds: the body is checked for deep
//! nesting before it is parsed as JSON, and the query text for its length
//! and nesting before async-graphql's parser (which recurses) sees it. The
//! body's size was already checked by `middleware::bounds::bounded_body`.

use customer_core::AppError;

use crate::config::Limits;

/// Deepest nesting of brackets accepted in the JSON body and in the query
/// text. Real queries stay far below it: the schema allows a selection
/// depth of 12, and GraphiQL's introspection query nests about 15 deep.
pub const MAX_NESTING: usize = 64;

/// The GraphQL request in `body`, or the error to refuse it with.
pub fn read_request(body: &[u8], limits: &Limits) -> Result<async_graphql::Request, AppError> {
    if nesting_exceeds(body, MAX_NESTING, false) {
        return Err(AppError::bad_request(format!(
            "The request body is nested too deeply (at most {MAX_NESTING} levels)."
        )));
    }
    let request: async_graphql::Request = serde_json::from_slice(body).map_err(|e| {
        AppError::bad_request(format!(
            "The request body is not a GraphQL request in JSON ({e})."
        ))
    })?;
    if request.query.len() > limits.graphql_max_query_bytes {
        return Err(AppError::field(
            "query",
            format!(
                "The query is too long (at most {} bytes).",
                limits.graphql_max_query_bytes
            ),
        ));
    }
    if nesting_exceeds(request.query.as_bytes(), MAX_NESTING, true) {
        return Err(AppError::field(
            "query",
            format!("The query is nested too deeply (at most {MAX_NESTING} levels)."),
        ));
    }
    Ok(request)
}

/// Whether `{`, `[` and `(` nest more than `limit` deep in `text`, outside
/// strings (and, for GraphQL, block strings and comments). One pass, no
/// recursion; brackets are not matched by kind (the parser does that).
pub fn nesting_exceeds(text: &[u8], limit: usize, graphql: bool) -> bool {
    let mut depth = 0usize;
    let mut i = 0;
    while i < text.len() {
        match text[i] {
            b'"' if graphql && text[i..].starts_with(b"\"\"\"") => {
                i += 3;
                while i < text.len() && !text[i..].starts_with(b"\"\"\"") {
                    i += if text[i..].starts_with(b"\\\"\"\"") {
                        4
                    } else {
                        1
                    };
                }
                i += 3;
                continue;
            }
            b'"' => {
                i += 1;
                while i < text.len() && text[i] != b'"' {
                    i += if text[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'#' if graphql => {
                while i < text.len() && text[i] != b'\n' && text[i] != b'\r' {
                    i += 1;
                }
            }
            b'{' | b'[' | b'(' => {
                depth += 1;
                if depth > limit {
                    return true;
                }
            }
            b'}' | b']' | b')' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(open: &str, close: &str, n: usize) -> String {
        format!("{}{}", open.repeat(n), close.repeat(n))
    }

    #[test]
    fn counts_brackets_outside_strings_and_comments() {
        assert!(!nesting_exceeds(nested("{a", "}", 64).as_bytes(), 64, true));
        assert!(nesting_exceeds(nested("{a", "}", 65).as_bytes(), 64, true));
        assert!(nesting_exceeds(
            nested("[", "]", 10_000).as_bytes(),
            64,
            false
        ));
        assert!(nesting_exceeds(nested("(", ")", 65).as_bytes(), 64, true));
        // Brackets in strings, block strings and comments do not count.
        let quoted = format!("{{ a(s: \"{}\") }}", "{".repeat(100));
        assert!(!nesting_exceeds(quoted.as_bytes(), 8, true));
        let block = format!("{{ a(s: \"\"\"{} \\\"\"\" \"\"\") }}", "[".repeat(100));
        assert!(!nesting_exceeds(block.as_bytes(), 8, true));
        let comment = format!("{{ a # {}\n b }}", "(".repeat(100));
        assert!(!nesting_exceeds(comment.as_bytes(), 8, true));
        let json = format!(
            r#"{{"query": "{}", "v": "\"{}"}}"#,
            "{".repeat(100),
            "[".repeat(100)
        );
        assert!(!nesting_exceeds(json.as_bytes(), 8, false));
        // `#` is not a comment in JSON.
        assert!(nesting_exceeds(b"{\"a\": [#[[]]]}", 3, false));
    }

    #[test]
    fn reads_a_request_or_names_what_is_wrong() {
        let limits = Limits::default();
        let ok = read_request(
            br#"{"query": "{ a { b } }", "variables": {"x": [1]}}"#,
            &limits,
        );
        assert_eq!(ok.expect("valid").query, "{ a { b } }");
        let long = format!(r#"{{"query": "{{ a }} #{}"}}"#, "x".repeat(20_000));
        let e = read_request(long.as_bytes(), &limits).unwrap_err();
        assert!(e.field_message("query").is_some(), "{e:?}");
        let deep = format!(r#"{{"query": "{}"}}"#, nested("{a", "}", 100));
        let e = read_request(deep.as_bytes(), &limits).unwrap_err();
        assert!(e.field_message("query").is_some(), "{e:?}");
        let e = read_request(b"not json", &limits).unwrap_err();
        assert_eq!(e.status(), 400);
        let vars = format!(
            r#"{{"query": "{{ a }}", "variables": {{"v": {}}}}}"#,
            nested("[", "]", 10_000)
        );
        assert_eq!(
            read_request(vars.as_bytes(), &limits).unwrap_err().status(),
            400
        );
    }
}
