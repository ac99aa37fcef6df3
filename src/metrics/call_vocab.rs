//! The per-call token table of the ROUGE interner: raw token bytes → dense id of this call.
//!
//! One scoring call sees a few hundred distinct tokens at most in typical use, so this table
//! stays small and cache-hot, unlike the per-thread vocabulary that memoizes stems over a
//! whole dataset. Slots carry a generation stamp, so starting a call costs nothing (no
//! clearing); the table only grows, to twice the largest call's distinct tokens.

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
    const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
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
        let hash = hash_token(bytes);
        let first = first_word(bytes);
        let mask = self.slots.len() - 1;
        let mut pos = (hash >> self.shift) as usize;
        loop {
            let slot = self.slots[pos];
            if slot.generation != self.generation {
                break;
            }
            if slot.hash == hash
                && slot.first == first
                && slot.len as usize == bytes.len()
                && (bytes.len() <= 8
                    || &self.arena[slot.start as usize..slot.start as usize + bytes.len()] == bytes)
            {
                return slot.id;
            }
            pos = (pos + 1) & mask;
        }
        let id = assign(token);
        self.slots[pos] = Slot {
            hash,
            first,
            generation: self.generation,
            // One call's distinct token bytes stay far below 4 GiB.
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
}
