//! Tests of [`super`]: the tricky forms from the issue, one test per parser, and property
//! tests (equivalence is symmetric; formatting a quantity and parsing it back is the
//! identity).

use super::*;
use crate::text::number::{integer_to_words, ordinal_to_words};
use proptest::prelude::*;

fn q(text: &str) -> Vec<Quantity> {
    parse(text, None).quantities
}

fn same(a: &str, b: &str) -> bool {
    equivalent(&parse(a, None), &parse(b, None))
}

fn usd(m: i128, e: i32) -> Quantity {
    Quantity::Amount {
        value: Decimal::new(m, e).unwrap(),
        unit: Unit::Currency(Currency::Usd),
        bound: Bound::Exact,
    }
}

fn date(y: Option<i32>, m: u8, d: Option<u8>) -> Date {
    Date::new(y, m, d).unwrap()
}

#[test]
fn money_forms_of_the_issue_are_one_amount() {
    for text in [
        "$237 billion",
        "237 billion dollars",
        "US$237bn",
        "USD 237,000,000,000",
        "237 billion US dollars",
        "$237bn",
    ] {
        assert_eq!(q(text), [usd(237, 9)], "{text}");
    }
    assert!(same("$237 billion", "US$237bn"));
    assert!(same("237 billion dollars", "US$237bn"));
    assert!(!same("$237 billion", "$237 million"));
    assert!(!same("$237 billion", "237 billion euros"));
}

#[test]
fn other_currencies_and_percentages() {
    let amount = |text: &str| match q(text).as_slice() {
        [Quantity::Amount { value, unit, .. }] => (value.to_plain(), *unit),
        other => panic!("{text}: {other:?}"),
    };
    assert_eq!(
        amount("€1.5m"),
        ("1500000".into(), Unit::Currency(Currency::Eur))
    );
    assert_eq!(
        amount("1.5 million euros"),
        ("1500000".into(), Unit::Currency(Currency::Eur))
    );
    assert_eq!(
        amount("200 billion yuan"),
        ("200000000000".into(), Unit::Currency(Currency::Cny))
    );
    assert_eq!(
        amount("RMB 200bn"),
        ("200000000000".into(), Unit::Currency(Currency::Cny))
    );
    assert_eq!(
        amount("10 roubles"),
        ("10".into(), Unit::Currency(Currency::Rub))
    );
    assert_eq!(amount("3.5%"), ("3.5".into(), Unit::Percent));
    assert_eq!(amount("3.5 per cent"), ("3.5".into(), Unit::Percent));
    assert_eq!(amount("3.5 percent"), ("3.5".into(), Unit::Percent));
    assert!(same("3.5%", "3.5 per cent"));
    assert!(!same("3.5%", "35%"));
}

#[test]
fn number_words_and_separators() {
    let value = |text: &str| match q(text).as_slice() {
        [Quantity::Amount { value, .. }] => value.to_plain(),
        other => panic!("{text}: {other:?}"),
    };
    assert_eq!(value("thirteen"), "13");
    assert_eq!(value("two dozen"), "24");
    assert_eq!(value("a dozen"), "12");
    assert_eq!(value("a century"), "100");
    assert_eq!(value("two centuries"), "200");
    assert_eq!(value("twenty-one"), "21");
    assert_eq!(value("one hundred and five"), "105");
    assert_eq!(value("two million three hundred thousand"), "2300000");
    assert_eq!(value("a million"), "1000000");
    assert_eq!(value("1,000.5"), "1000.5");
    assert_eq!(value("1.5 million"), "1500000");
    assert_eq!(value("5m"), "5000000");
    assert!(same("thirteen", "13"));
    assert!(same("two dozen", "24"));
    assert_eq!(q("one two").len(), 2);
}

#[test]
fn ordinals() {
    assert_eq!(q("11th"), [Quantity::Ordinal(11)]);
    assert_eq!(q("eleventh"), [Quantity::Ordinal(11)]);
    assert_eq!(q("twenty-first"), [Quantity::Ordinal(21)]);
    assert_eq!(q("the 2nd"), [Quantity::Ordinal(2)]);
    assert!(same("11th", "eleventh"));
    assert!(same("the 11th visit", "eleventh visit"));
    assert!(same("11th", "11"));
    assert!(same("the 80th anniversary", "80"));
    assert!(!same("11th", "12"));
    assert!(!same("3rd", "$3"));
}

