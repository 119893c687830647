//! One module per subcommand, each with its clap arguments (`Args`) and its `run`. What several
//! commands share is here: the [`Context`] they run in, the case id parsed at the edge
//! ([`case_id`]), pretty JSON, and the one way `show` writes a file ([`write_new`]) with the
//! names it makes ([`safe_file_name`]).

pub mod ack;
pub mod assign;
pub mod config;
pub mod cra;
pub mod credit;
pub mod disclosure;
pub mod duplicate;
pub mod exploited;
pub mod export;
pub mod forward;
pub mod hold;
pub mod list;
pub mod log;
pub mod note;
pub mod pin;
pub mod reply;
pub mod reward;
pub mod show;
pub mod stats;
pub mod status;

use std::ffi::OsStr;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use sealdrop_shared::id::CaseId;

use crate::client::Client;
use crate::config::Pins;
use crate::error::CliError;
use crate::output;

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

/// Downloads case `id`'s report and decrypts it here: streamed to a private temporary file (a
/// report uploaded in parts can be gigabytes), decrypted from it, nothing of it left behind, and
/// at most what the policy's limits allow (a compressed packet cannot expand beyond it).
pub fn decrypted_report(
    cx: &Context,
    id: &CaseId,
    unlocked: &crate::decrypt::Unlocked,
    policy: &sealdrop_shared::policy::PublicPolicy,
) -> Result<Vec<u8>, CliError> {
    let temp = crate::gpg::TempDir::new()?;
    let path = temp.path("ciphertext");
    let mut file = std::fs::File::create(&path).map_err(CliError::file(&path))?;
    let get = sealdrop_shared::api::endpoint::StaffGet { id: id.clone() };
    cx.client.download(&get, &format!("downloading {id}"), &mut file)?;
    drop(file);
    let ciphertext = std::fs::read(&path).map_err(CliError::file(&path))?;
    drop(temp);
    unlocked.decrypt(&ciphertext, sealdrop_shared::envelope::plaintext_limit(policy))
}

/// `value` as indented JSON (for files: the characters are kept as they are).
pub fn pretty<T: serde::Serialize>(value: &T) -> Result<String, CliError> {
    serde_json::to_string_pretty(value).map_err(|e| CliError::Output(std::io::Error::other(e)))
}

/// `value` as indented JSON for the terminal (`list --json`, `log --json`, `export`): the same
/// JSON value as [`pretty`], but every character [`output::is_unsafe_for_terminal`] flags (DEL,
/// C1 and bidirectional controls; serde already escapes the C0 controls) is written as a `\uXXXX`
/// escape, which any JSON reader turns back into the same character.
pub fn pretty_for_terminal<T: serde::Serialize>(value: &T) -> Result<String, CliError> {
    let json = pretty(value)?;
    if !json.chars().any(output::is_unsafe_for_terminal) {
        return Ok(json);
    }
    // Outside strings JSON has only ASCII punctuation, digits and blanks, so every such
    // character is inside a string, where `\uXXXX` means the same.
    Ok(json
        .chars()
        .map(|c| if output::is_unsafe_for_terminal(c) { format!("\\u{:04x}", u32::from(c)) } else { c.to_string() })
        .collect())
}

/// The names `show` writes itself; an attachment of that name is saved as `attachment-NAME`.
const OWN_FILES: [&str; 3] = ["report.txt", "report.json", "decrypted.bin"];

/// The longest file name (in bytes) [`safe_file_name`] makes, so that a message id and a `N-`
/// prefix still fit the usual 255-byte limit.
const MAX_NAME_BYTES: usize = 200;

/// Characters Windows does not allow in a file name (`:` also opens an NTFS stream).
const WINDOWS_FORBIDDEN: [char; 7] = [':', '<', '>', '"', '|', '?', '*'];

/// Whether `name` (any case, with or without an extension, trailing blanks ignored) is a Windows
/// device name: `CON`, `PRN`, `AUX`, `NUL`, `COM0`–`COM9`, `LPT0`–`LPT9` (also with ¹²³).
fn is_reserved_name(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or("").trim_end().to_ascii_uppercase();
    match stem.as_str() {
        "CON" | "PRN" | "AUX" | "NUL" | "CONIN$" | "CONOUT$" => true,
        _ => {
            let mut chars = stem.chars();
            let prefix: String = chars.by_ref().take(3).collect();
            let digit: Vec<char> = chars.collect();
            (prefix == "COM" || prefix == "LPT")
                && matches!(digit.as_slice(), [d] if d.is_ascii_digit() || matches!(d, '¹' | '²' | '³'))
        }
    }
}

