//! Gold items left in their file and read one at a time, so a run over a million items
//! holds only the few in flight.
//!
//! [`Dataset::load_streaming`](super::Dataset::load_streaming) hashes and parses `qa.jsonl`
//! and `summaries.jsonl` line by line (every syntax problem is still reported before anything
//! runs) and keeps only each file's path and item count in a [`StreamedFile`] (and, for the
//! questions, a [`super::QuestionIndex`]). [`Rows`] then reads the items again, in file
//! order, whenever they are needed.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::marker::PhantomData;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};

use super::{jsonl, QaItem, SummaryItem};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::error::{Error, Result};

/// A 64-bit hash of an item id, the same in every run of this build: duplicate and
/// membership checks over millions of ids keep these (8 bytes each) instead of the ids, and
/// confirm any match that matters on the ids themselves.
pub fn id_hash(id: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    id.hash(&mut hasher);
    hasher.finish()
}

/// A data file that was checked at load time but not kept in memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamedFile {
    /// The file, as the manifest names it under the dataset root.
    pub path: PathBuf,
    /// How many items it holds (non-blank lines).
    pub count: usize,
}

/// The QA file of a streamed dataset.
pub type QaFile = StreamedFile;

/// The items of a JSON Lines file with their 1-based lines, parsed one at a time.
pub struct Rows<T> {
    path: PathBuf,
    reader: BufReader<File>,
    line: usize,
    /// Bytes read so far.
    offset: u64,
    /// Byte range of the last line returned.
    span: (u64, u64),
    buffer: Vec<u8>,
    done: bool,
    item: PhantomData<fn() -> T>,
}

/// The QA items of a file.
pub type QaRows = Rows<QaItem>;

/// The summary items of a file.
pub type SummaryRows = Rows<SummaryItem>;

impl<T> Rows<T> {
    /// Opens `path` for reading from its first line.
    ///
    /// # Errors
    /// [`Error::Io`] when the file cannot be opened.
    pub fn open(path: &Path) -> Result<Rows<T>> {
        let file = File::open(path).map_err(|source| Error::io("reading", path, source))?;
        Ok(Rows {
            path: path.to_path_buf(),
            reader: BufReader::new(file),
            line: 0,
            offset: 0,
            span: (0, 0),
            buffer: Vec::new(),
            done: false,
            item: PhantomData,
        })
    }

    /// The byte range (start, end, line ending included) of the last line returned.
    pub fn span(&self) -> (u64, u64) {
        self.span
    }

    /// Reads up to the next non-blank line: its number and the length of its text (in
    /// `buffer`, without the line ending), or `None` at the end of the file. A read error
    /// ends the rows.
    fn next_text(&mut self) -> Option<std::result::Result<(usize, usize), Diagnostic>> {
        while !self.done {
            self.buffer.clear();
            let start = self.offset;
            match self.reader.read_until(b'\n', &mut self.buffer) {
                Ok(0) => return None,
                Ok(n) => {
                    self.line += 1;
                    self.offset += n as u64;
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(self.diagnostic(self.line + 1, e.to_string())));
                }
            }
            // As `Dataset::load` splits lines: a byte-order mark before the first line is
            // skipped, and a line that is not UTF-8 is reported while the next ones are read.
            if self.line == 1 && self.buffer.starts_with(b"\xef\xbb\xbf") {
                self.buffer.drain(..3);
            }
            let text = match std::str::from_utf8(&self.buffer) {
                Ok(text) => text,
                Err(e) => {
                    let message =
                        format!("not valid UTF-8 (byte {} of the line)", e.valid_up_to() + 1);
                    let d = self.diagnostic(self.line, message);
                    return Some(Err(d.with_hint("save the file as UTF-8")));
                }
            };
            let text = text.trim_end_matches('\n').trim_end_matches('\r');
            if !text.trim().is_empty() {
                self.span = (start, self.offset);
                return Some(Ok((self.line, text.len())));
            }
        }
        None
    }

    fn diagnostic(&self, line: usize, message: String) -> Diagnostic {
        Diagnostic::new(&self.path, Some(line), "-", message)
    }
}

impl<T: DeserializeOwned> Iterator for Rows<T> {
    type Item = std::result::Result<(usize, T), Diagnostic>;

    fn next(&mut self) -> Option<Self::Item> {
        Some(match self.next_text()? {
            Ok((line, len)) => {
                // `next_text` checked that these bytes are UTF-8.
                let text = std::str::from_utf8(&self.buffer[..len]).unwrap_or_default();
                jsonl::parse_line::<T>(&self.path, line, text).map(|item| (line, item))
            }
            Err(d) => Err(d),
        })
    }
}

