"""A course that teaches ATLAS next to ATT&CK: validation and its located messages, the ATLAS
pages (linked both ways with ATT&CK), coverage that pages and ATLAS layers count alike, the
answer key, and `new atlas-tactic`."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator.catalog import Catalog, load_catalog
from generator.errors import ContentErrors
from generator.exports.answer_key import answer_keys
from generator.exports.moodle_xml import export_moodle_xml
from generator.exports.navigator import export_layers
from generator.render import Urls, render_site

from .conftest import make_course
from .interop.conftest import run

PHISHING = """\
# yaml-language-server: $schema=../../schema/atlas-tactic.schema.json
id: AML.TA0004
name: Initial Access
url: https://atlas.mitre.org/tactics/AML.TA0004
order: 3
attack_reference: TA0001
summary: How an attacker first reaches an AI system, in the course's words.
techniques:
  - id: AML.T0052
    name: Phishing
    url: https://atlas.mitre.org/techniques/AML.T0052
    attack_reference: T1566
    summary: Lures written for people, or for the assistants that read on their behalf.
  - id: AML.T0052.000
    name: "Phishing: Spearphishing via Social Engineering LLM"
    url: https://atlas.mitre.org/techniques/AML.T0052.000
    summary: A model used to write the lure.
role_questions:
  - role: ciso
    ask: Which assistants read mail from outside the company?
"""
LATERAL = """\
id: AML.TA0015
name: Lateral Movement
url: https://atlas.mitre.org/tactics/AML.TA0015
order: 11
attack_reference: TA0008
summary: Moving on from the first AI system reached.
techniques:
  - id: AML.T0052
    name: Phishing
    url: https://atlas.mitre.org/techniques/AML.T0052
    attack_reference: T1566
    summary: The same lure, sent from inside.
