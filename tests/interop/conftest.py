"""Fixtures for the interop tests: a copy of the fixture course, the STIX fixture, the real bundle."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from generator.cli import main
from generator.errors import visible

from ..conftest import FIXTURES, ROOT, make_course

STIX_FIXTURE = FIXTURES / "stix" / "enterprise-fixture.json"
# The real ATT&CK data sits beside the checkout (../shared/attack); CISO_COURSE_ATTACK_DATA moves it.
REAL_ATTACK = Path(os.environ.get("CISO_COURSE_ATTACK_DATA", str(ROOT.parent / "shared" / "attack")))
REAL_BUNDLE = REAL_ATTACK / "enterprise-attack-18.1.json"
REAL_BUNDLE_19 = REAL_ATTACK / "enterprise-attack-19.1.json"


def run(*args: str | Path) -> Result:
    """Run the command line in-process."""
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """A fresh copy of the fixture course (tests change it freely)."""
    return make_course(tmp_path)


@pytest.fixture
def shipped_course(tmp_path: Path) -> Path:
    """A copy of the shipped course in content/ (never the original)."""
    import shutil

    target = tmp_path / "shipped" / "content"
    shutil.copytree(ROOT / "content", target)
    return target


def fixture_objects() -> list[dict[str, Any]]:
    data = json.loads(STIX_FIXTURE.read_text(encoding="utf-8"))
    objects: list[dict[str, Any]] = data["objects"]
    return objects


@pytest.fixture
def make_bundle(tmp_path: Path) -> Callable[[Callable[[list[dict[str, Any]]], None]], Path]:
    """A variant of the STIX fixture: ``change`` edits its list of objects in place."""
    count = 0

    def build(change: Callable[[list[dict[str, Any]]], None]) -> Path:
        nonlocal count
        objects = fixture_objects()
        change(objects)
        count += 1
        path = tmp_path / f"bundle-{count}.json"
        path.write_text(json.dumps({"type": "bundle", "id": "bundle--1", "objects": objects}), encoding="utf-8")
        return path

    return build


def attack_object(objects: list[dict[str, Any]], ident: str) -> dict[str, Any]:
    """The fixture's object with ATT&CK id ``ident`` (first match)."""
    for obj in objects:
        for ref in obj.get("external_references", ()):
            if ref.get("external_id") == ident:
                return obj
    raise KeyError(ident)


def real_bundle() -> Path:
    if not REAL_BUNDLE.is_file():
        pytest.skip(f"the real ATT&CK bundle is not at {REAL_BUNDLE} (set CISO_COURSE_ATTACK_DATA to its folder)")
    return REAL_BUNDLE


# --- for untrusted bundles: what changed on disk, and how a command ended ----------------------

Snapshot = dict[str, tuple[str, bytes]]


def snapshot(root: Path) -> Snapshot:
    """Every file, folder and link under ``root`` (links are recorded, never followed)."""
    found: Snapshot = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder) / name
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                found[rel] = ("link", os.readlink(path).encode())
            elif path.is_dir():
                found[rel] = ("dir", b"")
            else:
                found[rel] = ("file", path.read_bytes())
    return found


def changed(before: Snapshot, after: Snapshot) -> set[str]:
    return {rel for rel in before.keys() | after.keys() if before.get(rel) != after.get(rel)}


def assert_clean(result: Result, code: int) -> None:
    """Ended with ``code`` and a message, never a Python exception; every line short and visible."""
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert result.exit_code == code, result.output[:3000]
    for line in result.output.splitlines():
        assert len(line) < 1000, line[:200]
        assert visible(line) == line, line[:200]
