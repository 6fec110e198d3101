"""Hostile inputs for the bounded-work part of ``make bench``: the starter course with one kind of
input that a pull request could add to make a build, ``validate`` or ``lint`` take minutes or
gigabytes, about 1 MB of it (the last two cases are about the course's memory budget).

    python benchmarks/bounded.py OUT CASE
"""

from __future__ import annotations

import argparse
import random
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
WORDS = (
    "risk board budget deployment model agent token identity supplier control audit access "
    "privilege persistence vendor policy review decision incident exposure appetite governance "
    "assurance evidence owner escalation halt independence conflict delivery platform"
).split()


def starter(out: Path) -> Path:
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(ROOT / "content", out)
    return out


def dump(path: Path, data: Any) -> None:
    path.write_text(yaml.safe_dump(data, sort_keys=False, width=1_000_000), encoding="utf-8")


def question(qid: str, prompt: str, assesses: list[str] | None = None) -> dict[str, Any]:
    return {
        "id": qid, "type": "single", "prompt": prompt, "assesses": assesses or ["o1"],
        "options": [{"text": f"Option {letter}", "correct": letter == "A", "feedback": "Because."} for letter in "ABCD"],
        "explanation": "Because it is.",
    }


def module(ident: str, **fields: Any) -> dict[str, Any]:
    return {
        "id": ident, "title": f"Module {ident}", "summary": "A module.", "audience": ["ciso"],
        "duration_minutes": 10, "level": "introductory", "objectives": [{"id": "o1", "text": "Do it."}],
        "lessons": [{"title": "Lesson", "body": "Text."}], **fields,
    }


def glossary(out: Path) -> Path:
    """2,000 terms (the most a glossary may hold) in 1 MB, each defined with five others, and a
    module whose lesson names them all: the glossary page and that module use every term."""
    content = starter(out)
    rng = random.Random(1)
    names = [f"T{i:04d}X" for i in range(2000)]
    terms = [
        {"id": f"term-{i}", "term": name, "expansion": f"Term number {i} of the synthetic glossary",
         "definition": " ".join(rng.sample(WORDS, 20)) + ", as in " + ", ".join(rng.sample(names, 5)) + ". "
         + " ".join(rng.choice(WORDS) for _ in range(20)) + "."}
        for i, name in enumerate(names)
    ]
    dump(content / "glossary.yml", {"terms": terms})
    dump(content / "modules" / "every-term.yml", module("every-term", lessons=[{"title": "All of them", "body": " ".join(names)}]))
    return content


def unknown_references(out: Path) -> Path:
    """100,000 references to objectives that do not exist, in 5 modules of 2,000 objectives each."""
    content = starter(out)
    for m in range(5):
        objectives = ", ".join(f"{{id: o{i:04d}, text: An objective.}}" for i in range(2000))
        missing = ", ".join(f"x{m}{i:05d}" for i in range(20_000))
        (content / "modules" / f"unknown-{m}.yml").write_text(
            f"id: unknown-{m}\ntitle: Unknown references {m}\nsummary: A module.\naudience: [ciso]\n"
            "duration_minutes: 10\nlevel: introductory\n"
            f"objectives: [{objectives}]\nlessons: [{{title: Lesson, body: Text.}}]\n"
            "quiz:\n  questions:\n    - id: q1\n      type: true-false\n      prompt: Is it?\n      answer: true\n"
            f"      assesses: [{missing}]\n",
            encoding="utf-8",
        )
    return content


def near_duplicates(out: Path) -> Path:
    """12 questions of 10,000 words (80 KB) each, drawn from 30, that differ in a few words, in two
    modules (the more a word repeats, the more difflib has to compare)."""
    content = starter(out)
    rng = random.Random(2)
    story = [rng.choice(WORDS) for _ in range(10_000)]
    for m in range(2):
        questions = []
        for q in range(6):
            words = list(story)
            for _ in range(10):
                words[rng.randrange(len(words))] = "changed"
            questions.append(question(f"q{q}", " ".join(words) + "?"))
        dump(content / "modules" / f"long-{m}.yml", module(f"long-{m}", quiz={"questions": questions}))
    return content


def reordered(out: Path) -> Path:
    """500 questions of 200 words, all the same words in different orders: every pair shares
    every word, and none is a near-duplicate of another (the worst case for the comparisons)."""
    content = starter(out)
    rng = random.Random(3)
    words = [f"{rng.choice(WORDS)}{i % 40}" for i in range(200)]
    for m in range(4):
        questions = []
        for q in range(125):
            rng.shuffle(words)
            questions.append(question(f"q{q}", " ".join(words) + "?"))
        dump(content / "modules" / f"reordered-{m}.yml", module(f"reordered-{m}", quiz={"questions": questions}))
    return content


def _lists(out: Path, files: int, per_file: int, item: Callable[[int], str]) -> Path:
    """Role files that each add a list of ``per_file`` short items."""
    content = starter(out)
    role = yaml.safe_load((content / "roles" / "cio.yml").read_text())
    del role["blind_spots"]
    for f in range(files):
        role["id"] = f"many-{f:03d}"
        text = yaml.safe_dump(role, sort_keys=False, width=1_000_000)
        text += "blind_spots: [" + ", ".join(item(i) for i in range(per_file)) + "]\n"
        (content / "roles" / f"many-{f:03d}.yml").write_text(text, encoding="utf-8")
    return content


def value_budget(out: Path) -> Path:
    """About 1,470,000 values, just under the course's budget of 1,500,000: 29 files of 49,800."""
    return _lists(out, 29, 49_800, lambda i: f"b{i}")


def short_items(out: Path) -> Path:
    """10 MB of short list items, the shape that took 140 times its size in memory."""
    return _lists(out, 200, 16_000, lambda i: "x")


CASES: dict[str, Callable[[Path], Path]] = {
    "glossary": glossary,
    "unknown-references": unknown_references,
    "near-duplicates": near_duplicates,
    "reordered": reordered,
    "value-budget": value_budget,
    "short-items": short_items,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("case", choices=sorted(CASES))
    args = parser.parse_args()
    CASES[args.case](args.out)


if __name__ == "__main__":
    main()
