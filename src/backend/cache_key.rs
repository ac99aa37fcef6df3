//! `CacheKey`: everything that determines a backend's answer to a request, as named parts.
//!
//! A backend that is worth caching (a model server, an external program) lists the parts
//! that change its output: its kind, model and parameters, prompt template and the rendered
//! request. Secrets never go in: not the API key, not HTTP headers. The key's digest is the
//! SHA-256 of the parts in order (name and value, each length-prefixed), so two keys are
//! equal exactly when every part is.

use sha2::{Digest, Sha256};

/// The named parts of a cache key, in a fixed order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CacheKey {
    /// `(name, value)` pairs.
    pub parts: Vec<(String, String)>,
}

impl CacheKey {
    /// Adds a part.
    #[must_use]
    pub fn with(mut self, name: &str, value: impl Into<String>) -> CacheKey {
        self.parts.push((name.to_string(), value.into()));
        self
    }

    /// The SHA-256 of the parts, as 64 lowercase hex digits.
    pub fn digest(&self) -> String {
        let mut hasher = Sha256::new();
        for (name, value) in &self.parts {
            for text in [name, value] {
                hasher.update((text.len() as u64).to_le_bytes());
                hasher.update(text.as_bytes());
            }
        }
        hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_differ_when_any_part_or_boundary_differs() {
        let a = CacheKey::default().with("model", "m").with("prompt", "ab");
        let b = CacheKey::default().with("model", "m").with("prompt", "ab");
        assert_eq!(a.digest(), b.digest());
        assert_eq!(a.digest().len(), 64);
        let moved = CacheKey::default().with("model", "ma").with("prompt", "b");
        assert_ne!(a.digest(), moved.digest());
        let other = CacheKey::default().with("model", "m").with("prompt", "ac");
        assert_ne!(a.digest(), other.digest());
    }
}
