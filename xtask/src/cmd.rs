//! Running child processes with clear messages.

use std::process::Command;

use crate::Error;

/// Runs a command to completion, inheriting stdio; fails with the command line on a bad status.
pub fn run(command: &mut Command) -> Result<(), Error> {
    let line = describe(command);
    eprintln!("xtask: $ {line}");
    let status = command.status().map_err(|e| Error::Tool(format!("cannot start `{line}`: {e}")))?;
    if status.success() { Ok(()) } else { Err(Error::Command { command: line, status }) }
}

/// Runs a command and returns its standard output, or `None` if it cannot run or fails.
pub fn output(command: &mut Command) -> Option<String> {
    let out = command.output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The command line, for messages.
pub fn describe(command: &Command) -> String {
    let mut parts = vec![command.get_program().to_string_lossy().into_owned()];
    parts.extend(command.get_args().map(|a| a.to_string_lossy().into_owned()));
    parts.join(" ")
}
