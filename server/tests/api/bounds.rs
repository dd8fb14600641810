//! Bounded requests: body and query limits, nesting, timeouts, the request
//! cap and the bounded wait for the password hasher. Timeouts are set short
//! here so the tests run fast; a hang guard (never a timed assertion) keeps
//! a broken build from hanging the run.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::helpers::{spawn_app_with, TestApp};
use crate::on_both_backends;

/// Longest a test waits for the server to close a connection or answer.
const HANG_GUARD: Duration = Duration::from_secs(15);

async fn connect(app: &TestApp) -> TcpStream {
    TcpStream::connect(app.base.trim_start_matches("http://"))
        .await
        .expect("connect")
}

/// Everything the server sends until it closes the connection, or `None`
/// when it keeps it open past the hang guard.
async fn read_until_closed(stream: &mut TcpStream) -> Option<String> {
    let mut buf = Vec::new();
    match tokio::time::timeout(HANG_GUARD, stream.read_to_end(&mut buf)).await {
        Ok(_) => Some(String::from_utf8_lossy(&buf).into_owned()),
        Err(_) => None,
    }
}

/// The JSON body of a raw HTTP/1.1 response (no chunked encoding expected
/// for these small error bodies; chunked is handled by taking the object).
fn raw_body_json(raw: &str) -> Value {
    let body = raw.split_once("\r\n\r\n").map_or("", |(_, b)| b);
    let start = body.find('{').unwrap_or(0);
    let end = body.rfind('}').map_or(body.len(), |e| e + 1);
    serde_json::from_str(&body[start..end]).unwrap_or(Value::Null)
}

/// The head of a POST that declares a body of `length` bytes.
fn declared_post(path: &str, content_type: &str, length: usize) -> String {
    format!(
        "POST {path} HTTP/1.1\r\nHost: shop\r\nContent-Type: {content_type}\r\n\
Content-Length: {length}\r\nConnection: close\r\n\r\n"
    )
}

/// Sends `head` and then `parts` on a fresh connection and returns what the
/// server answers before closing it.
async fn raw_exchange(app: &TestApp, head: &str, parts: &[&[u8]]) -> String {
    let mut stream = connect(app).await;
    stream.write_all(head.as_bytes()).await.expect("write");
    for part in parts {
        stream.write_all(part).await.expect("write");
    }
    read_until_closed(&mut stream)
        .await
        .expect("the server answers and closes")
}

/// A login whose body never finishes arriving.
const SLOW_LOGIN: &[u8] = b"POST /api/customer/login HTTP/1.1\r\nHost: shop\r\n\
Content-Type: application/json\r\nContent-Length: 100\r\nConnection: close\r\n\r\n{\"email\"";

async fn post_graphql_raw(app: &TestApp, body: String) -> reqwest::Response {
    app.client
        .post(app.url("/api/graphql"))
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .expect("request")
}

const MULTIPART: &str = "--XyZ\r\nContent-Disposition: form-data; name=\"operations\"\r\n\r\n\
{\"query\": \"{ currentCustomer { id } }\"}\r\n--XyZ\r\nContent-Disposition: form-data; name=\"map\"\r\n\r\n\
{}\r\n--XyZ\r\nContent-Disposition: form-data; name=\"0\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\n\
hello\r\n--XyZ--\r\n";

fn retry_after(res: &reqwest::Response) -> Option<u64> {
    res.headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
}

