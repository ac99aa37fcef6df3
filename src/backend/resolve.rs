//! Turning `--backend NAME`s into backends: built-ins, configured entries, and `replay:FILE`.

use std::path::Path;
use std::sync::Arc;

use crate::config::{BackendEntry, CommandMode, Config, Kind};
use std::time::Duration;

use crate::backend::command::{self, CommandBackend};
use crate::backend::limits::Limited;
use crate::backend::openai::{self, OpenAi};
use crate::backend::{self, replay, Backend, Replay};
use crate::dataset::Dataset;
use crate::dataset::Task;
use crate::error::{Error, Result};
use crate::warning::Warning;

/// The selected backends, and warnings to show before the run.
pub struct Resolved {
    /// Backends in the order asked for, without duplicates.
    pub backends: Vec<Arc<dyn Backend>>,
    /// How each backend was asked for (`lead`, `my-model`, `replay:runs/a/items.jsonl`), in
    /// the same order; `--resume` resolves these again.
    pub selectors: Vec<String>,
    /// Things the user should know (recorded ids that are not in the dataset, ...).
    pub warnings: Vec<Warning>,
}

/// Resolves backend names. With no names, every configured backend runs, or every built-in
/// when the configuration defines none. A name is a built-in's, a configured entry's, or
/// `replay:PATH` (recorded outputs, no configuration needed).
///
/// # Errors
/// [`Error::Usage`] for an unknown name; errors loading recorded outputs.
pub fn resolve(names: &[String], config: &Config, dataset: &Dataset) -> Result<Resolved> {
    let defaults: Vec<String> = if config.backends.is_empty() {
        backend::builtins()
            .iter()
            .map(|b| b.name().to_string())
            .collect()
    } else {
        config.backends.iter().map(|b| b.name.clone()).collect()
    };
    let names = if names.is_empty() { &defaults } else { names };
    let mut resolved = Resolved {
        backends: Vec::new(),
        selectors: Vec::new(),
        warnings: Vec::new(),
    };
    for name in names {
        if resolved.selectors.contains(name) {
            continue;
        }
        let backend = one(name, config, dataset, &mut resolved.warnings)?;
        if let Some(i) = resolved
            .backends
            .iter()
            .position(|b| b.name() == backend.name())
        {
            return Err(Error::usage_hint(
                format!(
                    "--backend {} and --backend {} would both be named {:?}",
                    resolved.selectors[i],
                    name,
                    backend.name()
                ),
                "name one of them in goldeval.toml ([[backend]] name = \"...\", kind = \"replay\", path = \"...\")",
            ));
        }
        resolved.backends.push(backend);
        resolved.selectors.push(name.clone());
    }
    Ok(resolved)
}

fn one(
    name: &str,
    config: &Config,
    dataset: &Dataset,
    warnings: &mut Vec<Warning>,
) -> Result<Arc<dyn Backend>> {
    if let Some(path) = name.strip_prefix(replay::PREFIX) {
        let path = Path::new(path);
        return replay_backend(&replay_name(path)?, path, None, dataset, warnings);
    }
    if let Some(entry) = config.backend(name) {
        let backend = configured(entry, dataset, warnings)?;
        let limits = [
            entry.max_concurrency.is_some(),
            entry.max_retries.is_some(),
            entry.requests_per_minute.is_some(),
            entry.tokens_per_minute.is_some(),
        ];
        if !limits.contains(&true) {
            return Ok(backend);
        }
        return Ok(Arc::new(
            Limited::new(backend, entry.max_concurrency, entry.max_retries)
                .with_rates(entry.requests_per_minute, entry.tokens_per_minute),
        ));
    }
    builtin(name).ok_or_else(|| unknown(name, config))
}

fn builtin(name: &str) -> Option<Arc<dyn Backend>> {
    backend::builtins().into_iter().find(|b| b.name() == name)
}

fn unknown(name: &str, config: &Config) -> Error {
    let builtins: Vec<String> = backend::builtins()
        .iter()
        .map(|b| b.name().to_string())
        .collect();
    let configured: Vec<&str> = config.backends.iter().map(|b| b.name.as_str()).collect();
    let configured = match &config.path {
        Some(path) if !configured.is_empty() => {
            format!(
                "; configured in {}: {}",
                path.display(),
                configured.join(", ")
            )
        }
        _ => String::new(),
    };
    Error::usage_hint(
        format!("unknown backend \"{name}\""),
        format!(
            "known backends: {} (built-in){configured}; or replay:FILE for recorded outputs",
            builtins.join(", ")
        ),
    )
}

