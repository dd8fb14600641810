//! The client's address behind trusted proxies, from `X-Forwarded-For`.
//! Plain functions over strings (no HTTP types), so they can be property
//! tested and fuzzed on their own (`fuzz/`, `scripts/fuzz.sh`).

use std::net::{IpAddr, Ipv6Addr, SocketAddr};

/// IPv4-mapped IPv6 addresses (`::ffff:1.2.3.4`) as the IPv4 address.
pub fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// One `X-Forwarded-For` entry: `1.2.3.4`, `1.2.3.4:5678`, `2001:db8::1`,
/// `[2001:db8::1]` or `[2001:db8::1]:443`. Anything else is `None`.
pub fn parse_hop(raw: &str) -> Option<IpAddr> {
    let raw = raw.trim();
    if let Ok(ip) = raw.parse::<IpAddr>() {
        return Some(canonical(ip));
    }
    if let Ok(addr) = raw.parse::<SocketAddr>() {
        return Some(canonical(addr.ip()));
    }
    let inner = raw.strip_prefix('[')?.strip_suffix(']')?;
    inner
        .parse::<Ipv6Addr>()
        .ok()
        .map(|v6| canonical(IpAddr::V6(v6)))
}

/// The client's address: the socket `peer`, unless `trusts(peer)`; then the
/// `X-Forwarded-For` values (each header line in order, each a
/// comma-separated list) are walked from the right, the hop the nearest
/// proxy appended, and the first address that is not trusted is the client.
/// An entry that is not an address stops the walk at the last trusted hop:
/// whatever stands left of it was written by the client and is never
/// believed.
pub fn client_ip(peer: IpAddr, header_values: &[&str], trusts: impl Fn(IpAddr) -> bool) -> IpAddr {
    let mut client = canonical(peer);
    if !trusts(client) {
        return client;
    }
    let hops = header_values.iter().flat_map(|v| v.split(',')).rev();
    for hop in hops {
        let Some(ip) = parse_hop(hop) else {
            break;
        };
        client = ip;
        if !trusts(ip) {
            break;
        }
    }
    client
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("ip")
    }

    fn proxy_net(ip: IpAddr) -> bool {
        matches!(ip, IpAddr::V4(v4) if v4.octets()[0] == 10)
    }

    #[test]
    fn walks_from_the_right_and_stops_at_junk() {
        let peer = ip("10.0.0.2");
        let walk = |h: &[&str]| client_ip(peer, h, proxy_net);
        assert_eq!(walk(&["6.6.6.6, 1.2.3.4, 10.0.0.5"]), ip("1.2.3.4"));
        assert_eq!(walk(&["6.6.6.6, junk"]), peer);
        assert_eq!(walk(&["6.6.6.6", "junk"]), peer);
        assert_eq!(walk(&["[2001:db8::1]:443"]), ip("2001:db8::1"));
        assert_eq!(walk(&[]), peer);
        assert_eq!(
            client_ip(ip("203.0.113.1"), &["1.2.3.4"], proxy_net),
            ip("203.0.113.1")
        );
    }

    /// An address, a junk word, or an address with a port or in brackets.
    fn entry() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<[u8; 4]>().prop_map(|o| std::net::Ipv4Addr::from(o).to_string()),
            any::<[u8; 4]>().prop_map(|o| format!("10.{}.{}.{}", o[0], o[1], o[2])),
            any::<[u8; 4]>().prop_map(|o| format!("{}:{}", std::net::Ipv4Addr::from(o), o[0])),
            any::<u128>().prop_map(|v| format!("[{}]", Ipv6Addr::from(v))),
            "[ -~]{0,12}",
        ]
    }

    proptest! {
        #[test]
        fn never_believes_what_stands_left_of_junk(
            entries in proptest::collection::vec(entry(), 0..8),
            lines in 1usize..3,
        ) {
            let joined = entries.join(",");
            // The same list, as one header line or split over several.
            let split: Vec<String> = if lines == 1 || entries.len() < 2 {
                vec![joined.clone()]
            } else {
                let mid = entries.len() / 2;
                vec![entries[..mid].join(","), entries[mid..].join(",")]
            };
            let values: Vec<&str> = split.iter().map(String::as_str).collect();
            let peer = ip("10.0.0.2");
            let got = client_ip(peer, &values, proxy_net);
            let all: Vec<&str> = joined.split(',').collect();
            // The answer is the peer or one of the entries, and no entry
            // left of the right-most unparseable one.
            let junk = all.iter().rposition(|e| parse_hop(e).is_none());
            let allowed_from = junk.map_or(0, |j| j + 1);
            let candidates: Vec<IpAddr> = all[allowed_from..].iter().filter_map(|e| parse_hop(e)).collect();
            prop_assert!(got == peer || candidates.contains(&got), "{joined:?} -> {got}");
            // Splitting the list over header lines changes nothing.
            prop_assert_eq!(got, client_ip(peer, &[joined.as_str()], proxy_net));
        }

        #[test]
        fn any_text_is_handled(values in proptest::collection::vec(".{0,40}", 0..4)) {
            let values: Vec<&str> = values.iter().map(String::as_str).collect();
            let _ = client_ip(ip("10.0.0.2"), &values, proxy_net);
        }
    }
}
