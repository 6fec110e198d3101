"""``ciso-course atlas import`` and ``atlas check`` on MITRE's ATLAS.yaml and on changed copies:
renamed tactic, deprecated, removed and new technique, each with its exact located report."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from ..conftest import ROOT
from .conftest import run

REAL_ATLAS = Path(os.environ.get("CISO_COURSE_ATLAS_DATA", str(ROOT.parent / "shared" / "atlas"))) / "ATLAS.yaml"
pytestmark = pytest.mark.skipif(not REAL_ATLAS.is_file(), reason="MITRE's ATLAS.yaml is not beside the checkout")

EXECUTION = """\
# yaml-language-server: $schema=../../schema/atlas-tactic.schema.json
id: AML.TA0005
name: Execution  # a trainer's comment
url: https://atlas.mitre.org/tactics/AML.TA0005
order: 5
attack_reference: TA0002
summary: |
  The course's own words about execution in AI systems.
techniques:
  - id: AML.T0050
    name: Command and Scripting Interpreter
    url: https://atlas.mitre.org/techniques/AML.T0050
    attack_reference: T1059
    summary: The course's own words.
  - id: AML.T0051.001
    name: "LLM Prompt Injection: Indirect"
    url: https://atlas.mitre.org/techniques/AML.T0051.001
    summary: The course's own words.
  - id: AML.T0053
    name: AI Agent Tool Invocation
    url: https://atlas.mitre.org/techniques/AML.T0053
    summary: The course's own words.
