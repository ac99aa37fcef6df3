//! Value parsers shared by several commands' flags, so a value out of range is a usage error
//! (exit 2) naming the flag, never a silent clamp.

/// A fraction in `[0, 1]` (`--max-error-rate`).
///
/// # Errors
/// A message when `text` is not a number in range.
pub(crate) fn fraction(text: &str) -> Result<f64, String> {
    let value = number(text)?;
    if (0.0..=1.0).contains(&value) {
        Ok(value)
    } else {
        Err(format!("{value} is not between 0 and 1"))
    }
}

/// A probability strictly between 0 and 1 (`--alpha`, `--level`).
///
/// # Errors
/// A message when `text` is not a number in range.
pub(crate) fn open_fraction(text: &str) -> Result<f64, String> {
    let value = number(text)?;
    if value > 0.0 && value < 1.0 {
        Ok(value)
    } else {
        Err(format!("{value} is not strictly between 0 and 1"))
    }
}

fn number(text: &str) -> Result<f64, String> {
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| format!("{text:?} is not a number"))
}

#[cfg(test)]
mod tests {
    use super::{fraction, open_fraction};

    #[test]
    fn ranges_are_enforced() {
        assert_eq!(fraction("0"), Ok(0.0));
        assert_eq!(fraction("1"), Ok(1.0));
        assert!(fraction("1.5").is_err() && fraction("-0.1").is_err() && fraction("x").is_err());
        assert_eq!(open_fraction("0.05"), Ok(0.05));
        assert!(open_fraction("0").is_err() && open_fraction("1").is_err());
        assert!(open_fraction("2").is_err() && open_fraction("NaN").is_err());
    }
}
