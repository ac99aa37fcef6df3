//! What a question asks for: the expected answer type, the retrieval query and the years it
//! mentions.
//!
//! The type comes from the wh-phrase: `how many` (count), `how much` (amount), `how long`
//! (duration or length), `when` (any date), `where` (place), `who` (person), other `how`
//! (a phrase: "how did X describe ..."), and for `which`/`what` the first *key noun* among
//! the next few content words (`which anniversary` → ordinal, `what dates` → day-level date,
//! `which day of the week` → weekday, `which month and year`, `which city` → place,
//! `which aide` → person, `what value` → amount, `what label` → phrase). `what is the name
//! of` skips to the noun after it. The words that only set the type (`date`, `month`,
//! `name`, ...) are left out of the retrieval query.

use std::collections::BTreeSet;

use crate::text::words::{fold, is_stopword, prefix_stem, words};

/// The level of detail a date question asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateWanted {
    /// A day or a range of days (`what date`, `what dates`).
    Day,
    /// A day of the week.
    Weekday,
    /// A month (a month with its year is accepted).
    Month,
    /// A month with its year.
    MonthYear,
    /// A year.
    Year,
    /// Any date expression (`when`).
    Any,
}

/// The kind of span that answers the question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerType {
    /// A count (`how many`).
    Count,
    /// Money, a percentage or a scaled number (`how much`, `what value`).
    Amount,
    /// A duration or a distance (`how long`).
    Length,
    /// An ordinal (`which anniversary`, `which visit`).
    Ordinal,
    /// A date at the given level of detail.
    Date(DateWanted),
    /// A person's name.
    Person,
    /// A place name.
    Place,
    /// Another proper name (an organisation, an outlet, a project).
    Name,
    /// A quoted phrase or description (`how did X describe`, `what label`).
    Phrase,
}

/// A parsed question.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    /// What the answer must be.
    pub answer_type: AnswerType,
    /// The word that set the type (`anniversary`, `city`), folded; empty if none.
    pub trigger: String,
    /// Whether the trigger is a noun outside the key-noun lists (`what problem`): a name
    /// answering it must then stand next to that noun.
    pub unknown_trigger: bool,
    /// For counts, the last word of the counted noun phrase (`soldiers` → `soldier`).
    pub unit: Option<String>,
    /// Whether the question asks for several (`what dates`, `what are the names`).
    pub plural: bool,
    /// Whether the question asks what someone said or how they put it (`describe`, `call`).
    pub speech: bool,
    /// Retrieval terms: prefix stems of the content words, without the words that only set
    /// the type (`date`, `month`, `label`; a key noun like `aide` or `city` stays).
    pub terms: Vec<String>,
    /// Every lowercase word of the question, folded, to recognise spans it already names.
    pub vocabulary: BTreeSet<String>,
    /// Four-digit years the question mentions.
    pub years: Vec<String>,
}

/// Key nouns after `which`/`what`, with the type they ask for. Checked in order of position.
const KEY_NOUNS: &[(&[&str], AnswerType)] = &[
    (&["date"], AnswerType::Date(DateWanted::Day)),
    (&["month"], AnswerType::Date(DateWanted::Month)),
    (&["year"], AnswerType::Date(DateWanted::Year)),
    (&["day"], AnswerType::Date(DateWanted::Day)),
    (
        &[
            "anniversary",
            "visit",
            "trip",
            "edition",
            "round",
            "meeting",
        ],
        AnswerType::Ordinal,
    ),
    (
        &[
            "value",
            "amount",
            "sum",
            "cost",
            "price",
            "percentage",
            "percent",
            "share",
            "rate",
            "budget",
            "worth",
            "total",
            "dollar",
            "revenue",
            "volume",
        ],
        AnswerType::Amount,
    ),
    (&["number"], AnswerType::Count),
    (&["duration", "length", "distance"], AnswerType::Length),
    (
        &[
            "aide",
            "analyst",
            "minister",
            "spokesperson",
            "spokeswoman",
            "spokesman",
            "envoy",
            "official",
            "leader",
            "president",
            "premier",
            "diplomat",
            "ambassador",
            "adviser",
            "advisor",
            "secretary",
            "chancellor",
            "general",
            "commander",
            "journalist",
            "reporter",
            "expert",
            "person",
            "man",
            "woman",
            "soldier",
            "author",
            "chief",
            "founder",
            "director",
            "governor",
            "mayor",
            "king",
            "queen",
            "politician",
        ],
        AnswerType::Person,
    ),
    (
        &[
            "city",
            "country",
            "region",
            "capital",
            "province",
            "town",
            "village",
            "place",
            "venue",
            "square",
            "district",
            "nation",
            "continent",
            "location",
            "port",
            "island",
            "territory",
            "oblast",
        ],
        AnswerType::Place,
    ),
    (
        &[
            "label", "word", "phrase", "term", "title", "kind", "type", "sort", "slogan",
        ],
        AnswerType::Phrase,
    ),
    (
        &[
            "agency",
            "outlet",
            "newspaper",
            "paper",
            "broadcaster",
            "channel",
            "network",
            "tank",
            "institute",
            "company",
            "firm",
            "party",
            "organisation",
            "organization",
            "group",
            "pipeline",
            "project",
            "programme",
            "program",
            "ministry",
            "university",
            "bank",
            "body",
            "alliance",
            "bloc",
            "treaty",
            "agreement",
            "festival",
            "event",
            "operation",
            "station",
            "magazine",
            "website",
        ],
        AnswerType::Name,
    ),
];

