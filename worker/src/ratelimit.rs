//! Rate limits, in two places behind the one check in `routes/access.rs`:
//!
//! | window | what | counted by |
//! | --- | --- | --- |
//! | 60 s | the flood gate: [`FLOOD`] requests per client per budget | Cloudflare's Rate Limiting binding `FLOOD` (`wrangler dev` simulates it) |
//! | 10 min | receipt look-ups: per client and overall ([`Limits`]) | D1 counters (`store/followup.rs`) |
//! | 10 min | submissions per client ([`Quota`]) | D1 counters |
//! | 10 min | wrong staff tokens per client | D1 counters |
//!
//! The binding can only express 10 and 60 s windows and is approximate (per location,
//! eventually consistent): it stops a flood before it costs a D1 write. The D1 counters are
//! exact; the per-client limit is checked first and only admitted requests are counted, so one
//! client that floods is refused without using up everybody's budget. Clients are their address,
//! IPv6 by its /64 (one subscriber's whole prefix). The arithmetic is pure and tested natively.

use sealdrop_shared::api::{Endpoint, Limit};

/// The flood gate's declaration; `wrangler.toml`'s `[[ratelimits]]` entry must say the same (a
/// test checks it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gate {
    /// The binding's name.
    pub binding: &'static str,
    /// Requests per client per budget per window.
    pub limit: u64,
    /// The window, in seconds (the binding allows 10 or 60).
    pub period_secs: u64,
}

/// 120 budgeted requests per client per minute, for each budget: far above what a person
/// sends, low enough that a script is stopped within the minute.
pub const FLOOD: Gate = Gate { binding: "FLOOD", limit: 120, period_secs: 60 };

impl Gate {
    /// What `Retry-After` says: the binding tells nothing about its windows, so the whole period.
    pub fn retry_after(&self) -> u64 {
        self.period_secs
    }
}

/// What a proof of work is bound to when a request spends it. Only submissions honour an
/// `Idempotency-Key` (the key, already checked by `submit::idempotency_key`): bound to the
/// endpoint and that key, so only a retry of the same submission may use it again. Anything else
/// is bound to `random`, fresh for each request: the solution is good for exactly one.
pub fn pow_binding(endpoint: &Endpoint, idempotency_key: Option<&str>, random: [u8; 16]) -> String {
    match (endpoint.limit, idempotency_key) {
        (Limit::Report, Some(key)) => format!("{} {}:key:{key}", endpoint.method, endpoint.path),
        _ => format!("once:{}", hex::encode(random)),
    }
}

/// The flood gate's key: the budget and the client.
pub fn flood_key(limit: Limit, connecting_ip: Option<&str>) -> String {
    let budget = match limit {
        Limit::Unlimited => "none",
        Limit::Receipt => "receipt",
        Limit::Report => "report",
        Limit::Upload => "upload",
    };
    client_bucket(&format!("flood-{budget}"), connecting_ip)
}

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
    fn the_flood_gate_is_declared_as_wrangler_toml_binds_it() {
        let toml_text = include_str!("../../wrangler.toml");
        let config: toml::Value = toml::from_str(toml_text).expect("wrangler.toml");
        let gates = config["ratelimits"].as_array().expect("[[ratelimits]]");
        let gate = gates.iter().find(|g| g["name"].as_str() == Some(FLOOD.binding)).expect("the FLOOD binding");
        assert_eq!(gate["simple"]["limit"].as_integer(), Some(FLOOD.limit as i64));
        assert_eq!(gate["simple"]["period"].as_integer(), Some(FLOOD.period_secs as i64));
        assert!([10, 60].contains(&FLOOD.period_secs), "the binding allows 10 or 60 s");
        assert_eq!(FLOOD.retry_after(), 60);
        assert_eq!(flood_key(Limit::Report, Some("2001:db8:1:2::9")), "flood-report:2001:db8:1:2::/64");
        assert_ne!(flood_key(Limit::Receipt, Some("192.0.2.1")), flood_key(Limit::Report, Some("192.0.2.1")));
    }

    #[test]
    fn only_a_submission_retry_may_reuse_a_proof_of_work() {
        use sealdrop_shared::api::{Call, endpoint};
        let submit = <endpoint::Submit as Call>::endpoint();
        let lookup = <endpoint::FollowupLookup as Call>::endpoint();
        let answer = <endpoint::FollowupMessage as Call>::endpoint();
        // A submission with a key: the same binding for its retry, another for another key.
        assert_eq!(pow_binding(submit, Some("k1"), [1; 16]), pow_binding(submit, Some("k1"), [2; 16]));
        assert_ne!(pow_binding(submit, Some("k1"), [1; 16]), pow_binding(submit, Some("k2"), [1; 16]));
        // Without a key, or on an endpoint that has no idempotency: one request each.
        assert_ne!(pow_binding(submit, None, [1; 16]), pow_binding(submit, None, [2; 16]));
        for e in [lookup, answer] {
            assert_ne!(pow_binding(e, Some("k1"), [1; 16]), pow_binding(e, Some("k1"), [2; 16]), "{}", e.path);
            assert_ne!(pow_binding(e, Some("k1"), [1; 16]), pow_binding(submit, Some("k1"), [1; 16]), "{}", e.path);
        }
    }

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
