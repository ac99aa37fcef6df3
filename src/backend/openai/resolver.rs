//! Name resolution for the HTTP client: an address written as an IP literal
//! (`http://127.0.0.1:8000/v1`, `http://[::1]:8000/v1`) is used as it is, with no lookup.
//!
//! ureq's own resolver runs every lookup on a new thread so that it can honour the request's
//! timeout, and it resolves before every request, pooled connection or not. Against a local
//! server at 64 requests in flight, that thread per request was a fifth of the harness's
//! time (`cargo bench --bench harness`, profiled with `perf`). A literal needs no lookup, so
//! it gets no thread; a host name still goes through ureq's resolver, timeout and all.

use std::net::{IpAddr, SocketAddr};

use ureq::config::Config;
use ureq::http::Uri;
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::NextTimeout;

/// IP literals directly; host names through ureq's [`DefaultResolver`].
#[derive(Debug, Default)]
pub(super) struct LiteralFirst {
    names: DefaultResolver,
}

impl Resolver for LiteralFirst {
    fn resolve(
        &self,
        uri: &Uri,
        config: &Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        match literal(uri) {
            Some(address) => {
                let mut addresses = self.empty();
                addresses.push(address);
                Ok(addresses)
            }
            None => self.names.resolve(uri, config, timeout),
        }
    }
}

/// The socket address of an `http` or `https` URI whose host is an IP literal.
fn literal(uri: &Uri) -> Option<SocketAddr> {
    let default_port = match uri.scheme_str()? {
        "http" => 80,
        "https" => 443,
        _ => return None,
    };
    let host = uri.host()?;
    let host = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    let ip: IpAddr = host.parse().ok()?;
    Some(SocketAddr::new(ip, uri.port_u16().unwrap_or(default_port)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(uri: &str) -> Option<SocketAddr> {
        literal(&uri.parse::<Uri>().unwrap())
    }

    #[test]
    fn ip_literals_resolve_to_themselves_and_names_are_left_to_dns() {
        assert_eq!(
            at("http://127.0.0.1:8000/v1/chat/completions"),
            Some("127.0.0.1:8000".parse().unwrap())
        );
        assert_eq!(at("http://[::1]/v1"), Some("[::1]:80".parse().unwrap()));
        assert_eq!(
            at("https://10.0.0.7/v1"),
            Some("10.0.0.7:443".parse().unwrap())
        );
        assert_eq!(at("http://localhost:8000/v1"), None);
        assert_eq!(at("https://api.openai.com/v1"), None);
        assert_eq!(at("ftp://127.0.0.1/x"), None);
    }
}
