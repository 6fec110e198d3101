"""The shipped starter course: the counts it promises, ATT&CK v19 facts, and complete quizzes."""

from __future__ import annotations

import csv
import os
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from generator import models as m
from generator.catalog import Catalog, load_catalog

from .conftest import FIXTURES, ROOT

ATTACK_V19 = FIXTURES / "attack-v19"
SHARED = Path(os.environ.get("CISO_COURSE_ATTACK_DATA", ROOT.parent / "shared" / "attack"))
TACTICS_V19 = yaml.safe_load((ATTACK_V19 / "enterprise-tactics-v19.yml").read_text())["tactics"]
with (ATTACK_V19 / "enterprise-techniques-v19.csv").open(newline="") as _handle:
    TECHNIQUES_V19 = {row["id"]: row for row in csv.DictReader(_handle)}
# "Name (T1234)" or "Parent: Sub (T1234.001)" written in Title Case: a technique named in prose.
NAMED_ID = re.compile(r"((?:[A-Z][\w/&'-]*|of|from|or|and|to|the|for|via|in|with|a)(?:[\s:]+(?:[A-Z][\w/&'-]*|of|from|or|and|to|the|for|via|in|with|a))*) \((T\d{4}(?:\.\d{3})?)\)")
TACTIC_NAMES = {t["name"] for t in TACTICS_V19}
ANY_ID = re.compile(r"(?<![\w.])T\d{4}(?:\.\d{3})?\b")  # not the T0051 of ATLAS's AML.T0051


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


ARTICLE = "Rethinking the CIO-CISO Dynamic in the Age of AI"


def test_the_experts_are_cited_by_the_article_they_were_quoted_in(course: Catalog) -> None:
    experts = ("Kellermann", "Olivia Rose")
    for entry in course.reporting_models.values():
        for perspective in entry.model.perspectives:
            if any(name in perspective.who for name in experts):
                assert perspective.source.title == ARTICLE, entry.model.id
    naming = [e.model for e in course.modules.values() if any(n in e.doc.path.read_text() for n in experts)]
    assert naming, "the course names the experts somewhere"
    for module in naming:
        assert ARTICLE in {r.title for r in module.references}, f"{module.id} names the experts without citing the article"


def test_no_question_asks_what_an_expert_said(course: Catalog) -> None:
    for module, question in questions(course):
        assert not any(name in question.prompt for name in ("Kellermann", "Rose")), f"{module.id}/{question.id}"


def test_all_fifteen_v19_tactics_with_exact_facts(course: Catalog) -> None:
    expected = {t["id"]: t for t in TACTICS_V19}
    assert list(course.attack_tactics()) == [t["id"] for t in TACTICS_V19], "matrix order"
    for tid, entry in course.attack_tactics().items():
        tactic = entry.model
        facts = expected[tid]
        assert (tactic.name, tactic.shortname, tactic.url, tactic.order) == (
            facts["name"], facts["shortname"], facts["url"], facts["order"])
        assert len(tactic.techniques) >= 3, tid
        assert {"ciso", "cio"} <= {q.role for q in tactic.role_questions}


def test_taught_techniques_agree_with_the_v19_csv(course: Catalog) -> None:
    shortname = {e.model.id: e.model.shortname for e in course.attack_tactics().values()}
    for tid, entry in course.attack_tactics().items():
        for tech in entry.model.techniques:
            facts = TECHNIQUES_V19.get(tech.id)
            assert facts is not None, f"{tech.id} under {tid} is not an active v19 technique"
            assert tech.name == facts["display_name"], tech.id
            assert shortname[tid] in facts["tactics"].split(";"), f"{tech.id} is not under {tid} in v19"
            assert tech.url == f"https://attack.mitre.org/techniques/{tech.id.replace('.', '/')}"


def test_modules_place_techniques_under_their_v19_tactics(course: Catalog) -> None:
    shortname = {e.model.id: e.model.shortname for e in course.attack_tactics().values()}
    for entry in course.modules.values():
        module = entry.model
        for tid, techniques in module.covers.attack.items():
            if tid.startswith("AML."):  # ATLAS: checked against ATLAS.yaml in test_atlas_content
                continue
            for technique in techniques:
                assert shortname[tid] in TECHNIQUES_V19[technique]["tactics"].split(";"), f"{module.id}: {technique} under {tid}"
        for question in module.quiz.questions if module.quiz else []:
            for aid in (a for a in question.attack if not a.startswith("AML.")):
                assert aid in shortname or aid in TECHNIQUES_V19, f"{module.id}/{question.id}: {aid}"


