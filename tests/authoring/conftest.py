"""Small courses written from Python data, for the authoring tests (scaffolding and lint)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from generator.catalog import load_catalog
from generator.cli import main
from generator.lint import Finding, lint

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
MINI = ROOT / "tests" / "fixtures" / "mini"

COURSE: dict[str, Any] = {
    "title": "Lint test course",
    "summary": "A course for the lint tests.",
    "audience": "Trainers.",
    "version": "1",
    "attack": {"version": "19"},
    "attack_notice": "Notice.",
    "licence": "Licence.",
}
ROLE: dict[str, Any] = {
    "id": "ciso",
    "title": "Chief Information Security Officer",
    "abbreviation": "CISO",
    "summary": "Owns security risk.",
    "mandate": "Keep exposure within appetite.",
    "responsibilities": ["Run the security programme."],
    "measured_on": ["Material incidents."],
    "ai_impact": "Every AI tool is a new identity.",
}
TACTIC: dict[str, Any] = {
    "id": "TA0001",
    "name": "Initial Access",
    "shortname": "initial-access",
    "url": "https://attack.mitre.org/tactics/TA0001",
    "order": 3,
    "summary": "How an intruder gets in.",
    "ai_relevance": "AI tools add doors.",
    "techniques": [
        {
            "id": "T1078.004",
            "name": "Valid Accounts: Cloud Accounts",
            "url": "https://attack.mitre.org/techniques/T1078/004",
            "ai_relevance": "A stolen key is a valid login.",
        }
    ],
}


def run(*args: str) -> tuple[int, str, str]:
    """Run the CLI in-process: exit code, standard output, standard error."""
    result = CliRunner().invoke(main, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def dump(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)


def single(
    qid: str,
    *,
    correct_at: int = 1,
    texts: list[str] | None = None,
    prompt: str | None = None,
    feedback: bool = True,
    explanation: bool = True,
    assesses: tuple[str, ...] = ("obj",),
) -> dict[str, Any]:
    """A single-choice question; by default four options of the same length, the first correct."""
    texts = texts or [f"Option {qid} {letter}" for letter in "ABCD"]
    options: list[dict[str, Any]] = []
    for index, text in enumerate(texts, start=1):
        option: dict[str, Any] = {"text": text}
        if index == correct_at:
            option["correct"] = True
        if feedback:
            option["feedback"] = f"Feedback on {text}."
        options.append(option)
    question: dict[str, Any] = {
        "id": qid,
        "type": "single",
        "prompt": prompt or f"Which option is right for question {qid}?",
        "assesses": list(assesses),
        "options": options,
    }
    if explanation:
        question["explanation"] = "Because it is."
    return question


def true_false(qid: str, answer: bool, *, prompt: str | None = None, feedback: bool = True) -> dict[str, Any]:
    question: dict[str, Any] = {
        "id": qid,
        "type": "true-false",
        "prompt": prompt or f"Statement number {qid} holds.",
        "answer": answer,
        "assesses": ["obj"],
        "explanation": "Because it is.",
    }
    if feedback:
        question["feedback_true"] = "You said true."
        question["feedback_false"] = "You said false."
    return question


def ordering(qid: str, *, feedback: bool = True) -> dict[str, Any]:
    items = []
    for step in ("one", "two", "three"):
        item = {"id": step, "text": f"Step {step} of {qid}"}
        if feedback:
            item["feedback"] = f"Step {step} goes there."
        items.append(item)
    return {
        "id": qid,
        "type": "ordering",
        "prompt": f"Put the steps of {qid} in order.",
        "assesses": ["obj"],
        "items": items,
        "order": ["one", "two", "three"],
        "explanation": "That is the order.",
    }


def module(mid: str, questions: list[dict[str, Any]] | None, *, objectives: tuple[str, ...] = ("obj",)) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": mid,
        "title": f"Module {mid}",
        "summary": "A module.",
        "audience": ["ciso"],
        "duration_minutes": 10,
        "level": "introductory",
        "objectives": [{"id": objective, "text": f"Do {objective}."} for objective in objectives],
        "lessons": [{"title": "Lesson", "body": "Text."}],
        "covers": {"attack": {"TA0001": ["T1078.004"]}},
    }
    if questions is not None:
        data["quiz"] = {"questions": questions}
    return data


def write_course(
    root: Path,
    modules: list[dict[str, Any]],
    *,
    lint_settings: dict[str, Any] | None = None,
    on_path: list[str] | None = None,
    tactics: list[dict[str, Any]] | None = None,
) -> Path:
    """A small valid course under ``root``: one role, the tactics given (TA0001 by default), the modules."""
    course = dict(COURSE)
    path_modules = on_path if on_path is not None else [m["id"] for m in modules]
    if path_modules:
        course["paths"] = [{"id": "main", "title": "Main", "summary": "All of it.", "modules": path_modules}]
    if lint_settings is not None:
        course["lint"] = lint_settings
    (root / "roles").mkdir(parents=True)
    (root / "tactics").mkdir()
    (root / "modules").mkdir()
    (root / "course.yml").write_text(dump(course), encoding="utf-8")
    (root / "roles" / "ciso.yml").write_text(dump(ROLE), encoding="utf-8")
    for tactic in tactics if tactics is not None else [TACTIC]:
        (root / "tactics" / f"{tactic['id']}.yml").write_text(dump(tactic), encoding="utf-8")
    for data in modules:
        (root / "modules" / f"{data['id']}.yml").write_text(dump(data), encoding="utf-8")
    return root


def lint_course(root: Path, modules: list[dict[str, Any]], **options: Any) -> list[Finding]:
    return lint(load_catalog(write_course(root, modules, **options)))


def rules(findings: list[Finding], rule: str) -> list[Finding]:
    return [finding for finding in findings if finding.rule == rule]


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A copy of the shipped starter course."""
    return Path(shutil.copytree(CONTENT, tmp_path / "content"))


@pytest.fixture
def mini_copy(tmp_path: Path) -> Path:
    """A copy of the small fixture course."""
    return Path(shutil.copytree(MINI, tmp_path / "mini"))
