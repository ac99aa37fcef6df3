//! Every answer candidate of one sentence.
//!
//! [`candidates`] reads the sentence's quantities once with the shared parser (`reading`),
//! then runs the extractors in a fixed order: dates first (so the `24` of `Feb. 24` and the
//! year of `May 10, 2025` are not read as counts or names), then numbers, names, quotations
//! and appositives. This module is the only one that calls the extractors; they share the
//! span types of `span` and never import each other.

use crate::backend::extractive_qa::reading::readings;
use crate::backend::extractive_qa::span::Span;
use crate::backend::extractive_qa::token::Token;
use crate::backend::extractive_qa::{date, name, number};

/// Every candidate span of `sentence`, given its tokens.
pub fn candidates(sentence: &str, tokens: &[Token<'_>]) -> Vec<Span> {
    let readings = readings(sentence, tokens);
    let mut spans = date::dates(tokens, &readings);
    let mut masked = vec![false; tokens.len()];
    for span in &spans {
        masked[span.first..span.last].fill(true);
    }
    spans.extend(number::numbers(tokens, &readings, &masked));
    let names = name::names(tokens, &masked);
    spans.extend(name::appositives(tokens, &names));
    spans.extend(names);
    spans.extend(name::quotes(sentence, tokens));
    spans
}

#[cfg(test)]
mod tests {
    use super::candidates;
    use crate::backend::extractive_qa::span::{DateKind, SpanKind};
    use crate::backend::extractive_qa::token::tokenize;

    fn found(sentence: &str) -> Vec<(SpanKind, &str)> {
        let tokens = tokenize(sentence);
        candidates(sentence, &tokens)
            .into_iter()
            .map(|s| (s.kind, &sentence[s.start..s.end]))
            .collect()
    }

    #[test]
    fn dates_are_not_read_as_numbers_or_names() {
        let spans = found("On Feb. 24, 2025, 13 leaders met Putin.");
        assert!(spans.contains(&(SpanKind::Date(DateKind::Day), "Feb. 24, 2025")));
        assert!(spans.contains(&(SpanKind::Count, "13")));
        assert!(spans.contains(&(SpanKind::Name, "Putin")));
        assert!(!spans
            .iter()
            .any(|(_, text)| *text == "24" || *text == "Feb"));
    }

    #[test]
    fn a_bare_year_is_a_date_not_a_count() {
        assert_eq!(found("in 2024"), [(SpanKind::Date(DateKind::Year), "2024")]);
    }

    #[test]
    fn finds_every_kind_in_a_news_sentence() {
        let sentence = "Yun Sun, a Chinese analyst, said trade hit \"a record\" $237.5 billion \
                        in the third year of the four-day talks.";
        let spans = found(sentence);
        for expected in [
            (SpanKind::Name, "Yun Sun"),
            (SpanKind::Appositive, "a Chinese analyst"),
            (SpanKind::Quote, "a record"),
            (SpanKind::Money, "$237.5 billion"),
            (SpanKind::Ordinal, "third"),
            (SpanKind::Duration, "four-day"),
        ] {
            assert!(spans.contains(&expected), "{expected:?} not in {spans:?}");
        }
    }
}
