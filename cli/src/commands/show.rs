//! `sealdrop show`: download a report, decrypt it here, rerun the policy's field rules on it,
//! print it with its follow-up messages and save its text, JSON and attachments in a private
//! folder.

use std::io::Write;
use std::path::{Path, PathBuf};

use sealdrop_shared::api::endpoint;
use sealdrop_shared::followup::Author;
use sealdrop_shared::id::CaseId;

use super::{Context, case_id, pretty, safe_file_name, unique_path};
use crate::decrypt::{DecryptWith, Decryptor};
use crate::error::CliError;
use crate::{output, private};

/// `sealdrop show`'s arguments.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Case id.
    #[arg(value_parser = case_id)]
    pub id: CaseId,
    /// How to decrypt.
    #[command(flatten)]
    pub decrypt: DecryptWith,
    /// Folder for report.txt, report.json and the attachments (default: ./sealdrop-ID).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// Shows the report; a report that breaks the policy's rules is shown, flagged, and fails with
/// [`CliError::InvalidReport`].
pub fn run(args: Args, cx: &Context, stdout: &mut impl Write) -> Result<(), CliError> {
    let decryptor = args.decrypt.decryptor(cx.default_key.clone())?;
    let id = args.id;
    let out = args.out.unwrap_or_else(|| PathBuf::from(format!("sealdrop-{id}")));
    let client = &cx.client;
    let record = client.call(&endpoint::StaffRecord { id: id.clone() }, &())?;
    let policy = client.call(&endpoint::Policy {}, &())?;
    let ciphertext = client.download(&endpoint::StaffGet { id: id.clone() }, &format!("downloading {id}"))?;
    let plaintext = decryptor.decrypt(&ciphertext)?;
    let colour = output::colour_stdout();
    writeln!(stdout, "{}", output::record_lines(&record))?;
    let opened = match sealdrop_shared::received::open(&policy, &plaintext) {
        Ok(opened) => opened,
        Err(e) => {
            // Decrypted, but not what the widget builds (e.g. a message sent with gpg by hand):
            // show it as it is, flagged, and keep the bytes.
            let warning = format!("WARNING: this is not a report made by the Sealdrop widget ({e}); shown as sent:");
            writeln!(stdout, "{}\n", output::paint(colour, "1;31", &warning))?;
            writeln!(stdout, "{}", String::from_utf8_lossy(&plaintext))?;
            private::create_dir(&out, false)?;
            let path = out.join("decrypted.bin");
            std::fs::write(&path, &plaintext).map_err(CliError::file(&path))?;
            eprintln!("sealdrop: saved {}", path.display());
            return Err(CliError::InvalidReport(1));
        }
    };
    let text = match &opened.verdict {
        Ok(report) => sealdrop_shared::mime::render_text(&policy.organisation.name, report),
        Err(errors) => {
            writeln!(stdout, "{}", output::paint(colour, "1;31", "WARNING: this report breaks the policy's rules:"))?;
            for e in errors {
                writeln!(stdout, "  - {}: {}", e.field, e.problem)?;
            }
            writeln!(stdout)?;
            opened.decrypted.text.clone().unwrap_or_default()
        }
    };
    for problem in &opened.inconsistencies {
        writeln!(stdout, "{}", output::paint(colour, "1;31", &format!("WARNING: {problem}")))?;
    }
    writeln!(stdout, "{text}")?;

    private::create_dir(&out, false)?;
    let text_path = out.join("report.txt");
    std::fs::write(&text_path, &text).map_err(CliError::file(&text_path))?;
    let json_path = out.join("report.json");
    std::fs::write(&json_path, pretty(&opened.decrypted.json)?).map_err(CliError::file(&json_path))?;
    let mut saved = vec![text_path, json_path];
    for attachment in &opened.decrypted.attachments {
        let path = unique_path(&out, &safe_file_name(&attachment.name));
        std::fs::write(&path, &attachment.bytes).map_err(CliError::file(&path))?;
        saved.push(path);
    }
    saved.extend(messages(cx, &id, &decryptor, &out, stdout)?);
    eprintln!("sealdrop: saved {} files in {}", saved.len(), out.display());
    for path in &saved {
        eprintln!("  {}", path.display());
    }
    let problems = opened.verdict.as_ref().err().map_or(0, Vec::len) + opened.inconsistencies.len();
    if problems > 0 { Err(CliError::InvalidReport(problems)) } else { Ok(()) }
}

/// Prints the follow-up messages of a case, decrypted, and saves their files; returns the paths.
fn messages(
    cx: &Context,
    id: &CaseId,
    decryptor: &Decryptor,
    out: &Path,
    stdout: &mut impl Write,
) -> Result<Vec<PathBuf>, CliError> {
    let list = cx.client.call(&endpoint::StaffMessages { id: id.clone() }, &())?;
    let mut saved = Vec::new();
    for message in &list.messages {
        let who = match message.author {
            Author::Staff => "staff reply",
            Author::Reporter => "message from the reporter",
        };
        writeln!(stdout, "\n--- {who}, {} ({}) ---", message.at, message.id)?;
        let parts = decryptor.decrypt(message.armored.as_bytes()).and_then(|plain| {
            sealdrop_shared::mime::parse_message(&plain).map_err(|e| CliError::Decrypt(e.to_string()))
        });
        match parts {
            Ok(parts) => {
                writeln!(stdout, "{}", parts.text.trim_end())?;
                for file in &parts.attachments {
                    let path = unique_path(out, &format!("{}-{}", message.id, safe_file_name(&file.name)));
                    std::fs::write(&path, &file.bytes).map_err(CliError::file(&path))?;
                    writeln!(stdout, "[attached: {}]", path.display())?;
                    saved.push(path);
                }
            }
            Err(e) => writeln!(stdout, "(cannot be decrypted here: {e})")?,
        }
    }
    Ok(saved)
}
