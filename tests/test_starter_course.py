"""The shipped starter course: the counts it promises, ATT&CK v19 facts, and complete quizzes."""

from __future__ import annotations

import csv
import os
from collections import Counter
from pathlib import Path

import pytest
import yaml

from generator import models as m
from generator.catalog import Catalog, load_catalog

from .conftest import FIXTURES, ROOT

FACTS = yaml.safe_load((FIXTURES / "attack-v19-facts.yml").read_text())
SHARED = Path(os.environ.get("CISO_COURSE_ATTACK_DATA", ROOT.parent / "shared" / "attack"))


@pytest.fixture(scope="module")
def course() -> Catalog:
    return load_catalog(ROOT / "content")


def questions(catalog: Catalog) -> list[tuple[m.Module, m.QuestionBase]]:
    return [(e.model, q) for e in catalog.modules.values() if e.model.quiz for q in e.model.quiz.questions]


def test_roles_cover_the_executive_cast(course: Catalog) -> None:
    assert {"ceo", "cio", "ciso", "board", "cdo", "caio"} <= set(course.roles)
    assert {"cro", "general-counsel"} & set(course.roles)
    assert len(course.roles) >= 7
    for entry in course.roles.values():
        role = entry.model
        assert role.measured_on and role.incentives and role.blind_spots and role.tensions and role.ai_impact


def test_reporting_models_are_scored_and_attributed(course: Catalog) -> None:
    assert len(course.reporting_models) >= 6
    assert any(line.kind is m.LineKind.dotted for e in course.reporting_models.values() for line in e.model.lines)
    for entry in course.reporting_models.values():
        model = entry.model
        assert model.strengths and model.weaknesses and model.warning_signs and model.when_it_fits
    people = {p.who for e in course.reporting_models.values() for p in e.model.perspectives}
    assert {"Tom Kellermann", "Olivia Rose"} <= people
    to_cio = course.reporting_models["ciso-to-cio"].model
    kellermann = next(p for p in to_cio.perspectives if p.who == "Tom Kellermann")
    assert "Hitrust" in kellermann.affiliation and "coordinator" in kellermann.position
    rose = next(p for p in to_cio.perspectives if p.who == "Olivia Rose")
    assert "Rose CISO Group" in rose.affiliation and "conflict of interest" in rose.position


def test_all_fifteen_v19_tactics_with_exact_facts(course: Catalog) -> None:
    expected = {t["id"]: t for t in FACTS["tactics"]}
    assert list(course.attack_tactics()) == [t["id"] for t in FACTS["tactics"]], "matrix order"
    for tid, entry in course.attack_tactics().items():
        tactic = entry.model
        facts = expected[tid]
        assert (tactic.name, tactic.shortname, tactic.url, tactic.order) == (
            facts["name"], facts["shortname"], facts["url"], facts["order"])
        assert len(tactic.techniques) >= 3, tid
        assert {"ciso", "cio"} <= {q.role for q in tactic.role_questions}


def test_techniques_agree_with_attack_v19(course: Catalog) -> None:
    shortname = {e.model.id: e.model.shortname for e in course.attack_tactics().values()}
    for tid, entry in course.attack_tactics().items():
        for tech in entry.model.techniques:
            facts = FACTS["techniques"][tech.id]
            assert tech.name == facts["name"], tech.id
            assert shortname[tid] in facts["tactics"], f"{tech.id} is not under {tid} in v19"
            path = tech.id.replace(".", "/")
            assert tech.url == f"https://attack.mitre.org/techniques/{path}"


def test_deeper_treatment_of_initial_access_persistence_privilege_escalation(course: Catalog) -> None:
    others = [e.model for tid, e in course.attack_tactics().items() if tid not in ("TA0001", "TA0003", "TA0004")]
    longest_other = max(len(t.summary) + len(t.ai_relevance) for t in others)
    for tid in ("TA0001", "TA0003", "TA0004"):
        tactic = course.tactics[tid].model
        assert len(tactic.techniques) >= 6
        assert len(tactic.summary) + len(tactic.ai_relevance) > longest_other
        assert {q.role for q in tactic.role_questions} == set(course.roles)


