//! The address a request came from, only ever used hashed (for the rate limit).
//!
//! Behind CloudFront, the HTTP API sees CloudFront's edge as the source, shared by many
//! families; the deployment then names the header CloudFront writes the viewer's
//! address into (`PTHV_CLIENT_ADDRESS_HEADER=cloudfront-viewer-address`). Otherwise it
//! is API Gateway's or the Function URL's source IP on Lambda, the socket's peer locally.

use std::net::{IpAddr, Ipv6Addr, SocketAddr};

use axum::extract::ConnectInfo;
use axum::http::HeaderName;
use axum::http::request::Parts;
use lambda_http::request::RequestContext;

/// Who is asking, as the rate limit counts them: an IPv4 address, or the /64 network of
/// an IPv6 one (a single home or phone is given a whole /64 to pick addresses from).
pub fn client_address(parts: &Parts, trusted_header: Option<&HeaderName>) -> String {
    let from_header = trusted_header.and_then(|name| parts.headers.get(name)?.to_str().ok()).and_then(address_of);
    let from_source = || match parts.extensions.get::<RequestContext>() {
        Some(RequestContext::ApiGatewayV2(v2)) => v2.http.source_ip.as_deref().and_then(|ip| ip.parse().ok()),
        _ => parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(addr)| addr.ip()),
    };
    match from_header.or_else(from_source) {
        Some(IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => format!("{}/64", Ipv6Addr::from_bits(v6.to_bits() & !((1u128 << 64) - 1))),
        },
        Some(ip) => ip.to_string(),
        None => "unknown".into(),
    }
}

/// The address in `203.0.113.9:46532`, `2001:db8::7:46532` (CloudFront's IPv6 form: the
/// port always last, no brackets), `[2001:db8::7]:46532`, or a bare address.
fn address_of(value: &str) -> Option<IpAddr> {
    let value = value.trim();
    if let Ok(socket) = value.parse::<SocketAddr>() {
        return Some(socket.ip());
    }
    if let Some((ip, port)) = value.rsplit_once(':')
        && port.parse::<u16>().is_ok()
        && let Ok(ip) = ip.parse()
    {
        return Some(ip);
    }
    value.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::Request;

    fn parts(header: Option<&str>, peer: &str) -> Parts {
        let mut builder = Request::builder();
        if let Some(v) = header {
            builder = builder.header("cloudfront-viewer-address", v);
        }
        let (mut parts, _) = builder.body(()).unwrap().into_parts();
        parts.extensions.insert(ConnectInfo::<SocketAddr>(peer.parse().unwrap()));
        parts
    }

    #[test]
    fn viewer_addresses_with_and_without_ports() {
        let v4: IpAddr = "203.0.113.9".parse().unwrap();
        let v6: IpAddr = "2001:db8::7".parse().unwrap();
        assert_eq!(address_of("203.0.113.9:46532"), Some(v4));
        assert_eq!(address_of(" 203.0.113.9 "), Some(v4));
        assert_eq!(address_of("2001:db8::7:46532"), Some(v6));
        assert_eq!(address_of("2001:db8::7:443"), Some(v6), "the last group is the port");
        assert_eq!(address_of("[2001:db8::7]:46532"), Some(v6));
        assert_eq!(address_of("not an address"), None);
        assert_eq!(address_of("203.0.113.9:port"), None);
    }

    #[test]
    fn the_trusted_header_only_when_configured_and_ipv6_by_network() {
        let cloudfront = HeaderName::from_static("cloudfront-viewer-address");
        let edge = "130.176.1.1:443";
        assert_eq!(client_address(&parts(Some("203.0.113.9:46532"), edge), Some(&cloudfront)), "203.0.113.9");
        assert_eq!(client_address(&parts(Some("203.0.113.9:46532"), edge), None), "130.176.1.1");
        assert_eq!(client_address(&parts(Some("garbage"), edge), Some(&cloudfront)), "130.176.1.1");
        assert_eq!(client_address(&parts(None, edge), Some(&cloudfront)), "130.176.1.1");
        let phone = |addr: &str| client_address(&parts(Some(addr), edge), Some(&cloudfront));
        assert_eq!(phone("2001:db8:1:2:aaaa::1:5000"), "2001:db8:1:2::/64");
        assert_eq!(phone("2001:db8:1:2:aaaa::1:5000"), phone("2001:db8:1:2:bbbb::9:6000"));
        assert_ne!(phone("2001:db8:1:2::1:5000"), phone("2001:db8:1:3::1:5000"));
        assert_eq!(phone("[::ffff:203.0.113.9]:80"), "203.0.113.9");
    }
}
