//! Folders only the staff member can read: decrypted reports and attachments are written there.

use std::path::Path;

use crate::error::CliError;

/// Creates `dir` readable by its owner only (0700 on Unix). With `fresh`, the folder must not
/// exist yet (a temporary folder nobody could have prepared); otherwise parents are created too
/// and an existing folder is reused.
pub fn create_dir(dir: &Path, fresh: bool) -> Result<(), CliError> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(!fresh);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt as _;
        builder.mode(0o700);
    }
    builder.create(dir).map_err(CliError::file(dir))
}

/// Opens `path` as a new file readable by its owner only (0600 on Unix); an existing file (or a
/// symlink planted there) is never overwritten or followed: that is `AlreadyExists`.
pub fn open_new(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    options.open(path)
}

/// [`open_new`], with the path in the error.
pub fn create_file(path: &Path) -> Result<std::fs::File, CliError> {
    open_new(path).map_err(CliError::file(path))
}