on_both_backends! {
    async fn a_connection_sending_its_headers_slowly_is_closed(app: TestApp) {
        let app = spawn_app_with(app.backend, &[("HEADER_READ_TIMEOUT", "1")]).await.expect("app");
        let mut slow = connect(&app).await;
        slow.write_all(b"GET /health HTT").await.expect("write");
        // Meanwhile another connection is served as usual.
        assert_eq!(app.get("/health").await.status(), StatusCode::OK);
        assert!(
            read_until_closed(&mut slow).await.is_some(),
            "a connection that never finished its request line is still open after {HANG_GUARD:?}"
        );
        // Idle keep-alive connections are closed after the same timeout, so
        // ask on a fresh one.
        assert_eq!(app.other_browser().get("/health").await.status(), StatusCode::OK);
    }

    async fn connections_over_the_cap_wait_until_one_closes(app: TestApp) {
        let app = spawn_app_with(app.backend, &[("MAX_CONNECTIONS", "1"), ("HEADER_READ_TIMEOUT", "2")])
            .await
            .expect("app");
        // The one slot, taken by a connection that sends nothing.
        let idle = connect(&app).await;
        // A second client waits to be accepted: it is served only once the
        // first is closed (by the header read timeout).
        let res = app.other_browser().get("/health").await;
        assert_eq!(res.status(), StatusCode::OK);
        let mut buf = [0u8; 16];
        // Not waiting: by now the first connection must already be closed
        // (end of stream or reset), not merely idle.
        let still_open = matches!(idle.try_read(&mut buf), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock);
        assert!(!still_open, "the second connection was served while the first still held the only slot");
    }

    async fn a_body_that_stops_arriving_is_answered_408(app: TestApp) {
        let app = spawn_app_with(app.backend, &[("REQUEST_BODY_TIMEOUT", "1")]).await.expect("app");
        let mut slow = connect(&app).await;
        slow.write_all(SLOW_LOGIN).await.expect("write");
        let raw = read_until_closed(&mut slow).await.expect("the server answers a stalled body");
        assert!(raw.starts_with("HTTP/1.1 408"), "{raw}");
        let body = raw_body_json(&raw);
        assert_eq!(body["error"]["status"], 408, "{raw}");
        assert_eq!(body["error"]["code"], "TIMEOUT", "{raw}");
    }

    async fn a_request_over_the_request_timeout_is_answered_503(app: TestApp) {
        let app = spawn_app_with(app.backend, &[("REQUEST_TIMEOUT", "1"), ("REQUEST_BODY_TIMEOUT", "30")])
            .await
            .expect("app");
        let mut slow = connect(&app).await;
        slow.write_all(SLOW_LOGIN).await.expect("write");
        let raw = read_until_closed(&mut slow).await.expect("the server gives up on a slow request");
        assert!(raw.starts_with("HTTP/1.1 503"), "{raw}");
        assert!(raw.to_ascii_lowercase().contains("retry-after:"), "{raw}");
        assert_eq!(raw_body_json(&raw)["error"]["code"], "UNAVAILABLE", "{raw}");
    }

    async fn requests_over_the_cap_are_shed_with_503_and_retry_after(app: TestApp) {
        let app = spawn_app_with(app.backend, &[("MAX_CONCURRENT_REQUESTS", "1")]).await.expect("app");
        // One request in flight, waiting for a body that does not come.
        let mut slow = connect(&app).await;
        slow.write_all(SLOW_LOGIN).await.expect("write");
        tokio::time::sleep(Duration::from_millis(300)).await;
        let mut shed = None;
        for _ in 0..50 {
            let res = app.get("/health").await;
            if res.status() == StatusCode::SERVICE_UNAVAILABLE {
                shed = Some(res);
                break;
            }
            // On a loaded machine a probe may hold the one slot at the moment
            // the slow request arrives, and then the slow request is the one
            // refused: it has been answered. Start it again.
            let mut buf = [0_u8; 64];
            if let Ok(Ok(_)) = tokio::time::timeout(Duration::from_millis(20), slow.read(&mut buf)).await {
                slow = connect(&app).await;
                slow.write_all(SLOW_LOGIN).await.expect("write");
                tokio::time::sleep(Duration::from_millis(300)).await;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let res = shed.expect("a request beyond the cap is refused, not queued");
        assert!(retry_after(&res).is_some(), "{:?}", res.headers());
        let body: Value = res.json().await.expect("json");
        assert_eq!(body["error"]["code"], "UNAVAILABLE", "{body}");
        // Once the slow request is gone, requests are served again.
        drop(slow);
        let mut served = false;
        for _ in 0..50 {
            if app.get("/health").await.status() == StatusCode::OK {
                served = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(served, "the cap frees up when the request ends");
    }

    // Over-limit bodies are sent raw: a client that keeps writing a body the
    // server has already refused may see a broken pipe instead of the 413.
    async fn an_8_mib_graphql_body_is_413(app: TestApp) {
        let raw = raw_exchange(&app, &declared_post("/api/graphql", "application/json", 8 << 20), &[]).await;
        assert!(raw.starts_with("HTTP/1.1 413"), "{raw}");
        let body = raw_body_json(&raw);
        assert_eq!(body["errors"][0]["extensions"]["code"], "PAYLOAD_TOO_LARGE", "{raw}");
        assert_eq!(body["errors"][0]["extensions"]["status"], 413, "{raw}");
        // Without a declared length, the body is cut off once it passes the
        // GraphQL limit (64 KiB): four 16 KiB chunks are fine, a fifth is not.
        let head = "POST /api/graphql HTTP/1.1\r\nHost: shop\r\nContent-Type: application/json\r\n\
Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
        let chunk = format!("4000\r\n{}\r\n", "x".repeat(16 << 10));
        let last = format!("400\r\n{}", "x".repeat(1 << 10));
        let parts = [chunk.as_bytes(), chunk.as_bytes(), chunk.as_bytes(), chunk.as_bytes(), last.as_bytes()];
        let raw = raw_exchange(&app, head, &parts).await;
        assert!(raw.starts_with("HTTP/1.1 413"), "{raw}");
        assert_eq!(raw_body_json(&raw)["errors"][0]["extensions"]["code"], "PAYLOAD_TOO_LARGE", "{raw}");
        assert_eq!(app.get("/health").await.status(), StatusCode::OK);
    }

    async fn rest_and_server_function_bodies_are_limited_too(app: TestApp) {
        // 1.5 MiB: over our 1 MiB, under axum's own 2 MB default.
        for (path, content_type) in [
            ("/api/customer/register", "application/json"),
            ("/api/fn/login", "application/x-www-form-urlencoded"),
        ] {
            let raw = raw_exchange(&app, &declared_post(path, content_type, 1536 << 10), &[]).await;
            assert!(raw.starts_with("HTTP/1.1 413"), "{path}: {raw}");
            let body = raw_body_json(&raw);
            assert_eq!(body["error"]["code"], "PAYLOAD_TOO_LARGE", "{path}: {raw}");
            assert_eq!(body["error"]["status"], 413, "{path}: {raw}");
        }
        // A normal body is still read.
        assert_eq!(app.post_json("/api/customer/register", &crate::helpers::ann("fine@example.com")).await.status(), StatusCode::CREATED);
    }

    async fn multipart_is_refused_where_nothing_takes_uploads(app: TestApp) {
        let res = app
            .client
            .post(app.url("/api/graphql"))
            .header("content-type", "multipart/form-data; boundary=XyZ")
            .body(MULTIPART)
            .send()
            .await
            .expect("request");
        assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
        let body: Value = res.json().await.expect("json");
        assert_eq!(body["errors"][0]["extensions"]["code"], "UNSUPPORTED_MEDIA_TYPE", "{body}");

        for path in ["/api/customer/login", "/api/fn/login"] {
            let res = app
                .client
                .post(app.url(path))
                .header("content-type", "multipart/form-data; boundary=XyZ")
                .body(MULTIPART)
                .send()
                .await
                .expect("request");
            assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE, "{path}");
            let body: Value = res.json().await.expect("json");
            assert_eq!(body["error"]["code"], "UNSUPPORTED_MEDIA_TYPE", "{path}: {body}");
        }
    }

    async fn the_query_text_is_capped(app: TestApp) {
        let long = format!("{{ currentCustomer {{ id }} }} #{}", "x".repeat(20_000));
        let res = post_graphql_raw(&app, json!({"query": long}).to_string()).await;
        assert!(res.status().is_client_error(), "{}", res.status());
        let body: Value = res.json().await.expect("json");
        assert!(body["errors"][0]["extensions"]["fields"]["query"].is_string(), "{body}");
        // A query under the cap is answered.
        let fine = app.graphql("{ currentCustomer { id } }", json!({})).await;
        assert!(fine["errors"].is_null(), "{fine}");
    }

    async fn deeply_nested_queries_and_variables_are_refused_and_the_server_lives(app: TestApp) {
        for levels in [10_000, 3_000] {
            let deep = format!("{}{}", "{a".repeat(levels), "}".repeat(levels));
            let res = post_graphql_raw(&app, json!({"query": deep}).to_string()).await;
            assert!(res.status().is_client_error(), "{levels}: {}", res.status());
            let body: Value = res.json().await.expect("json");
            assert!(body["errors"][0]["extensions"]["fields"]["query"].is_string(), "{levels}: {body}");
            assert_eq!(app.get("/health").await.status(), StatusCode::OK);
        }
        let nested = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        let body = format!(r#"{{"query": "query($v: [Int]) {{ currentCustomer {{ id }} }}", "variables": {{"v": {nested}}}}}"#);
        let res = post_graphql_raw(&app, body).await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST);
        let body: Value = res.json().await.expect("json");
        assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_REQUEST", "{body}");
        assert_eq!(app.get("/health").await.status(), StatusCode::OK);
    }

    async fn a_login_flood_gets_503_with_retry_after_instead_of_queueing(app: TestApp) {
        let app = spawn_app_with(app.backend, &[("BCRYPT_COST", "12"), ("PASSWORD_HASH_MAX_WAIT_MS", "1")])
            .await
            .expect("app");
        let mut tasks = tokio::task::JoinSet::new();
        for i in 0..12 {
            for kind in ["rest", "graphql", "server_fn"] {
                let client = app.other_browser();
                let email = format!("flood{i}-{kind}@example.com");
                tasks.spawn(async move {
                    let res = match kind {
                        "rest" => client.login(&email, "not the password").await,
                        "graphql" => client
                            .client
                            .post(client.url("/api/graphql"))
                            .json(&json!({"query": "mutation($e: String!) { login(email: $e, password: \"not the password\") { id } }", "variables": {"e": email}}))
                            .send()
                            .await
                            .expect("request"),
                        _ => client.server_fn("login", &[("email", &email), ("password", "not the password")]).await,
                    };
                    let status = res.status();
                    let retry = retry_after(&res);
                    let body: Value = res.json().await.unwrap_or(Value::Null);
                    (kind, status, retry, body)
                });
            }
        }
        let (mut rest, mut graphql, mut server_fn) = (0, 0, 0);
        while let Some(done) = tasks.join_next().await {
            let (kind, status, retry, body) = done.expect("task");
            match kind {
                "rest" if status == StatusCode::SERVICE_UNAVAILABLE => {
                    assert!(retry.is_some(), "503 without Retry-After: {body}");
                    assert_eq!(body["error"]["code"], "UNAVAILABLE", "{body}");
                    rest += 1;
                }
                "graphql" if body["errors"][0]["extensions"]["code"] == "UNAVAILABLE" => graphql += 1,
                "server_fn" if status == StatusCode::SERVICE_UNAVAILABLE => {
                    assert!(retry.is_some(), "503 without Retry-After: {body}");
                    assert_eq!(body["kind"], "unavailable", "{body}");
                    server_fn += 1;
                }
                _ => assert!(
                    status == StatusCode::UNAUTHORIZED || (kind == "graphql" && status == StatusCode::OK),
                    "{kind}: {status} {body}"
                ),
            }
        }
        assert!(rest > 0, "no REST login was refused with 503");
        assert!(graphql > 0, "no GraphQL login was refused with UNAVAILABLE");
        assert!(server_fn > 0, "no server-function login was refused with 503");
        assert_eq!(app.get("/health").await.status(), StatusCode::OK);
    }
}