/// Verbs after which a `what` question wants a phrase rather than a name.
const PHRASE_VERBS: &[&str] = &[
    "say", "call", "describe", "address", "term", "label", "promise", "pledge", "warn",
];

/// How many content words after the wh-word are searched for a key noun.
const KEY_NOUN_WINDOW: usize = 6;

impl Question {
    /// Parses `text`.
    pub fn parse(text: &str) -> Question {
        let all = words(text);
        let (answer_type, trigger_at) = classify(&all);
        let trigger = trigger_at.map_or(String::new(), |i| fold(&all[i]));
        let mut skip: BTreeSet<usize> = trigger_at
            .filter(|_| only_sets_type(answer_type))
            .into_iter()
            .collect();
        if answer_type == AnswerType::Date(DateWanted::MonthYear) {
            skip.extend(position_of(&all, "year"));
        }
        skip.extend(name_words(&all));
        let terms = all
            .iter()
            .enumerate()
            .filter(|(i, w)| !skip.contains(i) && !is_stopword(w))
            .map(|(_, w)| prefix_stem(w))
            .collect();
        let unknown_trigger = !trigger.is_empty() && !is_key_noun(&trigger);
        Question {
            answer_type,
            unit: count_unit(&all, answer_type),
            plural: trigger_at.is_some_and(|i| all[i].ends_with('s'))
                || all.iter().any(|w| w == "names"),
            trigger,
            speech: all.iter().any(|w| is_speech_verb(w)),
            unknown_trigger,
            terms,
            vocabulary: all.iter().map(|w| fold(w)).collect(),
            years: all.iter().filter(|w| is_year(w)).cloned().collect(),
        }
    }
}

/// Whether the key noun of a question of this type says nothing about the topic (`what
/// date`, `what label`), so it is left out of the retrieval query.
fn only_sets_type(answer_type: AnswerType) -> bool {
    matches!(
        answer_type,
        AnswerType::Date(_) | AnswerType::Length | AnswerType::Amount | AnswerType::Phrase
    )
}

/// Whether `word` is a four-digit year between 1000 and 2100.
pub fn is_year(word: &str) -> bool {
    word.len() == 4
        && word.chars().all(|c| c.is_ascii_digit())
        && word
            .parse::<u32>()
            .is_ok_and(|y| (1000..=2100).contains(&y))
}

/// The answer type and the index of the word that set it.
fn classify(all: &[String]) -> (AnswerType, Option<usize>) {
    let Some(wh) = all.iter().position(|w| is_wh(w)) else {
        return key_noun_type(all, 0, KEY_NOUN_WINDOW).unwrap_or((AnswerType::Name, None));
    };
    let next = all.get(wh + 1).map(String::as_str);
    match (all[wh].as_str(), next) {
        ("how", Some("many")) => (AnswerType::Count, None),
        ("how", Some("much")) => (AnswerType::Amount, None),
        ("how", Some("long" | "far")) => (AnswerType::Length, Some(wh + 1)),
        ("how", Some("old")) => (AnswerType::Count, None),
        ("how", _) => (AnswerType::Phrase, None),
        ("when", _) => (AnswerType::Date(DateWanted::Any), None),
        ("where", _) => (AnswerType::Place, None),
        ("who" | "whom" | "whose", _) => (AnswerType::Person, None),
        _ => which_what(all, wh),
    }
}

