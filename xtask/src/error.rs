use std::path::PathBuf;

/// Everything that can stop an xtask command.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Wrong command line.
    #[error("{0}")]
    Usage(String),
    /// File system or process spawning.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The policy or its key is invalid.
    #[error("policy {path}: {source}")]
    Policy {
        /// The policy file.
        path: PathBuf,
        /// What is wrong.
        source: sealdrop_shared::Error,
    },
    /// A child command failed.
    #[error("`{command}` failed ({status})")]
    Command {
        /// The command line.
        command: String,
        /// Its exit status.
        status: std::process::ExitStatus,
    },
    /// A required tool is missing and cannot be installed.
    #[error("{0}")]
    Tool(String),
    /// The local stack did not come up.
    #[error("{0}")]
    Stack(String),
    /// `cargo xtask load` could not run, or what the stack stored does not reconcile.
    #[error("load test: {0}")]
    Load(String),
    /// Deploy refused.
    #[error("refusing to deploy: {0}")]
    Refused(String),
    /// JSON encoding.
    #[error(transparent)]
    Json(#[from] serde_json::Error),
}