/// Hashes `file` into `hasher` (as [`super::hash_part`] does with the whole file under
/// `name`) and parses every line, keeping only the count and the problems; `each` sees
/// every item with its 1-based line and byte range.
///
/// # Errors
/// [`Error::Io`] when the file cannot be read or changes length while it is read.
pub(super) fn scan<T: DeserializeOwned>(
    root: &Path,
    name: &str,
    hasher: &mut Sha256,
    mut each: impl FnMut(&T, usize, (u64, u64)),
) -> Result<(StreamedFile, Option<Diagnostics>)> {
    let path = root.join(name);
    let size = std::fs::metadata(&path)
        .map_err(|source| Error::io("reading", &path, source))?
        .len();
    hasher.update((name.len() as u64).to_le_bytes());
    hasher.update(name.as_bytes());
    hasher.update(size.to_le_bytes());
    let mut hashed = 0u64;
    let mut file =
        BufReader::new(File::open(&path).map_err(|source| Error::io("reading", &path, source))?);
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        let n = file
            .read(&mut chunk)
            .map_err(|source| Error::io("reading", &path, source))?;
        if n == 0 {
            break;
        }
        hasher.update(&chunk[..n]);
        hashed += n as u64;
    }
    if hashed != size {
        return Err(Error::usage(format!(
            "{} changed while it was read",
            path.display()
        )));
    }
    let mut count = 0;
    let mut problems = Diagnostics::new();
    let mut rows = Rows::<T>::open(&path)?;
    while let Some(row) = rows.next() {
        match row {
            Ok((line, item)) => {
                count += 1;
                each(&item, line, rows.span());
            }
            Err(d) => problems.push(d),
        }
    }
    let problems = (!problems.is_empty()).then_some(problems);
    Ok((StreamedFile { path, count }, problems))
}

#[cfg(test)]
mod tests {
    use super::super::Dataset;

    fn mini() -> std::path::PathBuf {
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/datasets/mini").into()
    }

    #[test]
    fn a_streamed_dataset_has_the_same_items_lines_and_hash_as_a_loaded_one() {
        let loaded = Dataset::load(mini()).unwrap();
        let streamed = Dataset::load_streaming(mini()).unwrap();
        assert!(streamed.qa.is_empty() && streamed.lines.qa.is_empty());
        assert_eq!(streamed.hash, loaded.hash);
        assert_eq!(streamed.qa_len(), loaded.qa.len());
        let rows: Vec<_> = streamed.qa_rows().unwrap().map(Result::unwrap).collect();
        let expected: Vec<_> = loaded.qa_rows().unwrap().map(Result::unwrap).collect();
        assert_eq!(rows, expected);
        assert_eq!(
            rows.iter().map(|(line, _)| *line).collect::<Vec<_>>(),
            loaded.lines.qa
        );
    }

    #[test]
    fn a_streamed_qa_file_reports_every_bad_line_like_a_loaded_one() {
        let tmp = tempfile::tempdir().unwrap();
        for entry in std::fs::read_dir(mini()).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, tmp.path().join(path.file_name().unwrap())).unwrap();
        }
        let qa = tmp.path().join("qa.jsonl");
        let mut text = std::fs::read_to_string(&qa).unwrap();
        text.push_str("\n{\"id\": \"x\"}\nnot json\n");
        std::fs::write(&qa, text).unwrap();
        let loaded = Dataset::load(tmp.path()).unwrap_err().to_string();
        let streamed = Dataset::load_streaming(tmp.path()).unwrap_err().to_string();
        assert_eq!(streamed, loaded);
        assert!(loaded.contains("missing field `question`"), "{loaded}");
    }

    fn mini_with_qa(qa: &[u8]) -> tempfile::TempDir {
        let tmp = tempfile::tempdir().unwrap();
        for entry in std::fs::read_dir(mini()).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, tmp.path().join(path.file_name().unwrap())).unwrap();
        }
        std::fs::write(tmp.path().join("qa.jsonl"), qa).unwrap();
        tmp
    }

    /// Issue 12, item 9 (found by the `dataset` fuzz target, tests/fuzz/): the streaming
    /// loader (`goldeval validate`, QA runs) refused a qa.jsonl starting with a UTF-8
    /// byte-order mark that `Dataset::load` accepts ("invalid JSON: expected value", no word
    /// of the mark), and stopped at the first line that is not UTF-8 with another message
    /// than `Dataset::load`'s. Both loaders now split lines alike.
    #[test]
    fn a_bom_and_a_line_that_is_not_utf8_are_read_as_dataset_load_reads_them() {
        let qa = std::fs::read(mini().join("qa.jsonl")).unwrap();
        let bom = mini_with_qa(&[&b"\xef\xbb\xbf"[..], &qa].concat());
        let streamed = Dataset::load_streaming(bom.path()).unwrap();
        assert_eq!(streamed.qa_len(), 4);
        assert!(crate::dataset::validate::validate(&streamed).is_empty());
        let rows: Vec<_> = streamed.qa_rows().unwrap().map(Result::unwrap).collect();
        assert_eq!(rows[0].1.id, "mq-1");

        let mut bad = qa.clone();
        bad.extend_from_slice(b"{\"id\": \"\xff\"}\nnot json\n");
        let bad = mini_with_qa(&bad);
        let loaded = Dataset::load(bad.path()).unwrap_err().to_string();
        let streamed = Dataset::load_streaming(bad.path()).unwrap_err().to_string();
        assert_eq!(streamed, loaded);
        assert!(
            streamed.contains("qa.jsonl:5: -: not valid UTF-8"),
            "{streamed}"
        );
        assert!(
            streamed.contains("qa.jsonl:6: -: invalid JSON"),
            "{streamed}"
        );
    }
}
