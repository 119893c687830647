//! Rate limits: fixed windows of D1 counters (`store/followup.rs`). Receipt look-ups have a
//! per-client and an overall limit; submissions a per-client quota. The per-client limit is
//! checked first and only admitted requests are counted, so one client that floods is refused
//! without using up everybody's budget. Clients are their address, IPv6 by its /64 (one
//! subscriber's whole prefix). The arithmetic is pure and tested natively.
//!
//! Not yet: Cloudflare's Rate Limiting binding for the short windows it can express (10 or 60 s);
//! everything here uses the D1 counters, locally and deployed.

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

/// The submission quota: reports one client may send per window (`REPORT_LIMIT_PER_CLIENT`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quota {
    /// Reports one client may send per window.
    pub per_client: u64,
    /// Window length in seconds.
    pub window_secs: u64,
}

impl Quota {
    /// 30 reports per client per 10 minutes, or `REPORT_LIMIT_PER_CLIENT` when it holds a positive
    /// number.
    pub fn from_var(per_client: Option<&str>) -> Self {
        let n = per_client.and_then(|s| s.trim().parse::<u64>().ok()).filter(|n| *n > 0);
        Self { per_client: n.unwrap_or(30), window_secs: 600 }
    }

    /// Wrong staff tokens one client may send per 10 minutes before all its staff requests are
    /// refused for the rest of the window.
    pub fn staff_auth_failures() -> Self {
        Self { per_client: 50, window_secs: 600 }
    }

    /// The window `now` falls in and the seconds until it ends.
    pub fn window(&self, now: u64) -> (u64, u64) {
        let window = now / self.window_secs;
        (window, (window + 1) * self.window_secs - now)
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
}

/// The counter key of a client: its address as Cloudflare reports it (`CF-Connecting-IP`), an
/// IPv6 address by its /64, since one subscriber gets a whole /64 and could rotate through it.
pub fn client_bucket(prefix: &str, connecting_ip: Option<&str>) -> String {
    let ip = connecting_ip.map(str::trim).filter(|s| !s.is_empty());
    let client = match ip.map(str::parse::<std::net::IpAddr>) {
        Some(Ok(std::net::IpAddr::V6(v6))) => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
        Some(Ok(std::net::IpAddr::V4(v4))) => v4.to_string(),
        Some(Err(_)) | None => "unknown".to_owned(),
    };
    format!("{prefix}:{client}")
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
        assert_eq!(Quota::from_var(Some("5")), Quota { per_client: 5, window_secs: 600 });
        assert_eq!(Quota::from_var(None).per_client, 30);
        let cases: &[(Option<&str>, &str)] = &[
            (Some(" 192.0.2.1 "), "client:192.0.2.1"),
            (None, "client:unknown"),
            (Some("not an address"), "client:unknown"),
            // One /64, however the host part varies.
            (Some("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), "client:2001:db8:1:2::/64"),
            (Some("2001:db8:1:2::1"), "client:2001:db8:1:2::/64"),
            (Some("2001:db8:1:3::1"), "client:2001:db8:1:3::/64"),
        ];
        for (ip, bucket) in cases {
            assert_eq!(client_bucket("client", *ip), *bucket, "{ip:?}");
        }
    }
}