"""
MODEL_ACCESS = """\
id: AML.TA0000
name: AI Model Access
url: https://atlas.mitre.org/tactics/AML.TA0000
order: 4
summary: The course's own words.
"""


@pytest.fixture
def atlas_course(course: Path) -> Path:
    """The fixture course with two ATLAS tactic files, then every other ATLAS tactic imported."""
    text = (course / "course.yml").read_text(encoding="utf-8")
    (course / "course.yml").write_text(text + 'atlas:\n  version: "5.6.0"\n', encoding="utf-8")
    folder = course / "atlas-tactics"
    folder.mkdir()
    (folder / "AML.TA0005.yml").write_text(EXECUTION, encoding="utf-8")
    (folder / "AML.TA0000.yml").write_text(MODEL_ACCESS, encoding="utf-8")
    result = run("atlas", "import", REAL_ATLAS, "--content", course)
    assert result.exit_code == 0, result.output
    return course


@pytest.fixture
def changed_atlas(tmp_path: Path) -> Callable[[Callable[[dict[str, Any]], None]], Path]:
    """A copy of ATLAS.yaml with ``change`` applied to its (PyYAML-read) data."""

    def build(change: Callable[[dict[str, Any]], None]) -> Path:
        data = yaml.safe_load(REAL_ATLAS.read_text(encoding="utf-8"))
        change(data)
        path = tmp_path / "ATLAS-changed.yaml"
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
        return path

    return build


def _technique(data: dict[str, Any], ident: str) -> dict[str, Any]:
    return next(t for t in data["matrices"][0]["techniques"] if t["id"] == ident)


def _tactic(data: dict[str, Any], ident: str) -> dict[str, Any]:
    return next(t for t in data["matrices"][0]["tactics"] if t["id"] == ident)


def test_the_import_from_the_real_file_creates_every_missing_tactic_and_then_agrees(atlas_course: Path) -> None:
    files = sorted(p.name for p in (atlas_course / "atlas-tactics").iterdir())
    assert len(files) == 16 and files[0] == "AML.TA0000.yml" and files[-1] == "AML.TA0015.yml"
    staging = (atlas_course / "atlas-tactics" / "AML.TA0001.yml").read_text(encoding="utf-8")
    assert "name: AI Attack Staging\n" in staging and "order: 13\n" in staging and "TODO" in staging
    recon = (atlas_course / "atlas-tactics" / "AML.TA0002.yml").read_text(encoding="utf-8")
    assert "attack_reference: TA0043\n" in recon and "order: 1\n" in recon
    assert (atlas_course / "atlas-tactics" / "AML.TA0005.yml").read_text(encoding="utf-8") == EXECUTION
    check = run("atlas", "check", REAL_ATLAS, "--content", atlas_course)
    assert check.exit_code == 0, check.output
    assert "the course agrees with ATLAS 5.6.0 (16 tactics, 170 techniques)" in check.output
    again = run("atlas", "import", REAL_ATLAS, "--content", atlas_course)
    assert again.exit_code == 0 and "already match ATLAS.yaml: nothing to change" in again.output


def test_a_renamed_tactic_is_updated_in_place_and_flagged_for_review(
    atlas_course: Path, changed_atlas: Callable[..., Path],
) -> None:
    path = changed_atlas(lambda data: _tactic(data, "AML.TA0005").update(name="Execution Renamed"))
    result = run("atlas", "import", path, "--content", atlas_course)
    assert result.exit_code == 0, result.output
    tactic_file = atlas_course / "atlas-tactics" / "AML.TA0005.yml"
    assert tactic_file.read_text(encoding="utf-8") == EXECUTION.replace(
        "name: Execution  #", "name: Execution Renamed  #")
    where = tactic_file.as_posix()
    report = [line for line in result.output.splitlines() if "AML.TA0005" in line and not line.startswith("note:")]
    assert report == [
        f"{where}:3:7: AML.TA0005 name: 'Execution' -> 'Execution Renamed'",
        f"  {where}:3:7: AML.TA0005 is 'Execution Renamed' in ATLAS, 'Execution' in the course: a renamed tactic; "
        "check that the course's own text (summary, techniques, role questions) still fits",
    ]


def test_deprecated_removed_and_moved_techniques_are_reported_exactly_and_left_alone(
    atlas_course: Path, changed_atlas: Callable[..., Path],
) -> None:
    def change(data: dict[str, Any]) -> None:
        _technique(data, "AML.T0053")["deprecated"] = True
        techniques = data["matrices"][0]["techniques"]
        techniques.remove(_technique(data, "AML.T0050"))
        _technique(data, "AML.T0051")["tactics"] = ["AML.TA0007"]  # its sub-techniques follow it

    path = changed_atlas(change)
    before = (atlas_course / "atlas-tactics" / "AML.TA0005.yml").read_bytes()
    result = run("atlas", "check", path, "--content", atlas_course)
    assert result.exit_code == 1
    where = (atlas_course / "atlas-tactics" / "AML.TA0005.yml").as_posix()
    errors = [line for line in result.output.splitlines() if line.startswith(where)]
    assert errors == [
        f"{where}:10:9: AML.T0050 is not in ATLAS 5.6.0 (removed, or a mistyped id)",
        f"{where}:15:9: AML.T0051.001 is listed under AML.TA0005 here, but ATLAS files it under AML.TA0007 "
        "Defense Evasion: a moved technique; not moved: move it by hand if the course should follow",
        f"{where}:19:9: AML.T0053 is deprecated in ATLAS 5.6.0",
    ]
    imported = run("atlas", "import", path, "--content", atlas_course)
    assert imported.exit_code == 0, imported.output
    assert (atlas_course / "atlas-tactics" / "AML.TA0005.yml").read_bytes() == before


def test_a_new_technique_is_named_under_its_tactic_and_a_new_tactic_gets_a_file(
    atlas_course: Path, changed_atlas: Callable[..., Path],
) -> None:
    def change(data: dict[str, Any]) -> None:
        matrix = data["matrices"][0]
        matrix["techniques"].append({  # illustrative: not an ATLAS technique
            "id": "AML.T0999", "name": "Illustrative New Technique", "object-type": "technique",
            "description": "x", "tactics": ["AML.TA0000"],
        })
        matrix["tactics"].insert(0, {"id": "AML.TA0099", "name": "Illustrative New Tactic", "object-type": "tactic",
                                     "description": "x"})

    path = changed_atlas(change)
    result = run("atlas", "import", path, "--content", atlas_course, "--dry-run")
    assert result.exit_code == 0, result.output
    assert not (atlas_course / "atlas-tactics" / "AML.TA0099.yml").exists()  # dry run: nothing written
    assert ("note: AML.TA0000 AI Model Access: 5 ATLAS technique(s) no tactic file lists: "
            "AML.T0040, AML.T0047, AML.T0041, AML.T0044, AML.T0999") in result.output
    assert "+id: AML.TA0099\n+name: Illustrative New Tactic\n+url: https://atlas.mitre.org/tactics/AML.TA0099\n+order: 1\n" in result.output
    assert "16 fact(s) would change in 16 file(s); 1 new ATLAS tactic file(s) (dry run: nothing written)." in result.output
    done = run("atlas", "import", path, "--content", atlas_course)
    assert done.exit_code == 0, done.output
    text = (atlas_course / "atlas-tactics" / "AML.TA0099.yml").read_text(encoding="utf-8")
    # It starts as the course's other ATLAS tactic files do, then says what came from MITRE.
    assert text.startswith("# yaml-language-server: $schema=../../schema/atlas-tactic.schema.json\n# TODO: added by "
                           "`ciso-course atlas import` from ATLAS ")
    assert ". The facts below (id, name,\n# url, order, attack_reference) come from MITRE; every TODO is" in text
    assert "order: 6\n" in (atlas_course / "atlas-tactics" / "AML.TA0005.yml").read_text(encoding="utf-8")


def test_an_import_that_would_leave_the_course_invalid_writes_nothing(
    atlas_course: Path, changed_atlas: Callable[..., Path],
) -> None:
    # Two ATLAS tactics renamed alike would share a shortname.
    def change(data: dict[str, Any]) -> None:
        _tactic(data, "AML.TA0005")["name"] = "Same Name"
        _tactic(data, "AML.TA0006")["name"] = "Same Name"

    path = changed_atlas(change)
    before = {p.name: p.read_bytes() for p in (atlas_course / "atlas-tactics").iterdir()}
    result = run("atlas", "import", path, "--content", atlas_course)
    assert result.exit_code == 1
    assert "The import would leave the course invalid, so nothing is written:" in result.output
    assert "shortname 'same-name' is already used by AML.TA0005" in result.output
    assert {p.name: p.read_bytes() for p in (atlas_course / "atlas-tactics").iterdir()} == before


def test_check_reports_removed_atlas_ids_named_by_modules_and_questions(
    atlas_course: Path, changed_atlas: Callable[..., Path],
) -> None:
    module = atlas_course / "modules" / "escalation-basics.yml"
    text = module.read_text(encoding="utf-8")
    module.write_text(text.replace("covers:\n", "covers:\n  attack:\n    AML.TA0005: [AML.T0050]\n", 1)
                      if "covers:\n" in text else text + "covers:\n  attack:\n    AML.TA0005: [AML.T0050]\n",
                      encoding="utf-8")
    assert run("validate", "--content", atlas_course).exit_code == 0
    path = changed_atlas(lambda data: data["matrices"][0]["techniques"].remove(_technique(data, "AML.T0050")))
    result = run("atlas", "check", path, "--content", atlas_course)
    assert result.exit_code == 1
    assert f"{module.as_posix()}:" in result.output and "AML.T0050 is not in ATLAS 5.6.0" in result.output


def test_a_file_that_is_not_atlas_yaml_is_refused_with_its_location(tmp_path: Path, atlas_course: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\nmatrices: &a [1]\n", encoding="utf-8")
    result = run("atlas", "check", bad, "--content", atlas_course)
    assert result.exit_code == 1
    assert "bad.yaml:2:11: anchors ('&a') are not allowed" in result.output


def test_ids_that_are_not_atlas_ids_are_left_out_and_unusable_names_are_not_written(
    atlas_course: Path, changed_atlas: Callable[..., Path],
) -> None:
    def change(data: dict[str, Any]) -> None:
        data["matrices"][0]["tactics"].append({"id": "../../escape", "name": "x", "object-type": "tactic", "description": "x"})
        _tactic(data, "AML.TA0000")["name"] = "AI Model\u202eAccess"

    path = changed_atlas(change)
    before = {p.name: p.read_bytes() for p in (atlas_course / "atlas-tactics").iterdir()}
    result = run("atlas", "import", path, "--content", atlas_course)
    assert result.exit_code == 0, result.output
    assert "note: left out 1 object(s) whose id is not an ATLAS id: '../../escape'" in result.output
    assert "ATLAS's name for AML.TA0000 cannot be used: it holds the character U+202E" in result.output
    assert {p.name: p.read_bytes() for p in (atlas_course / "atlas-tactics").iterdir()} == before
    assert not list(atlas_course.parent.glob("escape*"))


def test_a_file_over_the_readers_size_limit_is_refused(tmp_path: Path, atlas_course: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_text("id: ATLAS\n# " + "x" * 1_000_001 + "\n", encoding="utf-8")
    result = run("atlas", "check", big, "--content", atlas_course)
    assert result.exit_code == 1 and "the limit is 1,000,000" in result.output


def test_the_shipped_course_agrees_with_atlas() -> None:
    content = ROOT / "content"
    if len(list((content / "atlas-tactics").glob("*.yml"))) < 16:
        pytest.skip("the shipped course does not have all 16 ATLAS tactics yet")
    result = run("atlas", "check", REAL_ATLAS, "--content", content)
    assert result.exit_code == 0, result.output


def test_a_renamed_technique_is_updated_in_place_from_a_relative_content_folder(
    atlas_course: Path, changed_atlas: Callable[..., Path], monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = changed_atlas(lambda data: _technique(data, "AML.T0053").update(name="AI Agent Tool Use"))
    monkeypatch.chdir(atlas_course.parent)
    result = run("atlas", "import", path, "--content", atlas_course.name)
    assert result.exit_code == 0, result.output
    assert [line for line in result.output.splitlines() if "AML.T0053" in line] == [
        "content/atlas-tactics/AML.TA0005.yml:20:11: AML.T0053 name: 'AI Agent Tool Invocation' -> 'AI Agent Tool Use'",
    ]
    assert (atlas_course / "atlas-tactics" / "AML.TA0005.yml").read_text(encoding="utf-8") == EXECUTION.replace(
        "name: AI Agent Tool Invocation", "name: AI Agent Tool Use")
    assert not (atlas_course / "content").exists()