/// An attachment's name (the reporter's or a message's) made into a plain file name for the
/// output folder: only the part after the last `/` or `\`; control characters, bidirectional
/// controls (so `x\u{202e}txt.exe` cannot pose as `xexe.txt`) and the characters Windows forbids
/// become `_`; runs of dots become one dot; no leading dot or blank, no trailing dot or blank; at
/// most 200 bytes; a Windows device name (`CON`, `nul.txt`, `COM1`, …) or one of the files `show`
/// writes itself gets an `attachment-` prefix; nothing left is `attachment`.
pub fn safe_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let mut cleaned = String::with_capacity(base.len());
    for c in base.chars() {
        let c =
            if output::is_unsafe_for_terminal(c) || c.is_control() || WINDOWS_FORBIDDEN.contains(&c) { '_' } else { c };
        if !(c == '.' && cleaned.ends_with('.')) {
            cleaned.push(c);
        }
    }
    let trim = |s: &str| {
        s.trim_start_matches(|c: char| c == '.' || c.is_whitespace())
            .trim_end_matches(|c: char| c == '.' || c.is_whitespace())
            .to_owned()
    };
    let mut cleaned = trim(&cleaned);
    if cleaned.len() > MAX_NAME_BYTES {
        let mut end = MAX_NAME_BYTES;
        while !cleaned.is_char_boundary(end) {
            end -= 1;
        }
        cleaned = trim(&cleaned[..end]);
    }
    if cleaned.is_empty() {
        "attachment".to_owned()
    } else if is_reserved_name(&cleaned) || OWN_FILES.iter().any(|own| own.eq_ignore_ascii_case(&cleaned)) {
        format!("attachment-{cleaned}")
    } else {
        cleaned
    }
}

/// Why `name` may not be written into the output folder, if it may not.
fn refused(name: &str) -> Option<&'static str> {
    let why = if name.is_empty() {
        "no name"
    } else if name.chars().any(|c| c == '/' || c == '\\' || std::path::is_separator(c)) {
        "a path separator"
    } else if name.starts_with('.') {
        "a leading dot"
    } else if name.contains("..") {
        "`..`"
    } else if name.chars().any(char::is_control) {
        "a control character"
    } else if name.chars().any(sealdrop_shared::text::is_bidi_control) {
        "a bidirectional control character"
    } else if name.chars().any(|c| WINDOWS_FORBIDDEN.contains(&c)) {
        "a character Windows does not allow"
    } else if name.ends_with(['.', ' ']) || name.starts_with(' ') {
        "a leading or trailing blank, or a trailing dot"
    } else if is_reserved_name(name) {
        "a reserved device name"
    } else if name.len() > 255 {
        "more than 255 bytes"
    } else {
        return None;
    };
    Some(why)
}