#[test]
fn dates_with_and_without_year() {
    let may7 = Quantity::Date(date(Some(2025), 5, Some(7)));
    for text in [
        "May 7, 2025",
        "7 May 2025",
        "May 7th, 2025",
        "7th of May 2025",
        "2025-05-07",
        "on 7 May, 2025",
        "seventh of May 2025",
    ] {
        assert_eq!(q(text), [may7], "{text}");
    }
    assert_eq!(q("May 7"), [Quantity::Date(date(None, 5, Some(7)))]);
    assert_eq!(q("May 2025"), [Quantity::Date(date(Some(2025), 5, None))]);
    assert_eq!(q("in December"), [Quantity::Date(date(None, 12, None))]);
    assert!(q("it may rain").is_empty());
    assert_eq!(q("Wednesday"), [Quantity::Weekday(3)]);
    assert_eq!(
        q("Wednesday, May 7, 2025"),
        [Quantity::Weekday(3), may7],
        "a weekday before a date is a quantity of its own"
    );
    assert!(same("May 7", "7 May 2025"), "no publication date: any year");
    let pubdate = Date::parse_iso("2024-05-01");
    let with = |t: &str| parse(t, pubdate);
    assert!(!equivalent(&with("May 7"), &with("7 May 2025")));
    assert!(equivalent(&with("May 7"), &with("7 May 2024")));
}

#[test]
fn date_ranges() {
    let range = Quantity::DateRange {
        start: date(Some(2025), 5, Some(7)),
        end: date(Some(2025), 5, Some(10)),
    };
    for text in [
        "May 7-10, 2025",
        "7 to 10 May 2025",
        "7–10 May 2025",
        "May 7 to May 10, 2025",
        "7 May - 10 May 2025",
        "between May 7 and 10, 2025",
        "from 7 to 10 May 2025",
    ] {
        assert_eq!(q(text), [range], "{text}");
    }
    assert!(same("May 7-10, 2025", "7 to 10 May 2025"));
    assert!(!same("May 7-10, 2025", "May 7-9, 2025"));
    let cross = q("May 30 - June 2, 2025");
    assert_eq!(
        cross,
        [Quantity::DateRange {
            start: date(Some(2025), 5, Some(30)),
            end: date(Some(2025), 6, Some(2)),
        }]
    );
}

#[test]
fn ranges_written_as_two_dates_may_name_the_end_weekday() {
    let range = Quantity::DateRange {
        start: date(Some(2025), 5, Some(7)),
        end: date(Some(2025), 5, Some(10)),
    };
    assert_eq!(
        q("Wednesday, May 7 to Saturday, May 10, 2025"),
        [Quantity::Weekday(3), range]
    );
}

fn amount(value: i128, unit: Unit, bound: Bound) -> Quantity {
    Quantity::Amount {
        value: Decimal::from_int(value).unwrap(),
        unit,
        bound,
    }
}

// Issue 14: "more than two dozen" is a claim of its own, not 24.
#[test]
fn bounds_are_read_before_and_after_amounts() {
    let cases = [
        ("more than two dozen", 24, Bound::MoreThan),
        ("over two dozen", 24, Bound::MoreThan),
        ("in excess of 24", 24, Bound::MoreThan),
        ("at least 155", 155, Bound::AtLeast),
        ("155 or more", 155, Bound::AtLeast),
        ("no fewer than 155", 155, Bound::AtLeast),
        ("nearly 40", 40, Bound::Nearly),
        ("almost forty", 40, Bound::Nearly),
        ("about 300", 300, Bound::About),
        ("some 300", 300, Bound::About),
        ("fewer than 13", 13, Bound::LessThan),
        ("up to 13", 13, Bound::AtMost),
        ("13", 13, Bound::Exact),
    ];
    for (text, value, bound) in cases {
        assert_eq!(q(text), [amount(value, Unit::None, bound)], "{text}");
    }
    let money = q("more than $237 billion");
    assert_eq!(money.len(), 1);
    assert!(matches!(
        money[0],
        Quantity::Amount {
            bound: Bound::MoreThan,
            unit: Unit::Currency(Currency::Usd),
            ..
        }
    ));
    assert_eq!(q("talks over dinner"), [], "a bound word needs an amount");
    assert_eq!(money[0].to_string(), "more than USD 237,000,000,000");
}

