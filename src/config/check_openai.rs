//! Checks of `openai` entries beyond their types: URL scheme, ranges, templates, and that
//! `api_key_env` names a variable rather than holding a key (whose value is never echoed).

use super::BackendEntry;
use crate::diagnostic::{Diagnostic, Diagnostics};

/// Pushes a diagnostic for each problem of `entry`'s `openai` keys.
pub(super) fn check(
    entry: &BackendEntry,
    at: &dyn Fn(&str, String) -> Diagnostic,
    diagnostics: &mut Diagnostics,
) {
    if let Some(url) = &entry.base_url {
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            diagnostics.push(
                at(
                    "base_url",
                    format!("must start with http:// or https://, not {url:?}"),
                )
                .with_hint("base_url = \"https://api.openai.com/v1\""),
            );
        } else if url.starts_with("https://") && !cfg!(feature = "https") {
            diagnostics.push(
                at(
                    "base_url",
                    "https:// needs a goldeval built with the `https` feature (this build speaks plain http)".into(),
                )
                .with_hint("cargo install goldeval --features https (or cargo build --features https)"),
            );
        }
    }
    if let Some(var) = &entry.api_key_env {
        let is_name = !var.is_empty()
            && !var.starts_with(|c: char| c.is_ascii_digit())
            && var.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !is_name {
            diagnostics.push(
                at(
                    "api_key_env",
                    "must be the name of an environment variable (letters, digits, _), not a key"
                        .into(),
                )
                .with_hint(
                    "api_key_env = \"OPENAI_API_KEY\", then export OPENAI_API_KEY=... in the shell",
                ),
            );
        }
    }
    if let Some(t) = entry.temperature {
        if !(t.is_finite() && (0.0..=2.0).contains(&t)) {
            diagnostics.push(at("temperature", format!("must be in [0, 2], not {t}")));
        }
    }
    if let Some(secs) = entry.max_retry_after_secs {
        if !(secs.is_finite() && (0.0..=86_400.0).contains(&secs)) {
            diagnostics.push(
                at(
                    "max_retry_after_secs",
                    format!("must be a number of seconds in [0, 86400], not {secs}"),
                )
                .with_hint("leave it out for the default, 120 seconds"),
            );
        }
    }
    if entry.max_tokens == Some(0) {
        diagnostics.push(at("max_tokens", "must be at least 1".into()));
    }
    if let Some(prices) = &entry.prices {
        let ok = |p: f64| p.is_finite() && p >= 0.0;
        if !(ok(prices.input_per_million) && ok(prices.output_per_million)) {
            diagnostics.push(at("prices", "prices must be non-negative numbers".into()));
        }
    }
    if let Some(prompts) = &entry.prompts {
        let needs = [
            (
                "prompts.summarize",
                &prompts.summarize,
                &["{documents}"][..],
            ),
            (
                "prompts.answer",
                &prompts.answer,
                &["{documents}", "{question}"][..],
            ),
        ];
        for (field, template, placeholders) in needs {
            let Some(template) = template else { continue };
            for p in placeholders {
                if !template.contains(p) {
                    diagnostics.push(at(field, format!("the template has no {p} placeholder")));
                }
            }
        }
    }
}
