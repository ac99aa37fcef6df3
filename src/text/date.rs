//! Calendar dates as answers mention them: a month with an optional day and an optional year
//! ("May", "May 2025", "7 May", "May 7, 2025"), month and weekday names, and the publication
//! date rule: a date written without a year takes the year of the article it came from.
//!
//! Parsing of whole phrases (including ranges such as "May 7-10, 2025") lives in
//! [`super::quantity`]; this file holds the value type and the name tables.

use std::fmt;

/// A calendar date that may lack its day or year; the month is always known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    /// The year, when written (or supplied by a publication date).
    pub year: Option<i32>,
    /// 1–12.
    pub month: u8,
    /// 1–31, when written.
    pub day: Option<u8>,
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// The month (1–12) named by a lowercase word: full names and the usual abbreviations
/// (`jan`, `sept`, ...).
pub fn month_number(word: &str) -> Option<u8> {
    let word = if word == "sept" { "sep" } else { word };
    let index = MONTHS
        .iter()
        .position(|m| *m == word || (word.len() == 3 && m.starts_with(word)))?;
    u8::try_from(index + 1).ok()
}

/// The English name of month 1–12.
pub fn month_name(month: u8) -> &'static str {
    let name = MONTHS
        .get(usize::from(month.max(1)) - 1)
        .copied()
        .unwrap_or("");
    name
}

/// The weekday (1 = Monday … 7 = Sunday) named by a lowercase word (`wed`, `wednesday`).
pub fn weekday_number(word: &str) -> Option<u8> {
    let index = WEEKDAYS.iter().position(|d| {
        *d == word || (word.len() >= 3 && word.len() < d.len() && d.starts_with(word))
    })?;
    u8::try_from(index + 1).ok()
}

/// The English name of weekday 1–7 (Monday first).
pub fn weekday_name(weekday: u8) -> &'static str {
    WEEKDAYS
        .get(usize::from(weekday.max(1)) - 1)
        .copied()
        .unwrap_or("")
}

/// The number of days in `month` (29 for February when the year is unknown).
pub fn days_in_month(year: Option<i32>, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 => match year {
            Some(y) if !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) => 28,
            _ => 29,
        },
        _ => 31,
    }
}

impl Date {
    /// A date, checked: month 1–12, day within the month.
    pub fn new(year: Option<i32>, month: u8, day: Option<u8>) -> Option<Date> {
        let valid_month = (1..=12).contains(&month);
        let valid_day = day.is_none_or(|d| d >= 1 && d <= days_in_month(year, month));
        (valid_month && valid_day).then_some(Date { year, month, day })
    }

    /// Parses an ISO `YYYY-MM-DD` date (as datasets store publication dates).
    pub fn parse_iso(text: &str) -> Option<Date> {
        let mut parts = text.split('-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        let ok = parts.next().is_none()
            && y.len() == 4
            && m.len() == 2
            && d.len() == 2
            && text.bytes().all(|b| b.is_ascii_digit() || b == b'-');
        if !ok {
            return None;
        }
        Date::new(
            Some(y.parse().ok()?),
            m.parse().ok()?,
            Some(d.parse().ok()?),
        )
    }

    /// This date with its year taken from `publication` when it has none.
    #[must_use]
    pub fn with_default_year(self, publication: Option<Date>) -> Date {
        Date {
            year: self.year.or(publication.and_then(|p| p.year)),
            ..self
        }
    }

    /// The weekday (1 = Monday … 7 = Sunday) of a complete date (Gregorian calendar);
    /// `None` without a year or day.
    pub fn weekday(self) -> Option<u8> {
        const OFFSETS: [i32; 12] = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
        let (day, month) = (i32::from(self.day?), usize::from(self.month));
        let year = self.year? - i32::from(month < 3);
        let sunday_first =
            (year + year / 4 - year / 100 + year / 400 + OFFSETS[month - 1] + day).rem_euclid(7);
        u8::try_from((sunday_first + 6) % 7 + 1).ok()
    }

    /// Same day: month and day equal, and the years equal when both are known.
    pub fn same_as(self, other: Date) -> bool {
        let years_agree = match (self.year, other.year) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        };
        self.month == other.month && self.day == other.day && years_agree
    }
}

impl fmt::Display for Date {
    /// `7 May 2025`, `May 2025`, `7 May`, `May`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut name = month_name(self.month).to_string();
        if let Some(first) = name.get_mut(..1) {
            first.make_ascii_uppercase();
        }
        if let Some(day) = self.day {
            write!(f, "{day} ")?;
        }
        f.write_str(&name)?;
        if let Some(year) = self.year {
            write!(f, " {year}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(month_number("may"), Some(5));
        assert_eq!(month_number("sept"), Some(9));
        assert_eq!(month_number("sep"), Some(9));
        assert_eq!(month_number("dec"), Some(12));
        assert_eq!(month_number("ma"), None);
        assert_eq!(weekday_number("wednesday"), Some(3));
        assert_eq!(weekday_number("wed"), Some(3));
        assert_eq!(weekday_number("sun"), Some(7));
        assert_eq!(weekday_number("we"), None);
        assert_eq!(weekday_name(3), "wednesday");
    }

    #[test]
    fn validation_and_iso() {
        assert!(Date::new(Some(2025), 2, Some(29)).is_none());
        assert!(Date::new(Some(2024), 2, Some(29)).is_some());
        assert!(Date::new(None, 13, None).is_none());
        assert_eq!(
            Date::parse_iso("2025-05-07"),
            Date::new(Some(2025), 5, Some(7))
        );
        assert_eq!(Date::parse_iso("2025-5-7"), None);
    }

    #[test]
    fn weekdays_of_complete_dates() {
        let day = |y, m, d| Date::new(Some(y), m, Some(d)).unwrap().weekday();
        assert_eq!(day(2025, 5, 7), Some(3), "Wednesday");
        assert_eq!(day(2025, 5, 8), Some(4), "Thursday");
        assert_eq!(day(2025, 5, 9), Some(5), "Friday");
        assert_eq!(day(2022, 2, 24), Some(4), "Thursday");
        assert_eq!(day(2024, 2, 29), Some(4), "Thursday, leap day");
        assert_eq!(day(2000, 1, 1), Some(6), "Saturday");
        assert_eq!(day(1945, 5, 9), Some(3), "Wednesday");
        assert_eq!(Date::new(None, 5, Some(9)).unwrap().weekday(), None);
        assert_eq!(Date::new(Some(2025), 5, None).unwrap().weekday(), None);
    }

    #[test]
    fn publication_year_fills_a_missing_year() {
        let pubdate = Date::parse_iso("2025-05-09");
        let may7 = Date::new(None, 5, Some(7)).unwrap();
        assert_eq!(may7.with_default_year(pubdate).year, Some(2025));
        assert!(may7.same_as(Date::new(Some(2024), 5, Some(7)).unwrap()));
        let fixed = may7.with_default_year(pubdate);
        assert!(!fixed.same_as(Date::new(Some(2024), 5, Some(7)).unwrap()));
        assert_eq!(fixed.to_string(), "7 May 2025");
    }
}