/// The type of a `which`/`what` question. When a noun phrase follows the wh-word directly
/// (`which Kremlin aide`), only it is searched for a key noun, and without one its last word
/// becomes an unlisted trigger; otherwise (`which of his trips`, `what is the name of`) the
/// next few content words are searched.
fn which_what(all: &[String], wh: usize) -> (AnswerType, Option<usize>) {
    let start = position_of(&all[wh..], "name").map_or(wh + 1, |i| wh + i + 1);
    let phrase_end = (start..all.len())
        .find(|&i| is_stopword(&all[i]) || (i > start && looks_past_tense(&all[i])))
        .unwrap_or(all.len());
    let window = if phrase_end > start {
        phrase_end - start
    } else {
        KEY_NOUN_WINDOW
    };
    if let Some(found) = key_noun_type(all, start, window) {
        return refine_date(all, found);
    }
    if all[wh..].iter().any(|w| is_speech_verb(w)) {
        return (AnswerType::Phrase, None);
    }
    let head = (phrase_end > start).then_some(phrase_end - 1);
    (AnswerType::Name, head)
}

/// `reported`, `stalled`: a past-tense verb, which ends the noun phrase before it.
fn looks_past_tense(word: &str) -> bool {
    word.len() > 4 && word.ends_with("ed")
}

/// Whether `word` (folded) is one of the key nouns.
fn is_key_noun(word: &str) -> bool {
    KEY_NOUNS.iter().any(|(nouns, _)| nouns.contains(&word))
}

/// The first key noun among the first `window` content words from `start` on.
fn key_noun_type(
    all: &[String],
    start: usize,
    window: usize,
) -> Option<(AnswerType, Option<usize>)> {
    let content = (start..all.len())
        .filter(|&i| !is_stopword(&all[i]) && all[i] != "name" && all[i] != "names")
        .take(window);
    for i in content {
        let word = fold(&all[i]);
        if let Some((_, kind)) = KEY_NOUNS
            .iter()
            .find(|(nouns, _)| nouns.contains(&word.as_str()))
        {
            return Some((*kind, Some(i)));
        }
    }
    None
}

/// Turns `day` + `week` into a weekday question and `month` + `year` into month-and-year.
fn refine_date(all: &[String], found: (AnswerType, Option<usize>)) -> (AnswerType, Option<usize>) {
    let (kind, at) = found;
    let near = |word: &str| at.is_some_and(|i| all.iter().skip(i + 1).take(3).any(|w| w == word));
    match kind {
        AnswerType::Date(DateWanted::Day) if near("week") => {
            (AnswerType::Date(DateWanted::Weekday), at)
        }
        AnswerType::Date(DateWanted::Month) if near("year") => {
            (AnswerType::Date(DateWanted::MonthYear), at)
        }
        _ => found,
    }
}

/// For a count, the last content word of the noun phrase after `how many`.
fn count_unit(all: &[String], answer_type: AnswerType) -> Option<String> {
    if answer_type != AnswerType::Count {
        return None;
    }
    let many = all.iter().position(|w| w == "many" || w == "number")?;
    all[many + 1..]
        .iter()
        .take_while(|w| !is_stopword(w))
        .take(3)
        .last()
        .map(|w| fold(w))
}

/// Indices of the words of `what is/are the name(s) of`, which carry no content.
fn name_words(all: &[String]) -> Vec<usize> {
    all.iter()
        .enumerate()
        .filter(|(_, w)| *w == "name" || *w == "names" || *w == "week" || *w == "exact")
        .map(|(i, _)| i)
        .collect()
}

/// `say`, `describe`, `called`, ...: a verb of speech or naming.
fn is_speech_verb(word: &str) -> bool {
    let stem = prefix_stem(word);
    PHRASE_VERBS.iter().any(|verb| prefix_stem(verb) == stem)
        || matches!(word, "said" | "says" | "described" | "called")
}

fn position_of(all: &[String], word: &str) -> Option<usize> {
    all.iter().position(|w| w == word)
}

fn is_wh(word: &str) -> bool {
    matches!(
        word,
        "how" | "what" | "which" | "when" | "where" | "who" | "whom" | "whose"
    )
}

#[cfg(test)]
mod tests {
    use super::{AnswerType, DateWanted, Question};

    fn kind(text: &str) -> AnswerType {
        Question::parse(text).answer_type
    }