/// Writes `bytes` to a NEW file `dir/name` (readable by its owner only on Unix) and returns its
/// path; when that name is taken, `dir/2-name`, `dir/3-name`, …. Every file `show` writes goes
/// through here. The name must be a plain file name (see [`safe_file_name`]): a separator, `..`,
/// a leading dot, a control or bidirectional character, a character Windows forbids, a trailing
/// dot or blank or a reserved device name is refused, and the joined path's parent must be `dir`
/// itself. The file is opened with `create_new`, so nothing that exists is ever overwritten and
/// a symlink planted in the folder is never followed.
pub fn write_new(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf, CliError> {
    let refuse = |why: &str| CliError::File {
        path: dir.to_path_buf(),
        source: std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("refusing to write a file named `{name}` here: it has {why}"),
        ),
    };
    for n in 1..=10_000u32 {
        let candidate = if n == 1 { name.to_owned() } else { format!("{n}-{name}") };
        if let Some(why) = refused(&candidate) {
            return Err(refuse(why));
        }
        let path = dir.join(&candidate);
        if path.parent() != Some(dir) || path.file_name() != Some(OsStr::new(&candidate)) {
            return Err(refuse("a name that is not a direct child of the folder"));
        }
        match crate::private::open_new(&path) {
            Ok(mut file) => {
                file.write_all(bytes).and_then(|()| file.sync_all()).map_err(CliError::file(&path))?;
                return Ok(path);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(CliError::file(&path)(e)),
        }
    }
    Err(CliError::file(dir.join(name))(std::io::Error::new(
        std::io::ErrorKind::AlreadyExists,
        "this name and 9999 numbered variants exist already",
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attachment_names_stay_in_the_folder() {
        let (long, umlauts) = ("a".repeat(300), "ü".repeat(150));
        let cases: Vec<(&str, String)> = vec![
            ("poc.html", "poc.html".into()),
            ("../../.bashrc", "bashrc".into()),
            ("C:\\Users\\x\\evil.exe", "evil.exe".into()),
            ("..", "attachment".into()),
            ("...", "attachment".into()),
            ("", "attachment".into()),
            ("a\u{0}b\nc", "a_b_c".into()),
            ("report.txt", "attachment-report.txt".into()),
            ("REPORT.JSON", "attachment-REPORT.JSON".into()),
            ("decrypted.bin", "attachment-decrypted.bin".into()),
            // Bidirectional controls: `poc\u{202e}lmth.exe` would show as `pocexe.html`.
            ("poc\u{202e}lmth.exe", "poc_lmth.exe".into()),
            ("../../.bashrc\u{202e}exe.txt", "bashrc_exe.txt".into()),
            ("a\u{2066}b\u{2067}c\u{2068}d\u{2069}e\u{200e}f\u{200f}g\u{61c}h\u{202a}i", "a_b_c_d_e_f_g_h_i".into()),
            // Escape sequences, C1 controls, DEL.
            ("\x1b[2Jx\u{9b}y\u{7f}.txt", "_[2Jx_y_.txt".into()),
            // Windows: device names, forbidden characters, trailing dots and blanks, streams.
            ("CON", "attachment-CON".into()),
            ("nul.txt", "attachment-nul.txt".into()),
            ("Com1.log", "attachment-Com1.log".into()),
            ("lpt9", "attachment-lpt9".into()),
            ("aux .c", "attachment-aux .c".into()),
            ("COM10", "COM10".into()),
            ("console.txt", "console.txt".into()),
            ("poc.exe. . ", "poc.exe".into()),
            ("file.txt:stream", "file.txt_stream".into()),
            ("a<b>c\"d|e?f*g", "a_b_c_d_e_f_g".into()),
            ("poc..html", "poc.html".into()),
            ("  spaced  ", "spaced".into()),
            (&long, "a".repeat(200)),
            (&umlauts, "ü".repeat(100)),
        ];
        for (input, expected) in cases {
            let name = safe_file_name(input);
            assert_eq!(name, expected, "{input:?}");
            assert_eq!(refused(&name), None, "{input:?} made {name:?}, which write_new refuses");
        }
    }

    /// A fresh empty folder for one test.
    fn folder(test: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("sealdrop-cli-{test}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        dir
    }

    #[test]
    fn write_new_refuses_every_name_that_is_not_a_plain_file_name() {
        let dir = folder("write-new-refuses");
        let long = "a".repeat(256);
        let cases: &[(&str, &str)] = &[
            ("", "no name"),
            ("../x", "a path separator"),
            ("a/b", "a path separator"),
            ("/etc/passwd", "a path separator"),
            ("..\\x", "a path separator"),
            ("..", "a leading dot"),
            (".", "a leading dot"),
            (".bashrc", "a leading dot"),
            ("a..b", "`..`"),
            ("a\u{0}b", "a control character"),
            ("a\nb", "a control character"),
            ("a\x1b[2J", "a control character"),
            ("a\u{9b}", "a control character"),
            ("a\u{7f}", "a control character"),
            ("poc\u{202e}lmth.exe", "a bidirectional control character"),
            ("a\u{2066}", "a bidirectional control character"),
            ("a\u{61c}", "a bidirectional control character"),
            ("a:b", "a character Windows does not allow"),
            ("a*", "a character Windows does not allow"),
            ("poc.", "a trailing dot"),
            ("poc ", "a trailing dot"),
            (" poc", "a leading or trailing blank"),
            ("CON", "a reserved device name"),
            ("nul.txt", "a reserved device name"),
            ("com3.log", "a reserved device name"),
            (&long, "more than 255 bytes"),
        ];
        for (name, why) in cases {
            match write_new(&dir, name, b"x") {
                Err(CliError::File { source, .. }) => {
                    let message = source.to_string();
                    assert!(message.starts_with("refusing to write a file named"), "{name:?}: {message}");
                    assert!(message.contains(why), "{name:?}: {message}");
                }
                other => panic!("{name:?}: {other:?}"),
            }
        }
        let left: Vec<_> = std::fs::read_dir(&dir).expect("read").collect();
        assert!(left.is_empty(), "nothing was written: {left:?}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn write_new_never_overwrites_and_picks_the_next_free_name() {
        let dir = folder("write-new-next");
        let first = write_new(&dir, "report.txt", b"one").expect("written");
        let second = write_new(&dir, "report.txt", b"two").expect("written");
        let third = write_new(&dir, "report.txt", b"three").expect("written");
        assert_eq!(
            (first.clone(), second.clone(), third.clone()),
            (dir.join("report.txt"), dir.join("2-report.txt"), dir.join("3-report.txt"))
        );
        for (path, bytes) in [(&first, &b"one"[..]), (&second, b"two"), (&third, b"three")] {
            assert_eq!(std::fs::read(path).expect("read"), bytes, "{}", path.display());
            assert_eq!(path.parent(), Some(dir.as_path()));
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&first).expect("metadata").permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "readable by the owner only");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_planted_in_the_folder_is_not_followed() {
        let dir = folder("write-new-symlink");
        let outside = folder("write-new-symlink-outside");
        let target = outside.join("bashrc");
        std::fs::write(&target, b"original").expect("target");
        let dangling = outside.join("autostart.desktop");
        std::os::unix::fs::symlink(&target, dir.join("report.txt")).expect("symlink");
        std::os::unix::fs::symlink(&dangling, dir.join("poc.html")).expect("symlink");
        let written = write_new(&dir, "report.txt", b"hostile").expect("written");
        assert_eq!(written, dir.join("2-report.txt"));
        let written = write_new(&dir, "poc.html", b"hostile").expect("written");
        assert_eq!(written, dir.join("2-poc.html"));
        assert_eq!(std::fs::read(&target).expect("read"), b"original", "the symlink's target is untouched");
        assert!(!dangling.exists(), "a dangling symlink's target is not created");
        for link in ["report.txt", "poc.html"] {
            assert!(std::fs::symlink_metadata(dir.join(link)).expect("lstat").file_type().is_symlink(), "{link}");
        }
        let _ = std::fs::remove_dir_all(&dir);
        let _ = std::fs::remove_dir_all(&outside);
    }

    #[test]
    fn message_ids_from_the_server_are_checked_before_anything_is_written() {
        // A served id is typed: one that is not a ULID fails to parse, naming itself, so
        // `show` stops (it reads the messages before it writes anything).
        let list = r#"{"messages":[{"id":"../../../tmp/pwned","at":"2026-11-24T09:15:00+00:00",
            "author":"reporter","armored":"x"}]}"#;
        let e = serde_json::from_str::<sealdrop_shared::followup::MessageList>(list).expect_err("refused");
        assert!(e.to_string().contains("`../../../tmp/pwned` is not a valid id"), "{e}");
        // A valid one makes a plain file name with any attachment name.
        let id: sealdrop_shared::id::MessageId = "01KAY8R5S7X0V3M2QJ4N6T8W9Z".parse().expect("id");
        let name = format!("{id}-{}", safe_file_name("../../.ssh/authorized_keys"));
        assert_eq!(refused(&name), None, "{name}");
    }

    #[test]
    fn json_for_the_terminal_is_the_same_json_without_control_characters() {
        let value = serde_json::json!({"title": "a\x1b[2J\r\u{9b}\u{7f}\u{202e}b", "n": 1, "list": ["\u{2066}x"]});
        let printed = pretty_for_terminal(&value).expect("json");
        crate::output::assert_inert(printed.as_bytes(), "json");
        assert!(printed.contains(r#""a\u001b[2J\r\u009b\u007f\u202eb""#), "{printed}");
        assert_eq!(serde_json::from_str::<serde_json::Value>(&printed).expect("parses"), value);
        let plain = serde_json::json!({"title": "ümlaut 🙂"});
        assert_eq!(pretty_for_terminal(&plain).expect("json"), pretty(&plain).expect("json"));
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
