"""`ciso-course attack import`: facts updated in place, everything else kept byte for byte."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.attack.compare import merged_order
from generator.attack.importer import ImportConflict, apply_import, plan_import
from generator.attack.stix import load_bundle
from generator.catalog import load_catalog

from .conftest import STIX_FIXTURE, attack_object, run

# A tactic file as a trainer might keep it: comments everywhere, mixed quoting and indentation,
# a flow mapping, a folded summary; three facts out of date (name, shortname, url and order of
# the tactic, the name of a sub-technique).
TRAINER_FILE = """\
# yaml-language-server: $schema=../../schema/tactic.schema.json
# Trainer's note: keep this file in sync with the workshop slides.
id: TA0001   # the id never changes
name: Initial Entry    # an old name
shortname: 'initial-entry'
url: "https://attack.mitre.org/tactics/TA0001/"
order: 3
summary: >-
  How an intruder gets a first foothold.
  # not a comment: part of the folded text
ai_relevance: |
  AI tools arrive as browser extensions, plug-ins and cloud accounts.

# Techniques, in the order the workshop uses them
techniques:
- id: T1566.002
  name: "Phishing: Spearphishing Link"   # matches ATT&CK
  url: https://attack.mitre.org/techniques/T1566/002
  ai_relevance: Generated lures are fluent, personal and cheap.
-   id: T1078.004
    name: 'Valid Accounts: Cloud Accts'
    url: 'https://attack.mitre.org/techniques/T1078/004'
    ai_relevance: |-
      A stolen key to an AI platform account opens whatever data it was given.
role_questions:
  - {role: cio, ask: "Which AI services hold company data?"}   # flow style
  - role: ciso
    ask: Which new front doors did this quarter's roll-outs open?
