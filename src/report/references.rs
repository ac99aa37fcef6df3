//! The gold side of each item for file reports: a summary item's references, a QA item's
//! question and accepted answers. Read from the dataset a run names in run.json, and only
//! when that dataset still has the content hash the run recorded (a report never shows a
//! reference the run was not scored against).

use std::collections::BTreeMap;
use std::path::Path;

use crate::dataset::Dataset;
use crate::dataset::Task;
use crate::record::DatasetRef;

/// Gold text per (task, item id).
#[derive(Debug, Clone, Default)]
pub struct References {
    texts: BTreeMap<(Task, String), String>,
}

impl References {
    /// The references of the dataset at `dataset.path` (relative to the working directory).
    ///
    /// # Errors
    /// A sentence saying why there are none: the dataset cannot be loaded, or its content
    /// changed since the run.
    pub fn of_dataset(dataset: &DatasetRef) -> Result<References, String> {
        let loaded = Dataset::load(Path::new(&dataset.path))
            .map_err(|e| format!("no references in the report: {e}"))?;
        if loaded.hash != dataset.hash {
            return Err(format!(
                "no references in the report: dataset {} changed since the run ({} → {})",
                dataset.path, dataset.hash, loaded.hash
            ));
        }
        Ok(References::from_dataset(&loaded))
    }

    /// The references of a loaded dataset.
    pub fn from_dataset(dataset: &Dataset) -> References {
        let mut texts = BTreeMap::new();
        for s in &dataset.summaries {
            let text = s.references.join("\n\n");
            texts.insert((Task::Summarize, s.id.clone()), text);
        }
        for q in &dataset.qa {
            let answers = if q.answers.is_empty() {
                "(no answer: abstain)".to_string()
            } else {
                q.answers.join(" | ")
            };
            let text = format!("Q: {}\nA: {answers}", q.question);
            texts.insert((Task::Answer, q.id.clone()), text);
        }
        References { texts }
    }

    /// The gold text of one item.
    pub fn get(&self, task: Task, id: &str) -> Option<&str> {
        self.texts.get(&(task, id.to_string())).map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::References;
    use crate::dataset::Dataset;
    use crate::dataset::Task;

    #[test]
    fn summaries_and_questions_have_their_gold_text() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let dataset = Dataset::load(root.join("tests/fixtures/datasets/mini")).unwrap();
        let refs = References::from_dataset(&dataset);
        let s = &dataset.summaries[0];
        assert_eq!(
            refs.get(Task::Summarize, &s.id),
            Some(s.references.join("\n\n").as_str())
        );
        let q = &dataset.qa[0];
        let text = refs.get(Task::Answer, &q.id).unwrap();
        assert!(
            text.starts_with(&format!("Q: {}\nA: ", q.question)),
            "{text}"
        );
        assert_eq!(refs.get(Task::Answer, "no-such-id"), None);
    }
}
