//! GraphiQL, served by the shop itself: the page and its files are compiled
//! into the server from `server/assets/graphiql/` (graphiql 4.1.2 and React
//! 18.3.1, pinned and vendored from npm by `scripts/vendor-graphiql.sh`), so
//! it loads nothing from elsewhere. `GRAPHQL_PLAYGROUND=false` turns it off.

use axum::extract::Path;
use axum::http::{header, HeaderValue};
use axum::response::{Html, IntoResponse, Response};

use crate::http::not_found;

const PAGE: &str = include_str!("../../assets/graphiql/graphiql.html");

/// The embedded files: name, media type, content.
const FILES: &[(&str, &str, &[u8])] = &[
    (
        "graphiql.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/graphiql/graphiql.min.js"),
    ),
    (
        "graphiql.min.css",
        "text/css; charset=utf-8",
        include_bytes!("../../assets/graphiql/graphiql.min.css"),
    ),
    (
        "react.production.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/graphiql/react.production.min.js"),
    ),
    (
        "react-dom.production.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/graphiql/react-dom.production.min.js"),
    ),
    (
        "graphiql-init.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/graphiql/graphiql-init.js"),
    ),
    (
        "graphiql-page.css",
        "text/css; charset=utf-8",
        include_bytes!("../../assets/graphiql/graphiql-page.css"),
    ),
    (
        "LICENSES.txt",
        "text/plain; charset=utf-8",
        include_bytes!("../../assets/graphiql/LICENSES.txt"),
    ),
];

/// `GET /api/graphql`: the GraphiQL page.
pub async fn page() -> Html<&'static str> {
    Html(PAGE)
}

/// `GET /api/graphiql/{file}`: one of the page's files, or the JSON 404.
pub async fn file(Path(name): Path<String>) -> Response {
    match FILES.iter().find(|(n, _, _)| *n == name) {
        Some((_, media_type, body)) => {
            let mut res = body.into_response();
            let headers = res.headers_mut();
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(media_type));
            headers.insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=86400"),
            );
            res
        }
        None => not_found().await.into_response(),
    }
}

/// Every file the page refers to, for tests.
pub fn file_names() -> impl Iterator<Item = &'static str> {
    FILES.iter().map(|(n, _, _)| *n)
}
