//! `extractive-qa`: answers a question with a typed span copied from the documents, or
//! abstains.
//!
//! Pipeline (every step is deterministic; ties go to the earlier sentence, then the earlier
//! span):
//! 1. **Question analysis** (`question`): the expected answer type from the wh-phrase and
//!    its key noun (count, amount, length, ordinal, date at some level of detail, person,
//!    place, other name, phrase), the retrieval terms (content words without the words that
//!    only set the type), and the years the question mentions.
//! 2. **Retrieval**: every sentence of the request's documents is a passage; passages are
//!    ranked with Okapi BM25 (`k1 = 1.2`, `b = 0.75`) over the prefix stems of their content
//!    words (`reaffirmed` matches `reaffirm`, `Feb.` matches `February`).
//! 3. **Confidence check**: the *coverage* of a passage is the share of the query's IDF mass
//!    it contains. When the best passage's coverage is below [`ExtractiveQa::min_coverage`]
//!    the documents are taken not to discuss the question and the backend abstains; other
//!    passages below [`ExtractiveQa::min_passage_coverage`] or below half the best
//!    passage's coverage are not searched, so an answer never comes from a sentence that
//!    shares only a name or two with the question.
//! 4. **Year check**: when the question names a year, a passage that names other years but
//!    not that one is dropped (it is about another year: "trade in 2023" is not answered by
//!    "trade in 2024").
//! 5. **Extraction** (`candidates`): the top [`ExtractiveQa::top_passages`] remaining passages
//!    scoring at least [`ExtractiveQa::min_relative_score`] of the best yield typed spans:
//!    dates, numbers (counts with units, money, percentages, durations, ordinals),
//!    capitalized names, quotations and appositives. A one-word name that only starts the
//!    sentence (`Sensitive subjects ...`) is dropped when the documents also use the word in
//!    lowercase.
//! 6. **Scoring** (`fit`): spans the answer type cannot accept, and spans that only repeat
//!    the question, are dropped. The rest score `passage score / best score + 1.5 ×
//!    proximity + type bonus`, where proximity is the share of the query's IDF mass found
//!    within six tokens of the span.
//! 7. **Answer or abstain**: the best span's text is the answer; with no acceptable span the
//!    backend abstains ([`Output::abstain`]), because a plausible question whose answer type
//!    never occurs near its words is most likely not answered by the documents.

mod candidates;
mod date;
mod fit;
mod name;
mod number;
mod question;
mod reading;
mod span;
mod token;

use std::collections::BTreeSet;
use std::sync::Arc;

use crate::backend::passage::{passages, Passage};
use crate::backend::{Backend, BackendError, Output, Request, Response};
use crate::dataset::Document;
use crate::dataset::Task;
use crate::text::bm25::{Bm25, Bm25Params};
use crate::text::words::{content_terms, prefix_stem};

use self::candidates::candidates;
use self::fit::fit;
use self::question::{is_year, Question};
use self::span::{Span, SpanKind};
use self::token::{tokenize, Token};

/// Tokens on either side of a span searched for question words.
const PROXIMITY_WINDOW: usize = 6;

/// Weight of proximity in a candidate's score.
const PROXIMITY_WEIGHT: f64 = 1.5;

/// Version of the extractive-qa rules (retrieval, answer types, span extraction): bumped
/// whenever an answer could change. `qa_coverage` names it in its signature.
pub const EXTRACTIVE_QA_VERSION: u32 = 2;

/// The extractive question-answering baseline and its parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ExtractiveQa {
    /// How many of the best passages are searched for answers.
    pub top_passages: usize,
    /// A passage is searched only if its score is at least this share of the best score.
    pub min_relative_score: f64,
    /// Abstain when the best passage holds less than this share of the query's IDF mass.
    pub min_coverage: f64,
    /// Any other passage is searched only if it holds at least this share, and at least
    /// half the best passage's coverage.
    pub min_passage_coverage: f64,
}

