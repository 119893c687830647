//! `sealdrop config`: where the config file is and which settings are in effect. It works
//! without an endpoint or token (that is when it is needed most), so it runs without a
//! [`super::Context`].

use std::io::Write;
use std::path::Path;

use crate::config::{self, FileConfig, Pins};
use crate::error::CliError;

/// `sealdrop config`'s arguments (none).
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Prints the config file's path, the endpoint, whether a token is set, the pinned keys, and an
/// example file.
pub fn run(
    path: Option<&Path>,
    endpoint: Option<String>,
    token: Option<String>,
    file: FileConfig,
    pins: &Result<Pins, CliError>,
    out: &mut impl Write,
) -> Result<(), CliError> {
    match path {
        Some(p) => writeln!(out, "config file: {}{}", p.display(), if p.exists() { "" } else { " (not present)" })?,
        None => writeln!(out, "config file: none (no config directory)")?,
    }
    let key = file.key.clone();
    match config::effective(endpoint, token, file) {
        Ok(e) => {
            writeln!(out, "endpoint:    {}", e.endpoint)?;
            writeln!(out, "token:       {}", if e.token.is_some() { "set (hidden)" } else { "not set" })?;
        }
        Err(e) => writeln!(out, "endpoint:    {e}")?,
    }
    writeln!(
        out,
        "key:         {}",
        key.map_or("not set (use --key or --gpg)".to_owned(), |k| k.display().to_string())
    )?;
    match pins {
        Ok(pins) if pins.is_empty() => writeln!(out, "pins:        none (run `sealdrop pin`)")?,
        Ok(pins) => {
            writeln!(out, "pins:        {} key(s), {}", pins.keys.len(), pins.describe_source())?;
            for key in &pins.keys {
                writeln!(out, "             {}", key.grouped())?;
            }
        }
        Err(e) => writeln!(out, "pins:        {e}")?,
    }
    writeln!(
        out,
        "\nExample config.toml (chmod 600 it: it holds the token):\n  endpoint = \"https://reports.example.com\"\n  token = \"…\"\n  key = \"/home/you/keys/security.sec.asc\"\n  pins = [\"…\"]  # written by `sealdrop pin`"
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_what_is_in_effect_and_never_the_token() {
        let file = FileConfig { token: Some("secret".into()), ..FileConfig::default() };
        let pins = config::pins(Some("2F3BFE87190BF731CEEDB7510EB8E01841EC1D06"), None);
        let mut out = Vec::new();
        run(
            Some(Path::new("/nonexistent/config.toml")),
            Some("https://r.example/".into()),
            None,
            file,
            &pins,
            &mut out,
        )
        .expect("runs");
        let text = String::from_utf8(out).expect("utf-8");
        assert!(text.starts_with("config file: /nonexistent/config.toml (not present)\n"), "{text}");
        assert!(text.contains("endpoint:    https://r.example\n"), "{text}");
        assert!(text.contains("token:       set (hidden)\n") && !text.contains("secret"), "{text}");
        assert!(text.contains("key:         not set (use --key or --gpg)\n"), "{text}");
        assert!(
            text.contains("pins:        1 key(s), from SEALDROP_PINS\n             2F3B FE87 190B F731 CEED B751 0EB8 E018 41EC 1D06\n"),
            "{text}"
        );
    }
}
