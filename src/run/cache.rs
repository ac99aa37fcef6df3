//! The response cache: content-addressed files, one per successful response.
//!
//! An entry lives at `<root>/v1/<first 2 hex digits>/<sha256>.json` and holds the key's parts
//! (so `goldeval cache explain` can show what went into it) and the output. The digest comes
//! from [`CacheKey`]: backend kind, model, parameters, prompt template and rendered request,
//! never the API key or headers. Errors are never cached. A lookup checks that the stored
//! parts equal the key's, so a damaged or foreign file is a miss, not a wrong answer. Entries
//! are written atomically (a randomly named temporary file, then a rename; not synced), with
//! no lock, so concurrent runs may share a cache, on one machine or many (a network
//! filesystem shared by shards). Two writers of one key both write a whole entry; the last
//! rename wins.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::backend::{CacheKey, Output, Response};
use crate::error::{Error, Result};

/// The directory layout version under the cache root.
const LAYOUT: &str = "v1";

/// A cache directory.
#[derive(Debug, Clone)]
pub struct Cache {
    root: PathBuf,
}

/// One stored response.
#[derive(Debug, Serialize, Deserialize)]
struct Entry {
    parts: Vec<(String, String)>,
    output: Output,
}

/// Size of a cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Stats {
    /// Stored responses.
    pub entries: u64,
    /// Their total size in bytes.
    pub bytes: u64,
}

impl Cache {
    /// The cache rooted at `root` (created on first write).
    pub fn new(root: impl Into<PathBuf>) -> Cache {
        Cache { root: root.into() }
    }

    /// The default root: `$GOLDEVAL_CACHE_DIR` if set, else `$XDG_CACHE_HOME/goldeval`, else
    /// `$HOME/.cache/goldeval` (`$HOME/Library/Caches/goldeval` on macOS). The caller passes
    /// the variables, so the library never reads the environment itself.
    pub fn default_root(var: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
        let set = |name: &str| var(name).filter(|v| !v.is_empty()).map(PathBuf::from);
        if let Some(dir) = set("GOLDEVAL_CACHE_DIR") {
            return Some(dir);
        }
        if let Some(dir) = set("XDG_CACHE_HOME") {
            return Some(dir.join("goldeval"));
        }
        let home = set("HOME")?;
        if cfg!(target_os = "macos") {
            Some(home.join("Library/Caches/goldeval"))
        } else {
            Some(home.join(".cache/goldeval"))
        }
    }

    /// The root directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where the entry for `key` is (or would be) stored.
    pub fn path_of(&self, key: &CacheKey) -> PathBuf {
        let digest = key.digest();
        self.root
            .join(LAYOUT)
            .join(&digest[..2])
            .join(format!("{digest}.json"))
    }

    /// The stored output for `key`, if there is a valid entry.
    pub fn get(&self, key: &CacheKey) -> Option<Output> {
        let bytes = std::fs::read(self.path_of(key)).ok()?;
        let entry: Entry = serde_json::from_slice(&bytes).ok()?;
        (entry.parts == key.parts).then_some(entry.output)
    }

