//! [`OrderedMap`]: a small map that keeps insertion order and reads strictly.
//!
//! Records hold open maps whose order is meaningful (scores in column order, statistics in
//! the metric's order). Reading them through `serde_json::Map` would sort the keys and keep
//! the last of two equal keys silently; this map keeps the file's order and refuses a
//! duplicated key, so a record that says two things about one column is an error, not a
//! coin toss.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An insertion-ordered map from names to values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderedMap<V>(pub Vec<(String, V)>);

impl<V> Default for OrderedMap<V> {
    fn default() -> Self {
        OrderedMap(Vec::new())
    }
}

impl<V> OrderedMap<V> {
    /// A map of `pairs`, in their order (the caller keeps keys distinct).
    pub fn from_pairs(pairs: Vec<(String, V)>) -> Self {
        OrderedMap(pairs)
    }

    /// The value under `key`.
    pub fn get(&self, key: &str) -> Option<&V> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The keys, in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(k, _)| k.as_str())
    }

    /// Whether the map is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<V: Serialize> Serialize for OrderedMap<V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for OrderedMap<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(OrderedVisitor(PhantomData))
    }
}

struct OrderedVisitor<V>(PhantomData<V>);

impl<'de, V: Deserialize<'de>> Visitor<'de> for OrderedVisitor<V> {
    type Value = OrderedMap<V>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
        let mut entries: Vec<(String, V)> = Vec::with_capacity(access.size_hint().unwrap_or(8));
        while let Some(key) = access.next_key::<String>()? {
            if entries.iter().any(|(k, _)| *k == key) {
                return Err(serde::de::Error::custom(format!("duplicate key `{key}`")));
            }
            let value = access.next_value()?;
            entries.push((key, value));
        }
        Ok(OrderedMap(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::OrderedMap;

    #[test]
    fn order_survives_a_round_trip() {
        let text = r#"{"rouge2":0.5,"rouge1":0.25}"#;
        let map: OrderedMap<f64> = serde_json::from_str(text).unwrap();
        assert_eq!(map.keys().collect::<Vec<_>>(), ["rouge2", "rouge1"]);
        assert_eq!(serde_json::to_string(&map).unwrap(), text);
        assert_eq!(map.get("rouge1"), Some(&0.25));
    }

    #[test]
    fn a_duplicated_key_or_a_wrong_type_is_refused() {
        let err = serde_json::from_str::<OrderedMap<f64>>(r#"{"f1":0.5,"f1":0.9}"#)
            .unwrap_err()
            .to_string();
        assert!(err.contains("duplicate key `f1`"), "{err}");
        assert!(serde_json::from_str::<OrderedMap<f64>>(r#"{"f1":"0.9"}"#).is_err());
        assert!(serde_json::from_str::<OrderedMap<f64>>(r#"{"f1":null}"#).is_err());
        let nullable: OrderedMap<Option<f64>> = serde_json::from_str(r#"{"f1":null}"#).unwrap();
        assert_eq!(nullable.get("f1"), Some(&None));
    }
}
