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
}

/// Maps method and path to a route, or the precise error (404 or 405).
pub fn route(method: &str, path: &str) -> Result<Route, ApiError> {
    let segments: Vec<&str> = path.trim_end_matches('/').split('/').skip(1).collect();
    let (route, allowed) = match segments.as_slice() {
        ["api", "v1", "policy"] => (Route::Policy, "GET"),
        ["api", "v1", "reports"] => (Route::Submit, "POST"),
        ["api", "v1", "staff", "reports"] => (Route::StaffList, "GET"),
        ["api", "v1", "staff", "reports", id] => (Route::StaffGet((*id).to_owned()), "GET"),
        _ => return Err(ApiError::NotFound),
    };
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
        ];
        for (method, path, expected) in cases {
            let got = route(method, path).map_err(|e| e.code());
            assert_eq!(&got, expected, "{method} {path}");
        }
    }
}
