//! Crash-safe file replacement: reserve a temp file, then commit it over the target.
//!
//! Owns the temp-file protocol (same directory, 0600, space allocated up front, fsync,
//! rename, directory fsync) and the clean-up of temp files a killed writer left behind.
//! It does not lock: callers hold the store lock while a reservation exists.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use nix::errno::Errno;

/// Bytes allocated for a temp file before anything irreversible happens; far above
/// the size of any token or status file.
pub const RESERVE_BYTES: u64 = 16 * 1024;

/// A temp file beside `target`, created 0600 with [`RESERVE_BYTES`] allocated.
/// Dropped without [`Reservation::commit`], it removes itself.
#[derive(Debug)]
pub struct Reservation {
    file: Option<File>,
    temp_path: PathBuf,
    target: PathBuf,
}

/// The prefix of every temp file made for `target`: `.<name>.tmp.`.
pub fn temp_prefix(target: &Path) -> String {
    let name = target
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!(".{name}.tmp.")
}

impl Reservation {
    /// Creates the temp file and allocates its space, so that a full disk or a
    /// read-only directory fails here, before the caller does anything it cannot undo.
    pub fn new(target: &Path) -> io::Result<Reservation> {
        let dir = parent(target);
        let temp_path = dir.join(format!(
            "{}{}.{:016x}",
            temp_prefix(target),
            std::process::id(),
            rand::random::<u64>()
        ));
        let file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&temp_path)?;
        let reservation = Reservation {
            file: Some(file),
            temp_path,
            target: target.to_owned(),
        };
        reservation.allocate()?;
        Ok(reservation)
    }

    fn allocate(&self) -> io::Result<()> {
        let file = self.file.as_ref().expect("file is present until commit");
        match nix::fcntl::posix_fallocate(file, 0, RESERVE_BYTES as nix::libc::off_t) {
            Ok(()) => Ok(()),
            // Filesystems without fallocate support: fall back to writing zeros.
            Err(Errno::EOPNOTSUPP | Errno::EINVAL) => {
                let mut writer = file;
                writer.write_all(&[0u8; RESERVE_BYTES as usize])?;
                writer.sync_data()
            }
            Err(errno) => Err(errno.into()),
        }
    }

    /// Writes `bytes`, fsyncs, renames over the target and fsyncs the directory.
    pub fn commit(mut self, bytes: &[u8]) -> io::Result<()> {
        let mut file = self.file.take().expect("commit is called once");
        file.write_all(bytes)?;
        file.set_len(bytes.len() as u64)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&self.temp_path, &self.target)?;
        File::open(parent(&self.target))?.sync_all()
    }
}

impl Drop for Reservation {
    fn drop(&mut self) {
        if self.file.is_some() {
            let _ = fs::remove_file(&self.temp_path);
        }
    }
}

/// Writes `bytes` to `target` atomically (reserve, then commit).
pub fn write(target: &Path, bytes: &[u8]) -> io::Result<()> {
    Reservation::new(target)?.commit(bytes)
}

/// Removes temp files of `targets` left in `dir` by killed writers; returns how many.
/// Call it only under the store lock: every live writer holds that lock, so each temp
/// file found then is stale.
pub fn remove_stale_temps(dir: &Path, targets: &[&Path]) -> io::Result<usize> {
    let prefixes: Vec<String> = targets.iter().map(|target| temp_prefix(target)).collect();
    let mut removed = 0;
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if prefixes
            .iter()
            .any(|prefix| name.starts_with(prefix.as_str()))
        {
            match fs::remove_file(entry.path()) {
                Ok(()) => removed += 1,
                Err(err) if err.kind() == io::ErrorKind::NotFound => {}
                Err(err) => return Err(err),
            }
        }
    }
    Ok(removed)
}

/// The directory a file lives in (`.` for a bare name).
pub fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}
