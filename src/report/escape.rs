//! Every escaping rule of the file reports, in one place. Report writers never put report
//! text into a file except through these functions.

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
