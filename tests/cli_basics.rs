//! Help, version and usage errors.

use crate::util::Goldeval;

#[test]
fn help_lists_exit_codes() {
    let out = Goldeval::new(["--help"]).code(0);
    assert!(out.stdout.contains("Exit codes:"), "{}", out.stdout);
    assert!(out.stdout.contains("3    run incomplete"), "{}", out.stdout);
}

#[test]
fn every_subcommand_help_has_an_example() {
    let out = Goldeval::new(["--help"]).code(0);
    let commands: Vec<String> = out
        .stdout
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter(|l| !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .filter(|c| c != "help")
        .collect();
    assert!(!commands.is_empty(), "{}", out.stdout);
    for command in commands {
        let help = Goldeval::new([command.as_str(), "--help"]).code(0);
        assert!(
            help.stdout.contains("Examples:\n  goldeval "),
            "`goldeval {command} --help` has no example:\n{}",
            help.stdout
        );
    }
}

#[test]
fn unknown_flag_is_a_usage_error_with_exit_2() {
    let out = Goldeval::new(["validate", "--bogus"]).code(2);
    assert!(out.stderr.contains("--bogus"), "{}", out.stderr);
}

#[test]
fn missing_dataset_directory_says_what_to_do() {
    let out = Goldeval::new(["validate", "no/such/dir"]).code(2);
    assert!(
        out.stderr
            .contains("error: dataset directory no/such/dir does not exist"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("hint:"), "{}", out.stderr);
}
