//! Who is calling: the client IP (through trusted proxies only) and the
//! user agent, put in the request's extensions for every interface.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::header::USER_AGENT;
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::Response;
use customer_core::caller::ClientInfo;
use customer_core::forwarded;

use crate::config::IpNet;

/// Middleware state: the proxies whose `X-Forwarded-For` we believe.
#[derive(Clone, Debug, Default)]
pub struct TrustedProxies(pub Arc<Vec<IpNet>>);

impl TrustedProxies {
    fn trusts(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|net| net.contains(ip))
    }

    /// The client's address: the socket peer, or behind a trusted proxy the
    /// right-most untrusted `X-Forwarded-For` hop
    /// (`customer_core::forwarded::client_ip` says exactly how).
    pub fn client_ip(&self, peer: Option<IpAddr>, headers: &HeaderMap) -> Option<IpAddr> {
        let values: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .map(|v| v.to_str().unwrap_or(""))
            .collect();
        Some(forwarded::client_ip(peer?, &values, |ip| self.trusts(ip)))
    }
}

pub async fn client_info(
    State(proxies): State<TrustedProxies>,
    mut req: Request,
    next: Next,
) -> Response {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip());
    let info = ClientInfo {
        ip: proxies.client_ip(peer, req.headers()),
        user_agent: req
            .headers()
            .get(USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(|ua| ua.chars().take(512).collect()),
        // Read with the caller (`middleware::caller`), beside where it is set.
        device_token: None,
        staff_token: None,
    };
    req.extensions_mut().insert(info);
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proxies(list: &[&str]) -> TrustedProxies {
        TrustedProxies(Arc::new(
            list.iter().filter_map(|p| IpNet::parse(p)).collect(),
        ))
    }

    fn xff(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", value.parse().expect("header"));
        h
    }

    fn ip(s: &str) -> Option<IpAddr> {
        s.parse().ok()
    }

    #[test]
    fn untrusted_peer_is_the_client_whatever_the_header_says() {
        assert_eq!(
            proxies(&[]).client_ip(ip("203.0.113.9"), &xff("1.2.3.4")),
            ip("203.0.113.9")
        );
        assert_eq!(
            proxies(&["10.0.0.0/8"]).client_ip(ip("203.0.113.9"), &xff("1.2.3.4")),
            ip("203.0.113.9")
        );
    }

    #[test]
    fn trusted_proxy_chain_is_walked_from_the_right() {
        let p = proxies(&["10.0.0.0/8"]);
        assert_eq!(p.client_ip(ip("10.0.0.2"), &xff("1.2.3.4")), ip("1.2.3.4"));
        // A client-supplied left-most entry is not believed.
        assert_eq!(
            p.client_ip(ip("10.0.0.2"), &xff("6.6.6.6, 1.2.3.4, 10.0.0.5")),
            ip("1.2.3.4")
        );
        // No header: the proxy itself.
        assert_eq!(
            p.client_ip(ip("10.0.0.2"), &HeaderMap::new()),
            ip("10.0.0.2")
        );
        // Garbage stops the walk at the last good hop.
        assert_eq!(
            p.client_ip(ip("10.0.0.2"), &xff("not-an-ip")),
            ip("10.0.0.2")
        );
    }

    #[test]
    fn junk_in_the_header_never_yields_a_client_chosen_address() {
        let p = proxies(&["10.0.0.0/8"]);
        let proxy = ip("10.0.0.2");
        for (header, expected) in [
            // An unparseable hop stops the walk: the last trusted hop is
            // the client, never an address to its left.
            ("6.6.6.6, junk", "10.0.0.2"),
            ("6.6.6.6, junk, 10.0.0.5", "10.0.0.5"),
            ("6.6.6.6, ", "10.0.0.2"),
            ("6.6.6.6,,1.2.3.4", "1.2.3.4"),
            ("junk", "10.0.0.2"),
            ("", "10.0.0.2"),
            // Ports and brackets are stripped.
            ("1.2.3.4:5678", "1.2.3.4"),
            ("6.6.6.6, 1.2.3.4:5678", "1.2.3.4"),
            ("[2001:db8::1]", "2001:db8::1"),
            ("[2001:db8::1]:443", "2001:db8::1"),
            ("2001:db8::7", "2001:db8::7"),
            // IPv4-mapped IPv6 is the IPv4 address.
            ("::ffff:1.2.3.4", "1.2.3.4"),
        ] {
            assert_eq!(p.client_ip(proxy, &xff(header)), ip(expected), "{header:?}");
        }
        // Several header lines count as one list, in order.
        let mut h = xff("6.6.6.6");
        h.append("x-forwarded-for", "1.2.3.4".parse().expect("header"));
        assert_eq!(p.client_ip(proxy, &h), ip("1.2.3.4"));
        let mut h = xff("1.2.3.4");
        h.append("x-forwarded-for", "junk".parse().expect("header"));
        assert_eq!(p.client_ip(proxy, &h), proxy);
    }

    #[test]
    fn a_mapped_peer_is_its_ipv4_address() {
        assert_eq!(
            proxies(&[]).client_ip(ip("::ffff:203.0.113.9"), &HeaderMap::new()),
            ip("203.0.113.9")
        );
    }
}
