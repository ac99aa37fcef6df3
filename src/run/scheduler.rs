//! `--shard auto`: which shard this process is, from the environment of the scheduler that
//! launched it.
//!
//! | scheduler | variables | shard |
//! |---|---|---|
//! | Kubernetes Indexed Job | `JOB_COMPLETION_INDEX` (0-based), count from `--shard-count N` or `GOLDEVAL_SHARD_COUNT` | index + 1 of count |
//! | Slurm job array | `SLURM_ARRAY_TASK_ID`, `SLURM_ARRAY_TASK_MIN`, `SLURM_ARRAY_TASK_MAX`, `SLURM_ARRAY_TASK_COUNT`, `SLURM_ARRAY_TASK_STEP` | position of the id in `MIN, MIN+STEP, …, MAX` |
//! | anything else | `GOLDEVAL_SHARD=K/N` | K of N |
//!
//! A Slurm array may start anywhere (`--array=5-12` is shards 1..8 of 8) and may have a step
//! (`--array=0-30:10` is shards 1..4 of 4); its ids must be evenly spaced, so a list such as
//! `--array=1,3,8` (or `1-7:2,20`) is refused, as is an array whose variables disagree
//! with each other. A throttle (`%4`) limits how many tasks run at once and changes no id.
//! When several schedulers' variables are set they must name the same shard; none set, an
//! index out of range, or a count missing is an error naming the variables, never a guess.
//! The caller passes the variables, so the library never reads the environment itself.

use crate::error::{Error, Result};
use crate::record::Shard;

/// Environment variables `--shard auto` reads.
pub const VARIABLES: [&str; 8] = [
    "GOLDEVAL_SHARD",
    "JOB_COMPLETION_INDEX",
    "GOLDEVAL_SHARD_COUNT",
    "SLURM_ARRAY_TASK_ID",
    "SLURM_ARRAY_TASK_MIN",
    "SLURM_ARRAY_TASK_MAX",
    "SLURM_ARRAY_TASK_COUNT",
    "SLURM_ARRAY_TASK_STEP",
];

/// This process's shard and where it came from (e.g. `SLURM_ARRAY_TASK_ID=7 of 5..12`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detected {
    /// The shard.
    pub shard: Shard,
    /// The variables it was read from, for messages.
    pub source: String,
}

/// The shard named by the scheduler variables `var` gives; `count` is `--shard-count`.
///
/// # Errors
/// [`Error::Usage`] when no scheduler's variables are set, they are incomplete, out of
/// range or cannot be mapped to shards, or two schedulers' variables disagree.
pub fn detect(var: &dyn Fn(&str) -> Option<String>, count: Option<usize>) -> Result<Detected> {
    let get = |name: &str| var(name).filter(|v| !v.trim().is_empty());
    let mut found: Vec<Detected> = Vec::new();
    if let Some(text) = get("GOLDEVAL_SHARD") {
        let shard = Shard::parse(&text).map_err(|e| bad("GOLDEVAL_SHARD", &e))?;
        found.push(Detected {
            shard,
            source: format!("GOLDEVAL_SHARD={text}"),
        });
    }
    if let Some(index) = get("JOB_COMPLETION_INDEX") {
        found.push(kubernetes(&index, count, get("GOLDEVAL_SHARD_COUNT"))?);
    }
    if let Some(id) = get("SLURM_ARRAY_TASK_ID") {
        found.push(slurm(&id, &get)?);
    }
    let Some(first) = found.first().cloned() else {
        return Err(Error::usage_hint(
            format!(
                "--shard auto found no scheduler's variables: none of {} is set",
                VARIABLES.join(", ")
            ),
            "run under a Kubernetes Indexed Job or a Slurm job array, set GOLDEVAL_SHARD=K/N, \
             or pass --shard K/N",
        ));
    };
    if let Some(other) = found.iter().find(|d| d.shard != first.shard) {
        return Err(Error::usage_hint(
            format!(
                "--shard auto: the schedulers' variables disagree: {} gives shard {}, {} gives \
                 shard {}",
                first.source, first.shard, other.source, other.shard
            ),
            "unset the variables of the scheduler that did not launch this process, or pass \
             --shard K/N",
        ));
    }
    if let Some(n) = count.filter(|&n| n != first.shard.count) {
        return Err(Error::usage(format!(
            "--shard-count {n} disagrees with {} (shard {})",
            first.source, first.shard
        )));
    }
    Ok(first)
}

