//! CORS for the public endpoints: the origins the policy lists for embedding may call them from
//! their own pages; nobody else gets CORS headers. Pure: tested natively.

use sealdrop_shared::address::Origin;

/// Methods and headers a preflight may ask for.
pub const ALLOW_HEADERS: &str =
    "Content-Type, Idempotency-Key, X-Sealdrop-Lookup, X-Sealdrop-Reply-Key, X-Sealdrop-Receipt";

/// The `Access-Control-Allow-Origin` value for a request's `Origin` header, if it parses as an
/// origin the policy lists (`null` and anything else malformed never does).
pub fn allowed_origin(origin: Option<&str>, embed_origins: &[Origin]) -> Option<Origin> {
    let origin: Origin = origin?.trim().parse().ok()?;
    embed_origins.contains(&origin).then_some(origin)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_listed_origins() {
        let listed: Vec<Origin> =
            ["https://www.nimbus.example", "http://127.0.0.1:8788/"].map(|o| o.parse().expect("origin")).to_vec();
        let cases: &[(Option<&str>, Option<&str>)] = &[
            (Some("https://www.nimbus.example"), Some("https://www.nimbus.example")),
            (Some("http://127.0.0.1:8788"), Some("http://127.0.0.1:8788")),
            (Some("https://evil.example"), None),
            (Some("https://www.nimbus.example.evil.example"), None),
            (Some("null"), None),
            (None, None),
        ];
        for (origin, expected) in cases {
            assert_eq!(allowed_origin(*origin, &listed).as_ref().map(Origin::as_str), *expected, "{origin:?}");
        }
    }
}
