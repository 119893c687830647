//! Where the CLI finds its endpoint and token: the `--endpoint` / `--token` flags, then the
//! `SEALDROP_ENDPOINT` / `SEALDROP_TOKEN` variables (clap reads both), then the config file
//! `sealdrop/config.toml` in the user's config directory (e.g. `~/.config/sealdrop/config.toml`).

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::CliError;

/// The config file's settings (all optional).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    /// The worker's origin, e.g. `https://reports.example.com`.
    pub endpoint: Option<String>,
    /// The staff bearer token.
    pub token: Option<String>,
    /// Default armored secret key for `show` (otherwise `--key` or `--gpg`).
    pub key: Option<PathBuf>,
}

/// The default config file path.
pub fn default_path() -> Option<PathBuf> {
    dirs::config_dir().map(|d| d.join("sealdrop").join("config.toml"))
}

/// Reads the config file; a missing file is an empty config.
pub fn read(path: &Path) -> Result<FileConfig, CliError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(FileConfig::default()),
        Err(e) => return Err(CliError::file(path)(e)),
    };
    let config: FileConfig =
        toml::from_str(&text).map_err(|e| CliError::Config(format!("{}: {}", path.display(), e.message())))?;
    if config.token.is_some() && readable_by_others(path) {
        eprintln!(
            "sealdrop: warning: {} holds a token and is readable by other users; run `chmod 600 {}`",
            path.display(),
            path.display()
        );
    }
    Ok(config)
}

#[cfg(unix)]
fn readable_by_others(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o077 != 0)
}

#[cfg(not(unix))]
fn readable_by_others(_path: &Path) -> bool {
    false
}

/// The endpoint and token in effect.
#[derive(Debug, Clone)]
pub struct Effective {
    /// Origin without a trailing slash.
    pub endpoint: String,
    /// Bearer token, if any (public commands work without).
    pub token: Option<String>,
    /// Default secret key file.
    pub key: Option<PathBuf>,
}

/// Merges flags/variables (already merged by clap) with the file.
pub fn effective(endpoint: Option<String>, token: Option<String>, file: FileConfig) -> Result<Effective, CliError> {
    let endpoint = endpoint.or(file.endpoint).filter(|e| !e.trim().is_empty()).ok_or_else(|| {
        CliError::Config(
            "no endpoint: pass --endpoint URL, set SEALDROP_ENDPOINT, or put `endpoint = \"https://…\"` in the config file (see `sealdrop config`)"
                .into(),
        )
    })?;
    let endpoint = endpoint.trim().trim_end_matches('/').to_owned();
    let parsed = url_scheme(&endpoint);
    if parsed != Some("https") && parsed != Some("http") {
        return Err(CliError::Config(format!("endpoint `{endpoint}` is not an http(s):// URL")));
    }
    if parsed == Some("http") && !is_loopback(&endpoint) {
        return Err(CliError::Config(format!(
            "endpoint `{endpoint}` uses plain http; only https:// is allowed except on localhost"
        )));
    }
    let token = token.or(file.token).filter(|t| !t.trim().is_empty()).map(|t| t.trim().to_owned());
    Ok(Effective { endpoint, token, key: file.key })
}

fn url_scheme(url: &str) -> Option<&str> {
    url.split_once("://").map(|(scheme, _)| scheme)
}

fn is_loopback(url: &str) -> bool {
    let rest = url.split_once("://").map_or("", |(_, r)| r);
    let host = rest.split(['/', '?']).next().unwrap_or("");
    let host =
        host.rsplit_once(':').map_or(host, |(h, port)| if port.bytes().all(|b| b.is_ascii_digit()) { h } else { host });
    matches!(host, "localhost" | "127.0.0.1" | "[::1]")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints() {
        let cases: &[(&str, Result<&str, &str>)] = &[
            ("https://reports.example.com/", Ok("https://reports.example.com")),
            ("http://127.0.0.1:8787", Ok("http://127.0.0.1:8787")),
            ("http://localhost:8787/", Ok("http://localhost:8787")),
            ("http://reports.example.com", Err("plain http")),
            ("reports.example.com", Err("not an http(s)")),
            ("", Err("no endpoint")),
        ];
        for (input, expected) in cases {
            let got = effective(Some((*input).to_owned()), None, FileConfig::default())
                .map(|e| e.endpoint)
                .map_err(|e| e.to_string());
            match (got, expected) {
                (Ok(g), Ok(e)) => assert_eq!(&g, e),
                (Err(g), Err(e)) => assert!(g.contains(e), "{input}: `{g}` lacks `{e}`"),
                (g, e) => panic!("{input}: got {g:?}, expected {e:?}"),
            }
        }
    }

    #[test]
    fn flags_win_over_the_file() {
        let file =
            FileConfig { endpoint: Some("https://file.example".into()), token: Some("file-token".into()), key: None };
        let e = effective(Some("https://flag.example".into()), None, file.clone()).expect("effective");
        assert_eq!((e.endpoint.as_str(), e.token.as_deref()), ("https://flag.example", Some("file-token")));
        let e = effective(None, Some("flag-token".into()), file).expect("effective");
        assert_eq!((e.endpoint.as_str(), e.token.as_deref()), ("https://file.example", Some("flag-token")));
    }

    #[test]
    fn config_file_errors_name_the_file() {
        let dir = std::env::temp_dir().join(format!("sealdrop-cli-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let path = dir.join("config.toml");
        std::fs::write(&path, "endpoint = 1\n").expect("write");
        let err = read(&path).expect_err("bad type").to_string();
        assert!(err.contains("config.toml"), "{err}");
        std::fs::write(&path, "endpoint = \"https://x.example\"\nunknown = 1\n").expect("write");
        assert!(read(&path).is_err(), "unknown settings are refused");
        assert!(read(&dir.join("missing.toml")).is_ok_and(|c| c.endpoint.is_none()));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
