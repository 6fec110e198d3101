"""`ciso-course attack import|check` on a bundle downloaded from the web: hostile ids, names and JSON.

The bundle is untrusted input. Whatever it holds, the commands end with exit code 0 or 1 and a
message (never a traceback), write only inside ``content/tactics`` (nothing at all on
``--dry-run``), and echo the bundle's values shortened and with their invisible characters shown.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from generator.attack.compare import compare
from generator.attack.stix import load_bundle
from generator.catalog import load_catalog
from generator.errors import visible

from ..conftest import make_course
from .conftest import STIX_FIXTURE, assert_clean, attack_object, changed, fixture_objects, run, snapshot


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A course at ``work/content``, with the system's temporary folder moved under ``tmp_path``
    so that a snapshot of ``tmp_path`` sees everything the import could write."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    return make_course(tmp_path / "work")


def _bundle(tmp_path: Path, change: Callable[[list[dict[str, Any]]], None]) -> Path:
    objects = fixture_objects()
    change(objects)
    path = tmp_path / "bundles" / "bundle.json"
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps({"type": "bundle", "id": "bundle--1", "objects": objects}), encoding="utf-8")
    return path


def _raw_bundle(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "bundles" / "raw.json"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _set_id(ident: str, attack_id: str = "TA0043") -> Callable[[list[dict[str, Any]]], None]:
    def change(objects: list[dict[str, Any]]) -> None:
        for ref in attack_object(objects, attack_id)["external_references"]:
            ref["external_id"] = ident
    return change


def _hostile_id(kind: str, tmp_path: Path) -> str:
    return {
        "traversal": "../../../x",
        "absolute": str(tmp_path / "abs" / "x"),
        "nul": "TA00\x0043",
        "over-long": "TA" + "0" * 5000,
    }[kind]


# --- finding 1: ids name files, and the import writes only inside content/tactics --------------


@pytest.mark.parametrize("dry_run", [False, True], ids=["import", "dry-run"])
@pytest.mark.parametrize("kind", ["traversal", "absolute", "nul", "over-long"])
def test_a_malformed_tactic_id_is_skipped_reported_and_names_no_file(
    work: Path, tmp_path: Path, kind: str, dry_run: bool
) -> None:
    ident = _hostile_id(kind, tmp_path)
    bundle = _bundle(tmp_path, _set_id(ident))
    before = snapshot(tmp_path)
    result = run("attack", "import", bundle, "--content", work, *(["--dry-run"] if dry_run else []))
    assert_clean(result, 0)
    assert "malformed" in result.stderr and visible(ident)[:20] in result.stderr
    assert not (tmp_path / "x.yml").exists() and not (tmp_path / "abs").exists()
    touched = changed(before, snapshot(tmp_path))
    if dry_run:
        assert touched == set()
    else:  # the bundle's other new tactics, and the facts of TA0001
        assert touched == {"work/content/tactics/TA0001.yml", "work/content/tactics/TA0003.yml", "work/content/tactics/TA0005.yml"}


@pytest.mark.parametrize("kind", ["traversal", "absolute", "nul", "over-long"])
def test_check_reports_a_malformed_tactic_id_without_a_traceback(work: Path, tmp_path: Path, kind: str) -> None:
    ident = _hostile_id(kind, tmp_path)
    result = run("attack", "check", _bundle(tmp_path, _set_id(ident)), "--content", work)
    assert_clean(result, 1)
    assert "malformed" in result.stderr


def test_a_malformed_technique_id_is_skipped_and_reported_once(work: Path, tmp_path: Path) -> None:
    def change(objects: list[dict[str, Any]]) -> None:
        _set_id("../T1566.002", "T1566.002")(objects)
        _set_id("T1078.004\n", "T1078.004")(objects)

    result = run("attack", "check", _bundle(tmp_path, change), "--content", work)
    assert_clean(result, 1)
    assert result.stderr.count("left out because an id is malformed") == 1
    assert "'../T1566.002'" in result.stderr and "'T1078.004\\n'" in result.stderr
    assert "T1566.002 is not in the bundle" in result.stdout  # the course's technique is now unknown


def test_dry_run_writes_nothing_anywhere(work: Path, tmp_path: Path) -> None:
    before = snapshot(tmp_path)
    result = run("attack", "import", STIX_FIXTURE, "--content", work, "--dry-run")
    assert_clean(result, 0)
    assert "+++ b/" in result.stdout
    traversal = run("attack", "import", _bundle(tmp_path, _set_id("../../../x")), "--content", work, "--dry-run")
    assert_clean(traversal, 0)
    assert changed(before, snapshot(tmp_path)) == {"bundles", "bundles/bundle.json"}


@pytest.mark.parametrize("dry_run", [False, True], ids=["import", "dry-run"])
def test_an_existing_file_outside_content_is_never_overwritten(work: Path, tmp_path: Path, dry_run: bool) -> None:
    # Where the lexical path of the trial copy led "../../../x": the temporary folder itself.
    target = tmp_path / "tmp" / "x.yml"
    target.write_text("precious\n", encoding="utf-8")
    result = run("attack", "import", _bundle(tmp_path, _set_id("../../../x")), "--content", work, *(["--dry-run"] if dry_run else []))
    assert_clean(result, 0)
    assert target.read_text(encoding="utf-8") == "precious\n"
    assert not (tmp_path / "x.yml").exists()


def test_a_link_where_a_new_tactic_file_would_go_is_neither_followed_nor_replaced(work: Path, tmp_path: Path) -> None:
    target = tmp_path / "outside.yml"  # does not exist: the link dangles
    (work / "tactics" / "TA0043.yml").symlink_to(target)
    before = snapshot(tmp_path)
    result = run("attack", "import", STIX_FIXTURE, "--content", work)
    # The catalog refuses the link before the import plans anything.
    assert_clean(result, 1)
    assert "tactics/TA0043.yml:1:1: symbolic link" in result.stdout
    assert not target.exists()
    assert changed(before, snapshot(tmp_path)) == set()


def test_new_tactic_files_are_planned_only_inside_the_real_tactics_folder(work: Path, tmp_path: Path) -> None:
    catalog = load_catalog(work)
    outside = tmp_path / "outside-tactics"
    (work / "tactics").rename(outside)
    (work / "tactics").symlink_to(outside, target_is_directory=True)  # swapped in after the catalog was read
    comparison = compare(catalog, load_bundle(STIX_FIXTURE))
    assert comparison.new_tactics == []
    assert any("not inside" in note and "TA0003" in note for note in comparison.notes), comparison.notes


_OPENED: list[str] | None = None


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if _OPENED is not None and event in ("open", "os.scandir", "os.listdir") and args and isinstance(args[0], (str, bytes, os.PathLike)):
        _OPENED.append(os.fsdecode(args[0]))


_hook_installed = False


@contextmanager
def opened_paths() -> Iterator[list[str]]:
    """The paths opened or listed inside the block (one audit hook for the whole session)."""
    global _OPENED, _hook_installed
    if not _hook_installed:
        sys.addaudithook(_audit)
        _hook_installed = True
    _OPENED = []
    try:
        yield _OPENED
    finally:
        _OPENED = None


def test_a_linked_tree_under_content_is_neither_copied_nor_read(work: Path, tmp_path: Path) -> None:
    outside = tmp_path / "big"
    outside.mkdir()
    (outside / "data.bin").write_bytes(b"\0" * 1000)
    (work / "linked").symlink_to(outside, target_is_directory=True)
    with opened_paths() as opened:
        result = run("attack", "import", STIX_FIXTURE, "--content", work, "--dry-run")
        imported = run("attack", "import", STIX_FIXTURE, "--content", work)
    # The catalog refuses the link at its own path before the import plans anything.
    assert_clean(result, 1)
    assert_clean(imported, 1)
    assert "content/linked:1:1: symbolic link" in result.stdout
    linked = str(work / "linked")
    assert [p for p in opened if p.startswith(linked) or os.path.realpath(p).startswith(str(outside))] == []


def test_a_symlink_loop_under_content_does_not_crash_the_import(work: Path, tmp_path: Path) -> None:
    (work / "loop").symlink_to(work, target_is_directory=True)
    (work / "modules" / "again").symlink_to(work / "modules", target_is_directory=True)
    before = snapshot(tmp_path)
    result = run("attack", "import", STIX_FIXTURE, "--content", work, "--dry-run")
    assert_clean(result, 1)  # both links refused, located, and not followed round the loop
    assert "content/loop:1:1: symbolic link" in result.stdout and "modules/again:1:1: symbolic link" in result.stdout
    assert_clean(run("attack", "import", STIX_FIXTURE, "--content", work), 1)
    assert changed(before, snapshot(tmp_path)) == set()


# --- finding 9: names no course file can hold, and JSON that Python's decoder chokes on -----------

HOSTILE_NAMES = {
    "line-separator": "Initial\u2028Access",
    "next-line": "Initial\x85Access",
    "noncharacter": "Initial\uffffAccess",
    "lone-surrogate": "Initial\ud800Access",
}


def _rename(attack_id: str, name: str) -> Callable[[list[dict[str, Any]]], None]:
    def change(objects: list[dict[str, Any]]) -> None:
        attack_object(objects, attack_id)["name"] = name
    return change


@pytest.mark.parametrize("dry_run", [False, True], ids=["import", "dry-run"])
@pytest.mark.parametrize("name", list(HOSTILE_NAMES.values()), ids=list(HOSTILE_NAMES))
def test_a_name_no_course_file_can_hold_is_reported_at_the_courses_value(work: Path, tmp_path: Path, name: str, dry_run: bool) -> None:
    bundle = _bundle(tmp_path, _rename("TA0001", name))
    before = snapshot(work)
    result = run("attack", "import", bundle, "--content", work, *(["--dry-run"] if dry_run else []))
    assert_clean(result, 0)
    assert "tactics/TA0001.yml:2:7: the bundle's name for TA0001 cannot be used" in result.stderr
    assert f"'{visible(name)}'" in result.stderr
    assert "name: Initial Access\n" in (work / "tactics" / "TA0001.yml").read_text(encoding="utf-8")
    new_files = {"tactics/TA0043.yml", "tactics/TA0003.yml", "tactics/TA0005.yml"}
    assert changed(before, snapshot(work)) == (set() if dry_run else {"tactics/TA0001.yml"} | new_files)


@pytest.mark.parametrize("name", list(HOSTILE_NAMES.values()), ids=list(HOSTILE_NAMES))
def test_check_reports_a_name_no_course_file_can_hold(work: Path, tmp_path: Path, name: str) -> None:
    result = run("attack", "check", _bundle(tmp_path, _rename("TA0001", name)), "--content", work)
    assert_clean(result, 1)
    assert "tactics/TA0001.yml:2:7: the bundle's name for TA0001 cannot be used" in result.stdout


@pytest.mark.parametrize("name", list(HOSTILE_NAMES.values()), ids=list(HOSTILE_NAMES))
def test_a_new_tactic_or_technique_name_no_course_file_can_hold_is_not_written(work: Path, tmp_path: Path, name: str) -> None:
    def change(objects: list[dict[str, Any]]) -> None:
        _rename("TA0043", name)(objects)  # a tactic the course lacks
        _rename("T1078.004", name.replace("Initial", "Cloud"))(objects)  # a technique it teaches

    before = snapshot(work)
    result = run("attack", "import", _bundle(tmp_path, change), "--content", work)
    assert_clean(result, 0)
    assert "no new file" in result.stderr and "TA0043" in result.stderr
    assert "the bundle's name for T1078.004 cannot be used" in result.stderr
    assert changed(before, snapshot(work)) == {"tactics/TA0001.yml", "tactics/TA0003.yml", "tactics/TA0005.yml"}
    assert 'name: "Valid Accounts: Cloud Accounts"\n' in (work / "tactics" / "TA0001.yml").read_text(encoding="utf-8")


DEEP = '{"type": "bundle", "objects": [' + "[" * 100_000 + "]" * 100_000 + "]}"
LONG_NUMBER = '{"type": "bundle", "objects": [{"type": "x", "n": ' + "7" * 100_000 + "}]}"


@pytest.mark.parametrize("command", ["import", "check"])
@pytest.mark.parametrize(
    ("text", "message"),
    [(DEEP, "nested deeper than"), (LONG_NUMBER, "a number of more than")],
    ids=["100000-deep", "100000-digits"],
)
def test_json_pythons_decoder_chokes_on_is_refused_with_a_message(
    work: Path, tmp_path: Path, command: str, text: str, message: str
) -> None:
    result = run("attack", command, _raw_bundle(tmp_path, text), "--content", work)
    assert_clean(result, 1)
    assert message in result.stderr and "at character" in result.stderr


@pytest.mark.parametrize("command", ["import", "check"])
def test_a_50_mb_name_is_refused_and_never_echoed_whole(work: Path, tmp_path: Path, command: str) -> None:
    bundle = _bundle(tmp_path, _rename("TA0001", "A" * 50_000_000))
    result = run("attack", command, bundle, "--content", work)
    assert_clean(result, 1)
    assert len(result.output) < 5000
    assert "characters" in result.stderr


@pytest.mark.parametrize("command", ["import", "check"])
def test_a_long_name_is_reported_shortened(work: Path, tmp_path: Path, command: str) -> None:
    bundle = _bundle(tmp_path, _rename("TA0001", "Initial " + "A" * 100_000))
    result = run("attack", command, bundle, "--content", work)
    assert_clean(result, 0 if command == "import" else 1)
    assert "the bundle's name for TA0001 cannot be used" in result.output
    assert "'Initial AAAA" in result.output and "...'" in result.output
    assert len(result.output) < 5000


@pytest.mark.parametrize(
    ("fact", "key", "value", "reason"),
    [
        ("shortname", "x_mitre_shortname", "../initial-access", "a shortname is 1-64 lowercase letters"),
        ("url", None, "javascript:alert(1)", "a URL must be a whole http(s) address"),
        ("url", None, "https://attack.mitre.org/tactics/TA0001\u202e", "U+202E"),
        ("name", "name", "Initial\tAccess", "U+0009"),
        ("name", "name", "Initial \u200bAccess", "U+200B"),
    ],
)
def test_a_fact_the_courses_models_refuse_is_reported_not_written(
    work: Path, tmp_path: Path, fact: str, key: str | None, value: str, reason: str
) -> None:
    def change(objects: list[dict[str, Any]]) -> None:
        tactic = attack_object(objects, "TA0001")
        if key is None:
            tactic["external_references"][0]["url"] = value
        else:
            tactic[key] = value

    before = (work / "tactics" / "TA0001.yml").read_text(encoding="utf-8")
    result = run("attack", "import", _bundle(tmp_path, change), "--content", work)
    assert_clean(result, 0)
    assert f"the bundle's {fact} for TA0001 cannot be used" in result.stderr and reason in result.stderr
    after = (work / "tactics" / "TA0001.yml").read_text(encoding="utf-8")
    assert after == before.replace("order: 3", "order: 2")  # the one usable change


def test_a_tactic_file_that_is_a_link_is_not_changed_through_it(work: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside-TA0001.yml"
    (work / "tactics" / "TA0001.yml").rename(outside)
    (work / "tactics" / "TA0001.yml").symlink_to(outside)
    before = snapshot(tmp_path)
    result = run("attack", "import", STIX_FIXTURE, "--content", work)
    assert_clean(result, 1)
    assert changed(before, snapshot(tmp_path)) == set()


def test_a_version_that_is_not_a_version_number_never_reaches_a_new_file(work: Path, tmp_path: Path) -> None:
    def change(objects: list[dict[str, Any]]) -> None:
        next(o for o in objects if o["type"] == "x-mitre-collection")["x_mitre_version"] = "19\nid: TA0001\n#"

    result = run("attack", "import", _bundle(tmp_path, change), "--content", work)
    assert_clean(result, 0)
    assert "which is not a version number; ignored" in result.stderr
    assert "from an ATT&CK bundle. The facts" in (work / "tactics" / "TA0003.yml").read_text(encoding="utf-8")
