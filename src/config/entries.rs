//! Plain configuration values of `[[backend]]` entries that the backends read: the command
//! mode, and the `openai` kind's prices and prompt templates.

use serde::Deserialize;

/// How a `command` backend's program is run (`mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CommandMode {
    /// One process per request.
    PerItem,
    /// One long-lived process, JSON lines both ways.
    Stream,
}

/// Prices per million tokens, in US dollars.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Prices {
    /// Dollars per million prompt tokens.
    pub input_per_million: f64,
    /// Dollars per million completion tokens.
    pub output_per_million: f64,
}

/// `prompts = { system, summarize, answer }` in goldeval.toml; unset ones keep the defaults.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PromptsEntry {
    /// The system message.
    pub system: Option<String>,
    /// The `summarize` template.
    pub summarize: Option<String>,
    /// The `answer` template.
    pub answer: Option<String>,
}
