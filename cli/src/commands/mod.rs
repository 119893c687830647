//! One module per subcommand, each with its clap arguments (`Args`) and its `run`. What several
//! commands share is here: the [`Context`] they run in, the case id parsed at the edge
//! ([`case_id`]), pretty JSON and the file names `show` writes.

pub mod ack;
pub mod config;
pub mod credit;
pub mod export;
pub mod list;
pub mod log;
pub mod pin;
pub mod reply;
pub mod reward;
pub mod show;
pub mod status;

use std::path::{Path, PathBuf};

use sealdrop_shared::id::CaseId;

use crate::client::Client;
use crate::config::Pins;
use crate::error::CliError;

/// What a command that talks to the worker runs with.
#[derive(Debug)]
pub struct Context {
    /// The worker.
    pub client: Client,
    /// The config file's secret key, used when neither `--key` nor `--gpg` is given.
    pub default_key: Option<PathBuf>,
    /// The pinned organisation and staff keys (`SEALDROP_PINS` or the config file).
    pub pins: Pins,
}

/// A case id as the worker issues it (a ULID; lower case and surrounding blanks are forgiven), so
/// a typo fails here, before anything is sent, with a clear message. clap's `value_parser` for
/// every `ID` argument.
pub fn case_id(text: &str) -> Result<CaseId, CliError> {
    let id = text.trim().to_ascii_uppercase();
    id.parse().map_err(|_| {
        CliError::Usage(format!("`{id}` is not a case id (26 characters, e.g. 01KAY8R5S7X0V3M2QJ4N6T8W9Z)"))
    })
}

/// `value` as indented JSON.
pub fn pretty<T: serde::Serialize>(value: &T) -> Result<String, CliError> {
    serde_json::to_string_pretty(value).map_err(|e| CliError::Output(std::io::Error::other(e)))
}

/// A file name that stays inside the output folder: no separators, no leading dots, no control
/// characters, not one of the files `show` writes itself.
pub fn safe_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base.chars().map(|c| if c.is_control() || c == ':' { '_' } else { c }).collect();
    let cleaned = cleaned.trim_start_matches('.').trim();
    let cleaned: String = cleaned.chars().take(150).collect();
    match cleaned.as_str() {
        "" => "attachment".to_owned(),
        "report.txt" | "report.json" => format!("attachment-{cleaned}"),
        _ => cleaned,
    }
}

/// `dir/name`, or `dir/2-name`, `dir/3-name`, … if that exists already.
pub fn unique_path(dir: &Path, name: &str) -> PathBuf {
    let first = dir.join(name);
    if !first.exists() {
        return first;
    }
    (2..).map(|n| dir.join(format!("{n}-{name}"))).find(|p| !p.exists()).unwrap_or(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attachment_names_stay_in_the_folder() {
        let cases = [
            ("poc.html", "poc.html"),
            ("../../.bashrc", "bashrc"),
            ("C:\\Users\\x\\evil.exe", "evil.exe"),
            ("..", "attachment"),
            ("", "attachment"),
            ("a\u{0}b\nc", "a_b_c"),
            ("report.txt", "attachment-report.txt"),
        ];
        for (input, expected) in cases {
            assert_eq!(safe_file_name(input), expected, "{input:?}");
        }
    }

    #[test]
    fn case_ids() {
        let cases: &[(&str, Result<&str, &str>)] = &[
            ("01KAY8R5S7X0V3M2QJ4N6T8W9Z", Ok("01KAY8R5S7X0V3M2QJ4N6T8W9Z")),
            (" 01kay8r5s7x0v3m2qj4n6t8w9z\n", Ok("01KAY8R5S7X0V3M2QJ4N6T8W9Z")),
            ("42", Err("`42` is not a case id (26 characters, e.g. 01KAY8R5S7X0V3M2QJ4N6T8W9Z)")),
            ("../../etc/passwd", Err("`../../ETC/PASSWD` is not a case id")),
            ("", Err("`` is not a case id")),
        ];
        for (input, expected) in cases {
            match (case_id(input), expected) {
                (Ok(id), Ok(want)) => assert_eq!(id.as_str(), *want, "{input:?}"),
                (Err(CliError::Usage(message)), Err(want)) => {
                    assert!(message.starts_with(want), "{input:?}: {message}")
                }
                (got, want) => panic!("{input:?}: got {got:?}, expected {want:?}"),
            }
        }
    }
}