    #[test]
    fn wh_phrases_set_the_type() {
        assert_eq!(
            kind("How many Chinese soldiers were captured?"),
            AnswerType::Count
        );
        assert_eq!(kind("How much oil did China buy?"), AnswerType::Amount);
        assert_eq!(kind("How long was the ceasefire?"), AnswerType::Length);
        assert_eq!(
            kind("When did Putin receive Wang Yi?"),
            AnswerType::Date(DateWanted::Any)
        );
        assert_eq!(
            kind("Where in Moscow was the parade held?"),
            AnswerType::Place
        );
        assert_eq!(kind("Who is the Kremlin spokesperson?"), AnswerType::Person);
        assert_eq!(kind("How did Putin address Xi?"), AnswerType::Phrase);
    }

    #[test]
    fn key_nouns_set_the_type_of_which_and_what() {
        let date = |w| AnswerType::Date(w);
        assert_eq!(kind("On what dates did they meet?"), date(DateWanted::Day));
        assert_eq!(
            kind("On which day of the week did it happen?"),
            date(DateWanted::Weekday)
        );
        assert_eq!(
            kind("In which month and year was it sealed?"),
            date(DateWanted::MonthYear)
        );
        assert_eq!(
            kind("In which month did he speak?"),
            date(DateWanted::Month)
        );
        assert_eq!(
            kind("By what year are targets set?"),
            date(DateWanted::Year)
        );
        assert_eq!(
            kind("Which anniversary did the parade mark?"),
            AnswerType::Ordinal
        );
        assert_eq!(
            kind("Which of Xi's trips to Russia was it?"),
            AnswerType::Ordinal
        );
        assert_eq!(kind("Which Kremlin aide said so?"), AnswerType::Person);
        assert_eq!(
            kind("In which Russian city was the summit?"),
            AnswerType::Place
        );
        assert_eq!(
            kind("What was the record value of trade?"),
            AnswerType::Amount
        );
        assert_eq!(kind("Which outlet reported it?"), AnswerType::Name);
        assert_eq!(
            kind("To which state broadcaster did a spokesperson speak?"),
            AnswerType::Name
        );
        assert_eq!(
            kind("At which Washington think tank does Sun work?"),
            AnswerType::Name
        );
        assert_eq!(kind("What label did they use?"), AnswerType::Phrase);
        assert_eq!(
            kind("What did Xi say they must stand up to?"),
            AnswerType::Phrase
        );
    }

    #[test]
    fn name_of_skips_to_the_noun_after_it() {
        assert_eq!(
            kind("What is the name of the gas pipeline project?"),
            AnswerType::Name
        );
        assert_eq!(
            kind("What is the name of the Chinese spokesperson?"),
            AnswerType::Person
        );
        let names = Question::parse("What are the names of the two soldiers?");
        assert_eq!(names.answer_type, AnswerType::Person);
        assert!(names.plural);
    }

    #[test]
    fn query_units_and_years() {
        let q = Question::parse("How many Chinese soldiers did Ukraine capture in April 2025?");
        assert_eq!(q.unit.as_deref(), Some("soldier"));
        assert_eq!(q.years, ["2025"]);
        assert_eq!(
            q.terms,
            ["chines", "soldie", "ukrain", "captur", "april", "2025"]
        );
        let d = Question::parse("On what exact date in April did they meet?");
        assert_eq!(d.terms, ["april", "meet"]);
        let aide = Question::parse("Which Kremlin aide said so?");
        assert_eq!(aide.terms, ["kremli", "aide"]);
        assert_eq!(aide.trigger, "aide");
        assert!(!d.plural);
    }

    #[test]
    fn unknown_nouns_after_what_become_strict_triggers() {
        let q = Question::parse("What problem has held up the pipeline?");
        assert_eq!(q.answer_type, AnswerType::Name);
        assert_eq!(q.trigger, "problem");
        assert!(q.unknown_trigger);
        assert!(!Question::parse("Which outlet reported it?").unknown_trigger);
        let verb = Question::parse("What problem stalled the talks?");
        assert_eq!(verb.trigger, "problem");
    }

    #[test]
    fn questions_without_content_still_parse() {
        let q = Question::parse("What was it?");
        assert!(q.terms.is_empty());
        assert_eq!(q.answer_type, AnswerType::Name);
        assert_eq!(Question::parse("").answer_type, AnswerType::Name);
    }
}
