//! File reports chosen by extension (`-o report.html -o results.junit.xml …`).

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::record::write_atomic;
use crate::report::model::Report;
use crate::report::{flat, html, junit, markdown};

/// A report format, from a file name's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `.json`: the whole report.
    Json,
    /// `.jsonl`: one line per item.
    Jsonl,
    /// `.csv`: one row per metric column.
    Csv,
    /// `.md`: Markdown tables.
    Markdown,
    /// `.junit.xml`: JUnit XML.
    Junit,
    /// `.html`: a self-contained page.
    Html,
}

impl Format {
    /// The format of `path`, by its extension.
    ///
    /// # Errors
    /// [`Error::Usage`] for an unknown extension.
    pub fn of(path: &Path) -> Result<Format> {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        let formats = [
            (".junit.xml", Format::Junit),
            (".jsonl", Format::Jsonl),
            (".json", Format::Json),
            (".csv", Format::Csv),
            (".md", Format::Markdown),
            (".html", Format::Html),
            (".htm", Format::Html),
        ];
        formats
            .iter()
            .find(|(ext, _)| name.ends_with(ext))
            .map(|(_, f)| *f)
            .ok_or_else(|| {
                Error::usage_hint(
                    format!("-o {}: unknown report format", path.display()),
                    "use one of .json, .jsonl, .csv, .md, .junit.xml, .html",
                )
            })
    }

    /// Renders `report` in this format.
    ///
    /// # Errors
    /// [`Error::Serialize`] for the JSON formats (a bug).
    pub fn render(self, report: &Report) -> Result<String> {
        Ok(match self {
            Format::Json => flat::json(report)?,
            Format::Jsonl => flat::jsonl(report)?,
            Format::Csv => flat::csv(report),
            Format::Markdown => markdown::render(report),
            Format::Junit => junit::render(report),
            Format::Html => html::render(report),
        })
    }
}

/// Checks every path's format before any work is done.
///
/// # Errors
/// [`Error::Usage`] naming the first path with an unknown extension.
pub fn formats(paths: &[PathBuf]) -> Result<Vec<(PathBuf, Format)>> {
    paths
        .iter()
        .map(|p| Ok((p.clone(), Format::of(p)?)))
        .collect()
}

/// Writes `report` to every path, each atomically.
///
/// # Errors
/// [`Error::Io`] naming the path.
pub fn write_all(report: &Report, outputs: &[(PathBuf, Format)]) -> Result<()> {
    for (path, format) in outputs {
        write_atomic(path, format.render(report)?.as_bytes())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::Format;
    use std::path::Path;

    #[test]
    fn formats_come_from_extensions() {
        assert_eq!(
            Format::of(Path::new("a/r.junit.xml")).unwrap(),
            Format::Junit
        );
        assert_eq!(Format::of(Path::new("R.JSONL")).unwrap(), Format::Jsonl);
        assert_eq!(Format::of(Path::new("r.json")).unwrap(), Format::Json);
        assert!(Format::of(Path::new("r.xml")).is_err());
    }
}
