//! The address a request came from: API Gateway's or the Function URL's source IP on
//! Lambda, the socket's peer address locally. Only ever used hashed.

use std::net::SocketAddr;

use axum::extract::ConnectInfo;
use axum::http::request::Parts;
use lambda_http::request::RequestContext;

pub fn client_address(parts: &Parts) -> String {
    if let Some(RequestContext::ApiGatewayV2(v2)) = parts.extensions.get::<RequestContext>()
        && let Some(ip) = &v2.http.source_ip
    {
        return ip.clone();
    }
    if let Some(ConnectInfo(addr)) = parts.extensions.get::<ConnectInfo<SocketAddr>>() {
        return addr.ip().to_string();
    }
    "unknown".into()
}