"""


def _atlas_course(tmp_path: Path, *, covers: str = "    AML.TA0004: [AML.T0052, AML.T0052.000]\n",
                  question: str = "[AML.T0052, TA0001]", atlas_section: bool = True) -> Path:
    course = make_course(tmp_path)
    if atlas_section:
        with (course / "course.yml").open("a", encoding="utf-8") as handle:
            handle.write('atlas:\n  version: "5.6.0"\n')
    (course / "atlas-tactics").mkdir()
    (course / "atlas-tactics" / "AML.TA0004.yml").write_text(PHISHING, encoding="utf-8")
    (course / "atlas-tactics" / "AML.TA0015.yml").write_text(LATERAL, encoding="utf-8")
    tactic = course / "tactics" / "TA0001.yml"
    tactic.write_text(tactic.read_text(encoding="utf-8").replace(
        "  - id: T1566.002\n", "  - id: T1566\n    name: Phishing\n    url: https://attack.mitre.org/techniques/T1566\n"
        "    ai_relevance: Lures written by models.\n  - id: T1566.002\n", 1), encoding="utf-8")
    module = course / "modules" / "competing-mandates.yml"
    text = module.read_text(encoding="utf-8")
    text = text.replace("    TA0001: [T1566.002, T1078.004]\n", "    TA0001: [T1566.002, T1078.004]\n" + covers, 1)
    text = text.replace("      attack: [T1566.002]\n", f"      attack: {question}\n", 1)
    module.write_text(text, encoding="utf-8")
    return course


@pytest.fixture
def catalog(tmp_path: Path) -> Catalog:
    return load_catalog(_atlas_course(tmp_path))


def _errors(course: Path) -> list[str]:
    with pytest.raises(ContentErrors) as caught:
        load_catalog(course)
    return [str(error).split("/content/", 1)[1] for error in caught.value]


def test_modules_and_questions_name_atlas_and_attack_ids_in_the_same_lists(catalog: Catalog) -> None:
    assert list(catalog.atlas_tactics()) == ["AML.TA0004", "AML.TA0015"]  # in ATLAS matrix order
    assert list(catalog.tactics)[-2:] == ["AML.TA0004", "AML.TA0015"]  # after ATT&CK's
    assert catalog.techniques["AML.T0052"].tactics == ("AML.TA0004", "AML.TA0015")
    assert catalog.techniques["AML.T0052"].framework.label == "ATLAS"


def test_wrong_atlas_references_are_reported_where_they_are_written(tmp_path: Path) -> None:
    course = _atlas_course(tmp_path, covers="    AML.TA0004: [AML.T0051]\n    TA0002: [AML.T0052]\n",
                           question="[AML.T0999, AML.TA0099, AML.T0052, AML.T0052]")
    assert _errors(course) == [
        "modules/competing-mandates.yml:32:18: technique AML.T0051 is not listed under AML.TA0004 in "
        f"{(course / 'atlas-tactics' / 'AML.TA0004.yml').as_posix()}",
        "modules/competing-mandates.yml:33:5: unknown tactic 'TA0002'; did you mean 'TA0001'?",
        "modules/competing-mandates.yml:73:16: unknown ATLAS id 'AML.T0999': name a tactic, or a technique listed in a tactic file",
        "modules/competing-mandates.yml:73:27: unknown ATLAS id 'AML.TA0099'; did you mean 'AML.TA0015'?",
        "modules/competing-mandates.yml:73:50: ATLAS id 'AML.T0052' is listed twice",
    ]


def test_an_atlas_tactic_file_needs_the_course_files_atlas_release(tmp_path: Path) -> None:
    errors = _errors(_atlas_course(tmp_path, atlas_section=False))
    assert len(errors) == 1 and errors[0].startswith("course.yml:1:1: the course has ATLAS tactic files")


def test_atlas_ids_are_checked_against_their_own_pattern(tmp_path: Path) -> None:
    course = _atlas_course(tmp_path)
    path = course / "atlas-tactics" / "AML.TA0004.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("  - id: AML.T0052.000", "  - id: T0052.000"), encoding="utf-8")
    assert _errors(course) == [
        "atlas-tactics/AML.TA0004.yml:14:9: techniques[1].id: 'T0052.000' is not an ATLAS technique id (AML.T and four "
        "digits, with an optional .NNN sub-technique, e.g. AML.T0051 or AML.T0051.000)",
    ]


def test_atlas_pages_link_attack_both_ways_and_list_the_modules_and_questions(catalog: Catalog) -> None:
    pages = {page.uri: page.markdown for page in render_site(catalog, Urls())}
    atlas_page = pages["atlas/AML.TA0004.md"]
    assert "**Adapts the ATT&CK tactic:** [TA0001 Initial Access](../attack/TA0001.md)" in atlas_page
    assert "Extends the ATT&CK technique [T1566 Phishing](../attack/TA0001.md#t1566)" in atlas_page
    assert "Also under: [AML.TA0015 Lateral Movement](AML.TA0015.md#aml-t0052)" in atlas_page
    # A technique and its sub-technique: only the sub-technique names the technique it belongs to.
    parent, sub = atlas_page.split("### AML.T0052 ", 1)[1].split("### AML.T0052.000 ", 1)
    assert "- On the ATLAS site: [AML.T0052.000](https://atlas.mitre.org/techniques/AML.T0052.000)\n" \
           "- A sub-technique of AML.T0052\n" in sub
    assert "sub-technique" not in parent
    assert "[Competing mandates" in atlas_page.split("## Modules that teach it", 1)[1]
    attack_page = pages["attack/TA0001.md"]
    assert "**Adapted in ATLAS by:** [AML.TA0004 Initial Access](../atlas/AML.TA0004.md)" in attack_page
    assert "Extended in ATLAS by: [AML.T0052 Phishing](../atlas/AML.TA0004.md#aml-t0052), " \
           "[AML.T0052 Phishing](../atlas/AML.TA0015.md#aml-t0052)" in attack_page
    module_page = pages["modules/competing-mandates.md"]
    assert "| ATLAS tactic | Techniques |" in module_page and "(../atlas/AML.TA0004.md#aml-t0052-000)" in module_page
    assert "ATLAS coverage" in pages["index.md"] and "## MITRE ATLAS™" in pages["about.md"]


def test_the_atlas_matrix_and_the_atlas_layer_score_each_cell_alike(catalog: Catalog) -> None:
    pages = {page.uri: page.markdown for page in render_site(catalog, Urls())}
    cells = re.findall(r"\[(AML\.T[\d.]+) [^\]]*\]\((AML\.TA\d{4})\.md#[^)]*\)<br>taught (\d+), tested (\d+)",
                       pages["atlas/index.md"])
    on_page = {(tactic, tech): int(taught) + int(tested) for tech, tactic, taught, tested in cells}
    layer = json.loads(export_layers(catalog)["atlas-course.json"])
    short = {"initial-access": "AML.TA0004", "lateral-movement": "AML.TA0015"}
    in_layer = {(short[t["tactic"]], t["techniqueID"]): t["score"] for t in layer["techniques"]}
    # AML.T0052 is taught under AML.TA0004 and tested once: 2 there, 1 (the question) under AML.TA0015.
    assert on_page == in_layer == {("AML.TA0004", "AML.T0052"): 2, ("AML.TA0004", "AML.T0052.000"): 1,
                                   ("AML.TA0015", "AML.T0052"): 1}
    assert layer["domain"] == "atlas-atlas"


def test_the_answer_key_and_moodle_tags_name_attack_and_atlas_ids_apart(catalog: Catalog) -> None:
    key = next(text for name, text in answer_keys(catalog).items() if name.startswith("competing-mandates") and name.endswith(".md"))
    assert "ATT&CK TA0001; ATLAS AML.T0052*" in key
    root = ET.fromstring(export_moodle_xml(catalog).data)
    question = next(q for q in root.iter("question") if q.findtext("idnumber") == "competing-mandates/phishing-fluency")
    assert [t.findtext("text") for t in question.iter("tag")] == ["ATLAS AML.T0052", "ATT&CK TA0001"]


def test_new_atlas_tactic_writes_a_file_that_validates(tmp_path: Path) -> None:
    course = _atlas_course(tmp_path)
    result = run("new", "atlas-tactic", "AML.TA0000", "--content", course)
    assert result.exit_code == 0, result.output
    text = (course / "atlas-tactics" / "AML.TA0000.yml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/atlas-tactic.schema.json\nid: AML.TA0000\n")
    assert "order: 12  #" in text
    assert run("validate", "--content", course).exit_code == 0
    refused = run("new", "atlas-tactic", "TA0000", "--content", course)
    assert refused.exit_code != 0 and "is not an ATLAS tactic id" in refused.output
