"""Answer keys: every question's correct answers and explanation, kept off the learner site."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from generator import models as m
from generator.catalog import load_catalog
from generator.exports.answer_key import CSV_COLUMNS, answer_keys, correct_answers

from ..conftest import ROOT
from .conftest import run
from .quizzes import add_tricky_module


def test_every_question_has_its_correct_answers_and_explanation_in_markdown_and_csv(course: Path) -> None:
    add_tricky_module(course)
    catalog = load_catalog(course)
    files = answer_keys(catalog)
    for entry in catalog.modules.values():
        module = entry.model
        assert module.quiz is not None
        markdown = files[f"{module.id}.md"]
        rows = list(csv.DictReader(io.StringIO(files[f"{module.id}.csv"])))
        assert list(rows[0]) == CSV_COLUMNS
        assert [row["question_id"] for row in rows] == [q.id for q in module.quiz.questions]
        for number, (question, row) in enumerate(zip(module.quiz.questions, rows), 1):
            assert f"## Question {number}: `{question.id}`" in markdown
            answers = correct_answers(question)
            for answer in answers:
                assert " ".join(answer.split()) in markdown
            joiner = " > " if isinstance(question, m.OrderingQuestion) else " | "
            assert row["correct_answer"] == joiner.join(" ".join(a.split()) for a in answers)
            assert row["prompt"] == question.prompt.strip()
            assert row["explanation"] == (question.explanation or "").strip()
            assert row["points"] == str(question.points)
            if question.explanation:
                assert question.explanation.strip() in markdown


def test_the_ordering_key_gives_the_items_in_order(course: Path) -> None:
    catalog = load_catalog(course)
    question = next(q for q in catalog.modules["competing-mandates"].model.quiz.questions if q.id == "escalate-order")  # type: ignore[union-attr]
    assert correct_answers(question) == [
        "Document the risk and the controls missing", "Discuss it with the CIO", "Brief the board's risk committee",
    ]
    assert "**Correct order:**\n\n1. Document the risk" in answer_keys(catalog)["competing-mandates.md"]


def test_the_command_writes_a_folder_marked_as_its_own(course: Path, tmp_path: Path) -> None:
    out = tmp_path / "keys"
    result = run("export", "answer-key", "--content", course, "--out", out)
    assert result.exit_code == 0, result.output
    assert (out / ".ciso-course-answer-key").is_file()
    assert (out / "competing-mandates.md").is_file() and (out / "competing-mandates.csv").is_file()
    assert run("export", "answer-key", "--content", course, "--out", out).exit_code == 0  # its own folder: reused


@pytest.mark.parametrize("where", ["content", "docs_dir"])
def test_answer_keys_never_go_into_the_content_or_the_site_docs(course: Path, where: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # mkdocs.yml here names docs_dir
    out = course / "keys" if where == "content" else ROOT / "site_config" / "docs" / "keys"
    result = run("export", "answer-key", "--content", course, "--out", out)
    assert result.exit_code == 1
    assert f"overlaps the {where} folder" in result.output
    assert not out.exists()


def test_a_folder_with_someone_elses_files_is_refused(course: Path, tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    result = run("export", "answer-key", "--content", course, "--out", out)
    assert result.exit_code == 1
    assert "not made by ciso-course" in result.output


def test_quiz_files_are_refused_inside_content_and_over_foreign_files(course: Path, tmp_path: Path) -> None:
    inside = run("export", "moodle-xml", "--content", course, "--out", course / "quiz.xml")
    assert inside.exit_code == 1 and "overlaps the content folder" in inside.output
    foreign = tmp_path / "notes.xml"
    foreign.write_text("<notes/>", encoding="utf-8")
    over = run("export", "moodle-xml", "--content", course, "--out", foreign)
    assert over.exit_code == 1 and "was not made by ciso-course" in over.output
    assert foreign.read_text(encoding="utf-8") == "<notes/>"
    ours = tmp_path / "quiz.xml"
    assert run("export", "moodle-xml", "--content", course, "--out", ours).exit_code == 0
    assert run("export", "moodle-xml", "--content", course, "--out", ours).exit_code == 0  # its own file: replaced


@pytest.mark.slow
def test_the_learner_site_has_no_answer_key(mini_site: Path) -> None:
    for path in mini_site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".md", ".csv", ".json"):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert "For trainers only: do not publish" not in text, path
        assert not path.name.endswith(".csv"), path


def test_quiz_files_follow_the_folder_rule_for_links(course: Path, tmp_path: Path) -> None:
    """A file export is checked like a folder output: a link is refused, not written through."""
    earlier = tmp_path / "earlier.xml"
    assert run("export", "moodle-xml", "--content", course, "--out", earlier).exit_code == 0
    link = tmp_path / "quiz.xml"
    link.symlink_to(earlier)
    before = earlier.read_bytes()
    result = run("export", "moodle-xml", "--content", course, "--out", link)
    assert result.exit_code == 1 and "symbolic link" in result.output
    assert link.is_symlink() and earlier.read_bytes() == before
