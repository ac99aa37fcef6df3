//! How well a candidate span answers a question: compatible or not, a type bonus, and the
//! exact answer text.
//!
//! Each answer type accepts certain span kinds (see [`fit`]); the bonus rewards the better of
//! the accepted kinds (a range for `what dates`, a two-word name for `who`, a name next to
//! the question's key noun for `which agency`). Spans whose words all occur in the question
//! are rejected: they restate it; so are spans naming a year when the question names other
//! years (`March 2023` does not answer `which month of 2024`). Names are classed with small closed lists: a gazetteer of
//! countries and major cities, organisation words (`Ministry`, `Daily`, `Center`) and titles
//! (`President`, `Foreign Minister`), which are stripped from person names.

use crate::backend::extractive_qa::name::DEMONYMS;
use crate::backend::extractive_qa::question::{is_year, AnswerType, DateWanted, Question};
use crate::backend::extractive_qa::span::{DateKind, Span, SpanKind};
use crate::backend::extractive_qa::token::Token;
use crate::text::words::{fold, is_stopword, words};

/// Countries, regions and major cities (lowercase).
const PLACES: &[&str] = &[
    "afghanistan",
    "africa",
    "america",
    "asia",
    "australia",
    "beijing",
    "belarus",
    "berlin",
    "brazil",
    "brussels",
    "canada",
    "china",
    "crimea",
    "donbas",
    "donetsk",
    "egypt",
    "europe",
    "france",
    "geneva",
    "germany",
    "hong kong",
    "india",
    "iran",
    "iraq",
    "israel",
    "italy",
    "japan",
    "kazakhstan",
    "kharkiv",
    "kiev",
    "kyiv",
    "london",
    "luhansk",
    "minsk",
    "moscow",
    "new york",
    "north korea",
    "pakistan",
    "paris",
    "poland",
    "russia",
    "saudi arabia",
    "serbia",
    "shanghai",
    "south korea",
    "st petersburg",
    "syria",
    "taiwan",
    "tokyo",
    "turkey",
    "ukraine",
    "united kingdom",
    "united states",
    "vietnam",
    "washington",
];

/// Words that make a name an organisation, an event or a thing rather than a person.
const THING_WORDS: &[&str] = &[
    "agency",
    "army",
    "assembly",
    "bank",
    "center",
    "centre",
    "committee",
    "company",
    "corporation",
    "council",
    "daily",
    "day",
    "department",
    "federation",
    "forces",
    "forum",
    "foundation",
    "gazette",
    "government",
    "group",
    "guard",
    "herald",
    "house",
    "institute",
    "journal",
    "kremlin",
    "media",
    "ministry",
    "nations",
    "navy",
    "network",
    "news",
    "office",
    "organization",
    "organisation",
    "parade",
    "parliament",
    "party",
    "post",
    "press",
    "republic",
    "square",
    "statement",
    "summit",
    "television",
    "times",
    "tribune",
    "union",
    "university",
    "war",
];

/// Titles and roles stripped from the front of a person's name.
const TITLES: &[&str] = &[
    "aide",
    "ambassador",
    "analyst",
    "chancellor",
    "chief",
    "deputy",
    "dr",
    "envoy",
    "foreign",
    "gen",
    "general",
    "king",
    "minister",
    "mr",
    "mrs",
    "ms",
    "pope",
    "premier",
    "president",
    "prime",
    "queen",
    "secretary",
    "sen",
    "senator",
    "special",
    "spokesman",
    "spokesperson",
    "spokeswoman",
    "state",
    "vice",
];

/// Prepositions that put a name in a place.
const PLACE_CUES: &[&str] = &[
    "in", "at", "from", "into", "near", "outside", "across", "through",
];

/// Nouns that follow a place name (`the Donetsk region`).
const PLACE_NOUNS: &[&str] = &["region", "city", "province", "capital", "oblast", "area"];

