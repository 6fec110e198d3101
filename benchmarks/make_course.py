"""A synthetic course of any size, with every page kind present, for the benchmarks.

    python benchmarks/make_course.py OUT --modules 1000 --questions 10
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import yaml

WORDS = (
    "risk board budget deployment model agent token identity supplier control audit access "
    "privilege persistence vendor policy review decision incident exposure appetite governance "
    "assurance evidence owner escalation halt independence conflict delivery platform"
).split()
ROLES = ["ceo", "cio", "ciso", "board", "cro", "general-counsel", "cdo", "caio"]
MODELS = ["to-cio", "to-ceo", "to-board", "to-risk", "in-digital", "dual"]


def words(rng: random.Random, count: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(count)).capitalize() + "."


def paragraph(rng: random.Random, sentences: int = 5) -> str:
    return " ".join(words(rng, rng.randint(8, 16)) for _ in range(sentences))


def dump(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100))


def make_course(out: Path, modules: int, questions: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    tactics = [(f"TA{9000 + i:04d}", f"tactic-{i}") for i in range(1, 16)]
    techniques = {tid: [f"T{8000 + t * 10 + j:04d}" for j in range(5)] for t, (tid, _) in enumerate(tactics)}
    for role in ROLES:
        dump(out / "roles" / f"{role}.yml", {
            "id": role, "title": f"Role {role}", "abbreviation": role.upper()[:4], "summary": words(rng, 12),
            "mandate": paragraph(rng), "responsibilities": [words(rng, 10) for _ in range(4)],
            "measured_on": [words(rng, 8) for _ in range(3)], "incentives": [words(rng, 8)],
            "blind_spots": [words(rng, 8)],
            "tensions": [{"role": other, "description": paragraph(rng, 2)} for other in ROLES if other != role][:3],
            "ai_impact": paragraph(rng),
        })
    for model in MODELS:
        score = {"rating": rng.randint(1, 5), "rationale": words(rng, 12)}
        dump(out / "reporting-models" / f"{model}.yml", {
            "id": model, "title": f"Model {model}", "summary": words(rng, 14),
            "lines": [{"from": "ciso", "to": rng.choice(ROLES[:2] + ROLES[3:]), "kind": "solid"},
                      {"from": "cio", "to": "ceo"}, {"from": "ceo", "to": "board"}],
            "criteria": {k: dict(score) for k in ("budget_independence", "authority_to_halt", "board_access",
                                                  "conflict_of_interest_risk", "speed_of_delivery")},
            "strengths": [words(rng, 10)], "weaknesses": [words(rng, 10)], "warning_signs": [words(rng, 10)],
            "when_it_fits": paragraph(rng, 2),
            "perspectives": [{"who": "A Person", "affiliation": "An organisation", "position": paragraph(rng, 2),
                              "source": {"title": "A source"}}],
        })
    for order, (tid, short) in enumerate(tactics, 1):
        dump(out / "tactics" / f"{tid}.yml", {
            "id": tid, "name": f"Tactic {order}", "shortname": short,
            "url": f"https://attack.example/tactics/{tid}", "order": order, "summary": paragraph(rng, 2),
            "ai_relevance": paragraph(rng, 3),
            "techniques": [{"id": tech, "name": f"Technique {tech}", "url": f"https://attack.example/{tech}",
                            "ai_relevance": paragraph(rng, 2)} for tech in techniques[tid]],
            "role_questions": [{"role": role, "ask": words(rng, 12)} for role in ROLES[:4]],
        })
    ids = [f"module-{i:05d}" for i in range(modules)]
    for index, mid in enumerate(ids):
        tid = tactics[index % len(tactics)][0]
        quiz = []
        for q in range(questions):
            kind = ["single", "multiple", "true-false", "ordering"][q % 4]
            base = {"id": f"q{q}", "type": kind, "prompt": words(rng, 14) + f" (question {q} of {mid})",
                    "explanation": paragraph(rng, 2), "assesses": ["o1"], "attack": [tid]}
            if kind in ("single", "multiple"):
                base["options"] = [{"text": f"Option {o}: {words(rng, 6)}", "correct": o == q % 4 or (kind == "multiple" and o == 0),
                                    "feedback": words(rng, 8)} for o in range(4)]
            elif kind == "true-false":
                base.update({"answer": q % 2 == 0, "feedback_true": words(rng, 8), "feedback_false": words(rng, 8)})
            else:
                base.update({"items": [{"id": f"s{s}", "text": f"Step {s}: {words(rng, 5)}", "feedback": words(rng, 6)} for s in range(4)],
                             "order": ["s2", "s0", "s3", "s1"]})
            quiz.append(base)
        dump(out / "modules" / f"{mid}.yml", {
            "id": mid, "title": f"Module {index}: {words(rng, 4)[:-1]}", "summary": words(rng, 20),
            "audience": ROLES[:3], "duration_minutes": 30, "level": "intermediate",
            "prerequisites": [ids[index - 1]] if index % 10 else [],
            "objectives": [{"id": "o1", "text": words(rng, 10)}, {"id": "o2", "text": words(rng, 10)}],
            "lessons": [{"title": f"Lesson {n}", "body": "\n\n".join(paragraph(rng) for _ in range(3))} for n in range(3)],
            "scenario": {"title": "A case", "situation": paragraph(rng, 4), "questions": [words(rng, 10) for _ in range(3)]},
            "covers": {"roles": ROLES[:2], "reporting_models": [MODELS[index % len(MODELS)]],
                       "attack": {tid: techniques[tid][:2]}},
            "references": [{"title": "A reference", "url": "https://example.org/reference"}],
            "quiz": {"questions": quiz},
        })
    per_path = max(1, modules // 10)
    paths = [{"id": f"path-{p}", "title": f"Path {p}", "summary": words(rng, 12), "audience": [ROLES[p % len(ROLES)]],
              "modules": ids[p * per_path:(p + 1) * per_path]} for p in range(10) if ids[p * per_path:(p + 1) * per_path]]
    dump(out / "course.yml", {
        "title": f"Synthetic course of {modules} modules", "summary": paragraph(rng, 2), "audience": words(rng, 6),
        "version": "1", "attack": {"version": "19"}, "attack_notice": "© The MITRE Corporation (synthetic notice).",
        "licence": "Synthetic licence text.", "paths": paths,
    })
    dump(out / "glossary.yml", {"terms": [
        {"id": f"term-{i}", "term": f"TERM{i}", "expansion": words(rng, 3), "definition": words(rng, 14)} for i in range(40)
    ]})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--modules", type=int, default=100)
    parser.add_argument("--questions", type=int, default=10)
    args = parser.parse_args()
    make_course(args.out, args.modules, args.questions)


if __name__ == "__main__":
    main()
