//! The policy the worker was built with (embedded by `build.rs`).

use sealdrop_shared::key::RecipientKey;
use sealdrop_shared::policy::DeployedPolicy;

use crate::error::ApiError;

const POLICY_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/policy.json"));

/// The public policy plus the submission limit derived from it.
#[derive(serde::Serialize)]
struct Served<'a> {
    #[serde(flatten)]
    policy: &'a sealdrop_shared::policy::PublicPolicy,
    max_body_bytes: u64,
}

/// The deployed policy and its parsed key.
#[derive(Debug, Clone)]
pub struct Config {
    /// The policy.
    pub policy: DeployedPolicy,
    /// The organisation key.
    pub key: RecipientKey,
    /// Every key a report may be addressed to: the organisation key first, then staff keys.
    pub recipients: Vec<RecipientKey>,
    /// The public policy as JSON, served at `GET /api/v1/policy`.
    pub public_json: String,
}

impl Config {
    /// The embedded policy, parsed (keys included) once per isolate, not once per request.
    pub fn load() -> Result<&'static Self, ApiError> {
        static CONFIG: std::sync::OnceLock<Result<Config, ApiError>> = std::sync::OnceLock::new();
        CONFIG.get_or_init(|| Self::from_json(POLICY_JSON)).as_ref().map_err(Clone::clone)
    }

    /// Parses a deployed policy.
    pub fn from_json(json: &str) -> Result<Self, ApiError> {
        if json.trim().is_empty() {
            return Err(ApiError::PolicyMissing);
        }
        let policy =
            DeployedPolicy::from_json(json).map_err(|e| ApiError::Internal(format!("embedded policy: {e}")))?;
        // Validity is checked when a message arrives (`recipients()` at that time), not here: a key
        // that expires after the deployment refuses new reports but leaves staff their API.
        let recipients =
            policy.public.recipient_keys_lasting().map_err(|e| ApiError::Internal(format!("embedded key: {e}")))?;
        let key = recipients.first().cloned().ok_or_else(|| ApiError::Internal("embedded policy has no key".into()))?;
        let served = Served { policy: &policy.public, max_body_bytes: policy.public.max_body_bytes() };
        let public_json = serde_json::to_string(&served).map_err(|e| ApiError::Internal(e.to_string()))?;
        Ok(Self { policy, key, recipients, public_json })
    }
}
