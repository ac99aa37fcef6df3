//! Issue 12, item 4: a gate that names no column is a usage error (exit 2) with a
//! did-you-mean, from the command line and from goldeval.toml; it used to be ignored.

use super::records::lead_run;
use crate::util::Goldeval;

#[test]
fn a_misspelt_metric_in_a_flag_is_exit_2_with_a_suggestion() {
    let tmp = tempfile::tempdir().unwrap();
    let run = lead_run(tmp.path());
    for (flag, value, suggestion) in [
        (
            "--fail-under",
            "summarize.ROUGE1=0.99",
            Some("summarize.rouge1"),
        ),
        ("--max-drop", "bogus=0.1", None),
        (
            "--max-drop",
            "summarize.rouge_1=0.1",
            Some("summarize.rouge1"),
        ),
        ("--fail-under", "qa.f1=0.5", None),
    ] {
        let out = Goldeval::new(["check", flag, value]).arg(&run).code(2);
        assert!(
            out.stderr
                .contains("which is no column of the goldens checked"),
            "{value}: {}",
            out.stderr
        );
        assert!(
            out.stderr.contains("columns: summarize.rouge1,"),
            "{}",
            out.stderr
        );
        if let Some(s) = suggestion {
            assert!(
                out.stderr.contains(&format!("did you mean `{s}`?")),
                "{value}: {}",
                out.stderr
            );
        }
    }
    // The correctly spelt gate is evaluated: a floor of 0.99 fails.
    Goldeval::new(["check", "--fail-under", "summarize.rouge1=0.99"])
        .arg(&run)
        .code(1);
}

#[test]
fn a_misspelt_metric_in_goldeval_toml_is_exit_2_naming_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    let run = lead_run(tmp.path());
    let config = tmp.path().join("goldeval.toml");
    std::fs::write(
        &config,
        "[check]\nmax_drop = { \"summarize.rouge_1\" = 0.01 }\n",
    )
    .unwrap();
    let out = Goldeval::new(["check", "--config"])
        .arg(&config)
        .arg(&run)
        .code(2);
    assert!(
        out.stderr
            .contains("goldeval.toml:1 (check.max_drop.\"summarize.rouge_1\")"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("did you mean `summarize.rouge1`?"),
        "{}",
        out.stderr
    );
}

/// Item 9: out-of-range statistics settings are usage errors, not clamped.
#[test]
fn out_of_range_settings_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let run = lead_run(tmp.path());
    for args in [
        ["check", "--alpha", "2"],
        ["check", "--max-error-rate", "1.5"],
        ["check", "--resamples", "0"],
    ] {
        let out = Goldeval::new(args).arg(&run).code(2);
        assert!(
            out.stderr.contains("error: invalid value"),
            "{args:?}: {}",
            out.stderr
        );
    }
    let out = Goldeval::new(["compare", "--level", "0"])
        .arg(format!("{}:lead", run.display()))
        .arg(format!("{}:lead", run.display()))
        .code(2);
    assert!(
        out.stderr.contains("not strictly between 0 and 1"),
        "{}",
        out.stderr
    );
}
