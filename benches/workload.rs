//! Deterministic ROUGE benchmark workloads, shared by `benches/rouge.rs` (criterion) and
//! `examples/rouge_bench.rs` (which writes the input files `benches/peers.sh` scores with
//! goldeval and its peers).
//!
//! News-like workloads ([`workloads`], [`news`]): words are drawn Zipf-like from the committed
//! NLTK word list (`tests/fixtures/rouge/porter_nltk.txt`), with capitalised sentence starts,
//! commas and full stops; predictions copy and perturb about half of their reference, as
//! abstractive summaries do:
//! - `short`: prediction ~50 and reference ~57 tokens, 3–4 lines each;
//! - `long`: ~800-token prediction and reference, ~20-token lines;
//! - `multi`: short predictions against 4 references each.
//!
//! Licence-text workloads ([`licences`]): real English text that is not news, the sentences of
//! Debian's `/usr/share/common-licenses` (package `base-files`, on every Debian and Ubuntu
//! system), one sentence per line, with typographic quotes and dashes (`“ ” ’ —`, as word
//! processors write them) so that non-ASCII separators occur. Pairs are windows of
//! consecutive sentences of one licence and extracts or word-level edits of them
//! (`lic-short`, `lic-long`, `lic-multi`, shaped like the three above).
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
    /// `short`, `long`, `multi`, `lic-short`, `lic-long` or `lic-multi`.
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

/// The three news-like workloads at the criterion benches' sizes (2,000 short pairs, 100 long,
/// 500 with four references; same content on every machine and run).
pub fn workloads() -> Vec<Workload> {
    news(2000, 100, 500)
}

