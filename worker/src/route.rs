//! The one route table. Pure: tested natively.

use crate::error::ApiError;

/// What a request is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// `GET /api/v1/policy`
    Policy,
    /// `POST /api/v1/reports`
    Submit,
    /// `GET /api/v1/staff/reports`
    StaffList,
    /// `GET /api/v1/staff/reports/{id}`
    StaffGet(String),
    /// `PUT /api/v1/staff/reports/{id}/credit`
    StaffCredit(String),
    /// `GET /api/v1/staff/reports/{id}/record`
    StaffRecord(String),
    /// `GET /api/v1/staff/reports/{id}/log`
    StaffLog(String),
    /// `POST /api/v1/staff/reports/{id}/status`
    StaffStatus(String),
    /// `PUT /api/v1/staff/reports/{id}/reward`
    StaffReward(String),
    /// `GET /api/v1/staff/reports/{id}/messages`
    StaffMessages(String),
    /// `POST /api/v1/staff/reports/{id}/messages`
    StaffReply(String),
    /// `POST /api/v1/followup`
    FollowupLookup,
    /// `POST /api/v1/followup/messages`
    FollowupMessage,
    /// `OPTIONS` on a public API endpoint (CORS preflight); the methods it allows.
    Preflight(&'static str),
    /// `GET /.well-known/security.txt` (RFC 9116)
    SecurityTxt,
    /// `GET /.well-known/openpgpkey/hu/{hash}` (WKD, direct method)
    WkdKey(String),
    /// `GET /.well-known/openpgpkey/policy`
    WkdPolicy,
    /// `GET /policy/`
    PolicyPage,
    /// `GET /policy/key.asc`
    PolicyKey,
    /// `GET /hall-of-fame/`
    HallOfFame,
    /// `GET /hall-of-fame/feed.json`
    HallOfFameFeed,
}

impl Route {
    /// Whether pages embedding the widget may call it cross-origin (CORS).
    pub fn is_public_api(&self) -> bool {
        matches!(
            self,
            Route::Policy
                | Route::Submit
                | Route::HallOfFameFeed
                | Route::FollowupLookup
                | Route::FollowupMessage
                | Route::Preflight(_)
        )
    }
}