def test_modules_are_complete(course: Catalog) -> None:
    assert len(course.modules) >= 10
    for entry in course.modules.values():
        module = entry.model
        assert len(module.lessons) >= 2 and module.scenario and module.scenario.questions
        assert module.references and module.quiz and module.objectives
        assessed = {o for q in module.quiz.questions for o in q.assesses}
        assert {o.id for o in module.objectives} <= assessed, f"every objective of {module.id} is assessed"


def test_questions_are_many_varied_and_fully_explained(course: Catalog) -> None:
    found = questions(course)
    assert len(found) >= 120
    assert Counter(q.type for _, q in found).keys() == {"single", "multiple", "true-false", "ordering"}
    for module, question in found:
        where = f"{module.id}/{question.id}"
        assert question.explanation, where
        if isinstance(question, (m.SingleQuestion, m.MultipleQuestion)):
            assert all(o.feedback for o in question.options), where
        elif isinstance(question, m.TrueFalseQuestion):
            assert question.feedback_true and question.feedback_false, where
        elif isinstance(question, m.OrderingQuestion):
            assert all(i.feedback for i in question.items), where


def test_learning_paths_for_each_audience_with_prerequisites_first(course: Catalog) -> None:
    paths = {p.id: p for p in course.course.model.paths}
    audiences = [set(p.audience) for p in paths.values()]
    assert any("ciso" in a for a in audiences)
    assert any("cio" in a for a in audiences)
    assert any("board" in a for a in audiences)
    for path in paths.values():
        seen: set[str] = set()
        for mid in path.modules:
            assert set(course.modules[mid].model.prerequisites) <= seen, f"{mid} on {path.id}"
            seen.add(mid)


def test_glossary_has_thirty_terms(course: Catalog) -> None:
    assert course.glossary is not None
    terms = {t.term for t in course.glossary.model.terms}
    assert len(terms) >= 30
    assert {"CISO", "CAIO", "TTP"} <= terms


@pytest.mark.skipif(not SHARED.is_dir(), reason=f"ATT&CK data not found at {SHARED}")
def test_fact_fixture_agrees_with_the_shared_attack_data() -> None:
    tactics = yaml.safe_load((SHARED / "enterprise-tactics-v19.yml").read_text())["tactics"]
    assert FACTS["tactics"] == [{k: t[k] for k in ("order", "id", "name", "shortname", "url")} for t in tactics]
    with (SHARED / "enterprise-techniques-v19-partial.csv").open(newline="") as handle:
        rows = {r["technique_id"]: r for r in csv.DictReader(handle)}
    for tid, facts in FACTS["techniques"].items():
        if facts["source"] == "v19 csv":
            assert (rows[tid]["name"], rows[tid]["tactic_shortnames"].split()) == (facts["name"], facts["tactics"])


def shingles(text: str, size: int = 8) -> set[tuple[str, ...]]:
    import re

    words = re.findall(r"[a-z0-9']+", text.lower())
    return {tuple(words[i:i + size]) for i in range(len(words) - size + 1)}


@pytest.mark.skipif(not (SHARED / "enterprise-attack-18.1.json").is_file(), reason=f"ATT&CK bundle not found in {SHARED}")
def test_no_eight_word_run_of_mitre_descriptions_in_the_course() -> None:
    import json

    bundle = json.loads((SHARED / "enterprise-attack-18.1.json").read_text())
    mitre: set[tuple[str, ...]] = set()
    for obj in bundle["objects"]:
        mitre |= shingles(obj.get("description", ""))
    assert len(mitre) > 10_000
    course = set()
    for path in (ROOT / "content").rglob("*.yml"):
        course |= shingles(path.read_text())
    assert course & mitre == set()
