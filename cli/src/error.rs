//! The CLI's one error type. Each error is one line for the user and maps to a documented exit
//! code (see [`EXIT_CODES`]).

use std::path::PathBuf;

/// The exit codes, as `--help` documents them.
pub const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  a local file could not be read or written
  2  wrong usage (unknown command, missing or malformed argument)
  3  configuration missing or invalid (endpoint, token, config file)
  4  the endpoint could not be reached
  5  the server refused the request (e.g. bad token, unknown id, invalid change)
  6  the server failed (5xx)
  7  decryption failed (wrong key, wrong passphrase, gpg failed)
  8  the decrypted report breaks the policy's rules (shown anyway, flagged)
  9  a served key is not pinned, nothing is pinned, or pinning was not confirmed: nothing was
     encrypted or written (see `sealdrop pin`)";

/// Everything the CLI can fail with.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// A local file.
    #[error("{path}: {source}")]
    File {
        /// Which file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// Writing to the terminal failed.
    #[error("output: {0}")]
    Output(#[from] std::io::Error),
    /// Arguments that clap could not check.
    #[error("{0}")]
    Usage(String),
    /// No endpoint or token, or a broken config file.
    #[error("{0}")]
    Config(String),
    /// Network, DNS, TLS.
    #[error("cannot reach {endpoint}: {detail}")]
    Unreachable {
        /// The endpoint.
        endpoint: String,
        /// What failed.
        detail: String,
    },
    /// A 4xx answer with the server's stable code and message.
    #[error("{message} ({code}, HTTP {status})")]
    Refused {
        /// HTTP status.
        status: u16,
        /// Stable code.
        code: String,
        /// The server's message.
        message: String,
    },
    /// A 5xx answer, or an answer that is not what the API promises.
    #[error("the server failed: {0}")]
    Server(String),
    /// Decryption.
    #[error("cannot decrypt: {0}")]
    Decrypt(String),
    /// The decrypted report breaks the policy's field rules.
    #[error("the report did not pass the checks ({0} problem(s), shown above); it may come from a modified client")]
    InvalidReport(usize),
    /// A key the server serves is not pinned (or nothing is pinned, or the user did not confirm
    /// first-use pinning): nothing is encrypted to it.
    #[error("{0}")]
    Untrusted(String),
}

impl CliError {
    /// The process exit code.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::File { .. } | CliError::Output(_) => 1,
            CliError::Usage(_) => 2,
            CliError::Config(_) => 3,
            CliError::Unreachable { .. } => 4,
            CliError::Refused { .. } => 5,
            CliError::Server(_) => 6,
            CliError::Decrypt(_) => 7,
            CliError::InvalidReport(_) => 8,
            CliError::Untrusted(_) => 9,
        }
    }

    /// A file error for `path`.
    pub fn file(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> CliError {
        let path = path.into();
        move |source| CliError::File { path, source }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_exit_code_is_documented() {
        let errors = [
            CliError::File { path: "x".into(), source: std::io::Error::other("x") },
            CliError::Usage(String::new()),
            CliError::Config(String::new()),
            CliError::Unreachable { endpoint: String::new(), detail: String::new() },
            CliError::Refused { status: 401, code: String::new(), message: String::new() },
            CliError::Server(String::new()),
            CliError::Decrypt(String::new()),
            CliError::InvalidReport(1),
            CliError::Untrusted(String::new()),
        ];
        for e in errors {
            let code = e.exit_code();
            assert!(EXIT_CODES.contains(&format!("\n  {code}  ")), "exit code {code} of {e:?} is documented");
        }
    }
}
