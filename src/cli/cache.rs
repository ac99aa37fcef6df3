//! `goldeval cache stats|clear|explain`: look into the response cache.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use crate::config::Config;
use crate::dataset::Task;
use crate::error::{exit, Error, Result};
use crate::run::{plan, Cache, Job};

/// The cache `goldeval run` uses: `$GOLDEVAL_CACHE_DIR`, else the user cache directory.
pub(super) fn open() -> Option<Cache> {
    Cache::default_root(&|name| std::env::var(name).ok()).map(Cache::new)
}

fn open_or_fail() -> Result<Cache> {
    open().ok_or_else(|| {
        Error::usage_hint(
            "no cache directory: neither GOLDEVAL_CACHE_DIR, XDG_CACHE_HOME nor HOME is set",
            "set GOLDEVAL_CACHE_DIR=/some/dir",
        )
    })
}

/// Arguments of `goldeval cache`.
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  goldeval cache stats
  goldeval cache explain xq-001 --backend my-model
  GOLDEVAL_CACHE_DIR=/tmp/c goldeval cache clear

The cache holds one file per successful response of an openai backend, named by the
SHA-256 of its key: backend kind, model and parameters, prompt template and the rendered
request (never the API key or headers). Errors are never cached.")]
pub struct CacheArgs {
    #[command(subcommand)]
    action: Action,
}

#[derive(Debug, Subcommand)]
enum Action {
    /// Print the cache directory, its number of entries and their size.
    Stats,
    /// Delete every entry.
    Clear,
    /// Show the key parts of one item's request to one backend, and whether it is cached.
    Explain(ExplainArgs),
}

#[derive(Debug, Args)]
struct ExplainArgs {
    /// The item id (a QA or summary item of the dataset).
    item: String,
    /// The backend, as for `goldeval run --backend`.
    #[arg(long, value_name = "NAME")]
    backend: String,
    /// Dataset directory.
    #[arg(long, value_name = "DIR", default_value = super::run::DEFAULT_DATASET)]
    dataset: PathBuf,
    /// Configuration file. Default: ./goldeval.toml when it exists.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Which repeat of a `--repeat N` run (0-based; each repeat has its own entry).
    #[arg(long, value_name = "R", default_value_t = 0)]
    repeat: u32,
}

/// Runs `goldeval cache`.
///
/// # Errors
/// Usage errors (no cache directory, unknown item or backend), I/O errors.
pub fn execute(args: &CacheArgs) -> Result<u8> {
    let cache = open_or_fail()?;
    match &args.action {
        Action::Stats => {
            let stats = cache.stats()?;
            super::out(&format!(
                "cache: {}\nentries: {}\nbytes: {}\n",
                cache.root().display(),
                stats.entries,
                stats.bytes
            ));
        }
        Action::Clear => {
            let n = cache.clear()?;
            super::out(&format!(
                "removed {n} entries from {}\n",
                cache.root().display()
            ));
        }
        Action::Explain(e) => explain(&cache, e)?,
    }
    Ok(exit::OK)
}

fn explain(cache: &Cache, args: &ExplainArgs) -> Result<()> {
    let config = Config::discover(args.config.as_deref(), &crate::backend::BUILTIN_NAMES)?;
    let dataset = crate::dataset::Dataset::load_valid(&args.dataset)?;
    let resolved = crate::backend::resolve(std::slice::from_ref(&args.backend), &config, &dataset)?;
    let Some(backend) = resolved.backends.first() else {
        return Err(Error::usage(format!(
            "unknown backend \"{}\"",
            args.backend
        )));
    };
    let job = find(&dataset, &args.item)?;
    let documents: Vec<_> = dataset
        .documents
        .iter()
        .cloned()
        .map(std::sync::Arc::new)
        .collect();
    let request = plan::request(&dataset, &documents, &job);
    let Some(key) = crate::run::cache_key(backend.as_ref(), &request, args.repeat) else {
        super::out(&format!(
            "backend `{}` is never cached (only openai backends are: built-ins and replay are \
             cheap and deterministic, and a command's program may change unseen)\n",
            backend.name()
        ));
        return Ok(());
    };
    let path = cache.path_of(&key);
    let mut text = format!(
        "item: {}\nbackend: {}\nkey: sha256:{}\nfile: {}\ncached: {}\nparts:\n",
        args.item,
        backend.name(),
        key.digest(),
        path.display(),
        if cache.get(&key).is_some() {
            "yes"
        } else {
            "no"
        }
    );
    for (name, value) in &key.parts {
        let short: String = value.chars().take(160).collect();
        let more = value.chars().count().saturating_sub(160);
        let more = if more > 0 {
            format!(" … ({more} more characters)")
        } else {
            String::new()
        };
        text.push_str(&format!("  {name}: {short:?}{more}\n"));
    }
    super::out(&text);
    Ok(())
}

/// The job of item `id` (backend index 0).
fn find(dataset: &crate::dataset::Dataset, id: &str) -> Result<Job> {
    let summary = dataset.summaries.iter().position(|s| s.id == id);
    let qa = dataset.qa.iter().position(|q| q.id == id);
    let (task, item) = match (summary, qa) {
        (Some(i), _) => (Task::Summarize, i),
        (None, Some(i)) => (Task::Answer, i),
        (None, None) => {
            return Err(Error::usage(format!(
                "no item \"{id}\" in dataset {}",
                dataset.manifest.name
            )))
        }
    };
    Ok(Job {
        task,
        item,
        backend: 0,
    })
}
