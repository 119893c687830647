//! CORS for the public endpoints: the origins the policy lists for embedding may call them from
//! their own pages; nobody else gets CORS headers. Pure: tested natively.

/// Methods and headers a preflight may ask for.
pub const ALLOW_HEADERS: &str =
    "Content-Type, Idempotency-Key, X-Sealdrop-Lookup, X-Sealdrop-Reply-Key, X-Sealdrop-Receipt";

/// The `Access-Control-Allow-Origin` value for a request's `Origin`, if it is listed.
pub fn allowed_origin<'a>(origin: Option<&'a str>, embed_origins: &[String]) -> Option<&'a str> {
    let origin = origin?.trim();
    embed_origins.iter().any(|o| o.trim_end_matches('/').eq_ignore_ascii_case(origin)).then_some(origin)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_listed_origins() {
        let listed = vec!["https://www.nimbus.example".to_owned(), "http://127.0.0.1:8788/".to_owned()];
        let cases: &[(Option<&str>, Option<&str>)] = &[
            (Some("https://www.nimbus.example"), Some("https://www.nimbus.example")),
            (Some("http://127.0.0.1:8788"), Some("http://127.0.0.1:8788")),
            (Some("https://evil.example"), None),
            (Some("https://www.nimbus.example.evil.example"), None),
            (Some("null"), None),
            (None, None),
        ];
        for (origin, expected) in cases {
            assert_eq!(allowed_origin(*origin, &listed), *expected, "{origin:?}");
        }
    }
}
