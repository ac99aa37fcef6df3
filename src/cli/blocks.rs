//! Parallel, ordered processing of a line-oriented input, read once.
//!
//! The input (a file, a pipe, `/dev/stdin`, `<(…)`, or `-` for standard input) is read in
//! blocks of about [`BLOCK`] bytes cut after a newline, so no line straddles two blocks. The
//! calling thread reads blocks and hands each to a worker of a rayon pool, which parses,
//! scores and formats the whole block on its own; the calling thread takes the results back
//! in block order and writes them. Workers share nothing but the read-only context, so
//! nothing is locked per line; a block is one task and one channel message. At most
//! `2 × threads + 2` blocks are in flight, which bounds memory whatever the input size. With
//! one thread the same steps run inline on the calling thread.
//!
//! The caller writes the results to a [`super::input::Spool`], so a failed run writes nothing.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::Arc;

use crate::error::Error;

/// Target size of a block in bytes (a block grows past it only to finish a long line).
pub(crate) const BLOCK: usize = 256 * 1024;

/// A run of whole lines of the input.
pub(crate) struct Block {
    /// 0-based position of the block in the input.
    pub index: u64,
    /// The lines, each ending in `\n` except perhaps the last line of the input.
    pub bytes: Vec<u8>,
}

/// Where the input comes from, and its name for diagnostics.
pub(crate) struct Input {
    /// The name diagnostics use: the path as given, or `<stdin>`.
    pub name: PathBuf,
    reader: File,
}

impl Input {
    /// Opens `path`, or standard input for `-`.
    ///
    /// # Errors
    /// [`Error::Io`] naming the path.
    pub fn open(path: &Path) -> Result<Input, Error> {
        if path == Path::new("-") {
            return Ok(Input {
                name: PathBuf::from("<stdin>"),
                reader: stdin_file().map_err(|e| Error::io("reading", "<stdin>", e))?,
            });
        }
        let reader = File::open(path).map_err(|e| Error::io("reading", path, e))?;
        Ok(Input {
            name: path.to_path_buf(),
            reader,
        })
    }

    /// The input as blocks.
    pub fn blocks(self) -> Blocks {
        Blocks {
            name: self.name,
            source: self.reader,
            carry: Vec::new(),
            next: 0,
            done: false,
        }
    }
}

#[cfg(unix)]
fn stdin_file() -> std::io::Result<File> {
    use std::os::fd::AsFd;
    Ok(File::from(std::io::stdin().as_fd().try_clone_to_owned()?))
}

#[cfg(not(unix))]
fn stdin_file() -> std::io::Result<File> {
    Err(std::io::Error::new(
        std::io::ErrorKind::Unsupported,
        "reading standard input as `-` needs a Unix system here; give a file",
    ))
}

/// Reads an input once, as newline-aligned blocks.
pub(crate) struct Blocks {
    name: PathBuf,
    source: File,
    carry: Vec<u8>,
    next: u64,
    done: bool,
}

impl Blocks {
    /// The next block, or `None` at the end of the input.
    ///
    /// # Errors
    /// [`Error::Io`] naming the input.
    pub fn next_block(&mut self) -> Result<Option<Block>, Error> {
        if self.done {
            return Ok(None);
        }
        let mut bytes = Vec::with_capacity(BLOCK + BLOCK / 8);
        bytes.append(&mut self.carry);
        let mut want = BLOCK;
        loop {
            if bytes.len() < want {
                let missing = (want - bytes.len()) as u64;
                (&mut self.source)
                    .take(missing)
                    .read_to_end(&mut bytes)
                    .map_err(|e| Error::io("reading", &self.name, e))?;
                if bytes.len() < want {
                    // The end of the input: the rest is the last block.
                    self.done = true;
                    return Ok((!bytes.is_empty()).then(|| self.block(bytes)));
                }
            }
            match bytes.iter().rposition(|&b| b == b'\n') {
                Some(end) => {
                    self.carry.extend_from_slice(&bytes[end + 1..]);
                    bytes.truncate(end + 1);
                    return Ok(Some(self.block(bytes)));
                }
                // One line longer than the block so far: read on.
                None => want = want.saturating_mul(2),
            }
        }
    }

    fn block(&mut self, bytes: Vec<u8>) -> Block {
        let index = self.next;
        self.next += 1;
        Block { index, bytes }
    }
}

