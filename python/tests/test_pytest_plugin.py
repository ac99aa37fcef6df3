"""The pytest plugin, tested with pytester: a gate failure fails the test with the gate
table, a pass passes, --goldeval-update re-blesses and is refused under CI (issue 15)."""

import pytest

from conftest import ROOT

DATASET = ROOT / "datasets/xi-moscow-2025"

TEST = f'''
def test_lead(goldeval_gate):
    run = goldeval_gate.run({str(DATASET)!r}, backends=["lead"], task="summarize")
    goldeval_gate.check(run, fail_under={{"rouge1": FLOOR}})
'''


@pytest.fixture
def project(pytester, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    pytester.makeini("[pytest]\n")
    return pytester


def write_test(pytester, floor):
    pytester.makepyfile(test_model=TEST.replace("FLOOR", str(floor)))


def test_no_golden_fails_with_the_hint_then_update_writes_it_and_checks_pass(project):
    write_test(project, 0.1)
    result = project.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*no golden for backend*lead*", "*--goldeval-update*"])
    result = project.runpytest("--goldeval-update")
    result.assert_outcomes(passed=1)
    assert (project.path / "goldens/xi-moscow-2025/lead.jsonl").is_file()
    project.runpytest().assert_outcomes(passed=1)


def test_a_failed_gate_fails_the_test_with_the_gate_table(project):
    write_test(project, 0.1)
    project.runpytest("--goldeval-update").assert_outcomes(passed=1)
    write_test(project, 0.99)
    result = project.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([
        "*goldeval check failed:*",
        "FAIL  lead against *lead.jsonl",
        "metric * better * golden * run *",
        "summarize/rouge1 * ok",
        "FAIL [[]fail-under[]] summarize/rouge1 is * over * items, under the floor 0.99",
    ])


def test_update_is_refused_under_ci(project, monkeypatch):
    write_test(project, 0.1)
    monkeypatch.setenv("CI", "true")
    result = project.runpytest("--goldeval-update")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--goldeval-update never writes goldens when CI is set*"])
    assert not (project.path / "goldens").exists()
