"""`ciso-course attack check`: every disagreement with the bundle, at the place it is written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.errors import display_path

from .conftest import REAL_BUNDLE_19, STIX_FIXTURE, attack_object, run


def where(path: Path, line_has: str, value: str) -> str:
    """``path:line:col`` of ``value`` on the first line containing ``line_has``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line_has in line:
            return f"{display_path(path)}:{number}:{line.index(value) + 1}"
    raise AssertionError(f"{line_has!r} not in {path}")


def _name(course: Path, *idents: str) -> None:
    """Teach ``idents`` under TA0001 in the tactic file, the module and one question."""
    tactic = course / "tactics" / "TA0001.yml"
    extra = "".join(
        f"  - id: {ident}\n    name: Example {ident}\n    url: https://attack.mitre.org/techniques/{ident}\n"
        "    ai_relevance: Course text.\n"
        for ident in idents
    )
    tactic.write_text(tactic.read_text(encoding="utf-8").replace("role_questions:", extra + "role_questions:"), encoding="utf-8")
    module = course / "modules" / "competing-mandates.yml"
    listed = ", ".join(idents)
    text = module.read_text(encoding="utf-8")
    text = text.replace("TA0001: [T1566.002, T1078.004]", f"TA0001: [T1566.002, T1078.004, {listed}]")
    text = text.replace("attack: [T1566.002]", f"attack: [T1566.002, {listed}]")
    module.write_text(text, encoding="utf-8")


def _import(course: Path) -> None:
    assert run("attack", "import", STIX_FIXTURE, "--content", course).exit_code == 0


def test_check_is_clean_after_an_import_and_exits_0(course: Path) -> None:
    _import(course)
    result = run("attack", "check", STIX_FIXTURE, "--content", course)
    assert result.exit_code == 0, result.output
    assert "agrees with the bundle" in result.stderr


def test_check_writes_nothing(course: Path) -> None:
    before = {p: p.read_bytes() for p in course.rglob("*") if p.is_file()}
    result = run("attack", "check", STIX_FIXTURE, "--content", course)
    assert result.exit_code == 1  # the fixture course lacks three of the bundle's tactics
    assert {p: p.read_bytes() for p in course.rglob("*") if p.is_file()} == before


def test_revoked_technique_is_reported_with_its_replacement_everywhere_it_is_named(course: Path) -> None:
    _import(course)
    _name(course, "T1998")
    result = run("attack", "check", STIX_FIXTURE, "--content", course)
    assert result.exit_code == 1
    message = "T1998 is revoked in the bundle and replaced by T1566.001 (Phishing: Spearphishing Attachment)"
    tactic = course / "tactics" / "TA0001.yml"
    module = course / "modules" / "competing-mandates.yml"
    assert f"{where(tactic, '- id: T1998', 'T1998')}: {message}" in result.stdout
    assert f"{where(module, 'TA0001: [', 'T1998')}: {message}" in result.stdout
    assert f"{where(module, 'attack: [T1566.002, T1998]', 'T1998')}: {message}" in result.stdout


def test_deprecated_and_unknown_techniques_are_reported_with_locations(course: Path) -> None:
    _import(course)
    _name(course, "T1999", "T1234")
    result = run("attack", "check", STIX_FIXTURE, "--content", course)
    assert result.exit_code == 1
    module = course / "modules" / "competing-mandates.yml"
    assert f"{where(module, 'TA0001: [', 'T1999')}: T1999 is deprecated in the bundle" in result.stdout
    assert f"{where(module, 'TA0001: [', 'T1234')}: T1234 is not in the bundle" in result.stdout
    tactic = course / "tactics" / "TA0001.yml"
    assert f"{where(tactic, '- id: T1234', 'T1234')}: T1234 is not in the bundle" in result.stdout


def test_a_revocation_without_a_replacement_says_so(course: Path, make_bundle: Callable[..., Path]) -> None:
    def drop(objects: list[dict[str, Any]]) -> None:
        objects[:] = [o for o in objects if o.get("relationship_type") != "revoked-by"]

    _import(course)
    _name(course, "T1998")
    result = run("attack", "check", make_bundle(drop), "--content", course)
    assert "T1998 is revoked in the bundle, which names no replacement" in result.stdout


def test_tactic_and_technique_facts_that_differ_are_reported_at_their_values(course: Path, make_bundle: Callable[..., Path]) -> None:
    def change(objects: list[dict[str, Any]]) -> None:
        attack_object(objects, "TA0001")["name"] = "First Access"
        attack_object(objects, "T1566")["name"] = "Phishing Messages"

    _import(course)
    result = run("attack", "check", make_bundle(change), "--content", course)
    assert result.exit_code == 1
    tactic = course / "tactics" / "TA0001.yml"
    assert f"{where(tactic, 'name: Initial Access', 'Initial Access')}: TA0001 name: 'Initial Access' here, 'First Access' in the bundle" in result.stdout
    quoted = where(tactic, "Phishing: Spearphishing Link", '"Phishing')  # a quoted value starts at its quote
    assert (
        f"{quoted}: T1566.002 name: 'Phishing: Spearphishing Link' here, "
        "'Phishing Messages: Spearphishing Link' in the bundle"
    ) in result.stdout


def test_tactics_missing_from_the_bundle_are_reported_where_modules_name_them(course: Path, make_bundle: Callable[..., Path]) -> None:
    def older(objects: list[dict[str, Any]]) -> None:
        matrix = next(o for o in objects if o["type"] == "x-mitre-matrix")
        matrix["tactic_refs"] = [r for r in matrix["tactic_refs"] if r != attack_object(objects, "TA0001")["id"]]

    result = run("attack", "check", make_bundle(older), "--content", course)
    module = course / "modules" / "competing-mandates.yml"
    assert f"{where(module, 'TA0001: [', 'TA0001')}: tactic TA0001 is not in the bundle's matrix" in result.stdout
    assert "is the bundle older than the course's ATT&CK 19?" in result.stdout


def test_github_format_annotates_the_problems(course: Path) -> None:
    result = run("attack", "check", STIX_FIXTURE, "--content", course, "--format", "github")
    assert result.exit_code == 1
    assert "::error file=" in result.stdout and "has no file in the course" in result.stdout


@pytest.mark.skipif(not REAL_BUNDLE_19.is_file(), reason=f"ATT&CK v19.1 bundle not found at {REAL_BUNDLE_19}")
def test_the_shipped_course_agrees_with_mitres_v19_1_objects(shipped_course: Path) -> None:
    result = run("attack", "check", REAL_BUNDLE_19, "--content", shipped_course)
    assert result.exit_code == 0, result.output
    assert "the course agrees with the bundle" in result.output
    assert result.stdout == "", "no problem is reported"
