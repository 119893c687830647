//! CORS for the public API: any origin may call it (it carries only ciphertext and public data,
//! and no cookie or ambient credential exists), staff endpoints never answer cross-origin. Which
//! endpoint answers how follows from its declaration (`sealdrop_shared::api::Endpoint::cors`).

/// Headers a preflight may ask for: every header the widget sends (the test below keeps this
/// equal to their declarations).
pub const ALLOW_HEADERS: &str = "Content-Type, Idempotency-Key, X-Sealdrop-Lookup, X-Sealdrop-Reply-Key, \
                                 X-Sealdrop-Receipt, X-Sealdrop-Pow, X-Sealdrop-Exploited";

#[cfg(test)]
mod tests {
    use sealdrop_shared::api::IDEMPOTENCY_HEADER;
    use sealdrop_shared::cra::EXPLOITED_HEADER;
    use sealdrop_shared::followup::{LOOKUP_HEADER, RECEIPT_HEADER, REPLY_KEY_HEADER};
    use sealdrop_shared::pow::POW_HEADER;

    #[test]
    fn the_preflight_allows_exactly_the_declared_headers() {
        let allowed: Vec<&str> = super::ALLOW_HEADERS.split(", ").collect();
        let declared = [
            "Content-Type",
            IDEMPOTENCY_HEADER,
            LOOKUP_HEADER,
            REPLY_KEY_HEADER,
            RECEIPT_HEADER,
            POW_HEADER,
            EXPLOITED_HEADER,
        ];
        assert_eq!(allowed, declared);
    }
}