/// The news-like workloads with the given numbers of pairs.
pub fn news(shorts: usize, longs: usize, multis: usize) -> Vec<Workload> {
    let mut g = Gen {
        rng: Rng(20250507),
        words: vocabulary(),
    };
    let mut short = Vec::new();
    for _ in 0..shorts {
        let r = g.reference(57, 17);
        let p = g.prediction(&r, 0.75);
        short.push(Pair {
            prediction: g.render(&p),
            references: vec![g.render(&r)],
        });
    }
    let mut long = Vec::new();
    for _ in 0..longs {
        let r = g.reference(800, 20);
        let p = g.prediction(&r, 0.9);
        long.push(Pair {
            prediction: g.render(&p),
            references: vec![g.render(&r)],
        });
    }
    let mut multi = Vec::new();
    for _ in 0..multis {
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

/// The sentences of one text: whitespace collapsed, split after `.`, `;`, `:`, `!` or `?`
/// followed by a space, sentences of fewer than 3 words dropped; straight quotes become
/// typographic ones and `--` an em dash.
fn sentences_of(text: &str) -> Vec<String> {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut typographic = String::with_capacity(flat.len());
    let mut open = true;
    for c in flat.replace("--", "\u{2014}").chars() {
        match c {
            '"' => {
                typographic.push(if open { '\u{201C}' } else { '\u{201D}' });
                open = !open;
            }
            '\'' => typographic.push('\u{2019}'),
            _ => typographic.push(c),
        }
    }
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = typographic.as_bytes();
    for i in 0..bytes.len() {
        let end =
            matches!(bytes[i], b'.' | b';' | b':' | b'!' | b'?') && bytes.get(i + 1) == Some(&b' ');
        if end || i + 1 == bytes.len() {
            let s = typographic[start..=i].trim();
            if s.split_whitespace().count() >= 3 {
                out.push(s.to_string());
            }
            start = i + 1;
        }
    }
    out
}

/// Sentences of each licence in `dir` (regular files only, so `GPL` → `GPL-3` links are not
/// read twice), in file-name order; licences of fewer than 10 sentences are skipped.
fn licence_documents(dir: &std::path::Path) -> Result<Vec<Vec<String>>, String> {
    let read = |e: std::io::Error| format!("{}: {e}", dir.display());
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(read)? {
        let entry = entry.map_err(read)?;
        if entry.file_type().map_err(read)?.is_file() {
            paths.push(entry.path());
        }
    }
    paths.sort();
    let mut docs = Vec::new();
    for path in paths {
        let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let sentences = sentences_of(&String::from_utf8_lossy(&bytes));
        if sentences.len() >= 10 {
            docs.push(sentences);
        }
    }
    if docs.is_empty() {
        return Err(format!("{}: no licence texts found", dir.display()));
    }
    Ok(docs)
}

struct Licences {
    rng: Rng,
    docs: Vec<Vec<String>>,
    words: Vec<String>,
}

impl Licences {
    fn doc(&mut self) -> usize {
        self.rng.below(self.docs.len())
    }

    /// `k` consecutive sentences of document `d` starting near `around` (or anywhere).
    fn window(&mut self, d: usize, k: usize, around: Option<usize>) -> (usize, Vec<String>) {
        let n = self.docs[d].len();
        let k = k.min(n);
        let start = match around {
            Some(a) => (a + self.rng.below(9)).saturating_sub(4).min(n - k),
            None => self.rng.below(n - k + 1),
        };
        (start, self.docs[d][start..start + k].to_vec())
    }

    /// Consecutive sentences of `d` from a random start until at least `tokens` words.
    fn window_of_words(&mut self, d: usize, tokens: usize) -> Vec<String> {
        let n = self.docs[d].len();
        let mut i = self.rng.below(n);
        let (mut out, mut words) = (Vec::new(), 0);
        while words < tokens {
            let s = self.docs[d][i % n].clone();
            words += s.split_whitespace().count();
            out.push(s);
            i += 1;
        }
        out
    }

    /// Word-level edits: drop 12%, replace 8% with a licence word, inflect 6%, upper-case
    /// 4%, insert 5%, swap a neighbouring pair now and then.
    fn edit(&mut self, sentence: &str) -> String {
        let mut out: Vec<String> = Vec::new();
        for t in sentence.split_whitespace() {
            let r = self.rng.below(100);
            if r < 12 {
                continue;
            } else if r < 20 {
                let w = self.rng.below(self.words.len());
                out.push(self.words[w].clone());
            } else if r < 26 {
                let suffix = ["s", "ing", "ed", "ly", "ness"][self.rng.below(5)];
                out.push(format!("{t}{suffix}"));
            } else if r < 30 {
                out.push(t.to_uppercase());
            } else {
                out.push(t.to_string());
            }
            if self.rng.chance(0.05) {
                let w = self.rng.below(self.words.len());
                out.push(self.words[w].clone());
            }
        }
        if out.len() > 3 && self.rng.chance(0.4) {
            let i = self.rng.below(out.len() - 1);
            out.swap(i, i + 1);
        }
        out.join(" ")
    }

    /// A summary-like prediction of `reference` (sentences of document `d`): 40% an extract
    /// (sentences kept with p = 0.7, maybe one from elsewhere, maybe reordered), 50% edited
    /// sentences, 10% an unrelated window of the same licence.
    fn prediction(&mut self, d: usize, reference: &[String]) -> Vec<String> {
        let style = self.rng.below(100);
        if style < 40 {
            let mut kept: Vec<String> = Vec::new();
            for s in reference {
                if self.rng.chance(0.7) {
                    kept.push(s.clone());
                }
            }
            if kept.is_empty() {
                kept.push(reference[0].clone());
            }
            if self.rng.chance(0.4) {
                let (_, extra) = self.window(d, 1, None);
                kept.extend(extra);
            }
            if kept.len() > 1 && self.rng.chance(0.3) {
                let i = self.rng.below(kept.len() - 1);
                kept.swap(i, i + 1);
            }
            kept
        } else if style < 90 {
            let mut out = Vec::new();
            for s in reference {
                if self.rng.chance(0.85) {
                    out.push(self.edit(s));
                }
            }
            if out.is_empty() {
                out.push(self.edit(&reference[0]));
            }
            out
        } else {
            self.window(d, reference.len(), None).1
        }
    }
}

/// The licence-text workloads with the given numbers of pairs, from the licences in `dir`
/// (normally `/usr/share/common-licenses`).
pub fn licences(
    dir: &std::path::Path,
    shorts: usize,
    longs: usize,
    multis: usize,
) -> Result<Vec<Workload>, String> {
    let docs = licence_documents(dir)?;
    let mut words: Vec<String> = docs
        .iter()
        .flatten()
        .flat_map(|s| s.split_whitespace())
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string())
        .filter(|w| !w.is_empty())
        .collect();
    words.sort();
    words.dedup();
    let mut g = Licences {
        rng: Rng(20250507),
        docs,
        words,
    };
    let mut short = Vec::new();
    for _ in 0..shorts {
        let d = g.doc();
        let k = 2 + g.rng.below(3);
        let (_, reference) = g.window(d, k, None);
        let prediction = g.prediction(d, &reference);
        short.push(Pair {
            prediction: prediction.join("\n"),
            references: vec![reference.join("\n")],
        });
    }
    let mut long = Vec::new();
    for _ in 0..longs {
        let d = g.doc();
        let reference = g.window_of_words(d, 800);
        let mut prediction = Vec::new();
        for s in &reference {
            if g.rng.chance(0.85) {
                let s = if g.rng.chance(0.5) {
                    g.edit(s)
                } else {
                    s.clone()
                };
                prediction.push(s);
            }
        }
        long.push(Pair {
            prediction: prediction.join("\n"),
            references: vec![reference.join("\n")],
        });
    }
    let mut multi = Vec::new();
    for _ in 0..multis {
        let d = g.doc();
        let k = 2 + g.rng.below(3);
        let (start, first) = g.window(d, k, None);
        let prediction = g.prediction(d, &first);
        let mut references = vec![first.join("\n")];
        for _ in 0..3 {
            let k = 2 + g.rng.below(3);
            references.push(g.window(d, k, Some(start)).1.join("\n"));
        }
        multi.push(Pair {
            prediction: prediction.join("\n"),
            references,
        });
    }
    Ok(vec![
        Workload {
            name: "lic-short",
            pairs: short,
        },
        Workload {
            name: "lic-long",
            pairs: long,
        },
        Workload {
            name: "lic-multi",
            pairs: multi,
        },
    ])
}