/// Maps method and path to a route, or the precise error (404 or 405).
pub fn route(method: &str, path: &str) -> Result<Route, ApiError> {
    let segments: Vec<&str> = path.trim_end_matches('/').split('/').skip(1).collect();
    let (route, allowed) = match segments.as_slice() {
        ["api", "v1", "policy"] => (Route::Policy, "GET"),
        ["api", "v1", "reports"] => (Route::Submit, "POST"),
        ["api", "v1", "staff", "reports"] => (Route::StaffList, "GET"),
        ["api", "v1", "staff", "reports", id] => (Route::StaffGet((*id).to_owned()), "GET"),
        ["api", "v1", "staff", "reports", id, "credit"] => (Route::StaffCredit((*id).to_owned()), "PUT"),
        ["api", "v1", "staff", "reports", id, "record"] => (Route::StaffRecord((*id).to_owned()), "GET"),
        ["api", "v1", "staff", "reports", id, "log"] => (Route::StaffLog((*id).to_owned()), "GET"),
        ["api", "v1", "staff", "reports", id, "status"] => (Route::StaffStatus((*id).to_owned()), "POST"),
        ["api", "v1", "staff", "reports", id, "reward"] => (Route::StaffReward((*id).to_owned()), "PUT"),
        ["api", "v1", "staff", "reports", id, "messages"] => {
            let id = (*id).to_owned();
            return match method {
                "GET" | "HEAD" => Ok(Route::StaffMessages(id)),
                "POST" => Ok(Route::StaffReply(id)),
                _ => Err(ApiError::MethodNotAllowed { allowed: "GET, POST" }),
            };
        }
        ["api", "v1", "followup"] => (Route::FollowupLookup, "POST"),
        ["api", "v1", "followup", "messages"] => (Route::FollowupMessage, "POST"),
        [".well-known", "security.txt"] => (Route::SecurityTxt, "GET"),
        [".well-known", "openpgpkey", "hu", hash] => (Route::WkdKey((*hash).to_owned()), "GET"),
        [".well-known", "openpgpkey", "policy"] => (Route::WkdPolicy, "GET"),
        ["policy"] => (Route::PolicyPage, "GET"),
        ["policy", "key.asc"] => (Route::PolicyKey, "GET"),
        ["hall-of-fame"] => (Route::HallOfFame, "GET"),
        ["hall-of-fame", "feed.json"] => (Route::HallOfFameFeed, "GET"),
        _ => return Err(ApiError::NotFound),
    };
    if method == "OPTIONS" && route.is_public_api() {
        return Ok(Route::Preflight(allowed));
    }
    let method_ok = method == allowed || (allowed == "GET" && method == "HEAD");
    if method_ok { Ok(route) } else { Err(ApiError::MethodNotAllowed { allowed }) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let cases: &[(&str, &str, Result<Route, &str>)] = &[
            ("GET", "/api/v1/policy", Ok(Route::Policy)),
            ("GET", "/api/v1/policy/", Ok(Route::Policy)),
            ("POST", "/api/v1/policy", Err("method_not_allowed")),
            ("POST", "/api/v1/reports", Ok(Route::Submit)),
            ("GET", "/api/v1/reports", Err("method_not_allowed")),
            ("GET", "/api/v1/staff/reports", Ok(Route::StaffList)),
            ("GET", "/api/v1/staff/reports/01ABC", Ok(Route::StaffGet("01ABC".into()))),
            ("DELETE", "/api/v1/staff/reports/01ABC", Err("method_not_allowed")),
            ("GET", "/api/v1/staff/reports/a/b", Err("not_found")),
            ("GET", "/api/v2/policy", Err("not_found")),
            ("GET", "/api", Err("not_found")),
            ("PUT", "/api/v1/staff/reports/01ABC/credit", Ok(Route::StaffCredit("01ABC".into()))),
            ("GET", "/api/v1/staff/reports/01ABC/credit", Err("method_not_allowed")),
            ("GET", "/api/v1/staff/reports/01ABC/record", Ok(Route::StaffRecord("01ABC".into()))),
            ("GET", "/api/v1/staff/reports/01ABC/log", Ok(Route::StaffLog("01ABC".into()))),
            ("POST", "/api/v1/staff/reports/01ABC/status", Ok(Route::StaffStatus("01ABC".into()))),
            ("PUT", "/api/v1/staff/reports/01ABC/status", Err("method_not_allowed")),
            ("PUT", "/api/v1/staff/reports/01ABC/reward", Ok(Route::StaffReward("01ABC".into()))),
            ("OPTIONS", "/api/v1/staff/reports/01ABC/status", Err("method_not_allowed")),
            ("GET", "/api/v1/staff/reports/01ABC/messages", Ok(Route::StaffMessages("01ABC".into()))),
            ("POST", "/api/v1/staff/reports/01ABC/messages", Ok(Route::StaffReply("01ABC".into()))),
            ("PUT", "/api/v1/staff/reports/01ABC/messages", Err("method_not_allowed")),
            ("OPTIONS", "/api/v1/staff/reports/01ABC/messages", Err("method_not_allowed")),
            ("POST", "/api/v1/followup", Ok(Route::FollowupLookup)),
            ("GET", "/api/v1/followup", Err("method_not_allowed")),
            ("POST", "/api/v1/followup/messages", Ok(Route::FollowupMessage)),
            ("OPTIONS", "/api/v1/followup", Ok(Route::Preflight("POST"))),
            ("OPTIONS", "/api/v1/reports", Ok(Route::Preflight("POST"))),
            ("OPTIONS", "/api/v1/policy", Ok(Route::Preflight("GET"))),
            ("OPTIONS", "/api/v1/staff/reports", Err("method_not_allowed")),
            ("GET", "/.well-known/security.txt", Ok(Route::SecurityTxt)),
            ("GET", "/.well-known/openpgpkey/hu/abc", Ok(Route::WkdKey("abc".into()))),
            ("GET", "/.well-known/openpgpkey/policy", Ok(Route::WkdPolicy)),
            ("GET", "/.well-known/other", Err("not_found")),
            ("GET", "/policy", Ok(Route::PolicyPage)),
            ("GET", "/policy/", Ok(Route::PolicyPage)),
            ("HEAD", "/policy/key.asc", Ok(Route::PolicyKey)),
            ("GET", "/hall-of-fame/", Ok(Route::HallOfFame)),
            ("GET", "/hall-of-fame/feed.json", Ok(Route::HallOfFameFeed)),
            ("POST", "/hall-of-fame/", Err("method_not_allowed")),
        ];
        for (method, path, expected) in cases {
            let got = route(method, path).map_err(|e| e.code());
            assert_eq!(&got, expected, "{method} {path}");
        }
    }
}
