//! Rate limits for receipt look-ups: fixed windows, one counter per client and one overall, kept
//! in D1 (`store/followup.rs`). The arithmetic is pure and tested natively.

use crate::error::ApiError;

/// The limits in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Look-ups one client may make per window.
    pub per_client: u64,
    /// Look-ups everybody together may make per window.
    pub total: u64,
    /// Window length in seconds.
    pub window_secs: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self { per_client: 20, total: 2000, window_secs: 600 }
    }
}

impl Limits {
    /// The defaults, overridden by the `FOLLOWUP_LIMIT_PER_CLIENT` / `FOLLOWUP_LIMIT_TOTAL`
    /// variables when they hold a positive number.
    pub fn from_vars(per_client: Option<&str>, total: Option<&str>) -> Self {
        let number = |v: Option<&str>| v.and_then(|s| s.trim().parse::<u64>().ok()).filter(|n| *n > 0);
        let d = Self::default();
        Self { per_client: number(per_client).unwrap_or(d.per_client), total: number(total).unwrap_or(d.total), ..d }
    }

    /// The window `now` (Unix seconds) falls in, and the seconds until it ends.
    pub fn window(&self, now: u64) -> (u64, u64) {
        let window = now / self.window_secs;
        (window, (window + 1) * self.window_secs - now)
    }

    /// Whether a look-up may go ahead, given the counts including it.
    pub fn check(&self, client_count: u64, total_count: u64, retry_after: u64) -> Result<(), ApiError> {
        if client_count > self.per_client || total_count > self.total {
            Err(ApiError::RateLimited { retry_after })
        } else {
            Ok(())
        }
    }
}

/// The counter key of a client: its address as Cloudflare reports it.
pub fn client_bucket(connecting_ip: Option<&str>) -> String {
    format!("client:{}", connecting_ip.map(str::trim).filter(|s| !s.is_empty()).unwrap_or("unknown"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_and_limits() {
        let limits = Limits::from_vars(Some("3"), Some("5"));
        assert_eq!(limits, Limits { per_client: 3, total: 5, window_secs: 600 });
        assert_eq!(Limits::from_vars(Some("0"), Some("x")), Limits::default());
        assert_eq!(limits.window(1_200), (2, 600));
        assert_eq!(limits.window(1_799), (2, 1));
        let cases = [(1, 1, true), (3, 3, true), (4, 4, false), (1, 6, false)];
        for (client, total, ok) in cases {
            let got = limits.check(client, total, 60);
            assert_eq!(got.is_ok(), ok, "{client}/{total}");
            if let Err(e) = got {
                assert_eq!((e.status(), e.code()), (429, "rate_limited"));
            }
        }
        assert_eq!(client_bucket(Some(" 192.0.2.1 ")), "client:192.0.2.1");
        assert_eq!(client_bucket(None), "client:unknown");
    }
}