    /// Stores `output` for `key`.
    ///
    /// # Errors
    /// [`Error::Io`] when the entry cannot be written.
    pub fn put(&self, key: &CacheKey, output: &Output) -> Result<()> {
        let path = self.path_of(key);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Error::io("creating directory", dir, e))?;
        }
        let entry = Entry {
            parts: key.parts.clone(),
            output: output.clone(),
        };
        let bytes = serde_json::to_vec(&entry).map_err(|source| Error::Serialize {
            what: path.display().to_string(),
            source,
        })?;
        // A temporary file with a random name (created exclusively, so no two writers ever
        // share one, even across machines whose processes have the same pid), renamed over
        // the entry: readers see no entry or a whole one. Not synced: an entry survives the
        // process being killed (what resume relies on); after a power loss a torn entry is a
        // miss. A writer killed before the rename leaves a dot-file nothing reads.
        let dir = path.parent().unwrap_or(&self.root);
        let io = |e: std::io::Error| Error::io("writing", &path, e);
        let mut builder = tempfile::Builder::new();
        builder.prefix(".entry-").suffix(".tmp");
        #[cfg(unix)]
        {
            // Like a plain file (0666 less the umask), not tempfile's 0600: a cache shared by
            // several users or pods must stay readable to them.
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        let mut tmp = builder.tempfile_in(dir).map_err(io)?;
        std::io::Write::write_all(&mut tmp, &bytes).map_err(io)?;
        tmp.persist(&path).map(|_| ()).map_err(|e| io(e.error))
    }

    /// The response to a request whose cache key is `key`: the stored output when `cache`
    /// holds one (with `T::default()` and `true`), else `call()`'s response, stored when it
    /// succeeded (with `call`'s extra result and `false`). A cache that cannot be written
    /// only costs a repeated request next time.
    pub fn respond<T: Default>(
        cache: Option<&Cache>,
        key: Option<&CacheKey>,
        call: impl FnOnce() -> (Response, T),
    ) -> (Response, T, bool) {
        let (cache, key) = match cache.zip(key) {
            Some((cache, key)) => (cache, key),
            None => {
                let (response, extra) = call();
                return (response, extra, false);
            }
        };
        if let Some(output) = cache.get(key) {
            let response = Response {
                result: Ok(output),
                latency: std::time::Duration::ZERO,
            };
            return (response, T::default(), true);
        }
        let (response, extra) = call();
        if let Ok(output) = &response.result {
            let _ = cache.put(key, output);
        }
        (response, extra, false)
    }

    /// Counts the entries and their bytes.
    ///
    /// # Errors
    /// [`Error::Io`] when a directory cannot be read.
    pub fn stats(&self) -> Result<Stats> {
        let mut stats = Stats::default();
        for path in self.entries()? {
            let len = std::fs::metadata(&path).map_or(0, |m| m.len());
            stats.entries += 1;
            stats.bytes += len;
        }
        Ok(stats)
    }

    /// Deletes every entry; returns how many there were.
    ///
    /// # Errors
    /// [`Error::Io`] when the cache cannot be read or removed.
    pub fn clear(&self) -> Result<u64> {
        let n = self.entries()?.len() as u64;
        let dir = self.root.join(LAYOUT);
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(|e| Error::io("removing", &dir, e))?;
        }
        Ok(n)
    }

    fn entries(&self) -> Result<Vec<PathBuf>> {
        let dir = self.root.join(LAYOUT);
        let mut out = Vec::new();
        if !dir.exists() {
            return Ok(out);
        }
        let read = |d: &Path| std::fs::read_dir(d).map_err(|e| Error::io("reading", d, e));
        for shard in read(&dir)? {
            let shard = shard.map_err(|e| Error::io("reading", &dir, e))?.path();
            if !shard.is_dir() {
                continue;
            }
            for file in read(&shard)? {
                let file = file.map_err(|e| Error::io("reading", &shard, e))?.path();
                let temporary = file
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'));
                if file.extension().is_some_and(|e| e == "json") && !temporary {
                    out.push(file);
                }
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn put_get_stats_and_clear() {
        let tmp = tempfile::tempdir().unwrap();
        let cache = Cache::new(tmp.path());
        let key = CacheKey::default().with("kind", "test").with("prompt", "p");
        assert_eq!(cache.get(&key), None);
        cache.put(&key, &Output::text("hello")).unwrap();
        assert_eq!(cache.get(&key), Some(Output::text("hello")));
        let other = CacheKey::default().with("kind", "test").with("prompt", "q");
        assert_eq!(cache.get(&other), None);
        assert_eq!(cache.stats().unwrap().entries, 1);
        // A damaged entry is a miss.
        std::fs::write(cache.path_of(&key), b"{").unwrap();
        assert_eq!(cache.get(&key), None);
        assert_eq!(cache.clear().unwrap(), 1);
        assert_eq!(cache.stats().unwrap(), Stats::default());
    }

    /// Many writers of one key (threads here; processes on other machines are the same to
    /// the filesystem) leave one whole entry and no temporary file, readable like a plain
    /// file. Regression test for issue 16 (shared caches on network filesystems).
    #[test]
    fn concurrent_writers_of_one_key_leave_one_whole_entry() {
        let tmp = tempfile::tempdir().unwrap();
        let cache = Cache::new(tmp.path());
        let key = CacheKey::default().with("kind", "test").with("prompt", "p");
        std::thread::scope(|scope| {
            for i in 0..16 {
                let (cache, key) = (&cache, &key);
                scope.spawn(move || {
                    for j in 0..20 {
                        let text = format!("writer {i} try {j} ").repeat(200);
                        cache.put(key, &Output::text(text)).unwrap();
                    }
                });
            }
        });
        let got = cache.get(&key).unwrap().text;
        assert!(got.starts_with("writer ") && got.len() > 2_000, "{got}");
        let dir = cache.path_of(&key).parent().unwrap().to_path_buf();
        let names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let plain = tmp.path().join("plain");
            std::fs::write(&plain, b"x").unwrap();
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode();
            assert_eq!(
                mode(&cache.path_of(&key)),
                mode(&plain),
                "as the umask says"
            );
        }
    }

    #[test]
    fn the_default_root_follows_the_environment() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| (*v).to_string())
            }
        };
        let root = |pairs| Cache::default_root(&env(pairs));
        assert_eq!(
            root(&[("GOLDEVAL_CACHE_DIR", "/c"), ("HOME", "/h")]),
            Some(PathBuf::from("/c"))
        );
        assert_eq!(
            root(&[("XDG_CACHE_HOME", "/x"), ("HOME", "/h")]),
            Some(PathBuf::from("/x/goldeval"))
        );
        assert_eq!(root(&[]), None);
    }
}
