//! Writing files so that nothing half-written is ever left and nothing is overwritten by
//! accident: the data goes to a temporary file in the target's folder (`.clearframe-*.tmp`),
//! is flushed to disk, then renamed into place. On any failure the temporary file is removed.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use crate::{Error, Result};

/// A temporary file in `dir` holding what `write` wrote, flushed to disk; errors name
/// `target` (what is being written, not the temporary file's name).
fn staged(
    dir: &Path,
    target: &Path,
    write: impl FnOnce(&mut BufWriter<&mut File>) -> std::io::Result<()>,
) -> Result<NamedTempFile> {
    let mut tmp = tempfile::Builder::new()
        .prefix(".clearframe-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| Error::io(target, e))?;
    {
        let mut w = BufWriter::new(tmp.as_file_mut());
        write(&mut w)
            .and_then(|()| w.flush())
            .map_err(|e| Error::io(target, e))?;
    }
    tmp.as_file().sync_all().map_err(|e| Error::io(target, e))?;
    Ok(tmp)
}

/// The folder a file `path` goes in (`.` for a bare name).
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// Write `bytes` into `dir` as `<stem>.<ext>`, or `<stem>-2.<ext>`, `<stem>-3.<ext>`… when
/// that name is taken. Never overwrites: the data goes to a temporary file in the same folder,
/// is flushed to disk, then linked into place with a no-clobber rename; on any failure
/// nothing half-written remains. Returns the final path.
pub fn write_new_file(dir: &Path, stem: &str, ext: &str, bytes: &[u8]) -> Result<PathBuf> {
    let mut tmp = staged(dir, dir, |w| w.write_all(bytes))?;
    for n in 1..10_000u32 {
        let name = if n == 1 {
            format!("{stem}.{ext}")
        } else {
            format!("{stem}-{n}.{ext}")
        };
        let target = dir.join(name);
        match tmp.persist_noclobber(&target) {
            Ok(_) => return Ok(target),
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => tmp = e.file,
            Err(e) => return Err(Error::io(&target, e.error)),
        }
    }
    Err(Error::io(dir, std::io::Error::other("no free output name")))
}

/// Write `bytes` to exactly `path`, which must not exist: like [`write_new_file`] (temporary
/// file in the same folder, flushed, no-clobber rename, nothing half-written left on failure)
/// but an existing file is an error (`AlreadyExists`) instead of a reason to pick another name.
pub fn write_new_file_at(path: &Path, bytes: &[u8]) -> Result<PathBuf> {
    let dir = folder_of(path);
    let tmp = staged(dir, path, |w| w.write_all(bytes))?;
    tmp.persist_noclobber(path)
        .map_err(|e| Error::io(path, e.error))?;
    Ok(path.to_path_buf())
}

/// Write `path` whole with what `write` writes, replacing the file if it exists (an export of
/// the ledger the user asked for by name): a reader sees the old file or the new one, never a
/// part. `write` gets a buffered writer; its error is returned as an I/O error naming `path`.
pub fn replace_file(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<&mut File>) -> std::io::Result<()>,
) -> Result<()> {
    let tmp = staged(folder_of(path), path, write)?;
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_new_file_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let a = write_new_file(dir.path(), "out", "jpg", b"one").unwrap();
        let b = write_new_file(dir.path(), "out", "jpg", b"two").unwrap();
        assert_ne!(a, b);
        assert_eq!(std::fs::read(&a).unwrap(), b"one");
        assert_eq!(std::fs::read(&b).unwrap(), b"two");
        assert_eq!(b.file_name().unwrap(), "out-2.jpg");
        // The two files and no temporary one left.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    #[test]
    fn a_replaced_file_is_whole_and_a_failed_write_leaves_the_old_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ledger.csv");
        replace_file(&path, |w| w.write_all(b"first")).unwrap();
        replace_file(&path, |w| w.write_all(b"second")).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        let err = replace_file(&path, |w| {
            w.write_all(b"half")?;
            Err(std::io::Error::other("disk full"))
        })
        .unwrap_err();
        assert!(err.to_string().contains("disk full"), "{err}");
        assert!(err.to_string().contains("ledger.csv"), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        assert!(write_new_file_at(&path, b"x").is_err());
    }
}
