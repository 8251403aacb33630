//! The parts of a page address the classifier uses: host, path and query. A small parser on purpose:
//! the core reads addresses that a browser already resolved, and a full URL library would triple the
//! WebAssembly size.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageUrl {
    /// Lower-case, without port, user info or trailing dot.
    pub host: String,
    /// Starts with `/`.
    pub path: String,
    /// Without the `?`; empty when absent.
    pub query: String,
}

impl PageUrl {
    /// Reads an absolute `http(s)` address; `None` for anything else (`file:`, `about:`, garbage).
    pub fn parse(url: &str) -> Option<Self> {
        let url = url.trim();
        let (scheme, rest) = url.split_once("://")?;
        if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
            return None;
        }
        let rest = rest.split('#').next().unwrap_or_default();
        let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
        let (authority, tail) = rest.split_at(authority_end);
        let host_port = authority.rsplit('@').next().unwrap_or_default();
        let host = if let Some(bracketed) = host_port.strip_prefix('[') {
            bracketed.split(']').next().unwrap_or_default()
        } else {
            host_port.split(':').next().unwrap_or_default()
        };
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        if host.is_empty() {
            return None;
        }
        let (path, query) = tail.split_once('?').unwrap_or((tail, ""));
        let path = if path.is_empty() {
            "/".to_owned()
        } else {
            path.to_owned()
        };
        Some(Self {
            host,
            path,
            query: query.to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_parts_the_classifier_uses() {
        let u =
            PageUrl::parse("https://User@WWW.Facebook.com.:443/settings?tab=security#x").unwrap();
        assert_eq!(
            (u.host.as_str(), u.path.as_str(), u.query.as_str()),
            ("www.facebook.com", "/settings", "tab=security")
        );
        let u = PageUrl::parse("http://[2001:db8::1]:8080").unwrap();
        assert_eq!((u.host.as_str(), u.path.as_str()), ("2001:db8::1", "/"));
    }

    #[test]
    fn rejects_what_is_not_a_web_address() {
        for bad in [
            "",
            "facebook.com/settings",
            "file:///tmp/x.html",
            "javascript:alert(1)",
            "https://",
            "https:///path",
        ] {
            assert_eq!(PageUrl::parse(bad), None, "{bad}");
        }
    }
}
