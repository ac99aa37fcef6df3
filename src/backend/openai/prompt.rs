//! Prompt templates: `{documents}` and `{question}` placeholders, substituted in one pass.

use crate::config::PromptsEntry;

use crate::backend::Request;

/// The system message and the user message template of each task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompts {
    /// The system message (no placeholders).
    pub system: String,
    /// The user message for `summarize`; `{documents}` is replaced.
    pub summarize: String,
    /// The user message for `answer`; `{documents}` and `{question}` are replaced.
    pub answer: String,
}

/// The system message used unless configured.
pub const DEFAULT_SYSTEM: &str =
    "You are a careful assistant. Use only the documents you are given; do not add facts.";

/// The `summarize` template used unless configured.
pub const DEFAULT_SUMMARIZE: &str = "Summarize the news documents below in 3 to 5 sentences. \
Write one sentence per line. State only facts found in the documents, with their figures and \
dates.\n\n{documents}";

/// The `answer` template used unless configured.
pub const DEFAULT_ANSWER: &str = "Answer the question using only the documents below. Answer \
briefly: a few words, a number or a date, with no explanation. If the documents do not state \
the answer, reply exactly: not stated\n\n{documents}\n\nQuestion: {question}\nAnswer:";

/// What a model says to abstain under the default `answer` template.
pub const ABSTAIN: &str = "not stated";

impl Default for Prompts {
    fn default() -> Self {
        Prompts {
            system: DEFAULT_SYSTEM.to_string(),
            summarize: DEFAULT_SUMMARIZE.to_string(),
            answer: DEFAULT_ANSWER.to_string(),
        }
    }
}

impl Prompts {
    /// The prompts of a `prompts` entry, defaults filled in.
    pub fn from_entry(entry: &PromptsEntry) -> Prompts {
        let d = Prompts::default();
        Prompts {
            system: entry.system.clone().unwrap_or(d.system),
            summarize: entry.summarize.clone().unwrap_or(d.summarize),
            answer: entry.answer.clone().unwrap_or(d.answer),
        }
    }
}

impl Prompts {
    /// The user message for `request`.
    pub fn render(&self, request: &Request) -> String {
        let template = match request.task {
            crate::dataset::Task::Summarize => &self.summarize,
            crate::dataset::Task::Answer => &self.answer,
        };
        let documents = documents(request);
        let question = request.question.as_deref().unwrap_or_default();
        substitute(
            template,
            &[("documents", &documents), ("question", question)],
        )
    }
}

/// The documents as numbered blocks: `[1] Title (Outlet, 2025-05-08)` then the text.
fn documents(request: &Request) -> String {
    let blocks: Vec<String> = request
        .documents
        .iter()
        .enumerate()
        .map(|(i, d)| {
            format!(
                "[{}] {} ({}, {})\n{}",
                i + 1,
                d.title,
                d.outlet,
                d.published,
                d.text.trim()
            )
        })
        .collect();
    blocks.join("\n\n")
}

/// Replaces `{name}` for each pair in one left-to-right pass, so a substituted text that
/// itself contains `{question}` is left alone. Other braces are kept as written.
pub fn substitute(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let hit = values
            .iter()
            .find(|(name, _)| after.starts_with(name) && after[name.len()..].starts_with('}'));
        match hit {
            Some((name, value)) => {
                out.push_str(value);
                rest = &after[name.len() + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::dataset::Document;
    use crate::dataset::Task;

    #[test]
    fn substitution_is_one_pass_and_keeps_other_braces() {
        let out = substitute("{a} and {b} {c} {", &[("a", "{b}"), ("b", "B")]);
        assert_eq!(out, "{b} and B {c} {");
    }

    #[test]
    fn the_default_answer_prompt_holds_documents_and_question_but_no_references() {
        let request = Request {
            item_id: "q".into(),
            task: Task::Answer,
            documents: vec![Arc::new(Document {
                id: "d1".into(),
                title: "Talks".into(),
                published: "2025-05-08".into(),
                outlet: "Wire".into(),
                text: "They met.\n".into(),
            })],
            question: Some("Who met?".into()),
            references: vec!["SECRET REFERENCE".into()],
        };
        let text = Prompts::default().render(&request);
        assert!(
            text.contains("[1] Talks (Wire, 2025-05-08)\nThey met.\n\nQuestion: Who met?\nAnswer:"),
            "{text}"
        );
        assert!(!text.contains("SECRET"));
    }
}
