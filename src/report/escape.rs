//! Every escaping rule of the file reports, in one place. Report writers never put report
//! text into a file except through these functions.

/// Text for a terminal or a log: every control character but newline and tab (escape, carriage
/// return, backspace, C1 controls, Unicode bidirectional overrides) is shown as an escape
/// (`\u{1b}`), so an output or id that holds ESC/OSC sequences stays inert text and piped
/// output holds no escape codes. The exact sequences in `allowed` (goldeval's own colours
/// and line clearing, passed only when the stream is a terminal) are kept.
pub fn terminal<'a>(text: &'a str, allowed: &[&str]) -> std::borrow::Cow<'a, str> {
    let unsafe_char = |c: char| {
        (c.is_control() && !matches!(c, '\n' | '\t'))
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if let Some(kept) = allowed
            .iter()
            .find(|a| !a.is_empty() && rest.starts_with(**a))
        {
            out.push_str(kept);
            rest = &rest[kept.len()..];
            continue;
        }
        if unsafe_char(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    std::borrow::Cow::Owned(out)
}

/// Text for HTML and XML element content and quoted attribute values: `& < > " '` escaped.
pub fn markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // XML 1.0 forbids most control characters even as references.
            c if c.is_control() && !matches!(c, '\n' | '\r' | '\t') => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// A CSV field (RFC 4180): quoted when it holds a comma, quote or line break, quotes doubled.
/// A field that a spreadsheet would run as a formula (`= + - @` first) gets a leading `'`.
pub fn csv(field: &str) -> String {
    let field = if field.starts_with(['=', '+', '@'])
        || (field.starts_with('-') && field.parse::<f64>().is_err())
    {
        format!("'{field}")
    } else {
        field.to_string()
    };
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field
    }
}

/// A Markdown table cell: `|` and backslashes escaped, HTML special characters escaped,
/// line breaks shown as spaces.
pub fn markdown_cell(text: &str) -> String {
    markup(text)
        .replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

/// JSON to embed inside an HTML `<script type="application/json">`: `<`, `>`, `&` and the
/// line separators become `\u` escapes, so no `</script>` or `<!--` can appear.
pub fn json_in_script(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

#[cfg(test)]
mod terminal_tests {
    use super::terminal;

    /// Issue 12, item 3: escape and OSC sequences in model outputs and ids are inert.
    #[test]
    fn control_characters_become_visible_escapes() {
        let hostile = "ok\u{1b}]0;pwned\u{7}\u{1b}[2J\rX\u{202e}txt\tend\n";
        let safe = terminal(hostile, &[]);
        assert!(!safe.contains('\u{1b}') && !safe.contains('\r') && !safe.contains('\u{7}'));
        assert_eq!(
            safe,
            "ok\\u{1b}]0;pwned\\u{7}\\u{1b}[2J\\u{d}X\\u{202e}txt\tend\n"
        );
        assert!(matches!(
            terminal("plain text", &[]),
            std::borrow::Cow::Borrowed(_)
        ));
        let coloured = "\u{1b}[32mok\u{1b}[0m \u{1b}[31m";
        assert_eq!(
            terminal(coloured, &["\u{1b}[32m", "\u{1b}[0m"]),
            "\u{1b}[32mok\u{1b}[0m \\u{1b}[31m"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::{csv, json_in_script, markdown_cell, markup};

    #[test]
    fn markup_escapes_tags_and_quotes() {
        assert_eq!(
            markup(r#"<img src=x onerror="alert('1')">&"#),
            "&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;"
        );
    }

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        assert_eq!(csv("a,b"), "\"a,b\"");
        assert_eq!(csv("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv("=1+1"), "'=1+1");
        assert_eq!(csv("-0.5"), "-0.5");
    }

    #[test]
    fn markdown_and_script_json_cannot_break_out() {
        assert_eq!(markdown_cell("a|b\nc"), "a\\|b c");
        assert_eq!(json_in_script("\"</script>\""), "\"\\u003c/script\\u003e\"");
    }
}