def _content_strings() -> list[tuple[str, str]]:
    def walk(node: object, where: str) -> list[tuple[str, str]]:
        if isinstance(node, str):
            return [(where, node)]
        if isinstance(node, dict):
            return [s for k, v in node.items() for s in walk(v, where)]
        if isinstance(node, list):
            return [s for v in node for s in walk(v, where)]
        return []

    return [s for path in sorted((ROOT / "content").rglob("*.yml")) for s in walk(yaml.safe_load(path.read_text()), path.name)]


def test_every_technique_named_in_the_text_is_active_in_v19_under_its_v19_name() -> None:
    checked = 0
    for where, text in _content_strings():
        for tid in ANY_ID.findall(text):
            assert tid in TECHNIQUES_V19, f"{where}: {tid} is not an active v19 technique"
        for found, tid in NAMED_ID.findall(text):
            phrase = " ".join(found.split())
            facts = TECHNIQUES_V19[tid]
            names = (facts["name"], facts["display_name"])
            # The Title Case run may start earlier than the name ("Yes, Phishing: ..."): compare its end.
            tactic_first = phrase in TACTIC_NAMES  # "Initial Access (T1566.002)": the tactic, then the id
            assert any(phrase.endswith(name) for name in names) or tactic_first or len(phrase.split()) == 1, (
                f"{where}: '{phrase} ({tid})' but v19 calls {tid} '{facts['display_name']}'")
            checked += 1
    assert checked > 20


def test_the_technique_names_corrected_for_v19_are_used() -> None:
    text = "\n".join(s for _, s in _content_strings())
    for wrong in ("Domain Trust Modification", "Kubernetes Cronjob", "Match Legitimate Name or Location",
                  "Data from Cloud Storage Object", "Remote Access Software"):
        assert wrong not in text
    assert "Browser Extensions (T1176)" not in text and "T1176.001" in text


def test_deeper_treatment_of_initial_access_persistence_privilege_escalation(course: Catalog) -> None:
    others = [e.model for tid, e in course.attack_tactics().items() if tid not in ("TA0001", "TA0003", "TA0004")]
    longest_other = max(len(t.summary) + len(t.ai_relevance) for t in others)
    for tid in ("TA0001", "TA0003", "TA0004"):
        tactic = course.tactics[tid].model
        assert len(tactic.techniques) >= 6
        assert len(tactic.summary) + len(tactic.ai_relevance) > longest_other
        assert {q.role for q in tactic.role_questions} == set(course.roles)


def test_modules_are_complete(course: Catalog) -> None:
    assert len(course.modules) >= 13
    for entry in course.modules.values():
        module = entry.model
        assert len(module.lessons) >= 2 and module.scenario and module.scenario.questions
        assert module.scenario.debrief, f"the scenario of {module.id} has a debrief"
        assert module.references and module.quiz and module.objectives
        assessed = {o for q in module.quiz.questions for o in q.assesses}
        assert {o.id for o in module.objectives} <= assessed, f"every objective of {module.id} is assessed"


def test_questions_are_many_varied_and_fully_explained(course: Catalog) -> None:
    found = questions(course)
    assert len(found) >= 170
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


def test_single_answer_keys_have_no_position_or_length_pattern(course: Catalog) -> None:
    single = [q for _, q in questions(course) if isinstance(q, m.SingleQuestion)]
    positions = Counter(next(i for i, o in enumerate(q.options) if o.correct) for q in single)
    assert max(positions.values()) * 100 <= 30 * len(single), positions

    def alone_at(q: m.SingleQuestion, pick: object) -> bool:
        lengths = [len(o.text) for o in q.options]
        best = pick(lengths)  # type: ignore[operator]
        return lengths.count(best) == 1 and q.options[lengths.index(best)].correct

    for pick in (min, max):
        assert sum(alone_at(q, pick) for q in single) * 100 <= 30 * len(single), pick.__name__


def test_the_decision_rights_and_board_numbers_modules_are_on_their_paths(course: Catalog) -> None:
    paths = {p.id: p.modules for p in course.course.model.paths}
    assert all("incident-decision-rights" in modules for modules in paths.values())
    assert "numbers-for-the-board" in paths["board-and-executive-team"] and "numbers-for-the-board" in paths["ciso"]


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
@pytest.mark.parametrize("name", ["enterprise-techniques-v19.csv", "enterprise-tactics-v19.yml"])
def test_the_v19_fact_copies_equal_the_shared_attack_data(name: str) -> None:
    assert (ATTACK_V19 / name).read_bytes() == (SHARED / name).read_bytes()


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
