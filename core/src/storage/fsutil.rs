//! File primitives shared by the file-backed stores: an exclusive writer lock, atomic replace
//! (temporary file in the same directory, fsync, rename, fsync of the directory), clean-up of
//! temporary files a crashed writer left behind, and bounded reads.

use super::StoreError;
use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// Marker in the names of temporary files: `.<file name>.tmp-<16 hex>`.
const TMP_MARKER: &str = ".tmp-";

/// An exclusive lock on `<file>.lock`, held while the value lives. The lock is the OS's advisory
/// file lock (`flock` on Unix, `LockFileEx` on Windows), so it is released when the process
/// ends, even by a crash. The lock file itself is never deleted: deleting it would let two
/// writers lock two different files.
#[derive(Debug)]
pub(crate) struct WriterLock {
    _file: File,
    path: PathBuf,
}

impl WriterLock {
    /// Takes the lock for `target` without waiting; [`StoreError::VaultLocked`] if taken.
    pub(crate) fn acquire(target: &Path) -> Result<Self, StoreError> {
        let path = sidecar(target, ".lock");
        let mut options = OpenOptions::new();
        options.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let file = options
            .open(&path)
            .map_err(|e| StoreError::io("create lock file", &path, &e))?;
        // std's `File::try_lock` (Rust 1.89, the workspace's rust-version).
        let locked = file.try_lock();
        match locked {
            Ok(()) => Ok(Self { _file: file, path }),
            Err(std::fs::TryLockError::WouldBlock) => {
                Err(StoreError::VaultLocked { lock_path: path })
            }
            Err(std::fs::TryLockError::Error(e)) => Err(StoreError::io("lock", &path, &e)),
        }
    }

    /// The lock file's path.
    #[allow(dead_code)]
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }
}

/// `<dir>/<file name><suffix>`.
fn sidecar(target: &Path, suffix: &str) -> PathBuf {
    let mut name = target.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    target.with_file_name(name)
}

fn parent_dir(target: &Path) -> &Path {
    match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

fn temp_prefix(target: &Path) -> String {
    format!(
        ".{}{TMP_MARKER}",
        target.file_name().unwrap_or_default().to_string_lossy()
    )
}

/// Replaces `target` with `bytes` atomically: readers (and a crash at any instant) see either the
/// old file or the new one, never a mix. On error the old file is untouched and the temporary
/// file is removed.
pub(crate) fn atomic_write(target: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let dir = parent_dir(target);
    let tmp_path = write_temp(target, bytes)?;
    if let Err(e) = std::fs::rename(&tmp_path, target) {
        let _ = std::fs::remove_file(&tmp_path);
        return Err(StoreError::io("rename temporary file over", target, &e));
    }
    // Make the rename itself durable. Best effort: some file systems refuse to fsync a directory,
    // and the new file is already in place (a power cut could at worst bring back the old one).
    sync_dir(dir);
    Ok(())
}

/// Creates `target` with `bytes` atomically, refusing to replace anything already there (a file
/// or a symlink, even a dangling one): the bytes go to a 0600 temporary file that is fsynced and
/// then hard-linked to `target`, which fails if the name exists. No lock file is needed.
pub(crate) fn atomic_create(target: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let tmp_path = write_temp(target, bytes)?;
    let linked = std::fs::hard_link(&tmp_path, target).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            StoreError::AlreadyExists {
                path: target.into(),
            }
        } else {
            StoreError::io("create", target, &e)
        }
    });
    let _ = std::fs::remove_file(&tmp_path);
    linked?;
    sync_dir(parent_dir(target));
    Ok(())
}

/// A new 0600 temporary file beside `target` holding `bytes`, fsynced; removed again on error.
fn write_temp(target: &Path, bytes: &[u8]) -> Result<PathBuf, StoreError> {
    let (tmp_path, mut file) = create_temp(target)?;
    let written = file
        .write_all(bytes)
        .map_err(|e| StoreError::io("write temporary file", &tmp_path, &e))
        .and_then(|()| {
            file.sync_all()
                .map_err(|e| StoreError::io("fsync temporary file", &tmp_path, &e))
        });
    drop(file);
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp_path);
        return Err(e);
    }
    Ok(tmp_path)
}

fn create_temp(target: &Path) -> Result<(PathBuf, File), StoreError> {
    let prefix = temp_prefix(target);
    let mut last_err = None;
    for _ in 0..8 {
        let name = format!(
            "{prefix}{}",
            super::account::new_id().get(..16).unwrap_or("0")
        );
        let path = target.with_file_name(name);
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        match options.open(&path) {
            Ok(f) => return Ok((path, f)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last_err = Some(e),
            Err(e) => return Err(StoreError::io("create temporary file", &path, &e)),
        }
    }
    let e = last_err.unwrap_or_else(|| std::io::Error::other("no free temporary name"));
    Err(StoreError::io("create temporary file for", target, &e))
}

#[cfg(unix)]
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) {}

/// Removes temporary files a crashed writer of `target` left behind. Call only while holding the
/// [`WriterLock`]: then no live writer owns them. Returns how many were removed.
pub(crate) fn remove_stale_temps(target: &Path) -> usize {
    let prefix = temp_prefix(target);
    let Ok(entries) = std::fs::read_dir(parent_dir(target)) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        if name.to_string_lossy().starts_with(&prefix) && std::fs::remove_file(entry.path()).is_ok()
        {
            removed += 1;
        }
    }
    removed
}

/// Reads all of `path`, refusing files longer than `max` bytes.
pub(crate) fn read_limited(path: &Path, max: u64) -> Result<Vec<u8>, StoreError> {
    let file = File::open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            StoreError::NotFound { path: path.into() }
        } else {
            StoreError::io("open", path, &e)
        }
    })?;
    let mut bytes = Vec::new();
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| StoreError::io("read", path, &e))?;
    if bytes.len() as u64 > max {
        return Err(StoreError::corrupted(format!(
            "file is larger than the {max}-byte limit"
        )));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("otpkit-fsutil-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp() {
        let dir = scratch("atomic");
        let target = dir.join("v.bin");
        atomic_write(&target, b"one").unwrap();
        atomic_write(&target, b"two").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
        std::fs::write(dir.join(".v.bin.tmp-0123456789abcdef"), b"x").unwrap();
        assert_eq!(remove_stale_temps(&target), 1);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn lock_is_exclusive_and_released_on_drop() {
        let dir = scratch("lock");
        let target = dir.join("v.bin");
        let first = WriterLock::acquire(&target).unwrap();
        assert!(matches!(
            WriterLock::acquire(&target),
            Err(StoreError::VaultLocked { .. })
        ));
        drop(first);
        WriterLock::acquire(&target).unwrap();
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn read_limited_refuses_large_files() {
        let dir = scratch("read");
        let target = dir.join("v.bin");
        std::fs::write(&target, [0u8; 10]).unwrap();
        assert_eq!(read_limited(&target, 10).unwrap().len(), 10);
        assert!(matches!(
            read_limited(&target, 9),
            Err(StoreError::Corrupted { .. })
        ));
        assert!(matches!(
            read_limited(&dir.join("missing"), 9),
            Err(StoreError::NotFound { .. })
        ));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
