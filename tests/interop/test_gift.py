"""Moodle GIFT export, read back by the strict reader in gift_reader.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.catalog import load_catalog
from generator.exports.gift import category_name, escape, export_gift

from .conftest import run
from .gift_reader import GiftError, parse_gift
from .quizzes import Expected, add_tricky_module, expected_questions


def _round_trip(content: Path) -> tuple[list[Expected], dict[str, object]]:
    catalog = load_catalog(content)
    result = export_gift(catalog)
    parsed = parse_gift(result.data.decode("utf-8"))
    by_name = {q.name: q for q in parsed}
    assert len(by_name) == len(parsed) == result.questions
    return expected_questions(catalog), by_name  # type: ignore[return-value]


def _check(expected: list[Expected], parsed: dict[str, object], course_title: str) -> int:
    checked = 0
    for want in expected:
        got = parsed.get(f"{want.module}/{want.id}")
        if want.kind == "ordering":
            assert got is None
            continue
        assert got is not None, f"{want.module}/{want.id} missing"
        assert got.category == ["$course$", "top", course_title, want.module_title]  # type: ignore[attr-defined]
        assert got.text == want.prompt  # type: ignore[attr-defined]
        assert got.general == want.general  # type: ignore[attr-defined]
        if want.kind == "true-false":
            right, wrong = (want.options[0], want.options[1]) if want.options[0].correct else (want.options[1], want.options[0])
            assert got.truth is want.options[0].correct  # type: ignore[attr-defined]
            assert got.feedback_right == right.feedback  # type: ignore[attr-defined]
            assert got.feedback_wrong == wrong.feedback  # type: ignore[attr-defined]
        else:
            assert got.kind == want.kind  # type: ignore[attr-defined]
            answers = got.answers  # type: ignore[attr-defined]
            assert [a.text for a in answers] == [o.html for o in want.options]
            assert [a.feedback for a in answers] == [o.feedback for o in want.options]
            assert [a.weight > 0 for a in answers] == [o.correct for o in want.options]
            if want.kind == "multiple":
                correct = sum(o.correct for o in want.options)
                for answer, option in zip(answers, want.options):
                    if option.correct:
                        assert answer.weight == pytest.approx(100 / correct, abs=1e-4)
                    else:
                        assert answer.weight == pytest.approx(-100 / correct if want.partial else -100, abs=1e-4)
        checked += 1
    return checked


def test_every_question_of_the_fixture_course_round_trips(course: Path) -> None:
    add_tricky_module(course)
    expected, parsed = _round_trip(course)
    assert _check(expected, parsed, load_catalog(course).course.model.title) == len([e for e in expected if e.kind != "ordering"])


def test_every_question_of_the_shipped_course_round_trips(shipped_course: Path) -> None:
    expected, parsed = _round_trip(shipped_course)
    assert _check(expected, parsed, load_catalog(shipped_course).course.model.title) > 100


def test_special_characters_are_escaped_as_moodle_does() -> None:
    assert escape("a~b=c#d{e}f:g\\h\ni\r") == "a\\~b\\=c\\#d\\{e\\}f\\:g\\\\h\\ni"
    assert category_name("In/out ") == "In//out"
    assert category_name("/lead") == " //lead"


def test_the_reader_is_strict() -> None:
    with pytest.raises(GiftError, match="unescaped ':'"):
        parse_gift("::a::[html]Colon: here{=x ~y}")
    with pytest.raises(GiftError, match="stray backslash"):
        parse_gift("::a::[html]x\\q{=x ~y}")
    with pytest.raises(GiftError, match="add up to 50"):
        parse_gift("::a::[html]x{~%50%a ~%-50%b}")


def test_ordering_questions_are_reported_and_nothing_is_written_without_skip(course: Path, tmp_path: Path) -> None:
    out = tmp_path / "quiz.gift"
    result = run("export", "gift", "--content", course, "--out", out)
    assert result.exit_code == 1
    assert "unsupported: competing-mandates/escalate-order: ordering question left out" in result.stderr
    assert "nothing written" in result.stderr
    assert not out.exists()


def test_skip_unsupported_writes_the_rest_and_still_lists_what_was_left_out(course: Path, tmp_path: Path) -> None:
    out = tmp_path / "quiz.gift"
    result = run("export", "gift", "--content", course, "--out", out, "--skip-unsupported")
    assert result.exit_code == 0, result.output
    assert "skipped: competing-mandates/escalate-order" in result.stderr
    assert "left out" in result.stderr
    names = {q.name for q in parse_gift(out.read_text(encoding="utf-8"))}
    assert "competing-mandates/escalate-order" not in names and "competing-mandates/who-rates-ciso" in names


def test_what_gift_cannot_carry_is_reported(course: Path) -> None:
    add_tricky_module(course)
    losses = [str(loss) for loss in export_gift(load_catalog(course)).losses]
    assert "tricky-text/specials: 1 hint(s) not carried: GIFT has no hints" in losses
    assert "tricky-text/specials: points (3) not carried: GIFT questions import with a default mark of 1" in losses
    assert any(loss.startswith("tricky-text/specials: 'shuffle: false' not carried") for loss in losses)
    assert any(loss.startswith("tricky-text/several: all-or-nothing scoring is approximated") for loss in losses)


def test_one_category_per_module_in_course_order(course: Path) -> None:
    add_tricky_module(course)
    text = export_gift(load_catalog(course)).data.decode("utf-8")
    categories = [line for line in text.splitlines() if line.startswith("$CATEGORY:")]
    titles = [e.model.title for e in load_catalog(course).modules.values() if e.model.quiz]
    assert [c.rsplit("/", 1)[-1] for c in categories][:-1] == titles[:-1]
    assert categories[-1].endswith("/Tricky text: a//b {braces} & tags")  # plain text: no '<' or '>'