/// A Kubernetes Indexed Job's shard: `JOB_COMPLETION_INDEX` is 0-based; the count is the
/// flag or `GOLDEVAL_SHARD_COUNT` (the Job's `completions`, which Kubernetes does not
/// expose to the pod).
fn kubernetes(index: &str, flag: Option<usize>, env: Option<String>) -> Result<Detected> {
    let index = number("JOB_COMPLETION_INDEX", index)?;
    let env_count = env
        .map(|n| number("GOLDEVAL_SHARD_COUNT", &n))
        .transpose()?;
    let count = match (flag, env_count) {
        (Some(a), Some(b)) if a != b => {
            return Err(Error::usage(format!(
                "--shard-count {a} disagrees with GOLDEVAL_SHARD_COUNT={b}"
            )))
        }
        (Some(n), _) | (None, Some(n)) => n,
        (None, None) => {
            return Err(Error::usage_hint(
                format!(
                    "JOB_COMPLETION_INDEX={index} is set (a Kubernetes Indexed Job), but not \
                     how many shards there are"
                ),
                "pass --shard-count N or set GOLDEVAL_SHARD_COUNT=N, with N the Job's \
                 `completions`",
            ))
        }
    };
    if count == 0 || index >= count {
        return Err(Error::usage(format!(
            "JOB_COMPLETION_INDEX={index} is out of range for {count} shards (0..{})",
            count.saturating_sub(1)
        )));
    }
    Ok(Detected {
        shard: Shard {
            index: index + 1,
            count,
        },
        source: format!("JOB_COMPLETION_INDEX={index} of {count}"),
    })
}

/// A Slurm array task's shard: the position of its id among the array's evenly spaced ids.
fn slurm(id: &str, get: &dyn Fn(&str) -> Option<String>) -> Result<Detected> {
    let id = number("SLURM_ARRAY_TASK_ID", id)?;
    let read = |name: &str| get(name).map(|v| number(name, &v)).transpose();
    let (min, max) = match (read("SLURM_ARRAY_TASK_MIN")?, read("SLURM_ARRAY_TASK_MAX")?) {
        (Some(min), Some(max)) if min <= max => (min, max),
        (Some(min), Some(max)) => {
            return Err(Error::usage(format!(
                "SLURM_ARRAY_TASK_MIN={min} is above SLURM_ARRAY_TASK_MAX={max}"
            )))
        }
        _ => {
            return Err(Error::usage_hint(
                format!(
                    "SLURM_ARRAY_TASK_ID={id} is set, but not SLURM_ARRAY_TASK_MIN and \
                     SLURM_ARRAY_TASK_MAX, so the array's size is unknown"
                ),
                "run under sbatch --array (Slurm sets them), or pass --shard K/N",
            ))
        }
    };
    let step = read("SLURM_ARRAY_TASK_STEP")?.unwrap_or(1);
    let count = read("SLURM_ARRAY_TASK_COUNT")?;
    let spaced = step > 0 && (max - min) % step == 0;
    let n = if spaced { (max - min) / step + 1 } else { 0 };
    let described = format!(
        "SLURM_ARRAY_TASK_ID={id} of {min}..{max} step {step}{}",
        count.map_or(String::new(), |c| format!(", {c} tasks"))
    );
    if !spaced || count.is_some_and(|c| c != n) {
        return Err(Error::usage_hint(
            format!(
                "{described}: the array's ids are not an evenly spaced range, so goldeval \
                 cannot tell which shard this task is"
            ),
            "submit the shards as a range, with or without a step (--array=0-7, --array=1-8, \
             --array=0-70:10), not a list (--array=1,3,8); or pass --shard K/N",
        ));
    }
    if id < min || id > max || (id - min) % step != 0 {
        return Err(Error::usage(format!(
            "{described}: the id is not one of the array's ids"
        )));
    }
    Ok(Detected {
        shard: Shard {
            index: (id - min) / step + 1,
            count: n,
        },
        source: described,
    })
}

fn number(name: &str, text: &str) -> Result<usize> {
    text.trim()
        .parse()
        .map_err(|_| bad(name, &format!("expected a whole number, not {text:?}")))
}

