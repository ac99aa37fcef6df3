//! Names that become file names: backend names (goldens are `<backend>.jsonl`) and dataset
//! names (goldens live under `<dataset>/`).
//!
//! A name is 1 to 128 characters of `A-Z a-z 0-9 . _ : -` and does not start with a dot, so
//! joined to a directory it names a file inside that directory and nothing else: no `/`,
//! no `..`, no absolute path, no hidden file, no control character. Names are checked where
//! they enter (goldeval.toml, `--backend replay:FILE`, every run directory and golden that is
//! read) and again by the one function that joins them to a path.

/// The longest name accepted.
pub const MAX_NAME_LEN: usize = 128;

/// Checks that `name` is a safe backend or dataset name.
///
/// # Errors
/// A message saying what is wrong with it.
pub fn check_name(name: &str) -> Result<(), String> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | ':' | '-');
    if name.is_empty() {
        return Err("a name must not be empty".into());
    }
    if name.len() > MAX_NAME_LEN {
        return Err(format!("a name is at most {MAX_NAME_LEN} characters"));
    }
    if name.starts_with('.') {
        return Err(format!("{name:?} starts with a dot"));
    }
    if let Some(c) = name.chars().find(|&c| !allowed(c)) {
        return Err(format!(
            "{name:?} contains {c:?}; names use only letters, digits and . _ : -"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::check_name;

    #[test]
    fn only_names_that_stay_inside_a_directory_are_accepted() {
        for good in ["lead", "extractive-qa", "replay:outputs", "gpt-4o_mini.v2"] {
            assert_eq!(check_name(good), Ok(()), "{good}");
        }
        for bad in [
            "",
            "../../x",
            "/etc/passwd",
            "a/b",
            ".hidden",
            "..",
            "a b",
            "a\u{1b}[2J",
            "a\\b",
        ] {
            assert!(check_name(bad).is_err(), "{bad:?}");
        }
        assert!(check_name(&"x".repeat(129)).is_err());
    }
}
