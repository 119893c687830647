//! Where the CLI finds its endpoint and token: the `--endpoint` / `--token` flags, then the
//! `SEALDROP_ENDPOINT` / `SEALDROP_TOKEN` variables (clap reads both), then the config file
//! `sealdrop/config.toml` in the user's config directory (e.g. `~/.config/sealdrop/config.toml`).
//! The pinned keys likewise: `SEALDROP_PINS`, then the file's `pins` (which `sealdrop pin` writes).

use std::path::{Path, PathBuf};

use sealdrop_shared::key::{Fingerprint, PinMismatch, parse_pins};
use serde::{Deserialize, Serialize};

use crate::error::CliError;

/// The environment variable that pins keys (comma-separated fingerprints); it wins over the file.
pub const PINS_VARIABLE: &str = "SEALDROP_PINS";

/// The config file's settings (all optional).
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    /// The worker's origin, e.g. `https://reports.example.com`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    /// The staff bearer token.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    /// Default armored secret key for `show` (otherwise `--key` or `--gpg`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<PathBuf>,
    /// The organisation and staff keys replies may be encrypted to (`sealdrop pin` writes them).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pins: Option<Vec<Fingerprint>>,
}

/// Where the pins in effect come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinSource {
    /// `SEALDROP_PINS`.
    Environment,
    /// The config file's `pins`.
    File,
    /// Nowhere: nothing is pinned.
    Unset,
}

/// The pinned keys in effect: the organisation key and staff keys this user trusts, by
/// fingerprint. Every command that encrypts refuses a served key that is not among them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pins {
    /// The fingerprints, without duplicates, in the order given.
    pub keys: Vec<Fingerprint>,
    /// Where they come from.
    pub source: PinSource,
}

impl Pins {
    /// No pins.
    #[cfg(test)]
    pub fn none() -> Self {
        Self { keys: Vec::new(), source: PinSource::Unset }
    }

    /// Whether nothing is pinned.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Whether `fingerprint` is pinned.
    pub fn contains(&self, fingerprint: &Fingerprint) -> bool {
        self.keys.contains(fingerprint)
    }

    /// Where the pins come from, for messages.
    pub fn describe_source(&self) -> &'static str {
        match self.source {
            PinSource::Environment => "from SEALDROP_PINS",
            PinSource::File => "from the config file",
            PinSource::Unset => "none",
        }
    }
}

/// The pins in effect: `SEALDROP_PINS` (comma-separated, as `parse_pins` reads them) when it is
/// set and not blank, else the file's `pins`. One malformed pin is an error, never dropped.
pub fn pins(variable: Option<&str>, file: Option<Vec<Fingerprint>>) -> Result<Pins, CliError> {
    let from_variable = match variable {
        Some(text) => parse_pins(text).map_err(|e| match e {
            PinMismatch::Malformed(pin) => CliError::Config(format!(
                "{PINS_VARIABLE}: `{}` is not a key fingerprint (40 or 64 hex digits, comma-separated)",
                pin.trim()
            )),
            other => CliError::Config(format!("{PINS_VARIABLE}: {other}")),
        })?,
        None => Vec::new(),
    };
    let (keys, source) = if !from_variable.is_empty() {
        (from_variable, PinSource::Environment)
    } else {
        match file {
            Some(keys) if !keys.is_empty() => (keys, PinSource::File),
            _ => (Vec::new(), PinSource::Unset),
        }
    };
    let mut unique: Vec<Fingerprint> = Vec::with_capacity(keys.len());
    for key in keys {
        if !unique.contains(&key) {
            unique.push(key);
        }
    }
    Ok(Pins { keys: unique, source })
}

/// The config file's text with `pins` replaced by `keys` and every other setting kept: what
/// `sealdrop pin` writes. A file that does not parse is refused rather than overwritten.
pub fn with_pins(path: &Path, text: &str, keys: &[Fingerprint]) -> Result<String, CliError> {
    let mut config: FileConfig =
        toml::from_str(text).map_err(|e| CliError::Config(format!("{}: {}", path.display(), e.message())))?;
    config.pins = Some(keys.to_vec());
    toml::to_string(&config)
        .map_err(|e| CliError::Config(format!("{}: cannot write the settings: {e}", path.display())))
}