// Issue 14: a bounded gold is matched by the same bound or a synonym, never by a bare value;
// a hedge on an exact gold is accepted, a one-sided bound is not.
#[test]
fn a_bound_must_be_answered_by_the_same_bound() {
    let gold = |text: &str| q(text)[0];
    let answers = |pred: &str, gold_text: &str| q(pred)[0].answers(&gold(gold_text));
    assert!(answers("over 24", "more than two dozen"));
    assert!(answers("more than 24", "more than two dozen"));
    assert!(!answers("24", "more than two dozen"));
    assert!(!answers("two dozen", "more than two dozen"));
    assert!(!answers("at least 24", "more than two dozen"));
    assert!(!answers("300", "about 300"));
    assert!(!answers("300", "nearly 300"));
    assert!(!answers("about 300", "nearly 300"));
    assert!(answers("around 300", "about 300"));
    assert!(answers("about 300", "300"), "a hedge names the value");
    assert!(!answers("more than 300", "300"));
    assert!(!answers("nearly 300", "300"));
    assert!(!answers("at least 300", "300"));
    assert!(q("about 300")[0].same_as(&gold("300")));
    assert!(
        gold("300").same_as(&q("about 300")[0]),
        "same_as is symmetric"
    );
    assert!(!q("more than 300")[0].same_as(&gold("300")));
    assert!(!same("more than 24", "24"));
    assert!(same("more than 24", "over two dozen"));
}

// Issue 14: "72 hours" is a common form of "three days".
#[test]
fn units_of_time_convert() {
    let day = |n| amount(n, Unit::Duration(TimeUnit::Day), Bound::Exact);
    assert_eq!(q("three days"), [day(3)]);
    assert_eq!(q("a three-day ceasefire"), [day(3)]);
    assert_eq!(q("a day"), [day(1)]);
    assert_eq!(q("the next day"), [day(1)]);
    assert_eq!(q("the following day"), [day(1)]);
    assert_eq!(
        q("72-hour"),
        [amount(72, Unit::Duration(TimeUnit::Hour), Bound::Exact)]
    );
    assert!(same("three days", "72 hours"));
    assert!(same("a week", "seven days"));
    assert!(same("one day", "the next day"));
    assert!(same("four-day", "4 days"));
    assert!(same("four days", "4"), "a plain number matches any unit");
    assert!(!same("three days", "three hours"));
    assert!(!same("3 days", "3rd"), "an ordinal is a plain number");
    assert_eq!(q("26 months"), [amount(26, Unit::None, Bound::Exact)]);
    assert_eq!(q("a few days"), []);
    assert_eq!(day(3).to_string(), "3 days");
    assert_eq!(day(1).to_string(), "1 day");
}

#[test]
fn a_weekday_competes_with_a_date_on_another_weekday() {
    let thursday = Quantity::Weekday(4);
    let may = |d| Quantity::Date(date(Some(2025), 5, Some(d)));
    assert!(
        !thursday.competes_with(&may(8)),
        "May 8, 2025 is a Thursday"
    );
    assert!(thursday.competes_with(&may(9)));
    assert!(may(9).competes_with(&thursday));
    assert!(!thursday.competes_with(&Quantity::Date(date(None, 5, Some(9)))));
}

// Issue 14: "October or September 2024" names two months of 2024.
#[test]
fn a_date_joined_to_a_dated_one_shares_its_year() {
    let month = |m| Quantity::Date(date(Some(2024), m, None));
    assert_eq!(q("October or September 2024"), [month(10), month(9)]);
    assert_eq!(q("October, September 2024"), [month(10), month(9)]);
    assert_eq!(
        q("May 7 and May 9, 2025"),
        [
            Quantity::Date(date(Some(2025), 5, Some(7))),
            Quantity::Date(date(Some(2025), 5, Some(9)))
        ]
    );
    let pubdate = Date::parse_iso("2025-05-07");
    assert_eq!(
        parse("October, then September 2024", pubdate).quantities,
        [
            Quantity::Date(date(Some(2025), 10, None)),
            Quantity::Date(date(Some(2024), 9, None))
        ],
        "only a plain or/and/comma joins"
    );
}

// Issue 14: the year to fill in comes from the question when it names one.
#[test]
fn the_year_a_question_names() {
    assert_eq!(
        year_named("In which month of 2024 was Xi last in Russia?"),
        Some(2024)
    );
    assert_eq!(
        year_named("On what date in February 2025 did they speak?"),
        Some(2025)
    );
    assert_eq!(
        year_named("How many world leaders attended the 2025 parade?"),
        Some(2025)
    );
    assert_eq!(
        year_named("How many months after March 2023 did the May 2025 visit begin?"),
        None,
        "two years: none is the year"
    );
    assert_eq!(year_named("What was trade worth?"), None);
    assert_eq!(year_named("How many of the 1,500 troops?"), None);
    assert_eq!(year_named("Was it $2000?"), None);
    let pubdate = Date::parse_iso("2025-05-07");
    let basis = year_basis(Some("in which month of 2024?"), pubdate);
    assert_eq!(basis.and_then(|d| d.year), Some(2024));
    assert_eq!(year_basis(Some("in which month?"), pubdate), pubdate);
    assert_eq!(year_basis(None, pubdate), pubdate);
}

