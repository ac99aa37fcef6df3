//! Terminal colours: ANSI styles when the CLI says the terminal wants them (a TTY without
//! `NO_COLOR`), nothing otherwise. Renderers take a [`Palette`] and stay testable as plain
//! text; [`visible_width`] lets tables align coloured cells.

/// ANSI styles, or none.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Palette {
    enabled: bool,
}

impl Palette {
    /// No colours (files, pipes, `NO_COLOR`).
    pub fn plain() -> Palette {
        Palette { enabled: false }
    }

    /// ANSI colours.
    pub fn ansi() -> Palette {
        Palette { enabled: true }
    }

    /// Whether colours are on: only on a terminal, and never when `NO_COLOR` is set to a
    /// non-empty value (<https://no-color.org>).
    pub fn wanted(is_terminal: bool, no_color: Option<&std::ffi::OsStr>) -> bool {
        is_terminal && no_color.is_none_or(std::ffi::OsStr::is_empty)
    }

    /// Every escape sequence this palette writes (none when plain): what a terminal sink
    /// lets through when it makes everything else inert ([`super::escape::terminal`]).
    pub fn sequences(self) -> &'static [&'static str] {
        if self.enabled {
            &["\x1b[1;31m", "\x1b[32m", "\x1b[33m", "\x1b[0m"]
        } else {
            &[]
        }
    }

    fn paint(self, code: &str, text: &str) -> String {
        if self.enabled {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    /// Failures.
    pub fn red(self, text: &str) -> String {
        self.paint("1;31", text)
    }

    /// Passes.
    pub fn green(self, text: &str) -> String {
        self.paint("32", text)
    }

    /// Notes and warnings.
    pub fn yellow(self, text: &str) -> String {
        self.paint("33", text)
    }
}

/// Characters a terminal shows: ANSI `ESC [ … m` sequences count for nothing.
pub fn visible_width(text: &str) -> usize {
    let mut width = 0;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            for c in chars.by_ref() {
                if c == 'm' {
                    break;
                }
            }
        } else {
            width += 1;
        }
    }
    width
}

#[cfg(test)]
mod tests {
    use super::{visible_width, Palette};
    use std::ffi::OsStr;

    #[test]
    fn colours_only_on_a_terminal_without_no_color() {
        assert!(Palette::wanted(true, None));
        assert!(!Palette::wanted(false, None));
        assert!(!Palette::wanted(true, Some(OsStr::new("1"))));
        // The spec: an empty NO_COLOR does not disable colours.
        assert!(Palette::wanted(true, Some(OsStr::new(""))));
    }

    #[test]
    fn plain_is_plain_and_ansi_has_zero_width() {
        assert_eq!(Palette::plain().red("FAIL"), "FAIL");
        let red = Palette::ansi().red("FAIL");
        assert_eq!(red, "\x1b[1;31mFAIL\x1b[0m");
        assert_eq!(visible_width(&red), 4);
        assert_eq!(visible_width("Δ ok"), 4);
    }
}