impl Default for ExtractiveQa {
    fn default() -> Self {
        ExtractiveQa {
            top_passages: 5,
            min_relative_score: 0.3,
            min_coverage: 0.3,
            min_passage_coverage: 0.2,
        }
    }
}

/// A passage chosen for extraction, with its retrieval score.
struct Retrieved<'a> {
    passage: &'a Passage,
    score: f64,
}

/// An answer candidate.
struct Candidate {
    score: f64,
    text: String,
}

impl ExtractiveQa {
    /// Answers `question` from `documents`, or abstains.
    pub fn answer(&self, question: &str, documents: &[Arc<Document>]) -> Output {
        let question = Question::parse(question);
        let passages = passages(documents);
        let terms: Vec<Vec<String>> = passages.iter().map(|p| stems(&p.line)).collect();
        let index = Bm25::new(&terms, Bm25Params::default());
        let retrieved = self.retrieve(&question, &passages, &terms, &index);
        let lowercase = lowercase_words(&passages);
        let context = Context {
            question: &question,
            index: &index,
            lowercase: &lowercase,
        };
        let top_score = retrieved.first().map_or(0.0, |r| r.score);
        let best = retrieved
            .iter()
            .filter_map(|r| best_in(&context, r, top_score))
            .fold(None, |best: Option<Candidate>, c| match best {
                Some(b) if b.score >= c.score => Some(b),
                _ => Some(c),
            });
        best.map_or_else(Output::abstain, |c| Output::text(c.text))
    }

    /// The passages to search, best first; empty when retrieval is not confident.
    fn retrieve<'a>(
        &self,
        question: &Question,
        passages: &'a [Passage],
        terms: &[Vec<String>],
        index: &Bm25,
    ) -> Vec<Retrieved<'a>> {
        let scores = index.scores(&question.terms);
        let mut order: Vec<usize> = (0..passages.len()).filter(|&i| scores[i] > 0.0).collect();
        order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
        let Some(&top) = order.first() else {
            return Vec::new();
        };
        let top_coverage = coverage(question, &terms[top], index);
        if top_coverage < self.min_coverage {
            return Vec::new();
        }
        let floor = self.min_passage_coverage.max(top_coverage / 2.0);
        order
            .into_iter()
            .filter(|&i| scores[i] >= self.min_relative_score * scores[top])
            .filter(|&i| coverage(question, &terms[i], index) >= floor)
            .filter(|&i| !other_year(question, &passages[i].line))
            .take(self.top_passages)
            .map(|i| Retrieved {
                passage: &passages[i],
                score: scores[i],
            })
            .collect()
    }
}

/// What scoring a passage needs besides the passage.
struct Context<'a> {
    question: &'a Question,
    index: &'a Bm25,
    lowercase: &'a BTreeSet<String>,
}

/// The best candidate in one passage.
fn best_in(context: &Context<'_>, retrieved: &Retrieved<'_>, top_score: f64) -> Option<Candidate> {
    let Context {
        question, index, ..
    } = *context;
    let sentence = retrieved.passage.line.as_str();
    let tokens = tokenize(sentence);
    let relevance = retrieved.score / top_score;
    let mut best: Option<Candidate> = None;
    for span in candidates(sentence, &tokens) {
        if capitalized_common_word(&span, &tokens, context.lowercase) {
            continue;
        }
        let Some(found) = fit(question, &span, &tokens, sentence) else {
            continue;
        };
        let near = proximity(question, index, &tokens, span.first, span.last);
        let score = relevance + PROXIMITY_WEIGHT * near + found.bonus;
        if best.as_ref().is_none_or(|b| score > b.score) {
            best = Some(Candidate {
                score,
                text: sentence[found.start..found.end].to_string(),
            });
        }
    }
    best
}

/// Every word that occurs in lowercase somewhere in `passages`.
fn lowercase_words(passages: &[Passage]) -> BTreeSet<String> {
    passages
        .iter()
        .flat_map(|p| {
            tokenize(&p.line)
                .into_iter()
                .map(|t| t.text.to_string())
                .collect::<Vec<_>>()
        })
        .filter(|w| w.starts_with(char::is_lowercase))
        .collect()
}

