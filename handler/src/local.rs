//! Files the service keeps on a laptop (`pthv serve`): the embedded store's folder and
//! the key of its hashes. They hold families' answers, so only their owner may read them.

use std::fs::{DirBuilder, OpenOptions};
use std::io::{self, Write};
use std::path::Path;

/// Creates `dir` (and its parents) if it is missing; a folder it creates is the owner's
/// alone. A folder that exists already is left as it is: it may be shared on purpose.
pub fn private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// Creates `path` with `contents`, readable and writable by its owner only. Fails with
/// `AlreadyExists` rather than replace a file.
pub fn create_private_file(path: &Path, contents: &[u8]) -> io::Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(contents)
}

/// The key of this computer's hashes (rate limit, repeats): made once, kept in `dir`.
pub fn secret(dir: &Path) -> io::Result<Vec<u8>> {
    let path = dir.join("secret");
    match std::fs::read(&path) {
        Ok(secret) => return Ok(secret),
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
        Err(_) => {}
    }
    private_dir(dir)?;
    let secret: String = (0..64).map(|_| format!("{:x}", rand::random::<u8>() & 0xf)).collect();
    match create_private_file(&path, secret.as_bytes()) {
        Ok(()) => Ok(secret.into_bytes()),
        // Another `pthv serve` made it first: use theirs.
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => std::fs::read(&path),
        Err(e) => Err(e),
    }
}
