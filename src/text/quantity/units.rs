//! The units an amount can carry: currencies (by ISO 4217 code), percent, and fixed-length
//! units of time (`72 hours` = `three days` = `a three-day` span). Months and years vary in
//! length, so they are not units here: `26 months` keeps `months` as a content word.

use std::fmt;

use crate::text::number::Decimal;

/// A currency, identified by its ISO 4217 code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Currency {
    /// US dollar (`$`, `US$`, `USD`, `dollars`).
    Usd,
    /// Euro (`€`, `EUR`, `euros`).
    Eur,
    /// Chinese yuan (`¥`, `CNY`, `RMB`, `yuan`, `renminbi`).
    Cny,
    /// Russian ruble (`₽`, `RUB`, `rubles`, `roubles`).
    Rub,
    /// Pound sterling (`£`, `GBP`, `pounds`).
    Gbp,
    /// Japanese yen (`JPY`, `yen`).
    Jpy,
}

impl Currency {
    /// The ISO 4217 code.
    pub fn code(self) -> &'static str {
        match self {
            Currency::Usd => "USD",
            Currency::Eur => "EUR",
            Currency::Cny => "CNY",
            Currency::Rub => "RUB",
            Currency::Gbp => "GBP",
            Currency::Jpy => "JPY",
        }
    }

    pub(super) fn from_symbol(symbol: &str) -> Option<Currency> {
        Some(match symbol {
            "$" => Currency::Usd,
            "€" => Currency::Eur,
            "¥" | "￥" => Currency::Cny,
            "₽" => Currency::Rub,
            "£" => Currency::Gbp,
            _ => return None,
        })
    }

    pub(super) fn from_code(word: &str) -> Option<Currency> {
        Some(match word {
            "usd" => Currency::Usd,
            "eur" => Currency::Eur,
            "cny" | "rmb" => Currency::Cny,
            "rub" => Currency::Rub,
            "gbp" => Currency::Gbp,
            "jpy" => Currency::Jpy,
            _ => return None,
        })
    }

    pub(super) fn from_name(word: &str) -> Option<Currency> {
        Some(match word {
            "dollar" | "dollars" => Currency::Usd,
            "euro" | "euros" => Currency::Eur,
            "yuan" | "renminbi" => Currency::Cny,
            "ruble" | "rubles" | "rouble" | "roubles" => Currency::Rub,
            "pound" | "pounds" | "sterling" => Currency::Gbp,
            "yen" => Currency::Jpy,
            _ => return Currency::from_code(word),
        })
    }
}

/// A unit of time of fixed length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TimeUnit {
    /// 1 second.
    Second,
    /// 60 seconds.
    Minute,
    /// 60 minutes.
    Hour,
    /// 24 hours.
    Day,
    /// 7 days.
    Week,
}

impl TimeUnit {
    /// The unit named by a lowercase word, singular or plural (`day`, `days`).
    pub(super) fn from_word(word: &str) -> Option<TimeUnit> {
        let singular = word.strip_suffix('s').unwrap_or(word);
        Some(match singular {
            "second" => TimeUnit::Second,
            "minute" => TimeUnit::Minute,
            "hour" => TimeUnit::Hour,
            "day" => TimeUnit::Day,
            "week" => TimeUnit::Week,
            _ => return None,
        })
    }

    /// The length in seconds.
    pub fn seconds(self) -> i128 {
        match self {
            TimeUnit::Second => 1,
            TimeUnit::Minute => 60,
            TimeUnit::Hour => 3_600,
            TimeUnit::Day => 86_400,
            TimeUnit::Week => 604_800,
        }
    }

    /// The singular English name.
    pub fn name(self) -> &'static str {
        match self {
            TimeUnit::Second => "second",
            TimeUnit::Minute => "minute",
            TimeUnit::Hour => "hour",
            TimeUnit::Day => "day",
            TimeUnit::Week => "week",
        }
    }
}

/// The unit of an amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Unit {
    /// A plain number.
    None,
    /// A percentage (`%`, `percent`, `per cent`, `pct`).
    Percent,
    /// Money.
    Currency(Currency),
    /// A length of time (`three days`, `72-hour`).
    Duration(TimeUnit),
}

impl Unit {
    /// True when amounts in the two units measure the same kind of thing, so that stating
    /// both with different values contradicts: two plain numbers, two percentages, two
    /// amounts of one currency, or two lengths of time (in any time units).
    pub fn same_dimension(self, other: Unit) -> bool {
        match (self, other) {
            (Unit::Duration(_), Unit::Duration(_)) => true,
            _ => self == other,
        }
    }

    /// Whether `a` in this unit and `b` in `other` are one value: equal units (or a plain
    /// number on one side) and equal values, or two lengths of time that are equal once
    /// converted (`72 hours` = `3 days`).
    pub fn same_value(self, a: Decimal, other: Unit, b: Decimal) -> bool {
        match (self, other) {
            (Unit::Duration(u), Unit::Duration(v)) if u != v => {
                let in_seconds =
                    |x: Decimal, t: TimeUnit| x.checked_mul(Decimal::from_int(t.seconds())?);
                in_seconds(a, u).is_some() && in_seconds(a, u) == in_seconds(b, v)
            }
            _ => a == b && (self == other || self == Unit::None || other == Unit::None),
        }
    }

    /// Writes `value` in this unit (`USD 237`, `3.5%`, `3 days`).
    pub(super) fn write(self, f: &mut fmt::Formatter<'_>, value: Decimal) -> fmt::Result {
        match self {
            Unit::None => write!(f, "{value}"),
            Unit::Percent => write!(f, "{value}%"),
            Unit::Currency(c) => write!(f, "{} {value}", c.code()),
            Unit::Duration(t) => {
                let plural = if Decimal::from_int(1) == Some(value) {
                    ""
                } else {
                    "s"
                };
                write!(f, "{value} {}{plural}", t.name())
            }
        }
    }
}
