"""The commands that write into the course, run the way the README shows them: from the folder
above the course, with the default relative ``--content content``. Each file lands in the course
itself, never in a ``content/content/`` folder the relative spelling would make."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.catalog import load_catalog

from .conftest import STIX_FIXTURE, attack_object, run


def _no_nested_course(course: Path) -> None:
    assert not (course / "content").exists()


def test_new_writes_into_the_course_when_content_is_a_relative_path(course: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(course.parent)
    result = run("new", "module", "relative-module")
    assert result.exit_code == 0, result.output
    assert "created content/modules/relative-module.yml" in result.output
    assert (course / "modules" / "relative-module.yml").is_file()
    _no_nested_course(course)


def test_new_extends_a_file_when_content_is_a_relative_path(course: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(course.parent)
    result = run("new", "term", "relative-term")
    assert result.exit_code == 0, result.output
    assert "id: relative-term" in (course / "glossary.yml").read_text(encoding="utf-8")
    _no_nested_course(course)


def test_attack_import_updates_and_creates_files_when_content_is_a_relative_path(
    course: Path, make_bundle: Callable[..., Path], monkeypatch: pytest.MonkeyPatch,
) -> None:
    def rename(objects: list[dict[str, Any]]) -> None:
        attack_object(objects, "TA0001")["name"] = "First Access"

    bundle = make_bundle(rename)
    monkeypatch.chdir(course.parent)
    result = run("attack", "import", bundle)
    assert result.exit_code == 0, result.output
    assert "content/tactics/TA0001.yml:" in result.stderr  # located as the trainer typed the folder
    catalog = load_catalog(course)
    assert catalog.tactics["TA0001"].model.name == "First Access"
    assert (course / "tactics" / "TA0003.yml").is_file()  # a tactic the course lacked
    _no_nested_course(course)


def test_attack_import_dry_run_reads_the_course_when_content_is_a_relative_path(
    course: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(course.parent)
    result = run("attack", "import", STIX_FIXTURE, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "dry run: nothing written" in result.stderr
    _no_nested_course(course)
