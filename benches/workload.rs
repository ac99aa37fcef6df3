//! Deterministic ROUGE benchmark workloads, shared by `benches/rouge.rs` (criterion) and
//! `examples/rouge_bench.rs` (the single-threaded timer `benches/peers.sh` compares with
//! rouge-score-rs and rouge-score).
//!
//! Words are drawn Zipf-like from the committed NLTK word list
//! (`tests/fixtures/rouge/porter_nltk.txt`), with capitalised sentence starts, commas and
//! full stops; predictions copy and perturb about half of their reference, as abstractive
//! summaries do. Three workloads:
//! - `short`: news-like pairs, prediction ~50 and reference ~57 tokens, 3–4 lines each;
//! - `long`: ~800-token prediction and reference, ~20-token lines;
//! - `multi`: short predictions against 4 references each.
#![allow(dead_code)]

/// One benchmark item.
pub struct Pair {
    /// The prediction.
    pub prediction: String,
    /// Its references.
    pub references: Vec<String>,
}

/// A named workload.
pub struct Workload {
    /// `short`, `long` or `multi`.
    pub name: &'static str,
    /// Its items.
    pub pairs: Vec<Pair>,
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // splitmix64
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

fn vocabulary() -> Vec<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/rouge/porter_nltk.txt"
    );
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let mut words: Vec<String> = text
        .lines()
        .filter_map(|l| l.split('\t').next())
        .filter(|w| w.len() >= 2 && w.bytes().all(|b| b.is_ascii_lowercase()))
        .map(str::to_string)
        .collect();
    if words.is_empty() {
        words = (0..5000).map(|i| format!("w{i}")).collect();
    }
    // A fixed shuffle, so the Zipf head is not alphabetical.
    let mut rng = Rng(7);
    for i in (1..words.len()).rev() {
        words.swap(i, rng.below(i + 1));
    }
    words.truncate(20_000);
    words
}

struct Gen {
    rng: Rng,
    words: Vec<String>,
}

impl Gen {
    fn word(&mut self) -> String {
        // Zipf-like: index = N^u - 1 concentrates mass on the head.
        let u = (self.rng.next() >> 11) as f64 / (1u64 << 53) as f64;
        let i = ((self.words.len() as f64).powf(u) - 1.0) as usize;
        self.words[i.min(self.words.len() - 1)].clone()
    }

    fn sentence(&mut self, len: usize) -> Vec<String> {
        (0..len).map(|_| self.word()).collect()
    }

    fn render(&mut self, lines: &[Vec<String>]) -> String {
        let mut out = Vec::new();
        for line in lines {
            let mut s = String::new();
            for (i, w) in line.iter().enumerate() {
                if i == 0 {
                    let mut c = w.chars();
                    if let Some(f) = c.next() {
                        s.extend(f.to_uppercase());
                        s.push_str(c.as_str());
                    }
                } else {
                    s.push(' ');
                    s.push_str(w);
                }
                if i + 1 < line.len() && self.rng.chance(0.06) {
                    s.push(',');
                }
            }
            s.push('.');
            out.push(s);
        }
        out.join("\n")
    }

    /// A reference of about `tokens` tokens in lines of about `line_len`.
    fn reference(&mut self, tokens: usize, line_len: usize) -> Vec<Vec<String>> {
        let mut lines = Vec::new();
        let mut left = tokens;
        while left > 0 {
            let len = (line_len / 2 + self.rng.below(line_len)).min(left).max(1);
            lines.push(self.sentence(len));
            left -= len;
        }
        lines
    }

    /// A prediction: keeps ~55% of each reference line, reorders a little, adds new words.
    fn prediction(&mut self, reference: &[Vec<String>], ratio: f64) -> Vec<Vec<String>> {
        let mut lines = Vec::new();
        for line in reference {
            let mut out = Vec::new();
            for w in line {
                if self.rng.chance(0.55) {
                    out.push(w.clone());
                } else if self.rng.chance(ratio) {
                    out.push(self.word());
                }
            }
            if out.len() > 3 && self.rng.chance(0.3) {
                let i = self.rng.below(out.len() - 1);
                out.swap(i, i + 1);
            }
            if !out.is_empty() {
                lines.push(out);
            }
        }
        if lines.len() > 1 && self.rng.chance(0.3) {
            let i = self.rng.below(lines.len() - 1);
            lines.swap(i, i + 1);
        }
        lines
    }
}

/// The three workloads (same content on every machine and run).
pub fn workloads() -> Vec<Workload> {
    let mut g = Gen {
        rng: Rng(20250507),
        words: vocabulary(),
    };
    let mut short = Vec::new();
    for _ in 0..2000 {
        let r = g.reference(57, 17);
        let p = g.prediction(&r, 0.75);
        short.push(Pair {
            prediction: g.render(&p),
            references: vec![g.render(&r)],
        });
    }
    let mut long = Vec::new();
    for _ in 0..100 {
        let r = g.reference(800, 20);
        let p = g.prediction(&r, 0.9);
        long.push(Pair {
            prediction: g.render(&p),
            references: vec![g.render(&r)],
        });
    }
    let mut multi = Vec::new();
    for _ in 0..500 {
        let refs: Vec<Vec<Vec<String>>> = (0..4).map(|_| g.reference(57, 17)).collect();
        let p = g.prediction(&refs[0], 0.75);
        multi.push(Pair {
            prediction: g.render(&p),
            references: refs.iter().map(|r| g.render(r)).collect(),
        });
    }
    vec![
        Workload {
            name: "short",
            pairs: short,
        },
        Workload {
            name: "long",
            pairs: long,
        },
        Workload {
            name: "multi",
            pairs: multi,
        },
    ]
}
