//! Writes the ROUGE benchmark inputs that `benches/peers.sh` scores with goldeval and its
//! peers, as `goldeval score rouge` reads them.
//!
//! `rouge_bench write DIR [DIVISOR]` writes each workload of `benches/workload.rs` as
//! `DIR/<name>.jsonl` (`{"id", "prediction", "references"}` per line) and its first line as
//! `DIR/<name>.one.jsonl` (to time process start), and prints `<name> <pairs> <sha256>` per
//! workload so that runs on two machines can be checked to have scored the same bytes. Sizes:
//! `short` and `lic-short` 20,000 pairs, the others 10,000, each divided by `DIVISOR`
//! (default 1). The licence workloads read `/usr/share/common-licenses`, or the directory in
//! `LICENCES_DIR`.
#![allow(clippy::print_stdout, clippy::print_stderr)]

#[path = "../benches/workload.rs"]
mod workload;

use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

fn write(dir: &Path, w: &workload::Workload) -> Result<(), Box<dyn std::error::Error>> {
    let mut all = Vec::new();
    for (i, p) in w.pairs.iter().enumerate() {
        let id = format!("{}-{i}", w.name);
        let line =
            serde_json::json!({"id": id, "prediction": p.prediction, "references": p.references});
        writeln!(all, "{line}")?;
    }
    std::fs::write(dir.join(format!("{}.jsonl", w.name)), &all)?;
    let first = all.split_inclusive(|&b| b == b'\n').next().unwrap_or(&[]);
    std::fs::write(dir.join(format!("{}.one.jsonl", w.name)), first)?;
    let digest = Sha256::digest(&all);
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    println!("{} {} {hex}", w.name, w.pairs.len());
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (dir, divisor) = match args.as_slice() {
        [_, mode, dir] if mode == "write" => (PathBuf::from(dir), 1),
        [_, mode, dir, d] if mode == "write" => (PathBuf::from(dir), d.parse::<usize>()?),
        _ => return Err("usage: rouge_bench write DIR [DIVISOR]".into()),
    };
    let divisor = divisor.max(1);
    std::fs::create_dir_all(&dir)?;
    let licences = std::env::var_os("LICENCES_DIR").map_or_else(
        || PathBuf::from("/usr/share/common-licenses"),
        PathBuf::from,
    );
    let (short, other) = (20_000 / divisor, 10_000 / divisor);
    let mut all = workload::news(short, other, other);
    all.extend(workload::licences(&licences, short, other, other)?);
    for w in &all {
        write(&dir, w)?;
    }
    Ok(())
}
