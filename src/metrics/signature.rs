//! `Signature`: the string that says exactly how a number was computed, in the manner of
//! sacrebleu's signatures: `name|key:value|…|goldeval:VERSION`.
//!
//! Two numbers are comparable only when their signatures are equal. The goldeval version is
//! always last.

use std::fmt;

use serde::{Deserialize, Serialize};

/// An ordered list of `key:value` settings under a metric name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Signature {
    name: String,
    entries: Vec<(String, String)>,
}

impl Signature {
    /// A signature for the metric `name` with no settings yet.
    pub fn new(name: impl Into<String>) -> Self {
        Signature {
            name: name.into(),
            entries: Vec::new(),
        }
    }

    /// Appends a `key:value` setting (order is kept).
    #[must_use]
    pub fn with(mut self, key: impl Into<String>, value: impl ToString) -> Self {
        self.entries.push((key.into(), value.to_string()));
        self
    }

    /// The metric name (first field).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The value of a setting, if present.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Parses the rendered form back (`name|k:v|…`).
    ///
    /// ```
    /// let s = goldeval::Signature::parse("rougeLsum|tok:rouge-score|stem:porter|goldeval:0.1.0")?;
    /// assert_eq!(s.name(), "rougeLsum");
    /// assert_eq!(s.get("stem"), Some("porter"));
    /// assert_eq!(s.to_string(), "rougeLsum|tok:rouge-score|stem:porter|goldeval:0.1.0");
    /// # Ok::<(), String>(())
    /// ```
    ///
    /// # Errors
    /// A message when a field after the name is not `key:value`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut parts = text.split('|');
        let name = parts.next().unwrap_or_default();
        if name.is_empty() {
            return Err(format!("signature \"{text}\" has no metric name"));
        }
        let mut sig = Signature::new(name);
        for part in parts {
            let (k, v) = part
                .split_once(':')
                .ok_or_else(|| format!("signature field \"{part}\" is not key:value"))?;
            if k != "goldeval" {
                sig = sig.with(k, v);
            }
        }
        Ok(sig)
    }
}

impl fmt::Display for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)?;
        for (k, v) in &self.entries {
            write!(f, "|{k}:{v}")?;
        }
        write!(f, "|goldeval:{}", env!("CARGO_PKG_VERSION"))
    }
}

impl Serialize for Signature {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Signature {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Signature::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::Signature;

    #[test]
    fn renders_in_order_with_version_last() {
        let sig = Signature::new("rougeLsum")
            .with("tok", "rouge-score")
            .with("stem", "porter")
            .with("refs", "max")
            .with("agg", "mean");
        assert_eq!(
            sig.to_string(),
            format!(
                "rougeLsum|tok:rouge-score|stem:porter|refs:max|agg:mean|goldeval:{}",
                env!("CARGO_PKG_VERSION")
            )
        );
        assert_eq!(sig.get("stem"), Some("porter"));
    }

    #[test]
    fn parses_its_own_rendering() {
        let sig = Signature::new("f1").with("norm", "squad");
        assert_eq!(Signature::parse(&sig.to_string()).unwrap(), sig);
        assert!(Signature::parse("f1|oops").is_err());
    }
}
