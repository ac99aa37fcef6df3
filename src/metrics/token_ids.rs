//! Token interning for ROUGE: texts become sequences of small dense integer ids.
//!
//! A per-thread vocabulary maps each raw token to an id once, and with stemming on it maps
//! the raw token straight to the id of its stem, so the Porter stemmer runs once per distinct
//! token per thread (the memoization rouge-score lacks). Within one scoring call the ids are
//! renumbered densely from 0 in order of first appearance, prediction first, so the
//! prediction's distinct tokens are exactly `0..prediction_distinct`.
//!
//! Memory stays bounded: the vocabulary is dropped when it grows past [`MAX_VOCAB`] entries.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::text::tokenize::{stem_token, Tokenizer};

/// Vocabulary size above which a thread's cache is cleared before the next call.
pub(crate) const MAX_VOCAB: usize = 1 << 21;

/// A small fast hasher for short token strings (FxHash's multiply-rotate). Inputs are
/// tokens of evaluated texts, not attacker-chosen keys of a long-lived service.
#[derive(Default, Clone, Copy)]
struct TokenHasher(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl TokenHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for TokenHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<TokenHasher>>;

/// Raw token → global id (of the stem, when stemming), for one tokenizer × stemmer setting.
#[derive(Default)]
struct Vocab {
    ids: FastMap<Box<str>, u32>,
    stems: FastMap<Box<str>, u32>,
    next: u32,
}

impl Vocab {
    fn id(&mut self, token: &str, stem: bool) -> u32 {
        if let Some(&id) = self.ids.get(token) {
            return id;
        }
        let id = if stem {
            let stemmed = stem_token(token);
            match self.stems.get(stemmed.as_str()) {
                Some(&id) => id,
                None => {
                    let id = self.next;
                    self.next += 1;
                    self.stems.insert(stemmed.into_boxed_str(), id);
                    id
                }
            }
        } else {
            let id = self.next;
            self.next += 1;
            id
        };
        self.ids.insert(token.into(), id);
        id
    }
}

/// A tokenized text: dense ids, and where each non-empty line ("sentence") ends.
#[derive(Debug, Default, Clone)]
pub(crate) struct Seq {
    /// Token ids of the whole text, in order.
    pub ids: Vec<u32>,
    /// Exclusive end offsets into `ids` of each line that has tokens.
    pub sentence_ends: Vec<usize>,
}

impl Seq {
    /// The sentences (newline-separated lines with at least one token).
    pub fn sentences(&self) -> impl Iterator<Item = &[u32]> + '_ {
        let mut start = 0;
        self.sentence_ends.iter().map(move |&end| {
            let s = &self.ids[start..end];
            start = end;
            s
        })
    }

    fn clear(&mut self) {
        self.ids.clear();
        self.sentence_ends.clear();
    }
}

/// Per-thread interning state; see the module docs.
#[derive(Default)]
pub(crate) struct Interner {
    vocabs: [Vocab; 4],
    stamp: Vec<u32>,
    local: Vec<u32>,
    generation: u32,
    distinct: u32,
    buf: String,
}

impl Interner {
    /// Starts a scoring call: dense ids restart at 0.
    pub fn begin(&mut self) {
        if self.vocabs.iter().map(|v| v.ids.len()).sum::<usize>() > MAX_VOCAB {
            *self = Interner::default();
        }
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            self.stamp.iter_mut().for_each(|s| *s = 0);
            self.generation = 1;
        }
        self.distinct = 0;
    }

    /// Number of distinct dense ids handed out since [`Interner::begin`].
    pub fn distinct(&self) -> usize {
        self.distinct as usize
    }

    /// Tokenizes `text` into `out` (cleared first), splitting sentences on `\n`.
    pub fn encode(&mut self, tokenizer: Tokenizer, stem: bool, text: &str, out: &mut Seq) {
        out.clear();
        let slot = usize::from(stem) * 2 + usize::from(tokenizer == Tokenizer::Unicode);
        let Interner {
            vocabs,
            stamp,
            local,
            generation,
            distinct,
            buf,
        } = self;
        let vocab = &mut vocabs[slot];
        for line in text.split('\n') {
            tokenizer.for_each_token(line, buf, |token| {
                let global = vocab.id(token, stem) as usize;
                if global >= stamp.len() {
                    stamp.resize(global + 1, 0);
                    local.resize(global + 1, 0);
                }
                if stamp[global] != *generation {
                    stamp[global] = *generation;
                    local[global] = *distinct;
                    *distinct += 1;
                }
                out.ids.push(local[global]);
            });
            if out.sentence_ends.last().copied().unwrap_or(0) < out.ids.len() {
                out.sentence_ends.push(out.ids.len());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Interner, Seq};
    use crate::text::tokenize::Tokenizer;

    #[test]
    fn ids_are_dense_per_call_prediction_first_and_stems_share_ids() {
        let mut interner = Interner::default();
        let (mut a, mut b) = (Seq::default(), Seq::default());
        interner.begin();
        interner.encode(Tokenizer::RougeScore, true, "Cats cat\n\n dogs", &mut a);
        interner.encode(Tokenizer::RougeScore, true, "dog bird cats", &mut b);
        assert_eq!(a.ids, [0, 0, 1]);
        assert_eq!(a.sentence_ends, [2, 3]);
        assert_eq!(b.ids, [1, 2, 0]);
        assert_eq!(interner.distinct(), 3);
        interner.begin();
        interner.encode(Tokenizer::RougeScore, true, "bird", &mut a);
        assert_eq!(a.ids, [0]);
    }

    #[test]
    fn sentences_skip_lines_without_tokens() {
        let mut interner = Interner::default();
        let mut s = Seq::default();
        interner.begin();
        interner.encode(Tokenizer::RougeScore, false, "a b\n  \n!!\nc\n", &mut s);
        let sentences: Vec<&[u32]> = s.sentences().collect();
        assert_eq!(sentences, [&[0, 1][..], &[2][..]]);
    }
}