"""

# The same file after the import: only the values of the out-of-date facts differ, each in the
# quoting style it had.
EXPECTED_FILE = (
    TRAINER_FILE
    .replace("name: Initial Entry    #", "name: Initial Access    #")
    .replace("shortname: 'initial-entry'", "shortname: 'initial-access'")
    .replace('url: "https://attack.mitre.org/tactics/TA0001/"', 'url: "https://attack.mitre.org/tactics/TA0001"')
    .replace("order: 3", "order: 2")
    .replace("name: 'Valid Accounts: Cloud Accts'", "name: 'Valid Accounts: Cloud Accounts'")
)


def _write_trainer_file(course: Path, text: str, *, newline: str = "\n", bom: bool = False) -> Path:
    path = course / "tactics" / "TA0001.yml"
    data = text.replace("\n", newline).encode("utf-8")
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


@pytest.mark.parametrize(("newline", "bom"), [("\n", False), ("\r\n", True)], ids=["lf", "crlf-bom"])
def test_import_preserves_the_trainers_comments_fields_and_order_byte_for_byte(course: Path, newline: str, bom: bool) -> None:
    path = _write_trainer_file(course, TRAINER_FILE, newline=newline, bom=bom)
    result = run("attack", "import", STIX_FIXTURE, "--content", course)
    assert result.exit_code == 0, result.output
    expected = (b"\xef\xbb\xbf" if bom else b"") + EXPECTED_FILE.replace("\n", newline).encode("utf-8")
    assert path.read_bytes() == expected
    assert "TA0001 name: 'Initial Entry' -> 'Initial Access'" in result.stdout
    assert "T1078.004 name: 'Valid Accounts: Cloud Accts' -> 'Valid Accounts: Cloud Accounts'" in result.stdout


def test_import_keeps_each_files_permissions_and_gives_new_files_the_usual_ones(course: Path) -> None:
    path = _write_trainer_file(course, TRAINER_FILE)
    path.chmod(0o640)
    old_mask = os.umask(0o022)
    try:
        assert run("attack", "import", STIX_FIXTURE, "--content", course).exit_code == 0
    finally:
        os.umask(old_mask)
    assert path.read_text(encoding="utf-8") == EXPECTED_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert stat.S_IMODE((course / "tactics" / "TA0003.yml").stat().st_mode) == 0o644


def test_a_second_import_changes_nothing(course: Path) -> None:
    _write_trainer_file(course, TRAINER_FILE)
    assert run("attack", "import", STIX_FIXTURE, "--content", course).exit_code == 0
    before = {p: p.read_bytes() for p in course.rglob("*.yml")}
    result = run("attack", "import", STIX_FIXTURE, "--content", course)
    assert result.exit_code == 0
    assert "already match the bundle: nothing to change" in result.stderr
    assert {p: p.read_bytes() for p in course.rglob("*.yml")} == before


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file()}


def test_dry_run_prints_a_unified_diff_and_writes_nothing(course: Path) -> None:
    _write_trainer_file(course, TRAINER_FILE)
    before = _snapshot(course)
    result = run("attack", "import", STIX_FIXTURE, "--content", course, "--dry-run")
    assert result.exit_code == 0, result.output
    assert _snapshot(course) == before
    diff = result.stdout
    assert "+++ b/" in diff and "tactics/TA0001.yml" in diff
    assert "\n-name: Initial Entry    # an old name\n" in diff
    assert "\n+name: Initial Access    # an old name\n" in diff
    assert "\n-order: 3\n" in diff and "\n+order: 2\n" in diff
    assert "--- /dev/null" in diff and "tactics/TA0003.yml" in diff  # a new file shows as added
    assert "dry run: nothing written" in result.stderr


def test_tactics_the_course_lacks_get_a_new_file_with_marked_placeholders(course: Path) -> None:
    result = run("attack", "import", STIX_FIXTURE, "--content", course)
    assert result.exit_code == 0, result.output
    created = course / "tactics" / "TA0003.yml"
    text = created.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/tactic.schema.json\n# TODO: added by "
                           "`ciso-course attack import` from ")
    assert ". The facts below (id, name,\n# shortname, url, order) come from MITRE; every TODO is" in text
    assert "name: Persistence\nshortname: persistence\nurl: https://attack.mitre.org/tactics/TA0003\norder: 3\n" in text
    assert text.count("TODO") >= 4
    assert "TODO placeholders" in result.stderr
    catalog = load_catalog(course)  # the new files validate as they are
    assert list(catalog.tactics) == ["TA0043", "TA0001", "TA0003", "TA0005"]
    assert [e.model.order for e in catalog.tactics.values()] == [1, 2, 3, 4]


def test_a_new_tactic_file_never_overwrites_an_existing_file(course: Path) -> None:
    catalog = load_catalog(course)
    plan = plan_import(catalog, load_bundle(STIX_FIXTURE))
    target = course / "tactics" / "TA0003.yml"
    target.write_text("# someone else's file\n", encoding="utf-8")
    before = _snapshot(course)
    with pytest.raises(ImportConflict, match="TA0003.yml appeared"):
        apply_import(plan)
    assert _snapshot(course) == before  # not even the changed files were written


def test_the_exclusive_create_refuses_an_existing_file(tmp_path: Path) -> None:
    from generator.attack.importer import _create

    target = tmp_path / "TA0003.yml"
    target.write_text("mine\n", encoding="utf-8")
    with pytest.raises(ImportConflict, match="exists"):
        _create(target, "new\n", tmp_path)
    assert target.read_text(encoding="utf-8") == "mine\n"
    assert [p.name for p in tmp_path.iterdir()] == ["TA0003.yml"]  # no temporary file left


def test_a_file_changed_during_the_import_is_not_overwritten(course: Path) -> None:
    _write_trainer_file(course, TRAINER_FILE)
    plan = plan_import(load_catalog(course), load_bundle(STIX_FIXTURE))
    path = course / "tactics" / "TA0001.yml"
    path.write_text(TRAINER_FILE + "# edited meanwhile\n", encoding="utf-8")
    with pytest.raises(ImportConflict, match="changed while the import ran"):
        apply_import(plan)
    assert path.read_text(encoding="utf-8").endswith("# edited meanwhile\n")


def test_a_technique_the_bundle_files_under_another_tactic_is_reported_not_moved(course: Path) -> None:
    path = course / "tactics" / "TA0001.yml"
    text = path.read_text(encoding="utf-8").replace(
        "role_questions:",
        "  - id: T1547\n    name: Boot or Logon Autostart Execution\n"
        "    url: https://attack.mitre.org/techniques/T1547\n    ai_relevance: Agents that start with the machine.\n"
        "role_questions:",
    )
    path.write_text(text, encoding="utf-8")
    result = run("attack", "import", STIX_FIXTURE, "--content", course)
    assert result.exit_code == 0, result.output
    assert "T1547 is listed under TA0001 here, but the bundle files it under TA0003 Persistence; not moved" in result.stderr
    assert "id: T1547" in path.read_text(encoding="utf-8")
    assert "T1547" not in (course / "tactics" / "TA0003.yml").read_text(encoding="utf-8")


def test_revoked_deprecated_and_unknown_techniques_are_reported_and_left_alone(course: Path) -> None:
    path = course / "tactics" / "TA0001.yml"
    extra = "".join(
        f"  - id: {ident}\n    name: {name}\n    url: https://example.org/{ident}\n    ai_relevance: Course text.\n"
        for ident, name in (("T1998", "Old Name"), ("T1999", "Deprecated Example"), ("T1234", "Not In ATT&CK"))
    )
    path.write_text(path.read_text(encoding="utf-8").replace("role_questions:", extra + "role_questions:"), encoding="utf-8")
    result = run("attack", "import", STIX_FIXTURE, "--content", course)
    assert result.exit_code == 0, result.output
    assert "T1998 is revoked in the bundle and replaced by T1566.001 (Phishing: Spearphishing Attachment)" in result.stderr
    assert "T1999 is deprecated in the bundle" in result.stderr
    assert "T1234 is not in the bundle" in result.stderr
    after = path.read_text(encoding="utf-8")
    assert "name: Old Name\n    url: https://example.org/T1998" in after  # revoked: nothing copied
    assert "url: https://attack.mitre.org/techniques/T1999" in after  # deprecated: still a fact to keep current
    assert "url: https://example.org/T1234" in after


def test_values_that_cannot_stay_plain_are_quoted(course: Path, make_bundle: Callable[..., Path]) -> None:
    def rename(objects: list[dict[str, Any]]) -> None:
        attack_object(objects, "TA0001")["name"] = "Initial Access: #1"

    result = run("attack", "import", make_bundle(rename), "--content", course)
    assert result.exit_code == 0, result.output
    assert 'name: "Initial Access: #1"\n' in (course / "tactics" / "TA0001.yml").read_text(encoding="utf-8")
    assert load_catalog(course).tactics["TA0001"].model.name == "Initial Access: #1"


def test_a_block_scalar_fact_is_replaced_without_eating_the_next_key(course: Path) -> None:
    path = course / "tactics" / "TA0001.yml"
    text = path.read_text(encoding="utf-8").replace("name: Initial Access\n", "name: |\n  Initial Entry\n\n", 1)
    path.write_text(text, encoding="utf-8")
    assert run("attack", "import", STIX_FIXTURE, "--content", course).exit_code == 0
    assert "id: TA0001\nname: Initial Access\n\nshortname: initial-access\n" in path.read_text(encoding="utf-8")


def test_an_import_that_would_leave_the_course_invalid_writes_nothing(course: Path, make_bundle: Callable[..., Path]) -> None:
    def clash(objects: list[dict[str, Any]]) -> None:
        attack_object(objects, "TA0003")["x_mitre_shortname"] = "initial-access"  # two tactics, one shortname

    before = _snapshot(course)
    result = run("attack", "import", make_bundle(clash), "--content", course)
    assert result.exit_code == 1
    assert "would leave the course invalid, so nothing is written" in result.stderr
    assert "shortname 'initial-access' is already used by TA0001" in result.stderr
    assert "ciso-course-import-" not in result.stderr  # problems point at the real files, not the trial copy
    assert "tactics/TA0003.yml" in result.stderr
    assert _snapshot(course) == before


def test_tactics_only_the_course_has_keep_their_place_in_the_order() -> None:
    # ATT&CK v19 added TA0112 after TA0005; an older bundle lacks it.
    course = ["TA0043", "TA0001", "TA0005", "TA0112", "TA0006"]
    bundle = ["TA0043", "TA0042", "TA0001", "TA0005", "TA0006"]
    assert merged_order(course, bundle) == ["TA0043", "TA0042", "TA0001", "TA0005", "TA0112", "TA0006"]
    assert merged_order(["TA0999", "TA0001"], ["TA0001"]) == ["TA0999", "TA0001"]


def test_a_renamed_tactic_is_updated_and_its_own_text_flagged_for_review(course: Path, make_bundle: Callable[..., Path]) -> None:
    def rename(objects: list[dict[str, Any]]) -> None:
        attack_object(objects, "TA0001")["name"] = "First Access"

    result = run("attack", "import", make_bundle(rename), "--content", course)
    assert result.exit_code == 0, result.output
    assert "a renamed tactic; check that the course's own text" in result.stderr
    assert load_catalog(course).tactics["TA0001"].model.name == "First Access"


def test_a_bundle_without_a_version_is_noted(course: Path, make_bundle: Callable[..., Path]) -> None:
    def drop(objects: list[dict[str, Any]]) -> None:
        objects[:] = [o for o in objects if o["type"] != "x-mitre-collection"]

    result = run("attack", "import", make_bundle(drop), "--content", course, "--dry-run")
    assert result.exit_code == 0
    assert "does not say which ATT&CK version it is" in result.stderr


def test_a_file_that_is_not_a_bundle_is_refused(course: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"type": "indicator"}', encoding="utf-8")
    result = run("attack", "import", bad, "--content", course)
    assert result.exit_code == 1
    assert "not a bundle" in result.output
