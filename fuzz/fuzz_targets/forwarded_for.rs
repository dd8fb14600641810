//! `X-Forwarded-For` walking: any bytes as header lines, behind a trusted
//! 10.0.0.0/8 proxy. It must never panic, and never answer with an address
//! that stands left of an entry that is not an address.
#![no_main]

use std::net::IpAddr;

use customer_core::forwarded::{client_ip, parse_hop};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let lines: Vec<&str> = text.split('\n').collect();
    let peer: IpAddr = [10, 0, 0, 2].into();
    let trusts = |ip: IpAddr| matches!(ip, IpAddr::V4(v4) if v4.octets()[0] == 10);
    let got = client_ip(peer, &lines, trusts);
    let entries: Vec<&str> = lines.iter().flat_map(|l| l.split(',')).collect();
    let from = entries
        .iter()
        .rposition(|e| parse_hop(e).is_none())
        .map_or(0, |j| j + 1);
    let believable: Vec<IpAddr> = entries[from..].iter().filter_map(|e| parse_hop(e)).collect();
    assert!(got == peer || believable.contains(&got), "{text:?} -> {got}");
});
