"""goldeval.run, check, compare and bless over the library, with the CLI's exit codes as
exceptions (issue 15)."""

import json
import shutil

import pytest

import goldeval
from conftest import ROOT

DATASET = ROOT / "datasets/xi-moscow-2025"
MINI = ROOT / "tests/fixtures/datasets/mini"


@pytest.fixture
def lead_run(tmp_path):
    return goldeval.run(DATASET, ["lead"], task="summarize", out=tmp_path / "run")


def test_run_writes_a_run_directory_and_returns_its_summary(lead_run):
    assert lead_run.complete
    assert (lead_run.dir / "items.jsonl").is_file()
    on_disk = json.loads((lead_run.dir / "summary.json").read_text())
    assert lead_run.summary == on_disk


def test_check_passes_against_a_blessed_run_and_raises_gate_failed_with_the_table(
        lead_run, tmp_path, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    goldens = tmp_path / "goldens"
    with pytest.raises(goldeval.UsageError, match="no golden") as missing:
        goldeval.check(lead_run, goldens=goldens)
    assert missing.value.exit_code == 2
    assert goldeval.bless(lead_run, goldens) == {
        str(goldens / "xi-moscow-2025/lead.jsonl"): True}
    result = goldeval.check(lead_run, goldens=goldens)
    assert result.passed and "summarize/rougeLsum" in result.report
    assert result.backends[0]["backend"] == "lead"
    # Issue 12's rule holds here too: a selector naming no column is an error.
    with pytest.raises(goldeval.UsageError, match="rouge_1"):
        goldeval.check(lead_run, goldens=goldens, max_drop={"summarize.rouge_1": 0.1})
    with pytest.raises(goldeval.GateFailed) as failed:
        goldeval.check(lead_run, goldens=goldens, fail_under={"rouge1": 0.99})
    assert failed.value.exit_code == 1
    assert "FAIL [fail-under] summarize/rouge1" in str(failed.value)
    assert not failed.value.result.passed


def test_bless_is_refused_under_ci(lead_run, tmp_path, monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(goldeval.UsageError, match="CI"):
        goldeval.bless(lead_run, tmp_path / "goldens")
    assert not (tmp_path / "goldens").exists()


def test_compare_two_runs(lead_run, tmp_path):
    other = goldeval.run(DATASET, ["textrank"], task="summarize", out=tmp_path / "other")
    result = goldeval.compare(lead_run, other)
    assert "lead" in result.report and "textrank" in result.report
    assert result.comparison["pairs"]


def test_a_broken_dataset_raises_dataset_error_with_file_line_and_field(tmp_path):
    broken = tmp_path / "mini"
    shutil.copytree(MINI, broken)
    lines = (broken / "qa.jsonl").read_text().splitlines()
    record = json.loads(lines[1])
    record["answers"] = "Feb. 28"
    lines[1] = json.dumps(record)
    (broken / "qa.jsonl").write_text("\n".join(lines) + "\n")
    with pytest.raises(goldeval.DatasetError) as error:
        goldeval.run(broken, ["lead"], out=tmp_path / "run")
    e = error.value
    assert e.exit_code == 2
    assert e.file.endswith("qa.jsonl") and e.line == 2 and e.field == "answers"
    assert str(e.diagnostics[0]).startswith(f"{e.file}:2: answers:")


def test_unknown_backends_and_bad_gates_are_usage_errors(lead_run, tmp_path):
    with pytest.raises(goldeval.UsageError, match="no-such-backend"):
        goldeval.run(DATASET, ["no-such-backend"], out=tmp_path / "x")
    with pytest.raises(goldeval.UsageError, match="not a number"):
        goldeval.check(lead_run, goldens=tmp_path, max_drop=["rouge1=lots"])
