//! Inputs and outputs of the `score` commands: `--input -` for stdin, every input read
//! exactly once (so a pipe or `<(…)` works), an output never the input itself, and results
//! that appear only when every line was good.
//!
//! [`Spool`] collects output lines in a temporary file (beside `--output`, so the final
//! rename is atomic; in the system's temporary directory for stdout) and publishes them only
//! on [`Spool::commit`]: a bad line 90,000 means nothing was written, and memory stays
//! bounded whatever the input's size.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Read, Seek, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The name `--input -` reads from.
pub(crate) const STDIN: &str = "-";

/// Opens `path` for reading once (`-` is stdin).
///
/// # Errors
/// [`Error::Io`] naming the path.
pub(crate) fn open(path: &Path) -> Result<Box<dyn BufRead>> {
    if path.as_os_str() == STDIN {
        return Ok(Box::new(BufReader::new(std::io::stdin())));
    }
    let file = File::open(path).map_err(|e| Error::io("reading", path, e))?;
    Ok(Box::new(BufReader::with_capacity(1 << 16, file)))
}

/// Refuses an `output` that is the `input` file (the same file by device and inode, so
/// through a symlink or a hard link too): writing it would destroy the input.
///
/// # Errors
/// [`Error::Usage`] naming both flags.
pub(crate) fn refuse_same_file(input: &Path, output: &Path, flag: &str) -> Result<()> {
    if input.as_os_str() == STDIN {
        return Ok(());
    }
    if same_file(input, output) {
        return Err(Error::usage_hint(
            format!(
                "{flag} {} is the input file: writing it would destroy the input",
                output.display()
            ),
            format!("write the scores to another file, e.g. {flag} scores.jsonl"),
        ));
    }
    Ok(())
}

/// True when both paths exist and are one file.
pub(crate) fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (std::fs::metadata(a), std::fs::metadata(b)) {
            (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        match (a.canonicalize(), b.canonicalize()) {
            (Ok(x), Ok(y)) => x == y,
            _ => false,
        }
    }
}

/// Output lines held back until every input line was good.
pub(crate) struct Spool {
    target: Option<PathBuf>,
    file: BufWriter<tempfile::NamedTempFile>,
}

impl Spool {
    /// A spool for `target` (`None`: stdout). The temporary file sits beside the target,
    /// which must be in an existing directory; it is created before any input is read, so a
    /// bad path is found at once.
    ///
    /// # Errors
    /// [`Error::Io`] when the temporary file cannot be created.
    pub(crate) fn new(target: Option<&Path>) -> Result<Spool> {
        let file = match target {
            Some(path) => crate::record::temp_beside(path)?,
            None => tempfile::NamedTempFile::new()
                .map_err(|e| Error::io("creating a file in", std::env::temp_dir(), e))?,
        };
        Ok(Spool {
            target: target.map(Path::to_path_buf),
            file: BufWriter::with_capacity(1 << 16, file),
        })
    }

    /// Appends one line (a newline is added).
    ///
    /// # Errors
    /// [`Error::Io`] when the temporary file cannot be written.
    pub(crate) fn line(&mut self, text: &str) -> Result<()> {
        self.file
            .write_all(text.as_bytes())
            .and_then(|()| self.file.write_all(b"\n"))
            .map_err(|e| Error::io("writing", self.where_(), e))
    }

    fn where_(&self) -> PathBuf {
        self.target.clone().unwrap_or_else(std::env::temp_dir)
    }

    /// Publishes the lines: renames the file onto the target (keeping the umask's mode), or
    /// copies it to stdout. Dropping a spool without committing discards it.
    ///
    /// # Errors
    /// [`Error::Io`] when the file cannot be finished or moved.
    pub(crate) fn commit(self) -> Result<()> {
        let at = self.where_();
        let io = |e: std::io::Error| Error::io("writing", &at, e);
        let mut tmp = self.file.into_inner().map_err(|e| io(e.into_error()))?;
        match &self.target {
            Some(path) => {
                tmp.as_file().sync_all().map_err(io)?;
                crate::record::persist(tmp, path)
            }
            None => {
                let file = tmp.as_file_mut();
                file.rewind().map_err(io)?;
                let mut stdout = std::io::stdout().lock();
                let mut buffer = vec![0u8; 1 << 16];
                loop {
                    let n = file.read(&mut buffer).map_err(io)?;
                    if n == 0 {
                        break;
                    }
                    if let Err(e) = stdout.write_all(&buffer[..n]) {
                        return super::stdout_failed(e);
                    }
                }
                stdout.flush().or_else(super::stdout_failed)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{refuse_same_file, same_file, Spool};

    #[test]
    fn the_same_file_is_recognised_through_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in.jsonl");
        std::fs::write(&input, "{}\n").unwrap();
        let link = dir.path().join("link.jsonl");
        std::fs::hard_link(&input, &link).unwrap();
        assert!(same_file(&input, &link));
        assert!(!same_file(&input, &dir.path().join("new.jsonl")));
        assert!(refuse_same_file(&input, &link, "--output").is_err());
        assert!(refuse_same_file(std::path::Path::new("-"), &link, "--output").is_ok());
    }

    #[test]
    fn a_spool_writes_its_target_only_when_committed() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.jsonl");
        let mut spool = Spool::new(Some(&target)).unwrap();
        spool.line("{\"a\":1}").unwrap();
        drop(spool);
        assert!(!target.exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        let mut spool = Spool::new(Some(&target)).unwrap();
        spool.line("{\"a\":1}").unwrap();
        spool.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "{\"a\":1}\n");
    }
}
