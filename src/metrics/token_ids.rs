//! Token interning for ROUGE: texts become sequences of small dense integer ids.
//!
//! Each call looks tokens up in a small, cache-hot [`CallVocab`] first, which hands out dense
//! ids from 0 in order of first appearance, prediction first, so the prediction's distinct
//! tokens are exactly `0..prediction_distinct`. With stemming on, a token new to the call is
//! then looked up in a per-thread vocabulary that maps the raw token straight to the global id
//! of its stem, so the Porter stemmer runs once per distinct token per thread (the memoization
//! rouge-score lacks), and tokens sharing a stem share the call's id.
//!
//! rouge-score's tokenizer takes a fast path on texts without U+0130 or U+212A
//! ([`AsciiSpans`]): token positions come from 64-byte masks, and a token of up to 8 bytes is
//! looked up as one lowercased word, without being copied.
//!
//! Memory stays bounded: the vocabulary is dropped when it grows past [`MAX_VOCAB`] entries.

use std::collections::HashMap;

use crate::metrics::call_vocab::{hash_token, CallVocab};
use crate::text::tokenize::{stem_token, AsciiSpans, Tokenizer};

/// Vocabulary size above which a thread's cache is cleared before the next call.
pub(crate) const MAX_VOCAB: usize = 1 << 21;

/// One slot of the open-addressing table; `id == EMPTY` marks a free slot.
#[derive(Clone, Copy)]
struct Slot {
    hash: u64,
    start: u32,
    len: u32,
    id: u32,
}

const EMPTY: u32 = u32::MAX;
const FREE: Slot = Slot {
    hash: 0,
    start: 0,
    len: 0,
    id: EMPTY,
};

/// Raw token → global id (of the stem, when stemming), for one tokenizer × stemmer setting:
/// a linear-probing table over token bytes kept in one arena.
struct Vocab {
    arena: Vec<u8>,
    slots: Vec<Slot>,
    shift: u32,
    len: usize,
    stems: HashMap<Box<str>, u32>,
    next: u32,
}

impl Default for Vocab {
    fn default() -> Self {
        Vocab {
            arena: Vec::new(),
            slots: vec![FREE; 1 << 10],
            shift: 64 - 10,
            len: 0,
            stems: HashMap::new(),
            next: 0,
        }
    }
}

impl Vocab {
    fn id(&mut self, token: &str, stem: bool) -> u32 {
        let bytes = token.as_bytes();
        let hash = hash_token(bytes);
        let mask = self.slots.len() - 1;
        let mut pos = (hash >> self.shift) as usize;
        loop {
            let slot = self.slots[pos];
            if slot.id == EMPTY {
                break;
            }
            if slot.hash == hash
                && slot.len as usize == bytes.len()
                && &self.arena[slot.start as usize..slot.start as usize + bytes.len()] == bytes
            {
                return slot.id;
            }
            pos = (pos + 1) & mask;
        }
        let id = self.assign(token, stem);
        self.slots[pos] = Slot {
            hash,
            // The vocabulary is cleared long before the arena reaches 4 GiB.
            start: self.arena.len() as u32,
            len: bytes.len() as u32,
            id,
        };
        self.arena.extend_from_slice(bytes);
        self.len += 1;
        if self.len * 2 > self.slots.len() {
            self.grow();
        }
        id
    }

    fn assign(&mut self, token: &str, stem: bool) -> u32 {
        if stem {
            let stemmed = stem_token(token);
            if let Some(&id) = self.stems.get(stemmed.as_str()) {
                return id;
            }
            let id = self.next;
            self.next += 1;
            self.stems.insert(stemmed.into_boxed_str(), id);
            id
        } else {
            let id = self.next;
            self.next += 1;
            id
        }
    }

    fn grow(&mut self) {
        let old = std::mem::replace(&mut self.slots, vec![FREE; 0]);
        self.slots = vec![FREE; old.len() * 2];
        self.shift -= 1;
        let mask = self.slots.len() - 1;
        for slot in old.into_iter().filter(|s| s.id != EMPTY) {
            let mut pos = (slot.hash >> self.shift) as usize;
            while self.slots[pos].id != EMPTY {
                pos = (pos + 1) & mask;
            }
            self.slots[pos] = slot;
        }
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
    call: CallVocab,
    vocabs: [Vocab; 4],
    stamp: Vec<u32>,
    local: Vec<u32>,
    generation: u32,
    distinct: u32,
    buf: String,
    spans: AsciiSpans,
}

impl Interner {
    /// Starts a scoring call: dense ids restart at 0.
    pub fn begin(&mut self) {
        if self.vocabs.iter().map(|v| v.len).sum::<usize>() > MAX_VOCAB {
            *self = Interner::default();
        }
        self.call.begin();
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

    /// Tokenizes `text` into `out` (cleared first), splitting sentences on `\n`. Within one
    /// call, every text must use the same tokenizer and stemmer setting.
    pub fn encode(&mut self, tokenizer: Tokenizer, stem: bool, text: &str, out: &mut Seq) {
        out.clear();
        let slot = usize::from(stem) * 2 + usize::from(tokenizer == Tokenizer::Unicode);
        let Interner {
            call,
            vocabs,
            stamp,
            local,
            generation,
            distinct,
            buf,
            spans,
        } = self;
        let vocab = &mut vocabs[slot];
        let mut ids = CallIds {
            vocab,
            stamp,
            local,
            generation: *generation,
            distinct,
        };
        if tokenizer == Tokenizer::RougeScore && spans.scan(text.as_bytes()) {
            if stem {
                call.intern_ascii(text, spans, out, |token| {
                    buf.clear();
                    buf.push_str(token);
                    buf.make_ascii_lowercase();
                    ids.stemmed(buf)
                });
            } else {
                call.intern_ascii(text, spans, out, |_| ids.next());
            }
            return;
        }
        for line in text.split('\n') {
            tokenizer.for_each_token(line, buf, |token| {
                let id = call.id(token, |token| match stem {
                    true => ids.stemmed(token),
                    false => ids.next(),
                });
                out.ids.push(id);
            });
            if out.sentence_ends.last().copied().unwrap_or(0) < out.ids.len() {
                out.sentence_ends.push(out.ids.len());
            }
        }
    }
}

/// Hands out a call's dense ids to tokens new to the call.
struct CallIds<'a> {
    vocab: &'a mut Vocab,
    stamp: &'a mut Vec<u32>,
    local: &'a mut Vec<u32>,
    generation: u32,
    distinct: &'a mut u32,
}

impl CallIds<'_> {
    /// The next id (without stemming, each new token is a new id).
    #[inline]
    fn next(&mut self) -> u32 {
        *self.distinct += 1;
        *self.distinct - 1
    }

    /// The id of `token`'s stem: the id of an earlier token of the call with the same stem,
    /// else the next id.
    fn stemmed(&mut self, token: &str) -> u32 {
        let global = self.vocab.id(token, true) as usize;
        if global >= self.stamp.len() {
            self.stamp.resize(global + 1, 0);
            self.local.resize(global + 1, 0);
        }
        if self.stamp[global] != self.generation {
            self.stamp[global] = self.generation;
            self.local[global] = self.next();
        }
        self.local[global]
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
