//! The per-call token table of the ROUGE interner: raw token bytes → dense id of this call.
//!
//! One scoring call sees a few hundred distinct tokens at most in typical use, so this table
//! stays small and cache-hot, unlike the per-thread vocabulary that memoizes stems over a
//! whole dataset. Slots carry a generation stamp, so starting a call costs nothing (no
//! clearing); the table only grows, to twice the largest call's distinct tokens.

use crate::metrics::token_ids::Seq;
use crate::text::tokenize::AsciiSpans;

/// The bytes of a token of at most 8 bytes as a little-endian word, zero-padded (exact, so
/// with the length it identifies the token). Loads overlap instead of copying byte by byte.
#[inline]
fn small_key(b: &[u8]) -> u64 {
    let n = b.len();
    if n >= 4 {
        let lo = u64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
        let hi = u64::from(u32::from_le_bytes([b[n - 4], b[n - 3], b[n - 2], b[n - 1]]));
        lo | (hi << ((n - 4) * 8))
    } else if n > 0 {
        u64::from(b[0])
            | (u64::from(b[n / 2]) << (8 * (n / 2)))
            | (u64::from(b[n - 1]) << (8 * (n - 1)))
    } else {
        0
    }
}

/// The first word of a token: its [`small_key`] up to 8 bytes, else its first 8 bytes.
#[inline]
fn first_word(bytes: &[u8]) -> u64 {
    match bytes.first_chunk::<8>() {
        Some(chunk) => u64::from_le_bytes(*chunk),
        None => small_key(bytes),
    }
}

/// FxHash-style multiply-rotate over 8-byte words, with a final mix so the high bits (used
/// for the table position) depend on every byte. Inputs are tokens of evaluated texts, not
/// attacker-chosen keys of a long-lived service.
#[inline]
pub(crate) fn hash_token(bytes: &[u8]) -> u64 {
    let mut h = bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(K);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        h = (h.rotate_left(5) ^ small_key(rest)).wrapping_mul(K);
    }
    finish(h)
}

const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;

/// The final mix of [`hash_token`].
#[inline]
fn finish(h: u64) -> u64 {
    (h ^ (h >> 29)).wrapping_mul(K)
}

/// One slot; it is live only when `generation` equals the table's current generation.
#[derive(Clone, Copy, Default)]
struct Slot {
    hash: u64,
    first: u64,
    generation: u32,
    start: u32,
    len: u32,
    id: u32,
}

/// The token `bytes[start..start + len]` (1 to 8 ASCII letters and digits) lowercased, as a
/// zero-padded little-endian word (`| 0x20` lowercases a letter and keeps a digit).
#[inline]
fn lower_key(bytes: &[u8], start: usize, len: usize) -> u64 {
    let keep = u64::MAX >> (64 - 8 * len);
    let word = match bytes[start..].first_chunk::<8>() {
        Some(chunk) => u64::from_le_bytes(*chunk),
        None => bytes[start..start + len]
            .iter()
            .rev()
            .fold(0, |k, &b| (k << 8) | u64::from(b)),
    };
    (word | 0x2020_2020_2020_2020) & keep
}

/// Where a token new to the call belongs (from a `find_*`, for [`CallVocab::insert`]).
pub(crate) struct Vacancy {
    pos: usize,
    hash: u64,
    first: u64,
}

/// Raw token → id for the current call, by linear probing over bytes kept in an arena.
pub(crate) struct CallVocab {
    slots: Vec<Slot>,
    shift: u32,
    generation: u32,
    len: usize,
    arena: Vec<u8>,
}

impl Default for CallVocab {
    fn default() -> Self {
        CallVocab {
            slots: vec![Slot::default(); 1 << 8],
            shift: 64 - 8,
            generation: 1,
            len: 0,
            arena: Vec::new(),
        }
    }
}