fn bad(name: &str, why: &str) -> Error {
    Error::usage(format!("{name}: {why}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(pairs: &[(&str, &str)], count: Option<usize>) -> Result<Detected> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        detect(
            &move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| k == name)
                    .map(|(_, v)| v.clone())
            },
            count,
        )
    }

    fn shard(pairs: &[(&str, &str)], count: Option<usize>) -> (usize, usize) {
        let d = with(pairs, count).unwrap();
        (d.shard.index, d.shard.count)
    }

    fn error(pairs: &[(&str, &str)], count: Option<usize>) -> String {
        with(pairs, count).unwrap_err().to_string()
    }

    #[test]
    fn kubernetes_indices_are_zero_based_with_the_count_from_flag_or_environment() {
        assert_eq!(shard(&[("JOB_COMPLETION_INDEX", "0")], Some(4)), (1, 4));
        let env = [("JOB_COMPLETION_INDEX", "3"), ("GOLDEVAL_SHARD_COUNT", "4")];
        assert_eq!(shard(&env, None), (4, 4));
        assert_eq!(shard(&env, Some(4)), (4, 4));
        assert!(error(&env, Some(5)).contains("GOLDEVAL_SHARD_COUNT=4"));
        let no_count = error(&[("JOB_COMPLETION_INDEX", "1")], None);
        assert!(no_count.contains("--shard-count"), "{no_count}");
        let out = error(&[("JOB_COMPLETION_INDEX", "4")], Some(4));
        assert!(out.contains("out of range"), "{out}");
    }

    #[test]
    fn slurm_arrays_map_from_any_start_and_step() {
        let array = |id: &'static str, min, max, count, step: Option<&'static str>| {
            let mut v = vec![
                ("SLURM_ARRAY_TASK_ID", id),
                ("SLURM_ARRAY_TASK_MIN", min),
                ("SLURM_ARRAY_TASK_MAX", max),
                ("SLURM_ARRAY_TASK_COUNT", count),
            ];
            if let Some(step) = step {
                v.push(("SLURM_ARRAY_TASK_STEP", step));
            }
            v
        };
        assert_eq!(shard(&array("0", "0", "7", "8", None), None), (1, 8));
        assert_eq!(shard(&array("8", "1", "8", "8", None), None), (8, 8));
        assert_eq!(shard(&array("7", "5", "12", "8", Some("1")), None), (3, 8));
        assert_eq!(
            shard(&array("20", "0", "30", "4", Some("10")), None),
            (3, 4)
        );
        // A list (1,3,8): three tasks between 1 and 8, no step that fits.
        let list = error(&array("3", "1", "8", "3", None), None);
        assert!(list.contains("not an evenly spaced range"), "{list}");
        assert!(list.contains("--array=1,3,8"), "{list}");
        // 1-7:2,20: five tasks, no common step.
        let mixed = error(&array("20", "1", "20", "5", Some("2")), None);
        assert!(mixed.contains("not an evenly spaced range"), "{mixed}");
        let off = error(&array("4", "0", "30", "4", Some("10")), None);
        assert!(off.contains("not one of the array's ids"), "{off}");
        let bare = error(&[("SLURM_ARRAY_TASK_ID", "2")], None);
        assert!(bare.contains("SLURM_ARRAY_TASK_MIN"), "{bare}");
        assert!(error(&array("1", "0", "7", "8", None), Some(4)).contains("--shard-count 4"));
    }

    #[test]
    fn the_generic_form_agreement_and_absence() {
        assert_eq!(shard(&[("GOLDEVAL_SHARD", "2/5")], None), (2, 5));
        assert!(error(&[("GOLDEVAL_SHARD", "6/5")], None).contains("GOLDEVAL_SHARD"));
        let agree = [
            ("GOLDEVAL_SHARD", "2/4"),
            ("JOB_COMPLETION_INDEX", "1"),
            ("GOLDEVAL_SHARD_COUNT", "4"),
        ];
        assert_eq!(shard(&agree, None), (2, 4));
        let disagree = error(
            &[
                ("JOB_COMPLETION_INDEX", "1"),
                ("GOLDEVAL_SHARD_COUNT", "4"),
                ("SLURM_ARRAY_TASK_ID", "3"),
                ("SLURM_ARRAY_TASK_MIN", "0"),
                ("SLURM_ARRAY_TASK_MAX", "3"),
            ],
            None,
        );
        assert!(
            disagree.contains("JOB_COMPLETION_INDEX=1")
                && disagree.contains("SLURM_ARRAY_TASK_ID=3"),
            "{disagree}"
        );
        let none = error(&[("GOLDEVAL_SHARD_COUNT", "4")], None);
        for name in [
            "GOLDEVAL_SHARD",
            "JOB_COMPLETION_INDEX",
            "SLURM_ARRAY_TASK_ID",
        ] {
            assert!(none.contains(name), "{none}");
        }
    }
}
