//! Scope: which hosts and networks a report may be about, and parsing of the `affected` field.

use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;

use ipnet::IpNet;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One entry of a policy's scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScopeEntry {
    /// Exactly this host name (lower case).
    Host(String),
    /// This domain and every subdomain (`*.example.com` matches `a.example.com` and `example.com`).
    Subdomains(String),
    /// An IP network (a single address is a /32 or /128).
    Network(IpNet),
}

impl fmt::Display for ScopeEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScopeEntry::Host(h) => f.write_str(h),
            ScopeEntry::Subdomains(d) => write!(f, "*.{d}"),
            ScopeEntry::Network(n) => write!(f, "{n}"),
        }
    }
}

impl FromStr for ScopeEntry {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        if let Ok(net) = IpNet::from_str(s) {
            return Ok(ScopeEntry::Network(net));
        }
        if let Ok(ip) = IpAddr::from_str(s) {
            return Ok(ScopeEntry::Network(IpNet::from(ip)));
        }
        if let Some(domain) = s.strip_prefix("*.") {
            return parse_host(domain)
                .map(ScopeEntry::Subdomains)
                .ok_or_else(|| format!("`{s}` is not a domain pattern"));
        }
        parse_host(s).map(ScopeEntry::Host).ok_or_else(|| format!("`{s}` is not a host name, `*.domain` or IP network"))
    }
}

impl Serialize for ScopeEntry {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ScopeEntry {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        ScopeEntry::from_str(&text).map_err(serde::de::Error::custom)
    }
}

/// Lower-cases and checks a DNS host name (letters, digits, hyphens, at least one dot).
fn parse_host(s: &str) -> Option<String> {
    let host = s.trim_end_matches('.').to_ascii_lowercase();
    let labels_ok = host.split('.').all(|label| {
        !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    });
    (labels_ok && host.contains('.') && host.len() <= 253).then_some(host)
}

/// What a report is about: parsed from the `affected` field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Affected {
    /// A URL (http or https).
    Url(String),
    /// A host name.
    Host(String),
    /// An IP address.
    Ip(IpAddr),
}

impl Affected {
    /// Parses a URL, host name or IP address.
    pub fn parse(input: &str) -> Option<Self> {
        let input = input.trim();
        if let Ok(ip) = IpAddr::from_str(input.trim_start_matches('[').trim_end_matches(']')) {
            return Some(Affected::Ip(ip));
        }
        if input.contains("://") {
            let url = url::Url::parse(input).ok()?;
            if !matches!(url.scheme(), "http" | "https" | "ws" | "wss") || url.host().is_none() {
                return None;
            }
            return Some(Affected::Url(url.to_string()));
        }
        parse_host(input).map(Affected::Host)
    }

    fn target(&self) -> Option<Target> {
        match self {
            Affected::Ip(ip) => Some(Target::Ip(*ip)),
            Affected::Host(h) => Some(Target::Host(h.clone())),
            Affected::Url(u) => match url::Url::parse(u).ok()?.host()? {
                url::Host::Domain(d) => Some(Target::Host(d.to_ascii_lowercase())),
                url::Host::Ipv4(ip) => Some(Target::Ip(IpAddr::V4(ip))),
                url::Host::Ipv6(ip) => Some(Target::Ip(IpAddr::V6(ip))),
            },
        }
    }

    /// The host alone (a URL's path, query and credentials left out): what an advisory may name.
    pub fn host(&self) -> Option<String> {
        match self.target()? {
            Target::Host(host) => Some(host),
            Target::Ip(ip) => Some(ip.to_string()),
        }
    }

    /// Whether this target is covered by the scope. An empty scope covers everything.
    pub fn in_scope(&self, scope: &[ScopeEntry]) -> bool {
        if scope.is_empty() {
            return true;
        }
        let Some(target) = self.target() else { return false };
        scope.iter().any(|entry| match (entry, &target) {
            (ScopeEntry::Host(h), Target::Host(t)) => h == t,
            (ScopeEntry::Subdomains(d), Target::Host(t)) => {
                t == d || t.strip_suffix(d.as_str()).is_some_and(|prefix| prefix.ends_with('.'))
            }
            (ScopeEntry::Network(net), Target::Ip(ip)) => net.contains(ip),
            _ => false,
        })
    }
}

impl fmt::Display for Affected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Affected::Url(u) => f.write_str(u),
            Affected::Host(h) => f.write_str(h),
            Affected::Ip(ip) => write!(f, "{ip}"),
        }
    }
}

enum Target {
    Host(String),
    Ip(IpAddr),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope(entries: &[&str]) -> Vec<ScopeEntry> {
        entries.iter().map(|e| e.parse().expect("valid scope entry")).collect()
    }

    #[test]
    fn affected_against_scope() {
        let s = scope(&["example.com", "*.example.org", "192.0.2.0/24", "2001:db8::1"]);
        let cases = [
            ("https://example.com/login", true),
            ("example.com", true),
            ("EXAMPLE.COM", true),
            ("www.example.com", false),
            ("api.example.org", true),
            ("example.org", true),
            ("badexample.org", false),
            ("https://deep.api.example.org:8443/x?y", true),
            ("192.0.2.44", true),
            ("http://192.0.2.1/", true),
            ("198.51.100.1", false),
            ("2001:db8::1", true),
            ("http://[2001:db8::1]/", true),
            ("2001:db8::2", false),
            ("example.com.evil.net", false),
        ];
        for (input, expected) in cases {
            let affected = Affected::parse(input).unwrap_or_else(|| panic!("{input} should parse"));
            assert_eq!(affected.in_scope(&s), expected, "{input}");
        }
    }

    #[test]
    fn affected_rejects_garbage() {
        for input in ["", "not a host", "ftp://example.com", "javascript:alert(1)", "http://", "-bad-.com", "localhost"]
        {
            assert_eq!(Affected::parse(input), None, "{input:?}");
        }
    }

    #[test]
    fn scope_entries_round_trip() {
        for entry in ["example.com", "*.example.com", "192.0.2.0/24", "2001:db8::/32", "10.0.0.1/32"] {
            assert_eq!(entry.parse::<ScopeEntry>().expect("parses").to_string(), entry);
        }
        assert!("*.".parse::<ScopeEntry>().is_err());
        assert!("exa mple.com".parse::<ScopeEntry>().is_err());
    }
}