impl CallVocab {
    /// Forgets every token (a new call starts).
    pub fn begin(&mut self) {
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            self.slots.iter_mut().for_each(|s| *s = Slot::default());
            self.generation = 1;
        }
        self.len = 0;
        self.arena.clear();
    }

    /// The id of `token`, calling `assign` for it on its first occurrence in this call.
    #[inline]
    pub fn id(&mut self, token: &str, assign: impl FnOnce(&str) -> u32) -> u32 {
        let bytes = token.as_bytes();
        let (hash, first) = (hash_token(bytes), first_word(bytes));
        match self.find(hash, first, bytes.len(), |stored| stored == bytes) {
            Ok(id) => id,
            Err(vacancy) => {
                let id = assign(token);
                self.insert(vacancy, bytes, false, id);
                id
            }
        }
    }

    /// Appends to `out` the ids of the tokens of `text` that `spans` (scanned from `text`)
    /// finds, lowercased, with the sentence ends, calling `new_id` with the token (as
    /// written) the first time a token occurs in this call. Agrees with [`CallVocab::id`] on
    /// every lowercased token.
    #[inline]
    pub fn intern_ascii(
        &mut self,
        text: &str,
        spans: &AsciiSpans,
        out: &mut Seq,
        mut new_id: impl FnMut(&str) -> u32,
    ) {
        let bytes = text.as_bytes();
        spans.for_each(|start, end, new_line| {
            if new_line && out.sentence_ends.last().copied().unwrap_or(0) < out.ids.len() {
                out.sentence_ends.push(out.ids.len());
            }
            let len = end - start;
            let id = if len <= 8 {
                let key = lower_key(bytes, start, len);
                // hash_token of a token of at most 8 bytes: one round over its word.
                let hash = finish(((len as u64).rotate_left(5) ^ key).wrapping_mul(K));
                let mask = self.slots.len() - 1;
                let mut pos = (hash >> self.shift) as usize;
                loop {
                    let slot = &self.slots[pos];
                    if slot.generation != self.generation {
                        // A token starts at an ASCII byte and ends before an ASCII or a
                        // lead byte.
                        let id = new_id(&text[start..end]);
                        let vacancy = Vacancy {
                            pos,
                            hash,
                            first: key,
                        };
                        self.insert(vacancy, &bytes[start..end], true, id);
                        break id;
                    }
                    // Tokens of at most 8 bytes are equal when their words are.
                    if slot.first == key && slot.len as usize == len {
                        break slot.id;
                    }
                    pos = (pos + 1) & mask;
                }
            } else {
                let raw = &bytes[start..end];
                match self.find_lowercased(raw) {
                    Ok(id) => id,
                    Err(vacancy) => {
                        let id = new_id(&text[start..end]);
                        self.insert(vacancy, raw, true, id);
                        id
                    }
                }
            };
            out.ids.push(id);
        });
        if out.sentence_ends.last().copied().unwrap_or(0) < out.ids.len() {
            out.sentence_ends.push(out.ids.len());
        }
    }

    /// The id of the ASCII letters and digits `raw` lowercased (`| 0x20` per byte), or where
    /// to [`CallVocab::insert`] them, without copying them. Agrees with [`CallVocab::id`] on
    /// the lowercased token.
    #[inline]
    pub fn find_lowercased(&self, raw: &[u8]) -> Result<u32, Vacancy> {
        const LOWER: u64 = 0x2020_2020_2020_2020;
        let word = |c: &[u8; 8]| u64::from_le_bytes(*c) | LOWER;
        let mut h = raw.len() as u64;
        let mut chunks = raw.chunks_exact(8);
        for chunk in &mut chunks {
            let mut c = [0u8; 8];
            c.copy_from_slice(chunk);
            h = (h.rotate_left(5) ^ word(&c)).wrapping_mul(K);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let key = rest
                .iter()
                .rev()
                .fold(0, |k, &b| (k << 8) | u64::from(b | 0x20));
            h = (h.rotate_left(5) ^ key).wrapping_mul(K);
        }
        let first = match raw.first_chunk::<8>() {
            Some(c) => word(c),
            None => raw
                .iter()
                .rev()
                .fold(0, |k, &b| (k << 8) | u64::from(b | 0x20)),
        };
        self.find(finish(h), first, raw.len(), |stored| {
            stored.iter().zip(raw).all(|(&s, &r)| s == r | 0x20)
        })
    }

    /// The id of the live slot holding a token with this hash, first word and length for
    /// which `same(stored bytes)` holds (consulted only for tokens longer than 8 bytes), or
    /// the free slot where it belongs.
    #[inline]
    fn find(
        &self,
        hash: u64,
        first: u64,
        len: usize,
        same: impl Fn(&[u8]) -> bool,
    ) -> Result<u32, Vacancy> {
        let mask = self.slots.len() - 1;
        let mut pos = (hash >> self.shift) as usize;
        loop {
            let slot = &self.slots[pos];
            if slot.generation != self.generation {
                return Err(Vacancy { pos, hash, first });
            }
            if slot.hash == hash
                && slot.first == first
                && slot.len as usize == len
                && (len <= 8 || same(&self.arena[slot.start as usize..slot.start as usize + len]))
            {
                return Ok(slot.id);
            }
            pos = (pos + 1) & mask;
        }
    }

    /// Stores the token `bytes` (lowercased with `| 0x20` when `lowercase`, for ASCII letters
    /// and digits) with `id` where [`CallVocab::find_lowercased`] found no entry; nothing else may be inserted in between.
    #[inline]
    pub fn insert(&mut self, vacancy: Vacancy, bytes: &[u8], lowercase: bool, id: u32) {
        let tail = self.arena.len();
        self.slots[vacancy.pos] = Slot {
            hash: vacancy.hash,
            first: vacancy.first,
            generation: self.generation,
            // One call's distinct token bytes stay far below 4 GiB.
            start: self.arena.len() as u32,
            len: bytes.len() as u32,
            id,
        };
        // Tokens of at most 8 bytes are compared by their first word only.
        if bytes.len() > 8 {
            self.arena.extend_from_slice(bytes);
            if lowercase {
                self.arena[tail..].make_ascii_lowercase();
            }
        }
        self.len += 1;
        if self.len * 2 > self.slots.len() {
            self.grow();
        }
    }

    fn grow(&mut self) {
        let old = std::mem::take(&mut self.slots);
        self.slots = vec![Slot::default(); old.len() * 2];
        self.shift -= 1;
        let mask = self.slots.len() - 1;
        let live = old.into_iter().filter(|s| s.generation == self.generation);
        for slot in live {
            let mut pos = (slot.hash >> self.shift) as usize;
            while self.slots[pos].generation == self.generation {
                pos = (pos + 1) & mask;
            }
            self.slots[pos] = slot;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::CallVocab;

    #[test]
    fn small_keys_are_the_zero_padded_bytes() {
        for text in [
            "", "a", "ab", "abc", "abcd", "abcde", "abcdef", "abcdefg", "abcdefgh",
        ] {
            let mut word = [0u8; 8];
            word[..text.len()].copy_from_slice(text.as_bytes());
            assert_eq!(
                super::small_key(text.as_bytes()),
                u64::from_le_bytes(word),
                "{text}"
            );
        }
    }

    #[test]
    fn ids_are_assigned_once_per_call_and_forgotten_by_begin() {
        let mut v = CallVocab::default();
        let mut next = 0;
        let mut id = |v: &mut CallVocab, t: &str| {
            v.id(t, |_| {
                next += 1;
                next - 1
            })
        };
        v.begin();
        // Short tokens (compared by their first word) and long ones (compared in the arena).
        let words: Vec<String> = (0..1000)
            .map(|i| format!("{}{}", ["w", "a-longer-token-"][i % 2], i % 300))
            .collect();
        let ids: Vec<u32> = words.iter().map(|w| id(&mut v, w)).collect();
        assert_eq!(ids[..300], (0..300).collect::<Vec<u32>>()[..]);
        assert_eq!(ids[300..600], ids[..300]);
        v.begin();
        assert_eq!(id(&mut v, &words[5]), 300);
        assert_eq!(id(&mut v, &words[305]), 300);
        assert_eq!(id(&mut v, &words[4]), 301);
    }

    #[test]
    fn lowercased_lookups_agree_with_id() {
        let mut v = CallVocab::default();
        v.begin();
        let words = [
            "a",
            "ab",
            "abcdefg",
            "abcdefgh",
            "x1",
            "abcdefghi",
            "a-longer-token",
        ];
        let ids: Vec<u32> = (0..).zip(words).map(|(i, w)| v.id(w, |_| i)).collect();
        for (w, &id) in words.iter().zip(&ids) {
            if w.bytes().all(|b| b.is_ascii_alphanumeric()) {
                let upper = w.to_uppercase();
                assert_eq!(v.find_lowercased(upper.as_bytes()).ok(), Some(id), "{w}");
            }
        }
        let Err(vacancy) = v.find_lowercased(b"LongerToken42") else {
            panic!("found a token never inserted");
        };
        v.insert(vacancy, b"LongerToken42", true, 8);
        assert_eq!(v.id("longertoken42", |_| 0), 8);
        let Err(vacancy) = v.find_lowercased(b"new") else {
            panic!("found a token never inserted");
        };
        v.insert(vacancy, b"new", false, 9);
        assert_eq!(v.id("new", |_| 0), 9);
    }
}
