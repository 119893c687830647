//! Addresses parsed once, where they enter (the policy loader, a request's headers, JSON):
//! [`Origin`] (a web origin, for CORS and `frame-ancestors`) and [`Email`].

use std::fmt;
use std::str::FromStr;

/// Why a text is not an address.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidAddress {
    /// Not `scheme://host[:port]`.
    #[error("`{0}` is not an origin (scheme://host[:port])")]
    Origin(String),
    /// Not `local@domain.tld`.
    #[error("`{0}` is not an e-mail address")]
    Email(String),
}

/// A web origin, `scheme://host[:port]`, in its serialised form (RFC 6454: lower-case scheme and
/// host, no default port, no trailing slash), so comparing two is comparing text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Origin(String);

impl Origin {
    /// The serialised origin.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for Origin {
    type Err = InvalidAddress;

    fn from_str(text: &str) -> Result<Self, InvalidAddress> {
        let invalid = || InvalidAddress::Origin(text.chars().take(200).collect());
        let url = url::Url::parse(text).map_err(|_| invalid())?;
        let origin = url.origin();
        let serialised = origin.ascii_serialization();
        // Nothing but the origin (a trailing `/` is the empty path): no path, query or user.
        let rest_is_empty = matches!(url.path(), "" | "/")
            && url.query().is_none()
            && url.fragment().is_none()
            && url.username().is_empty()
            && url.password().is_none();
        let typed_as_origin = text.trim_end_matches('/').eq_ignore_ascii_case(&serialised);
        if origin.is_tuple() && rest_is_empty && typed_as_origin { Ok(Self(serialised)) } else { Err(invalid()) }
    }
}

/// A mail address `local@domain` (a dot in the domain; no spaces or angle brackets). Not a full
/// RFC 5322 parser: enough to refuse typos and header injection in the policy's settings.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Email(String);

impl Email {
    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for Email {
    type Err = InvalidAddress;

    fn from_str(text: &str) -> Result<Self, InvalidAddress> {
        let forbidden = |c: char| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | ',' | ';');
        let ok = text.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty() && !domain.contains('@') && domain.contains('.') && !domain.starts_with('.')
        }) && !text.chars().any(forbidden);
        if ok { Ok(Self(text.to_owned())) } else { Err(InvalidAddress::Email(text.chars().take(200).collect())) }
    }
}

macro_rules! text_type {
    ($name:ident) => {
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        serde_as_text!($name);
    };
}

text_type!(Origin);
text_type!(Email);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins() {
        let cases: &[(&str, Option<&str>)] = &[
            ("https://www.nimbus.example", Some("https://www.nimbus.example")),
            ("https://www.nimbus.example/", Some("https://www.nimbus.example")),
            ("HTTPS://WWW.Nimbus.Example", Some("https://www.nimbus.example")),
            ("http://127.0.0.1:8788", Some("http://127.0.0.1:8788")),
            ("https://example.com:443", None),
            ("https://example.com/path", None),
            ("https://example.com/?q", None),
            ("https://user@example.com", None),
            ("null", None),
            ("data:text/html,x", None),
            ("example.com", None),
            ("", None),
        ];
        for (text, expected) in cases {
            assert_eq!(text.parse::<Origin>().ok().as_ref().map(Origin::as_str), *expected, "{text}");
        }
    }

    #[test]
    fn emails() {
        let cases: &[(&str, bool)] = &[
            ("security@nimbus.example", true),
            ("a.b+c@x.example", true),
            ("no-at.example", false),
            ("@x.example", false),
            ("a@localhost", false),
            ("a@b@c.example", false),
            ("a b@x.example", false),
            ("<a@x.example>", false),
            ("a@x.example\r\nBcc: b@y.example", false),
            ("a@x.example, b@y.example", false),
        ];
        for (text, ok) in cases {
            assert_eq!(text.parse::<Email>().is_ok(), *ok, "{text:?}");
        }
    }

    #[test]
    fn serde_parses() {
        let o: Origin = serde_json::from_str("\"https://a.example/\"").expect("origin");
        assert_eq!(serde_json::to_string(&o).expect("json"), "\"https://a.example\"");
        assert!(serde_json::from_str::<Email>("\"nope\"").is_err());
    }
}