/// Words after a duration that make it an offset (`80 years since`), not a length.
const OFFSET_WORDS: &[&str] = &[
    "since", "ago", "after", "before", "earlier", "later", "from",
];

/// Name endings that suit the key noun of a `which` question.
const SUFFIXES: &[(&str, &[&str])] = &[
    (
        "newspaper",
        &[
            "daily", "times", "post", "journal", "herald", "gazette", "tribune", "news",
        ],
    ),
    (
        "paper",
        &[
            "daily", "times", "post", "journal", "herald", "gazette", "tribune", "news",
        ],
    ),
    ("agency", &["agency", "news", "press"]),
    (
        "tank",
        &["center", "centre", "institute", "foundation", "council"],
    ),
    (
        "institute",
        &["center", "centre", "institute", "foundation"],
    ),
    ("party", &["party"]),
    ("ministry", &["ministry"]),
    ("university", &["university"]),
];

/// The answer a span gives and how well it fits.
#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    /// Added to the candidate's score.
    pub bonus: f64,
    /// Byte offset of the answer text in the sentence.
    pub start: usize,
    /// Byte offset just past the answer text.
    pub end: usize,
}

/// How `span` answers `question`, or `None` when it cannot.
pub fn fit(question: &Question, span: &Span, tokens: &[Token<'_>], sentence: &str) -> Option<Fit> {
    let found = match question.answer_type {
        AnswerType::Count => count(question, span, tokens),
        AnswerType::Amount => amount(span),
        AnswerType::Length => length(span, tokens),
        AnswerType::Ordinal => ordinal(question, span, tokens),
        AnswerType::Date(DateWanted::Year) => year(span, tokens),
        AnswerType::Date(wanted) => date(wanted, question.plural, span),
        AnswerType::Person => person(span, tokens, sentence),
        AnswerType::Place => place(span, tokens, sentence),
        AnswerType::Name => name(question, span, tokens, sentence),
        AnswerType::Phrase => phrase(question, span, sentence),
    }?;
    let text = &sentence[found.start..found.end];
    (!restates(question, text) && !other_year(question, text)).then_some(found)
}

/// Whether `answer` names a year while the question names other years (`March 2023` for
/// `which month of 2024`). Questions asking for a year are exempt.
fn other_year(question: &Question, answer: &str) -> bool {
    let asks_year = question.answer_type == AnswerType::Date(DateWanted::Year);
    !asks_year
        && !question.years.is_empty()
        && words(answer)
            .iter()
            .any(|w| is_year(w) && !question.years.contains(w))
}

/// Whether every content word of `answer` occurs in the question (or it has none).
fn restates(question: &Question, answer: &str) -> bool {
    let content: Vec<String> = words(answer)
        .into_iter()
        .filter(|w| !is_stopword(w) || w.chars().all(|c| c.is_ascii_digit()))
        .map(|w| fold(&w))
        .collect();
    content.iter().all(|w| question.vocabulary.contains(w))
}

fn whole(span: &Span, bonus: f64) -> Fit {
    Fit {
        bonus,
        start: span.start,
        end: span.end,
    }
}

fn count(question: &Question, span: &Span, tokens: &[Token<'_>]) -> Option<Fit> {
    let unit = question.unit.as_deref();
    let same_unit = unit.is_some() && span.unit.as_deref() == unit;
    match span.kind {
        SpanKind::Count => {
            if unit.is_some_and(|u| !near(tokens, span, u, 4)) {
                return None;
            }
            let mut found = whole(span, if same_unit { 0.3 } else { 0.0 });
            if let Some(t) = span.unit_token.filter(|_| same_unit) {
                found.end = tokens[t].end;
            }
            Some(found)
        }
        SpanKind::Duration if same_unit => {
            let compound =
                span.last - span.first == 1 && !tokens[span.first].text.starts_with(['a', 'A']);
            let mut found = whole(span, 0.3);
            if compound {
                let token = tokens[span.last - 1].text;
                let number = token.rsplit_once(['-', '–']).map_or(token, |(n, _)| n);
                found.end = tokens[span.last - 1].start + number.len();
            }
            Some(found)
        }
        _ => None,
    }
}

/// Whether the folded word `unit` occurs within `reach` tokens of `span`.
fn near(tokens: &[Token<'_>], span: &Span, unit: &str, reach: usize) -> bool {
    let from = span.first.saturating_sub(reach);
    let to = (span.last + reach).min(tokens.len());
    tokens[from..to].iter().any(|t| fold(&t.lower()) == unit)
}

fn amount(span: &Span) -> Option<Fit> {
    match span.kind {
        SpanKind::Money | SpanKind::Percent => Some(whole(span, 0.4)),
        _ => None,
    }
}

fn length(span: &Span, tokens: &[Token<'_>]) -> Option<Fit> {
    let offset = tokens
        .get(span.last)
        .is_some_and(|t| OFFSET_WORDS.contains(&t.lower().as_str()));
    (span.kind == SpanKind::Duration && !offset).then(|| whole(span, 0.2))
}

fn ordinal(question: &Question, span: &Span, tokens: &[Token<'_>]) -> Option<Fit> {
    if span.kind != SpanKind::Ordinal {
        return None;
    }
    let next = tokens
        .get(span.last)
        .map(|t| fold(&t.lower()))
        .unwrap_or_default();
    let travel = |w: &str| w == "visit" || w == "trip";
    let matches = next == question.trigger || (travel(&next) && travel(&question.trigger));
    Some(whole(span, if matches { 0.5 } else { 0.0 }))
}

fn date(wanted: DateWanted, plural: bool, span: &Span) -> Option<Fit> {
    let SpanKind::Date(kind) = span.kind else {
        return None;
    };
    let bonus = match (wanted, kind) {
        (DateWanted::Day, DateKind::Range) => Some(if plural { 0.4 } else { 0.1 }),
        (DateWanted::Day, DateKind::Day) => Some(if plural { 0.1 } else { 0.3 }),
        (DateWanted::Weekday, DateKind::Weekday) => Some(0.3),
        (DateWanted::Month, DateKind::Month) => Some(0.3),
        (DateWanted::Month | DateWanted::MonthYear, DateKind::MonthYear) => Some(0.2),
        (DateWanted::Year, DateKind::Year) => Some(0.2),
        (DateWanted::Any, DateKind::Day | DateKind::Range) => Some(0.3),
        (DateWanted::Any, DateKind::MonthYear) => Some(0.25),
        (DateWanted::Any, DateKind::Month | DateKind::Weekday) => Some(0.2),
        (DateWanted::Any, DateKind::Relative) => Some(0.1),
        (DateWanted::Any, DateKind::Year) => Some(0.0),
        _ => None,
    }?;
    Some(whole(span, bonus))
}

/// A year, or the year inside a fuller date (`2023` from `March 2023`).
fn year(span: &Span, tokens: &[Token<'_>]) -> Option<Fit> {
    let SpanKind::Date(kind) = span.kind else {
        return None;
    };
    let at = (span.first..span.last)
        .rev()
        .find(|&i| is_year(tokens[i].text))?;
    Some(Fit {
        bonus: if kind == DateKind::Year { 0.2 } else { 0.1 },
        start: tokens[at].start,
        end: tokens[at].end,
    })
}

fn person(span: &Span, tokens: &[Token<'_>], sentence: &str) -> Option<Fit> {
    if span.kind != SpanKind::Name
        || place_cue(tokens, span, false)
        || thing_like(span, tokens, sentence)
    {
        return None;
    }
    let first = (span.first..span.last).find(|&i| {
        let word = tokens[i].lower();
        !TITLES.contains(&word.as_str()) && !DEMONYMS.contains(&word.as_str())
    })?;
    let parts = span.last - first;
    let name = &sentence[tokens[first].start..span.end];
    if parts > 4 || PLACES.contains(&name.to_lowercase().as_str()) {
        return None;
    }
    Some(Fit {
        bonus: if parts >= 2 { 0.2 } else { 0.0 },
        start: tokens[first].start,
        end: span.end,
    })
}

/// An organisation, event or thing: an acronym, a name with a digit or an organisation word.
fn thing_like(span: &Span, tokens: &[Token<'_>], sentence: &str) -> bool {
    let text = &sentence[span.start..span.end];
    let acronym = text.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && text.chars().all(|c| !c.is_lowercase());
    let has_digit = text.chars().any(|c| c.is_ascii_digit());
    let thing_word = tokens[span.first..span.last]
        .iter()
        .any(|t| THING_WORDS.contains(&t.lower().as_str()));
    acronym || has_digit || thing_word
}

/// Whether a locative preposition (maybe with `the`) comes right before `span`; `on`
/// (`on Red Square`) counts only when `with_on` is set, as it often precedes other names.
fn place_cue(tokens: &[Token<'_>], span: &Span, with_on: bool) -> bool {
    let mut i = span.first;
    if i > 0 && tokens[i - 1].lower() == "the" {
        i -= 1;
    }
    let before = i
        .checked_sub(1)
        .map(|b| tokens[b].lower())
        .unwrap_or_default();
    PLACE_CUES.contains(&before.as_str()) || (with_on && before == "on")
}

fn place(span: &Span, tokens: &[Token<'_>], sentence: &str) -> Option<Fit> {
    if span.kind != SpanKind::Name {
        return None;
    }
    let known = PLACES.contains(&sentence[span.start..span.end].to_lowercase().as_str());
    let cue = place_cue(tokens, span, true)
        || tokens
            .get(span.last)
            .is_some_and(|t| PLACE_NOUNS.contains(&t.lower().as_str()))
        || span.first >= 2
            && PLACE_NOUNS.contains(&tokens[span.first - 2].lower().as_str())
            && tokens[span.first - 1].lower() == "of";
    let acronym = thing_like(span, tokens, sentence)
        && !tokens[span.first..span.last]
            .iter()
            .any(|t| matches!(t.lower().as_str(), "square" | "city"));
    if acronym || !(known || cue) {
        return None;
    }
    Some(whole(
        span,
        0.2 * f64::from(u8::from(known)) + 0.2 * f64::from(u8::from(cue)),
    ))
}

fn name(question: &Question, span: &Span, tokens: &[Token<'_>], sentence: &str) -> Option<Fit> {
    if span.kind != SpanKind::Name {
        return None;
    }
    let trigger = question.trigger.as_str();
    let from = span.first.saturating_sub(3);
    let to = (span.last + 3).min(tokens.len());
    let beside =
        !trigger.is_empty() && tokens[from..to].iter().any(|t| fold(&t.lower()) == trigger);
    let last_word = words(&sentence[span.start..span.end])
        .pop()
        .unwrap_or_default();
    let suits = SUFFIXES
        .iter()
        .any(|(noun, ends)| *noun == trigger && ends.contains(&last_word.as_str()));
    if question.unknown_trigger && !beside {
        return None;
    }
    let alias = span.first > 0 && tokens[span.first - 1].text == "(";
    let bonus = 0.4 * f64::from(u8::from(beside)) + 0.3 * f64::from(u8::from(suits))
        - 0.3 * f64::from(u8::from(alias));
    Some(whole(span, bonus))
}

/// Quotes suit questions about what someone said (`how did X describe`), appositives
/// questions about what someone is (`what kind of analyst is X`).
fn phrase(question: &Question, span: &Span, sentence: &str) -> Option<Fit> {
    let (quote, appositive) = if question.speech {
        (0.5, 0.1)
    } else {
        (0.3, 0.3)
    };
    match (span.kind, span.anchor) {
        (SpanKind::Quote, _) => Some(whole(span, quote)),
        (SpanKind::Appositive, Some((start, end))) => {
            let anchor = &sentence[start..end];
            restates(question, anchor).then(|| whole(span, appositive))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::fit;
    use crate::backend::extractive_qa::candidates::candidates;
    use crate::backend::extractive_qa::question::Question;
    use crate::backend::extractive_qa::token::tokenize;

    /// The fitting answers for `question` in `sentence`, best bonus first.
    fn answers<'a>(question: &str, sentence: &'a str) -> Vec<&'a str> {
        let question = Question::parse(question);
        let tokens = tokenize(sentence);
        let mut found: Vec<(f64, &str)> = candidates(sentence, &tokens)
            .iter()
            .filter_map(|span| fit(&question, span, &tokens, sentence))
            .map(|f| (f.bonus, &sentence[f.start..f.end]))
            .collect();
        found.sort_by(|a, b| b.0.total_cmp(&a.0));
        found.into_iter().map(|(_, text)| text).collect()
    }

    #[test]
    fn counts_need_their_unit_nearby() {
        let sentence = "Soldiers from 13 countries will march, and two dozen leaders will watch.";
        assert_eq!(
            answers("Troops from how many countries will march?", sentence),
            ["13 countries"]
        );
        assert!(answers("How many agreements were signed?", sentence).is_empty());
        assert_eq!(
            answers("How many days will Xi stay?", "Xi begins a four-day visit."),
            ["four"]
        );
    }

    #[test]
    fn lengths_are_not_offsets() {
        let sentence = "The parade marks 80 years since the war and lasts an hour.";
        assert_eq!(
            answers("How long does the parade last?", sentence),
            ["an hour"]
        );
    }

    #[test]
    fn people_places_and_organisations_are_told_apart() {
        let sentence =
            "Maria Zakharova, spokesperson for the Foreign Ministry in Moscow, spoke to CCTV.";
        assert_eq!(
            answers("Who is the ministry spokesperson?", sentence),
            ["Maria Zakharova"]
        );
        assert_eq!(
            answers("In which city did she speak?", sentence),
            ["Moscow"]
        );
        let agency = "The pro-Kremlin news agency Interfax quoted Chinese President Xi Jinping.";
        assert_eq!(
            answers("Which news agency quoted him?", agency)[0],
            "Interfax"
        );
        assert_eq!(
            answers("Who was quoted by the agency?", agency)[0],
            "Xi Jinping"
        );
    }

    #[test]
    fn spans_that_restate_the_question_are_rejected() {
        let sentence = "Putin met Xi in Moscow on May 9.";
        assert_eq!(answers("Whom did Putin meet?", sentence), ["Xi"]);
        assert!(answers("On what date did Putin meet Xi? May 9?", sentence).is_empty());
    }

    #[test]
    fn names_for_an_unlisted_noun_must_stand_beside_it() {
        let sentence = "Talks on the pipeline to China stalled over the Arctic Route problem.";
        assert_eq!(
            answers("What problem stalled the talks?", sentence),
            ["Arctic Route"]
        );
        assert!(answers("What problem stalled them?", "Talks with China stalled.").is_empty());
    }

    #[test]
    fn dates_from_other_years_are_rejected() {
        let sentence = "Xi visited in March 2023 and again in September 2024.";
        assert_eq!(
            answers("In which month of 2024 did Xi visit?", sentence),
            ["September 2024"]
        );
        assert_eq!(
            answers("In which year did Xi first visit, before 2024?", sentence),
            ["2023"]
        );
    }

    #[test]
    fn phrases_come_from_quotes_and_appositives() {
        let sentence = "Yun Sun, a Chinese analyst, called it an \"unbreakable bond.\"";
        assert_eq!(
            answers("What kind of analyst is Yun Sun?", sentence),
            ["a Chinese analyst", "unbreakable bond"]
        );
    }
}