/// A one-word name at the start of its sentence whose word the documents also write in
/// lowercase: a capitalized common word (`Sensitive subjects ...`), not a name.
fn capitalized_common_word(
    span: &Span,
    tokens: &[Token<'_>],
    lowercase: &BTreeSet<String>,
) -> bool {
    let initial = tokens[..span.first].iter().all(|t| !t.is_word());
    span.kind == SpanKind::Name
        && span.last - span.first == 1
        && initial
        && lowercase.contains(&tokens[span.first].lower())
}

/// The matching terms of `text`: prefix stems of its content words.
fn stems(text: &str) -> Vec<String> {
    content_terms(text).iter().map(|t| prefix_stem(t)).collect()
}

/// The share of the query's IDF mass that `passage_terms` contains.
fn coverage(question: &Question, passage_terms: &[String], index: &Bm25) -> f64 {
    let present: BTreeSet<&str> = passage_terms.iter().map(String::as_str).collect();
    let query: BTreeSet<&str> = question.terms.iter().map(String::as_str).collect();
    let total: f64 = query.iter().map(|t| index.idf(t)).sum();
    let found: f64 = query
        .iter()
        .filter(|t| present.contains(*t))
        .map(|t| index.idf(t))
        .sum();
    if total > 0.0 {
        found / total
    } else {
        0.0
    }
}

/// Whether `line` names years, none of them a year the question names.
fn other_year(question: &Question, line: &str) -> bool {
    if question.years.is_empty() {
        return false;
    }
    let years: Vec<&str> = tokenize(line)
        .into_iter()
        .map(|t| t.text)
        .filter(|t| is_year(t))
        .collect();
    !years.is_empty() && !years.iter().any(|y| question.years.iter().any(|q| q == y))
}

/// The share of the query's IDF mass within [`PROXIMITY_WINDOW`] tokens of tokens
/// `first..last`.
fn proximity(
    question: &Question,
    index: &Bm25,
    tokens: &[Token<'_>],
    first: usize,
    last: usize,
) -> f64 {
    let from = first.saturating_sub(PROXIMITY_WINDOW);
    let to = (last + PROXIMITY_WINDOW).min(tokens.len());
    let nearby: BTreeSet<String> = tokens[from..first]
        .iter()
        .chain(&tokens[last..to])
        .flat_map(|t| stems(t.text))
        .collect();
    let query: BTreeSet<&str> = question.terms.iter().map(String::as_str).collect();
    let total: f64 = query.iter().map(|t| index.idf(t)).sum();
    let found: f64 = query
        .iter()
        .filter(|t| nearby.contains(**t))
        .map(|t| index.idf(t))
        .sum();
    if total > 0.0 {
        found / total
    } else {
        0.0
    }
}

impl Backend for ExtractiveQa {
    fn name(&self) -> &str {
        "extractive-qa"
    }

    fn version(&self) -> Option<u32> {
        Some(EXTRACTIVE_QA_VERSION)
    }

    fn describe(&self) -> String {
        "BM25 sentence retrieval + typed span extraction (numbers, dates, names, quotes); \
         abstains when retrieval is weak or no span of the expected type is found"
            .to_string()
    }

    fn supports(&self, task: Task) -> bool {
        task == Task::Answer
    }

    fn call(&self, request: &Request) -> Response {
        Response::timed(|| match (request.task, &request.question) {
            (Task::Answer, Some(question)) => Ok(self.answer(question, &request.documents)),
            (Task::Answer, None) => Err(BackendError::new(
                crate::backend::ErrorKind::MissingQuestion,
                "an answer request must carry a question",
            )),
            (other, _) => Err(BackendError::unsupported_task(self.name(), other)),
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::backend::testing::{doc, output, request};

    use super::ExtractiveQa;
    use crate::backend::{Backend, Output, Request};
    use crate::dataset::Task;

    const NEWS: &str = "Chinese President Xi Jinping arrived in Moscow on Wednesday for a \
        four-day state visit, his 11th trip to Russia. The U.S. embassy declined to comment.\n\n\
        Trade between China and Russia hit a record $237.5 billion in 2024, the customs \
        office said. On Feb. 24, Xi and Putin spoke by phone, on the third anniversary of \
        the invasion.\n\n\
        Maria Zakharova, the Russian Foreign Ministry spokeswoman, called the visit \"one of \
        the key events\" of the year. Soldiers from 13 countries will march on Red Square on \
        May 9, the Kremlin said.";

    fn ask(question: &str, text: &str) -> Output {
        let request = request(Task::Answer, vec![doc("a", text)], Some(question), &[]);
        output(&ExtractiveQa::default(), &request)
    }

    fn answer(question: &str) -> String {
        let output = ask(question, NEWS);
        assert!(!output.abstained, "abstained on {question:?}");
        output.text
    }

    #[test]
    fn answers_numeric_questions() {
        assert_eq!(
            answer("What was the value of China-Russia trade in 2024?"),
            "$237.5 billion"
        );
        assert_eq!(answer("How many days does Xi's state visit last?"), "four");
        assert_eq!(
            answer("Soldiers from how many countries will march?"),
            "13 countries"
        );
        assert_eq!(answer("Which trip to Russia is this for Xi?"), "11th");
        assert_eq!(
            answer("Which anniversary of the invasion was the phone call on?"),
            "third"
        );
    }

    #[test]
    fn answers_date_questions() {
        assert_eq!(
            answer("On what date did Xi and Putin speak by phone?"),
            "Feb. 24"
        );
        assert_eq!(
            answer("On which day of the week did Xi arrive in Moscow?"),
            "Wednesday"
        );
        assert_eq!(answer("When will soldiers march on Red Square?"), "May 9");
    }

    #[test]
    fn answers_entity_and_phrase_questions() {
        assert_eq!(
            answer("Who is the Russian Foreign Ministry spokeswoman?"),
            "Maria Zakharova"
        );
        assert_eq!(answer("Where will the soldiers march?"), "Red Square");
        assert_eq!(
            answer("How did Zakharova describe the visit?"),
            "one of the key events"
        );
    }

    #[test]
    fn abstains_when_the_documents_do_not_say() {
        for question in [
            "What was the value of China-Russia trade in 2023?",
            "How many agreements did Xi and Putin sign?",
            "How long did the parade last?",
            "Who is the U.S. ambassador to Russia?",
            "What is the population of Brazil?",
            "What was it?",
        ] {
            assert_eq!(ask(question, NEWS), Output::abstain(), "{question}");
        }
    }

    #[test]
    fn survives_odd_input_and_is_deterministic() {
        assert_eq!(ask("Who met Putin?", ""), Output::abstain());
        assert_eq!(ask("", NEWS), Output::abstain());
        assert_eq!(ask("?!", "..."), Output::abstain());
        let question = "Who is the Russian Foreign Ministry spokeswoman?";
        assert_eq!(ask(question, NEWS), ask(question, NEWS));
    }

    #[test]
    fn refuses_other_tasks_and_missing_questions() {
        let mut request = Request {
            item_id: "qa-1".into(),
            task: Task::Summarize,
            documents: vec![doc("a", NEWS)],
            question: Some("Who?".into()),
            references: Vec::new(),
        };
        let kind = |r: &Request| {
            ExtractiveQa::default()
                .call(r)
                .result
                .err()
                .map(|e| e.kind.as_str())
        };
        assert_eq!(kind(&request), Some("unsupported_task"));
        request.task = Task::Answer;
        request.question = None;
        assert_eq!(kind(&request), Some("missing_question"));
        assert!(!ExtractiveQa::default().supports(Task::Summarize));
    }
}