fn configured(
    entry: &BackendEntry,
    dataset: &Dataset,
    warnings: &mut Vec<Warning>,
) -> Result<Arc<dyn Backend>> {
    match entry.kind {
        Kind::Builtin => {
            let wanted = entry.builtin.as_deref().unwrap_or_default();
            let Some(b) = builtin(wanted) else {
                return Err(Error::usage(format!(
                    "backend \"{}\": unknown built-in \"{wanted}\" (`goldeval list backends` shows them)",
                    entry.name
                )));
            };
            Ok(Arc::new(Renamed {
                name: entry.name.clone(),
                inner: b,
            }))
        }
        Kind::Command => Ok(Arc::new(CommandBackend::new(command::Spec {
            name: entry.name.clone(),
            argv: entry.command.clone().unwrap_or_default(),
            mode: entry.mode.unwrap_or(CommandMode::PerItem),
            timeout: Duration::from_secs_f64(entry.timeout_secs.unwrap_or(60.0)),
            tasks: entry.tasks.clone().unwrap_or_else(|| Task::ALL.to_vec()),
            max_output_bytes: max_output_bytes(entry),
        }))),
        Kind::OpenAi => Ok(Arc::new(OpenAi::new(openai::Spec {
            name: entry.name.clone(),
            base_url: entry.base_url.clone().unwrap_or_default(),
            model: entry.model.clone().unwrap_or_default(),
            api_key_env: entry.api_key_env.clone(),
            temperature: entry.temperature,
            max_tokens: entry.max_tokens,
            seed: entry.seed,
            headers: entry.headers.clone().unwrap_or_default(),
            timeout: Duration::from_secs_f64(entry.timeout_secs.unwrap_or(120.0)),
            max_retry_after: entry
                .max_retry_after_secs
                .map_or(backend::DEFAULT_MAX_RETRY_AFTER, Duration::from_secs_f64),
            max_output_bytes: max_output_bytes(entry),
            prompts: openai::Prompts::from_entry(&entry.prompts.clone().unwrap_or_default()),
            prices: entry.prices,
            tasks: entry.tasks.clone().unwrap_or_else(|| Task::ALL.to_vec()),
        }))),
        Kind::Replay => {
            let path = entry.path.as_deref().unwrap_or(Path::new(""));
            replay_backend(
                &entry.name,
                path,
                entry.backend.as_deref(),
                dataset,
                warnings,
            )
        }
    }
}

fn max_output_bytes(entry: &BackendEntry) -> u64 {
    entry
        .max_output_bytes
        .unwrap_or(backend::DEFAULT_MAX_OUTPUT_BYTES)
}

/// The name of `--backend replay:PATH`: `replay:` and the file's name without its extension
/// (a run directory's own name; `items.jsonl` names its directory), so the name is safe to
/// become a golden's file name whatever the path.
///
/// # Errors
/// [`Error::Usage`] when that name is not a safe name.
fn replay_name(path: &Path) -> Result<String> {
    let is_journal = path
        .file_name()
        .is_some_and(|f| f == crate::record::files::ITEMS);
    let named = if is_journal {
        path.parent().unwrap_or(path)
    } else {
        path
    };
    let stem = if named.is_dir() {
        named.file_name()
    } else {
        named.file_stem()
    };
    let stem = stem.map(|s| s.to_string_lossy()).unwrap_or_default();
    let name = format!("{}{stem}", replay::PREFIX);
    let checked = if stem.is_empty() {
        Err("the path has no file name".to_string())
    } else {
        crate::config::check_name(&name)
    };
    checked.map_err(|why| {
        Error::usage_hint(
            format!("cannot name the replay of {}: {why}", path.display()),
            "rename the file, or name the replay in goldeval.toml ([[backend]] name = \"...\", kind = \"replay\", path = \"...\")",
        )
    })?;
    Ok(name)
}

fn replay_backend(
    name: &str,
    path: &Path,
    backend: Option<&str>,
    dataset: &Dataset,
    warnings: &mut Vec<Warning>,
) -> Result<Arc<dyn Backend>> {
    let mut replay = Replay::load(name, path, backend)?;
    let unknown = replay.bind(dataset);
    if !unknown.is_empty() {
        warnings.push(Warning::UnknownRecordedIds {
            backend: format!("{name} ({})", path.display()),
            dataset: dataset.manifest.name.clone(),
            count: unknown.len(),
            shown: unknown.iter().take(10).cloned().collect(),
        });
    }
    Ok(Arc::new(replay))
}

/// A built-in under a configured name.
struct Renamed {
    name: String,
    inner: Arc<dyn Backend>,
}

impl Backend for Renamed {
    fn name(&self) -> &str {
        &self.name
    }
    fn describe(&self) -> String {
        format!(
            "{} (built-in `{}`)",
            self.inner.describe(),
            self.inner.name()
        )
    }
    fn supports(&self, task: crate::dataset::Task) -> bool {
        self.inner.supports(task)
    }
    fn call(&self, request: &crate::backend::Request) -> crate::backend::Response {
        self.inner.call(request)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mini() -> Dataset {
        Dataset::load(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/datasets/mini"
        ))
        .unwrap()
    }

    fn names(r: &Resolved) -> Vec<&str> {
        r.backends.iter().map(|b| b.name()).collect()
    }

    #[test]
    fn defaults_are_builtins_without_config_and_configured_backends_with_it() {
        let dataset = mini();
        let none = resolve(&[], &Config::default(), &dataset).unwrap();
        assert_eq!(
            names(&none),
            ["lead", "textrank", "oracle", "extractive-qa"]
        );
        let config = Config::parse(
            Path::new("goldeval.toml"),
            "[[backend]]\nname = \"first\"\nkind = \"builtin\"\nbuiltin = \"lead\"\n",
            &backend::BUILTIN_NAMES,
        )
        .unwrap();
        let some = resolve(&[], &config, &dataset).unwrap();
        assert_eq!(names(&some), ["first"]);
        let asked = [
            "textrank".to_string(),
            "first".to_string(),
            "textrank".to_string(),
        ];
        let both = resolve(&asked, &config, &dataset).unwrap();
        assert_eq!(names(&both), ["textrank", "first"]);
    }

    #[test]
    fn unknown_names_list_what_is_known() {
        let error = resolve(&["nope".to_string()], &Config::default(), &mini())
            .err()
            .unwrap()
            .to_string();
        assert!(error.contains("unknown backend \"nope\""), "{error}");
        assert!(error.contains("lead, textrank"), "{error}");
        assert!(error.contains("replay:FILE"), "{error}");
    }
}