/// Runs `process` on every block of `blocks` on `threads` workers and hands the results to
/// `sink` in input order. Stops at the first error of reading or of `sink`.
///
/// # Errors
/// Reading errors, and whatever `sink` returns.
pub(crate) fn for_each_block<T, P, S>(
    mut blocks: Blocks,
    threads: usize,
    process: P,
    mut sink: S,
) -> Result<(), Error>
where
    T: Send + 'static,
    P: Fn(Block) -> T + Send + Sync + 'static,
    S: FnMut(T) -> Result<(), Error>,
{
    if threads <= 1 {
        while let Some(block) = blocks.next_block()? {
            sink(process(block))?;
        }
        return Ok(());
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| Error::usage(format!("--threads {threads}: {e}")))?;
    let process = Arc::new(process);
    let (tx, rx) = mpsc::channel::<(u64, T)>();
    let max_in_flight = 2 * threads + 2;
    let mut in_flight = 0;
    let mut next_out = 0;
    let mut waiting = std::collections::BTreeMap::new();
    let mut reading = true;
    loop {
        while reading && in_flight < max_in_flight {
            match blocks.next_block()? {
                Some(block) => {
                    let (tx, process) = (tx.clone(), Arc::clone(&process));
                    pool.spawn(move || {
                        let index = block.index;
                        let result = process(block);
                        // The receiver is gone only when the run already failed; the
                        // result is then not wanted.
                        let _ = tx.send((index, result));
                    });
                    in_flight += 1;
                }
                None => reading = false,
            }
        }
        if in_flight == 0 {
            return Ok(());
        }
        let Ok((index, result)) = rx.recv() else {
            // Unreachable while `tx` lives in this frame; kept as an error, not a panic.
            return Err(Error::usage("a scoring thread stopped unexpectedly"));
        };
        waiting.insert(index, result);
        while let Some(result) = waiting.remove(&next_out) {
            sink(result)?;
            next_out += 1;
            in_flight -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks_of(bytes: &[u8]) -> Vec<Vec<u8>> {
        let path = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(path.path(), bytes).unwrap();
        let mut blocks = Input::open(path.path()).unwrap().blocks();
        let mut out = Vec::new();
        while let Some(b) = blocks.next_block().unwrap() {
            assert_eq!(b.index, out.len() as u64);
            out.push(b.bytes);
        }
        out
    }

    #[test]
    fn blocks_end_after_a_newline_and_cover_the_input() {
        let line = "x".repeat(1000) + "\n";
        let text = line.repeat(600) + "last line without newline";
        let blocks = blocks_of(text.as_bytes());
        assert!(blocks.len() >= 2, "{}", blocks.len());
        for b in &blocks[..blocks.len() - 1] {
            assert_eq!(b.last(), Some(&b'\n'));
        }
        assert_eq!(blocks.concat(), text.as_bytes());
        assert!(blocks_of(b"").is_empty());
    }

    #[test]
    fn a_line_longer_than_a_block_stays_whole() {
        let text = format!("short\n{}\nshort\n", "y".repeat(3 * BLOCK));
        let blocks = blocks_of(text.as_bytes());
        assert_eq!(blocks.concat(), text.as_bytes());
        assert!(blocks
            .iter()
            .any(|b| b.len() > 3 * BLOCK && b.ends_with(b"\n")));
    }

    #[test]
    fn results_come_back_in_input_order_on_any_number_of_threads() {
        let text: String = (0..20_000).map(|i| format!("{i:040}\n")).collect();
        let path = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(path.path(), &text).unwrap();
        for threads in [1, 2, 3, 8] {
            let mut got = Vec::new();
            for_each_block(
                Input::open(path.path()).unwrap().blocks(),
                threads,
                |b| (b.index, b.bytes),
                |(index, bytes)| {
                    assert_eq!(index, got.len() as u64);
                    got.push(bytes);
                    Ok(())
                },
            )
            .unwrap();
            assert_eq!(got.concat(), text.as_bytes(), "{threads} threads");
        }
    }

    #[test]
    fn a_sink_error_stops_the_run() {
        let text = "a\n".repeat(BLOCK);
        let path = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(path.path(), &text).unwrap();
        let mut seen = 0;
        let result = for_each_block(
            Input::open(path.path()).unwrap().blocks(),
            2,
            |b| b.index,
            |_| {
                seen += 1;
                Err(Error::usage("stop"))
            },
        );
        assert!(result.is_err());
        assert_eq!(seen, 1);
    }
}
