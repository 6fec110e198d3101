"""The course's ATLAS content against MITRE's ATLAS.yaml, read here with PyYAML (independently of
the course's own reader): ids, names, addresses, matrix order, tactic membership and ATT&CK
references are ATLAS's; case studies the course names exist; and no run of eight words of ATLAS's
own descriptions appears in the course's text."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.catalog import Catalog, load_catalog
from generator.models.frameworks import ATLAS

from .conftest import ROOT

ATLAS_YAML = Path(os.environ.get("CISO_COURSE_ATLAS_DATA", str(ROOT.parent / "shared" / "atlas"))) / "ATLAS.yaml"
pytestmark = pytest.mark.skipif(not ATLAS_YAML.is_file(), reason=f"ATLAS.yaml not found at {ATLAS_YAML}")


@pytest.fixture(scope="module")
def atlas() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(ATLAS_YAML.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def course() -> Catalog:
    return load_catalog(ROOT / "content")


def test_atlas_tactics_have_atlas_ids_names_addresses_order_and_attack_references(
    course: Catalog, atlas: dict[str, Any],
) -> None:
    published = {t["id"]: (order, t) for order, t in enumerate(atlas["matrices"][0]["tactics"], 1)}
    assert course.atlas_tactics(), "the course has no ATLAS tactic: nothing is checked"
    for tid, entry in course.atlas_tactics().items():
        order, fact = published[tid]
        tactic = entry.model
        reference = (fact.get("ATT&CK-reference") or {}).get("id")
        assert (tactic.name, tactic.url, tactic.order, tactic.attack_reference) == (
            fact["name"], f"https://atlas.mitre.org/tactics/{tid}", order, reference), tid
    assert course.course.model.atlas is not None and course.course.model.atlas.version == atlas["version"]


def test_atlas_techniques_have_atlas_names_addresses_tactics_and_attack_references(
    course: Catalog, atlas: dict[str, Any],
) -> None:
    techniques = {t["id"]: t for t in atlas["matrices"][0]["techniques"]}
    for tid, entry in course.atlas_tactics().items():
        for tech in entry.model.techniques:
            fact = techniques[tech.id]
            parent = techniques.get(fact.get("subtechnique-of", ""))
            name = f"{parent['name']}: {fact['name']}" if parent else fact["name"]
            filed = (parent or fact)["tactics"]  # a sub-technique is filed under its parent's tactics
            reference = (fact.get("ATT&CK-reference") or {}).get("id")
            assert (tech.name, tech.url, tech.attack_reference) == (
                name, f"https://atlas.mitre.org/techniques/{tech.id}", reference), tech.id
            assert tid in filed, f"{tech.id} is listed under {tid}; ATLAS files it under {filed}"


def test_case_studies_the_course_names_are_in_atlas(atlas: dict[str, Any]) -> None:
    studies = {s["id"] for s in atlas["case-studies"]}
    text = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "content").rglob("*.yml"))
    named = set(re.findall(r"AML\.CS\d{4}", text))
    assert named <= studies, sorted(named - studies)
    for url_id in re.findall(r"https://atlas\.mitre\.org/studies/([^\s)\"'>]+)", text):
        assert url_id in studies, url_id
        assert ATLAS.study_url(url_id) == f"https://atlas.mitre.org/studies/{url_id}"


def shingles(text: str, size: int = 8) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9']+", text.lower())
    return {tuple(words[i:i + size]) for i in range(len(words) - size + 1)}


def _descriptions(value: Any) -> list[str]:
    """Every description, summary and procedure text anywhere in ATLAS.yaml."""
    found: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("description", "summary") and isinstance(item, str):
                found.append(item)
            else:
                found += _descriptions(item)
    elif isinstance(value, list):
        for item in value:
            found += _descriptions(item)
    return found


def test_no_eight_word_run_of_atlas_descriptions_in_the_course(atlas: dict[str, Any]) -> None:
    mitre: set[tuple[str, ...]] = set()
    for text in _descriptions(atlas):
        mitre |= shingles(text)
    assert len(mitre) > 10_000
    course: set[tuple[str, ...]] = set()
    for path in (ROOT / "content").rglob("*.yml"):
        course |= shingles(path.read_text(encoding="utf-8"))
    assert course & mitre == set()
