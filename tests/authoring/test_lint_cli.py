"""`ciso-course lint`: output formats, exit codes and the thresholds and severities of course.yml."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import CONTENT, lint_course, module, rules, run, single, true_false, write_course

LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<severity>error|warning|info): (?P<message>.+) \[(?P<rule>[a-z-]+)\]$")


def same_position_course(root: Path, **options: object) -> Path:
    questions = [single(f"q{i}", correct_at=1) for i in range(4)]
    return write_course(root, [module("m1", questions)], **options)  # type: ignore[arg-type]


def test_lint_starter_course_exits_zero(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(CONTENT.parent)
    code, out, err = run("lint")
    assert code == 0, out
    assert not [line for line in out.splitlines() if ": error: " in line]
    assert err.startswith("content: 0 errors")


def test_lint_text_format_is_path_line_col_severity_message_rule(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    same_position_course(tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    code, out, err = run("lint", "--content", "content")
    assert code == 0  # warnings only
    match = LINE.match(out.splitlines()[0])
    assert match is not None, out
    assert match["path"] == "content/modules/m1.yml"
    assert (match["severity"], match["rule"]) == ("warning", "answer-position")
    assert "0 errors, 1 warning, 0 infos in 1 file" in err


def test_lint_exits_one_on_an_error_finding(tmp_path: Path) -> None:
    root = write_course(tmp_path / "content", [module("m1", [single("q1", explanation=False)])])
    code, out, _ = run("lint", "--content", str(root))
    assert code == 1
    assert ": error: question 'q1' has no explanation" in out and out.rstrip().endswith("[missing-explanation]")


def test_lint_github_format_prints_workflow_commands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    questions = [single(f"q{i}", correct_at=1) for i in range(3)] + [single("q3", explanation=False)]
    write_course(tmp_path / "content", [module("m1", questions)])
    monkeypatch.chdir(tmp_path)
    code, out, _ = run("lint", "--content", "content", "--format", "github")
    assert code == 1
    lines = out.splitlines()
    assert any(re.fullmatch(r"::warning file=content/modules/m1\.yml,line=\d+,col=\d+::.+\[answer-position\]", line) for line in lines)
    assert any(re.fullmatch(r"::error file=content/modules/m1\.yml,line=\d+,col=\d+::.+\[missing-explanation\]", line) for line in lines)


def test_lint_github_format_shows_info_as_notice(tmp_path: Path) -> None:
    root = same_position_course(tmp_path / "content", lint_settings={"rules": {"answer-position": "info"}})
    code, out, _ = run("lint", "--content", str(root), "--format", "github")
    assert code == 0
    assert out.startswith("::notice file=")


def test_lint_reports_content_errors_like_validate(tmp_path: Path) -> None:
    root = write_course(tmp_path / "content", [module("m1", [single("q1")])])
    (root / "roles" / "ciso.yml").write_text("id: ciso\n")
    code, out, _ = run("lint", "--content", str(root))
    assert code == 1
    assert "missing required field" in out


def test_severity_override_turns_a_warning_into_an_error(tmp_path: Path) -> None:
    root = same_position_course(tmp_path / "content", lint_settings={"rules": {"answer-position": "error"}})
    code, out, _ = run("lint", "--content", str(root))
    assert code == 1
    assert ": error: " in out and "[answer-position]" in out


def test_severity_override_turns_an_error_into_a_warning(tmp_path: Path) -> None:
    root = write_course(tmp_path / "content", [module("m1", [single("q1", explanation=False)])],
                        lint_settings={"rules": {"missing-explanation": "warning"}})
    code, out, _ = run("lint", "--content", str(root))
    assert code == 0
    assert ": warning: " in out


def test_rule_set_to_off_is_not_run(tmp_path: Path) -> None:
    findings = lint_course(tmp_path, [module("m1", [single(f"q{i}", correct_at=1) for i in range(4)])],
                           lint_settings={"rules": {"answer-position": "off"}})
    assert rules(findings, "answer-position") == []


def test_same_position_threshold_is_configurable(tmp_path: Path) -> None:
    questions = [single(f"q{i}", correct_at=1) for i in range(3)] + [single("q3", correct_at=2)]
    assert rules(lint_course(tmp_path / "a", [module("m1", questions)]), "answer-position")
    quiet = lint_course(tmp_path / "b", [module("m1", questions)], lint_settings={"thresholds": {"same_position_percent": 75}})
    assert rules(quiet, "answer-position") == []


def test_min_questions_threshold_is_configurable(tmp_path: Path) -> None:
    questions = [single(f"q{i}", correct_at=1) for i in range(3)]
    assert rules(lint_course(tmp_path / "a", [module("m1", questions)]), "answer-position") == []
    loud = lint_course(tmp_path / "b", [module("m1", questions)], lint_settings={"thresholds": {"min_questions": 3}})
    assert len(rules(loud, "answer-position")) == 1


def test_min_true_false_threshold_is_configurable(tmp_path: Path) -> None:
    questions = [true_false("t1", True), true_false("t2", True)]
    assert rules(lint_course(tmp_path / "a", [module("m1", questions)]), "true-false-same-answer")
    quiet = lint_course(tmp_path / "b", [module("m1", questions)], lint_settings={"thresholds": {"min_true_false": 3}})
    assert rules(quiet, "true-false-same-answer") == []


def test_near_duplicate_threshold_is_configurable(tmp_path: Path) -> None:
    texts = ["Initial Access", "Persistence", "Execution", "Discovery"]
    first = single("q1", prompt="Which tactic covers a stolen cloud key used to sign in?", texts=texts)
    second = single("q2", prompt="Which tactic covers a stolen cloud key that is used to sign in?", texts=texts)
    assert rules(lint_course(tmp_path / "a", [module("m1", [first, second])]), "near-duplicate")
    strict = lint_course(tmp_path / "b", [module("m1", [first, second])], lint_settings={"thresholds": {"near_duplicate_percent": 100}})
    assert rules(strict, "near-duplicate") == []


def test_longest_correct_threshold_is_configurable(tmp_path: Path) -> None:
    def long_first(qid: str) -> dict[str, object]:
        return single(qid, correct_at=1, texts=["A long and careful correct answer", "Short", "Brief", "Small"])

    questions = [long_first("q0"), long_first("q1"), long_first("q2"), single("q3", correct_at=2)]
    assert rules(lint_course(tmp_path / "a", [module("m1", questions)]), "longest-correct")
    quiet = lint_course(tmp_path / "b", [module("m1", questions)], lint_settings={"thresholds": {"longest_correct_percent": 80}})
    assert rules(quiet, "longest-correct") == []


def test_unknown_rule_in_the_course_file_is_a_content_error(tmp_path: Path) -> None:
    root = same_position_course(tmp_path / "content", lint_settings={"rules": {"answer-positon": "off"}})
    code, out, _ = run("validate", "--content", str(root))
    assert code == 1
    assert "lint.rules.answer-positon: 'answer-positon' is not allowed" in out


def test_invalid_threshold_is_a_content_error(tmp_path: Path) -> None:
    root = same_position_course(tmp_path / "content", lint_settings={"thresholds": {"near_duplicate_percent": 0.9}})
    code, out, _ = run("lint", "--content", str(root))
    assert code == 1
    assert "lint.thresholds.near_duplicate_percent: expected a whole number" in out
