//! Output files are written under a temporary name in the target's directory and renamed
//! over the target only when complete, so a failed export never leaves a partial file, and
//! an existing file is only replaced with `--force`.

use std::io::Write;
use std::path::{Path, PathBuf};

pub struct Output {
    path: PathBuf,
    tmp: PathBuf,
    force: bool,
    done: bool,
}

impl Output {
    /// Checks that `path` may be written and picks the temporary name beside it.
    pub fn new(path: &Path, force: bool) -> Result<Output, String> {
        if path.is_dir() {
            return Err(format!("{} is a directory", path.display()));
        }
        // Only regular files are replaced: a device, pipe or socket (/dev/null, /dev/stdout)
        // would become a regular file by the rename. A symlink is followed: its target is
        // replaced, and the link stays.
        let resolved;
        let path = match std::fs::metadata(path) {
            Ok(m) if !m.is_file() => {
                return Err(format!(
                "{} is not a regular file (a device, pipe or socket); use -o - to write to stdout",
                path.display()
            ))
            }
            Ok(_) if path.is_symlink() => {
                resolved =
                    std::fs::canonicalize(path).map_err(|e| format!("{}: {e}", path.display()))?;
                resolved.as_path()
            }
            _ => path,
        };
        if path.exists() && !force {
            return Err(format!(
                "{} already exists; pass --force to overwrite it",
                path.display()
            ));
        }
        let name = path
            .file_name()
            .ok_or_else(|| format!("{} is not a file name", path.display()))?
            .to_string_lossy()
            .into_owned();
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if !dir.is_dir() {
            return Err(format!("directory {} does not exist", dir.display()));
        }
        let tmp = dir.join(format!(".{name}.seeder-{}.tmp", std::process::id()));
        let _ = std::fs::remove_file(&tmp);
        crate::interrupt::track(&tmp);
        Ok(Output {
            path: path.to_path_buf(),
            tmp,
            force,
            done: false,
        })
    }

    /// Where the writer writes.
    pub fn tmp(&self) -> &Path {
        &self.tmp
    }

    /// Moves the finished file into place.
    pub fn commit(mut self) -> Result<(), String> {
        if !self.force && self.path.exists() {
            return Err(format!(
                "{} appeared while exporting; pass --force to overwrite it",
                self.path.display()
            ));
        }
        crate::interrupt::untrack(&self.tmp);
        std::fs::rename(&self.tmp, &self.path).map_err(|e| {
            format!(
                "renaming {} to {}: {e}",
                self.tmp.display(),
                self.path.display()
            )
        })?;
        self.done = true;
        Ok(())
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        if !self.done {
            crate::interrupt::remove_with_journal(&self.tmp);
            crate::interrupt::untrack(&self.tmp);
        }
    }
}

/// Writes to stdout through a 64 KiB buffer with `f`, then flushes. A reader that stops early
/// (`seeder ... | head`) is not an error: the rest of the output is dropped.
pub fn to_stdout(f: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<(), String> {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    match f(&mut out).and_then(|_| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(format!("writing stdout: {e}")),
        _ => Ok(()),
    }
}

/// Prints `text` on stdout; a reader that stops early is not an error.
pub fn print_stdout(text: &str) -> Result<(), String> {
    to_stdout(|w| w.write_all(text.as_bytes()))
}