#[test]
fn content_words_must_not_conflict() {
    assert!(same("300 people", "about 300"));
    assert!(!same("300 people", "300 soldiers"));
    assert!(
        !same("Moscow", "Moscow"),
        "no quantity: not a quantity match"
    );
}

fn amount_text(m: u64, decimals: u32, scale: usize, style: usize) -> (String, Quantity) {
    let scales = [
        (0, ""),
        (3, "thousand"),
        (6, "million"),
        (9, "billion"),
        (12, "trillion"),
    ];
    let abbrev = ["", "k", "m", "bn", "tn"];
    let (exp, word) = scales[scale];
    let value = Decimal::new(i128::from(m), exp - decimals as i32).unwrap();
    let digits = Decimal::new(i128::from(m), -(decimals as i32)).unwrap();
    let number = if scale == 0 {
        digits.to_grouped()
    } else {
        format!("{} {word}", digits.to_plain())
    };
    let glued = format!("{}{}", digits.to_plain(), abbrev[scale]);
    let unit = [
        Unit::None,
        Unit::Percent,
        Unit::Currency(Currency::Usd),
        Unit::Currency(Currency::Eur),
    ][style % 4];
    let text = match (style, unit) {
        (_, Unit::None) => number,
        (s, Unit::Percent) if s % 8 < 4 => format!("{number}%"),
        (_, Unit::Percent) => format!("{number} per cent"),
        (s, Unit::Currency(Currency::Usd)) if s % 8 < 4 => format!("${number}"),
        (_, Unit::Currency(Currency::Usd)) => format!("US${glued}"),
        (s, _) if s % 8 < 4 => format!("{number} euros"),
        _ => format!("€{glued}"),
    };
    (
        text,
        Quantity::Amount {
            value,
            unit,
            bound: Bound::Exact,
        },
    )
}

proptest! {
    #[test]
    fn formatted_amounts_parse_back(m in 1u64..1_000_000, decimals in 0u32..3, scale in 0usize..5, style in 0usize..8) {
        let (text, want) = amount_text(m, decimals, scale, style);
        prop_assert_eq!(q(&text), vec![want], "{}", text);
    }

    #[test]
    fn integer_words_parse_back(n in 0u64..1_000_000_000_000_000) {
        let words = integer_to_words(n).unwrap();
        let want = Quantity::number(Decimal::new(i128::from(n), 0).unwrap());
        prop_assert_eq!(q(&words), vec![want], "{}", words);
    }

    #[test]
    fn ordinals_parse_back(n in 1u32..100) {
        let suffix = format!("{n}{}", crate::text::number::ordinal_suffix(u64::from(n)));
        prop_assert_eq!(q(&suffix), vec![Quantity::Ordinal(n)]);
        let words = ordinal_to_words(n).unwrap();
        prop_assert_eq!(q(&words), vec![Quantity::Ordinal(n)], "{}", words);
    }

    #[test]
    fn formatted_dates_parse_back(y in 1900i32..2100, m in 1u8..=12, d in 1u8..=28, style in 0usize..4) {
        let date = Date::new(Some(y), m, Some(d)).unwrap();
        let month = crate::text::date::month_name(m);
        let text = match style {
            0 => format!("{month} {d}, {y}"),
            1 => format!("{d} {month} {y}"),
            2 => format!("{y}-{m:02}-{d:02}"),
            _ => date.to_string(),
        };
        prop_assert_eq!(q(&text), vec![Quantity::Date(date)], "{}", text);
    }

    #[test]
    fn equivalence_is_symmetric(a in answer_text(), b in answer_text()) {
        prop_assert_eq!(same(&a, &b), same(&b, &a), "{} / {}", a, b);
    }
}

fn answer_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "$237 billion",
        "237 billion dollars",
        "US$237bn",
        "237",
        "May 7",
        "7 May 2025",
        "May 7-10, 2025",
        "7 to 10 May 2025",
        "11th",
        "eleventh",
        "two dozen",
        "24",
        "3.5%",
        "about",
        "people",
        "Moscow",
        "and",
        "-",
        "2025",
        "between",
        "to",
        "Wednesday",
    ]);
    prop::collection::vec(pieces, 0..5).prop_map(|v| v.join(" "))
}