/// Writes `keys` as the pins of the config file at `path`, keeping its other settings. A new file
/// (and its folder) is readable by its owner only; an existing file keeps its permissions. The
/// file is replaced in one rename, so an interrupted write leaves the old one.
pub fn write_pins(path: &Path, keys: &[Fingerprint]) -> Result<(), CliError> {
    let existing = match std::fs::read_to_string(path) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(CliError::file(path)(e)),
    };
    let text = with_pins(path, existing.as_deref().unwrap_or(""), keys)?;
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    if !dir.exists() {
        crate::private::create_dir(dir, false)?;
    }
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "config.toml".into());
    let temporary = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt as _;
            options.mode(0o600);
        }
        let mut file = options.open(&temporary).map_err(CliError::file(&temporary))?;
        std::io::Write::write_all(&mut file, text.as_bytes()).map_err(CliError::file(&temporary))?;
        file.sync_all().map_err(CliError::file(&temporary))?;
        drop(file);
        if existing.is_some() {
            let permissions = std::fs::metadata(path).map_err(CliError::file(path))?.permissions();
            std::fs::set_permissions(&temporary, permissions).map_err(CliError::file(&temporary))?;
        }
        std::fs::rename(&temporary, path).map_err(CliError::file(path))
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    result
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
        let file = FileConfig {
            endpoint: Some("https://file.example".into()),
            token: Some("file-token".into()),
            ..FileConfig::default()
        };
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

    const ORG: &str = "2F3BFE87190BF731CEEDB7510EB8E01841EC1D06";
    const ALICE: &str = "CFEECD7F00D723869C1F1AEA62ECE198DF83F762";

    fn fingerprints(list: &[&str]) -> Vec<Fingerprint> {
        list.iter().map(|f| f.parse().expect("fingerprint")).collect()
    }

    #[test]
    fn pins_come_from_the_variable_then_the_file() {
        let file = |list: &[&str]| Some(fingerprints(list));
        let spaced = "2f3b fe87 190b f731 ceed b751 0eb8 e018 41ec 1d06";
        // (SEALDROP_PINS, the file's pins, Ok((pins, source)) or Err(message))
        type Case<'a> = (Option<String>, Option<Vec<Fingerprint>>, Result<(Vec<&'a str>, PinSource), &'a str>);
        let cases: Vec<Case<'_>> = vec![
            (None, None, Ok((vec![], PinSource::Unset))),
            (None, file(&[]), Ok((vec![], PinSource::Unset))),
            (None, file(&[ORG, ALICE]), Ok((vec![ORG, ALICE], PinSource::File))),
            (Some(ORG.into()), file(&[ORG, ALICE]), Ok((vec![ORG], PinSource::Environment))),
            (Some(format!("{spaced}, {ALICE},")), None, Ok((vec![ORG, ALICE], PinSource::Environment))),
            (Some(format!("{ORG},{ORG}")), None, Ok((vec![ORG], PinSource::Environment))),
            (Some("".into()), file(&[ALICE]), Ok((vec![ALICE], PinSource::File))),
            (Some(" , ".into()), file(&[ALICE]), Ok((vec![ALICE], PinSource::File))),
            (Some("nope".into()), file(&[ALICE]), Err("SEALDROP_PINS: `nope` is not a key fingerprint")),
            (Some(format!("{ORG}, {ALICE}0")), None, Err("SEALDROP_PINS:")),
        ];
        for (variable, file, expected) in cases {
            let what = format!("{variable:?} {file:?}");
            match (pins(variable.as_deref(), file), expected) {
                (Ok(got), Ok((keys, source))) => {
                    assert_eq!(got, Pins { keys: fingerprints(&keys), source }, "{what}")
                }
                (Err(CliError::Config(message)), Err(needle)) => {
                    assert!(message.starts_with(needle), "{what}: {message}")
                }
                (got, expected) => panic!("{what}: got {got:?}, expected {expected:?}"),
            }
        }
    }

    #[test]
    fn the_pin_command_rewrites_only_the_pins() {
        let path = Path::new("config.toml");
        let both = fingerprints(&[ORG, ALICE]);
        let pins_line = format!("pins = [\"{ORG}\", \"{ALICE}\"]\n");
        // (the file before, what it must read as afterwards, or the error)
        let cases: Vec<(String, Result<FileConfig, &str>)> = vec![
            (String::new(), Ok(FileConfig { pins: Some(both.clone()), ..FileConfig::default() })),
            (
                "# mine\nendpoint = \"https://r.example\"\ntoken = \"t0ken\"\nkey = \"/k/sec.asc\"\n".into(),
                Ok(FileConfig {
                    endpoint: Some("https://r.example".into()),
                    token: Some("t0ken".into()),
                    key: Some("/k/sec.asc".into()),
                    pins: Some(both.clone()),
                }),
            ),
            (
                format!("pins = [\"{ALICE}\"]\nendpoint = \"https://r.example\"\n"),
                Ok(FileConfig {
                    endpoint: Some("https://r.example".into()),
                    pins: Some(both.clone()),
                    ..FileConfig::default()
                }),
            ),
            ("endpoint = 1\n".into(), Err("config.toml:")),
            ("unknown = 1\n".into(), Err("config.toml:")),
            ("pins = [\"nope\"]\n".into(), Err("config.toml:")),
        ];
        for (before, expected) in cases {
            match (with_pins(path, &before, &both), expected) {
                (Ok(after), Ok(config)) => {
                    assert_eq!(toml::from_str::<FileConfig>(&after).expect("parses"), config, "{before:?} → {after}");
                    assert!(after.ends_with(&pins_line), "{before:?} → {after}");
                }
                (Err(CliError::Config(message)), Err(needle)) => {
                    assert!(message.starts_with(needle), "{before:?}: {message}")
                }
                (got, expected) => panic!("{before:?}: got {got:?}, expected {expected:?}"),
            }
        }
    }

    #[test]
    fn a_new_config_file_is_private_and_an_existing_one_keeps_its_mode() {
        let dir = std::env::temp_dir().join(format!("sealdrop-cli-write-pins-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let path = dir.join("sealdrop").join("config.toml");
        write_pins(&path, &fingerprints(&[ORG])).expect("writes a new file");
        assert_eq!(read(&path).expect("reads").pins, Some(fingerprints(&[ORG])));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = |p: &Path| std::fs::metadata(p).expect("metadata").permissions().mode() & 0o777;
            assert_eq!(mode(&path), 0o600);
            std::fs::write(&path, "token = \"t\"\n").expect("write");
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).expect("chmod");
            write_pins(&path, &fingerprints(&[ORG, ALICE])).expect("rewrites");
            assert_eq!(mode(&path), 0o640, "an existing file keeps its mode");
        }
        let config = read(&path).expect("reads");
        assert_eq!(config.pins, Some(fingerprints(&[ORG, ALICE])));
        std::fs::write(&path, "endpoint = 1\n").expect("write");
        assert!(write_pins(&path, &fingerprints(&[ORG])).is_err(), "a broken file is not overwritten");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "endpoint = 1\n");
        let leftovers = std::fs::read_dir(path.parent().expect("dir")).expect("list").count();
        assert_eq!(leftovers, 1, "no temporary file is left behind");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
