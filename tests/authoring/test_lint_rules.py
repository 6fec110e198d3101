"""Each lint rule: a course that trips it, and one that does not."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any, get_args

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import lint
from generator.catalog import load_catalog
from generator.lint import RULES, unemphasised_negatives
from generator.models import LintRule

from .conftest import CONTENT, TACTIC, lint_course, module, ordering, rules, single, true_false


def varied(count: int) -> list[dict[str, object]]:
    """Single-choice questions with the correct option at positions 1, 2, 3, 4, 1, ..."""
    return [single(f"q{i}", correct_at=i % 4 + 1) for i in range(count)]


def test_rule_ids_match_the_models_setting_names() -> None:
    assert tuple(RULES) == get_args(LintRule)


def test_clean_course_has_no_findings(tmp_path: Path) -> None:
    assert lint_course(tmp_path, [module("m1", varied(4) + [true_false("t1", True), true_false("t2", False), ordering("o1")])]) == []


# --- answer-position --------------------------------------------------------------------------


def test_answer_position_fires_when_most_correct_options_share_a_position(tmp_path: Path) -> None:
    questions = [single(f"q{i}", correct_at=2) for i in range(3)] + [single("q3", correct_at=1)]
    found = rules(lint_course(tmp_path, [module("m1", questions)]), "answer-position")
    assert len(found) == 1
    assert found[0].severity == "warning"
    assert "2nd one in 3 of the quiz's 4" in found[0].message
    assert (found[0].path.endswith("modules/m1.yml"), found[0].col) == (True, 1)


def test_answer_position_quiet_when_positions_vary(tmp_path: Path) -> None:
    assert rules(lint_course(tmp_path, [module("m1", varied(8))]), "answer-position") == []


def test_answer_position_quiet_below_the_minimum_number_of_questions(tmp_path: Path) -> None:
    questions = [single(f"q{i}", correct_at=1) for i in range(3)]
    assert rules(lint_course(tmp_path, [module("m1", questions)]), "answer-position") == []


def test_answer_position_at_exactly_half_is_not_more_than_half(tmp_path: Path) -> None:
    questions = [single(f"q{i}", correct_at=pos) for i, pos in enumerate((1, 1, 2, 3))]
    assert rules(lint_course(tmp_path, [module("m1", questions)]), "answer-position") == []


# --- longest-correct --------------------------------------------------------------------------


def long_correct(qid: str, correct_at: int) -> dict[str, object]:
    texts = ["Short", "Brief", "Small", "Tiny"]
    texts[correct_at - 1] = "A much longer and carefully qualified correct answer"
    return single(qid, correct_at=correct_at, texts=texts)


def test_longest_correct_fires_when_the_correct_option_is_mostly_the_longest(tmp_path: Path) -> None:
    questions = [long_correct(f"q{i}", i % 4 + 1) for i in range(3)] + [single("q3", correct_at=4)]
    found = rules(lint_course(tmp_path, [module("m1", questions)]), "longest-correct")
    assert len(found) == 1
    assert "longest one in 3 of the quiz's 4" in found[0].message


def test_longest_correct_quiet_when_lengths_do_not_give_the_answer_away(tmp_path: Path) -> None:
    questions = [long_correct("q0", 1), long_correct("q1", 2)] + [single(f"q{i}", correct_at=i) for i in (3, 4)]
    assert rules(lint_course(tmp_path, [module("m1", questions)]), "longest-correct") == []


# --- all-or-none-of-the-above -----------------------------------------------------------------


@pytest.mark.parametrize("text", ["All of the above", "None of the above.", "**all of these**", "Both of the answers above"])
def test_all_or_none_of_the_above_fires(tmp_path: Path, text: str) -> None:
    question = single("q1", texts=["Alpha one", "Bravo two", text], correct_at=3)
    found = rules(lint_course(tmp_path, [module("m1", [question])]), "all-or-none-of-the-above")
    assert [f.severity for f in found] == ["error"]
    assert "option 3 of question 'q1'" in found[0].message


@pytest.mark.parametrize("text", ["Allocate all of the budget above the line", "None", "All staff"])
def test_all_or_none_of_the_above_quiet_on_ordinary_options(tmp_path: Path, text: str) -> None:
    question = single("q1", texts=["Alpha one", "Bravo two", text], correct_at=1)
    assert rules(lint_course(tmp_path, [module("m1", [question])]), "all-or-none-of-the-above") == []


# --- negative-stem ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "prompt",
    [
        "Which of these is NOT a control?",
        "Which of these controls does not depend on anyone noticing?",
        "All of these are controls EXCEPT which one?",
        "Which model is the least independent?",
        "Which role can't accept the risk?",
        "A model never needs review.",
        "Which of these is <em>not</em> a control?",  # raw HTML shows as text on the site
    ],
)
def test_negative_stem_fires_without_emphasis(tmp_path: Path, prompt: str) -> None:
    found = rules(lint_course(tmp_path, [module("m1", [single("q1", prompt=prompt)])]), "negative-stem")
    assert len(found) == 1
    assert found[0].severity == "warning"


@pytest.mark.parametrize(
    "prompt",
    [
        "Which of these is **not** a control?",
        "Which of these is *NOT* a control?",
        "All of these are controls _except_ which one?",
        "Which controls need at least one approver?",
        "Order the models from least to most independent.",
        "The CISO does not report to the CIO. Who should accept the risk?",
        "Which is the best control?",
        "Is the notice notable?",
    ],
)
def test_negative_stem_quiet_with_emphasis_or_no_negative(tmp_path: Path, prompt: str) -> None:
    assert rules(lint_course(tmp_path, [module("m1", [single("q1", prompt=prompt)])]), "negative-stem") == []


def test_negative_stem_names_the_words() -> None:
    assert unemphasised_negatives("Which is NOT true, and which is **not** false?") == ["NOT"]


# --- true-false-same-answer -------------------------------------------------------------------


def test_true_false_same_answer_fires_when_every_answer_is_the_same(tmp_path: Path) -> None:
    questions = [true_false(f"t{i}", True) for i in range(3)]
    found = rules(lint_course(tmp_path, [module("m1", questions)]), "true-false-same-answer")
    assert len(found) == 1
    assert "all 3 true/false questions of the quiz are true" in found[0].message


def test_true_false_same_answer_quiet_when_answers_differ(tmp_path: Path) -> None:
    questions = [true_false("t1", True), true_false("t2", False), true_false("t3", True)]
    assert rules(lint_course(tmp_path, [module("m1", questions)]), "true-false-same-answer") == []


def test_true_false_same_answer_quiet_with_a_single_true_false_question(tmp_path: Path) -> None:
    assert rules(lint_course(tmp_path, [module("m1", [true_false("t1", False)])]), "true-false-same-answer") == []


# --- missing-explanation and missing-feedback -------------------------------------------------


def test_missing_explanation_fires_at_the_question(tmp_path: Path) -> None:
    found = rules(lint_course(tmp_path, [module("m1", [single("q1", explanation=False)])]), "missing-explanation")
    lines = (tmp_path / "modules" / "m1.yml").read_text().splitlines()
    line = next(n for n, text in enumerate(lines, start=1) if text.strip() == "- id: q1")
    assert [(f.severity, f.line, f.col) for f in found] == [("error", line, lines[line - 1].index("id") + 1)]


def test_missing_explanation_quiet_with_an_explanation(tmp_path: Path) -> None:
    assert rules(lint_course(tmp_path, [module("m1", [single("q1")])]), "missing-explanation") == []


def test_missing_feedback_fires_on_every_kind_of_option(tmp_path: Path) -> None:
    questions = [single("q1", feedback=False), true_false("t1", True, feedback=False), ordering("o1", feedback=False)]
    found = rules(lint_course(tmp_path, [module("m1", questions)]), "missing-feedback")
    messages = [f.message for f in found]
    assert len([m for m in messages if "of question 'q1'" in m]) == 4
    assert any("'t1' has no feedback_true" in m for m in messages)
    assert any("'t1' has no feedback_false" in m for m in messages)
    assert len([m for m in messages if "of question 'o1'" in m]) == 3


def test_missing_feedback_quiet_when_every_option_has_feedback(tmp_path: Path) -> None:
    questions = [single("q1"), true_false("t1", True), true_false("t2", False), ordering("o1")]
    assert rules(lint_course(tmp_path, [module("m1", questions)]), "missing-feedback") == []


# --- near-duplicate ---------------------------------------------------------------------------


def test_near_duplicate_fires_across_modules(tmp_path: Path) -> None:
    texts = ["Initial Access", "Persistence", "Execution", "Discovery"]
    first = single("q1", prompt="Which ATT&CK tactic covers a stolen cloud key used to sign in?", texts=texts)
    second = single("q2", prompt="Which *ATT&CK tactic* covers a stolen cloud key that is used to sign in?", texts=texts)
    found = rules(lint_course(tmp_path, [module("m1", [first]), module("m2", [second])]), "near-duplicate")
    assert len(found) == 1
    assert found[0].path.endswith("modules/m2.yml")
    assert "the same as question 'q1'" in found[0].message and "modules/m1.yml" in found[0].message


def test_near_duplicate_quiet_for_different_questions(tmp_path: Path) -> None:
    first = single("q1", prompt="Which ATT&CK tactic covers a stolen cloud key used to sign in?")
    second = single("q2", prompt="Who should accept the residual risk of an AI launch?")
    assert rules(lint_course(tmp_path, [module("m1", [first, second])]), "near-duplicate") == []


def test_near_duplicate_compares_options_too(tmp_path: Path) -> None:
    """The same generic prompt over different options is not a duplicate."""
    first = single("q1", prompt="Which is right?", texts=["Identity", "Budget", "Board", "Vendor"])
    second = single("q2", prompt="Which is right?", texts=["Encryption", "Logging", "Backups", "Training"])
    assert rules(lint_course(tmp_path, [module("m1", [first, second])]), "near-duplicate") == []


def _all_pairs(questions: list[list[str]], percent: int) -> list[tuple[int, int, float]]:
    """The rule as it was first written: every question against every earlier one."""
    limit, found = percent / 100, []
    for number, words in enumerate(questions):
        for earlier in range(number):
            matcher = difflib.SequenceMatcher(None, questions[earlier], words, autojunk=False)
            if matcher.real_quick_ratio() >= limit and matcher.quick_ratio() >= limit and matcher.ratio() >= limit:
                found.append((number, earlier, matcher.ratio()))
                break
    return found


@settings(max_examples=400, deadline=None)
@given(
    questions=st.lists(st.lists(st.sampled_from("abcdefg"), max_size=12), max_size=10),
    percent=st.sampled_from([40, 60, 75, 85, 100]),
)
def test_near_duplicates_found_through_shared_words_are_those_of_all_pairs(questions: list[list[str]], percent: int) -> None:
    from generator.lint.similar import similar_questions

    assert similar_questions(questions, percent) == (_all_pairs(questions, percent), None)


def counting_comparisons(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The length of every word list handed to difflib, as it is handed over."""
    lengths: list[int] = []
    for name in ("set_seq1", "set_seq2"):
        real = getattr(difflib.SequenceMatcher, name)

        def counting(self: difflib.SequenceMatcher[str], seq: list[str], real: Any = real) -> None:
            if seq:  # SequenceMatcher() starts with empty sequences
                lengths.append(len(seq))
            real(self, seq)

        monkeypatch.setattr(difflib.SequenceMatcher, name, counting)
    return lengths


def test_near_duplicate_compares_few_pairs_in_a_course_of_distinct_questions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """400 questions used to make 79,800 comparisons, one per pair."""
    questions = [single(f"q{i}", correct_at=i % 4 + 1, prompt=f"Which control answers risk number {i} for unit{i}?") for i in range(400)]
    lengths = counting_comparisons(monkeypatch)
    assert rules(lint_course(tmp_path, [module("m1", questions)]), "near-duplicate") == []
    assert len(lengths) < 1000


def test_near_duplicate_compares_at_most_200_words_of_a_question(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    story = " ".join(f"word{i % 50} risk{i}" for i in range(1500))
    first = single("q1", prompt=f"{story} Who decides?")
    second = single("q2", prompt=f"{story} Who decides now?")
    lengths = counting_comparisons(monkeypatch)
    found = rules(lint_course(tmp_path, [module("m1", [first]), module("m2", [second])]), "near-duplicate")
    assert lengths and max(lengths) <= 200
    assert len(found) == 1 and "100% the same as question 'q1'" in found[0].message


def test_near_duplicate_says_where_it_stopped_when_the_comparisons_run_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Questions with the same words in another order share every word but are not the same."""
    import random

    words = "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima".split()
    prompts = []
    for seed in range(8):
        random.Random(seed).shuffle(words)
        prompts.append(" ".join(words) + "?")
    questions = [single(f"q{i}", texts=["A", "B", "C", "D"], prompt=prompt) for i, prompt in enumerate(prompts)]
    assert rules(lint_course(tmp_path / "all", [module("m1", questions)]), "near-duplicate") == []
    monkeypatch.setattr(lint.similar, "MAX_COMPARISONS", 5)
    found = rules(lint_course(tmp_path / "some", [module("m1", questions)]), "near-duplicate")
    assert len(found) == 1
    assert found[0].message.startswith("near-duplicate check stopped at question 'q")
    assert "more questions share most of their words than 5 comparisons allow" in found[0].message


# --- coverage: objectives, tactics, paths -----------------------------------------------------


def test_unassessed_objective_fires_for_an_objective_no_question_assesses(tmp_path: Path) -> None:
    data = module("m1", [single("q1")], objectives=("obj", "other"))
    found = rules(lint_course(tmp_path, [data]), "unassessed-objective")
    assert len(found) == 1
    assert "'other'" in found[0].message


def test_unassessed_objective_fires_for_a_module_without_quiz(tmp_path: Path) -> None:
    found = rules(lint_course(tmp_path, [module("m1", None)]), "unassessed-objective")
    assert len(found) == 1 and "the module has no quiz" in found[0].message


def test_unassessed_objective_quiet_when_every_objective_is_assessed(tmp_path: Path) -> None:
    data = module("m1", [single("q1"), single("q2", correct_at=2, assesses=("other",))], objectives=("obj", "other"))
    assert rules(lint_course(tmp_path, [data]), "unassessed-objective") == []


def test_untaught_tactic_fires_as_info(tmp_path: Path) -> None:
    extra = dict(TACTIC, id="TA0002", name="Execution", shortname="execution", order=4, techniques=[],
                 url="https://attack.mitre.org/tactics/TA0002")
    found = rules(lint_course(tmp_path, [module("m1", [single("q1")])], tactics=[TACTIC, extra]), "untaught-tactic")
    assert [(f.severity, f.path.endswith("tactics/TA0002.yml")) for f in found] == [("info", True)]


def test_untaught_tactic_quiet_when_a_module_teaches_it(tmp_path: Path) -> None:
    assert rules(lint_course(tmp_path, [module("m1", [single("q1")])]), "untaught-tactic") == []


def test_module_not_on_path_fires(tmp_path: Path) -> None:
    found = rules(lint_course(tmp_path, [module("m1", [single("q1")]), module("m2", [single("q2")])], on_path=["m1"]),
                  "module-not-on-path")
    assert [f.path.endswith("modules/m2.yml") for f in found] == [True]


def test_module_not_on_path_quiet_when_every_module_is_on_a_path(tmp_path: Path) -> None:
    assert rules(lint_course(tmp_path, [module("m1", [single("q1")])]), "module-not-on-path") == []


# --- placeholder ------------------------------------------------------------------------------


def test_placeholder_fires_once_per_file_at_the_first_placeholder(tmp_path: Path) -> None:
    data = module("m1", [single("q1", prompt="TODO: the question")])
    data["summary"] = "TODO: the summary"
    found = rules(lint_course(tmp_path, [data]), "placeholder")
    assert len(found) == 1
    assert "'TODO: the summary' (and 1 more in this file)" in found[0].message
    assert found[0].line == 3


def test_placeholder_quiet_on_finished_text(tmp_path: Path) -> None:
    data = module("m1", [single("q1", prompt="Which todos are done?")])
    assert rules(lint_course(tmp_path, [data]), "placeholder") == []


# --- the starter course -----------------------------------------------------------------------


def test_starter_course_has_no_lint_errors() -> None:
    findings = lint.lint(load_catalog(CONTENT))
    assert [str(f) for f in findings if f.severity == "error"] == []


# --- hidden-character -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "effect"),
    [
        ("Reports to the \u202eOIC\u202c", "right-to-left override (U+202E)", "it reorders the text after it on screen"),
        ("The board \u2067approves\u2069 the budget", "right-to-left isolate (U+2067)", "it reorders the text after it"),
        ("CI\u200bSO", "zero-width space (U+200B)", "looks the same as text without it but differs"),
        ("CI\u200dSO", "zero-width joiner (U+200D)", "looks the same as text without it but differs"),
        ("Budget\ufeff", "zero-width no-break space (U+FEFF)", "looks the same as text without it but differs"),
        ("CISO\u200f.", "right-to-left mark (U+200F)", "gives the spaces and punctuation around it a direction"),
    ],
)
def test_hidden_character_fires_on_bidi_controls_and_invisible_characters(tmp_path: Path, text: str, name: str, effect: str) -> None:
    """Each kind of character is reported with what it does: only bidi controls reorder text."""
    data = module("m1", varied(4))
    data["title"] = text
    found = rules(lint_course(tmp_path, [data]), "hidden-character")
    assert len(found) == 1
    assert found[0].severity == "error"
    assert found[0].message.startswith(name)
    assert effect in found[0].message
    assert ("reorder" in found[0].message) == ("U+202" in name or "U+206" in name)
    assert (found[0].line, found[0].col) == (2, 8)  # at the title's value
    assert text not in str(found[0])  # the message shows the character instead of hiding it


@pytest.mark.parametrize("text", ["שלום\u200fעולם", "नमस्\u200dते", "👩\u200d💻 engineers", "Le RSSI, ¿qué?"])
def test_hidden_character_quiet_where_joiners_and_marks_have_a_use(tmp_path: Path, text: str) -> None:
    data = module("m1", varied(4))
    data["summary"] = text
    assert rules(lint_course(tmp_path, [data]), "hidden-character") == []


# --- answer-key-skew --------------------------------------------------------------------------


def _at(positions: list[int], module_id: str = "m1") -> dict[str, object]:
    return module(module_id, [single(f"{module_id}-q{i}", correct_at=p) for i, p in enumerate(positions)])


def test_answer_key_skew_names_the_position_that_holds_too_many_keys_across_the_course(tmp_path: Path) -> None:
    # Each quiz alone is fine (no position above half), but the course puts 6 of 12 keys at position 2.
    modules = [_at([2, 2, 1, 3], "m1"), _at([2, 2, 4, 1], "m2"), _at([2, 2, 3, 4], "m3")]
    found = rules(lint_course(tmp_path, modules), "answer-key-skew")
    assert rules(lint_course(tmp_path / "again", modules), "answer-position") == []
    assert [f.path.endswith("course.yml") for f in found] == [True]
    assert "position skew: the correct option is the 2nd one in 6 of the course's 12" in found[0].message
    assert "(50%, more than 30%)" in found[0].message


def test_answer_key_skew_reports_a_module_with_enough_questions(tmp_path: Path) -> None:
    found = rules(lint_course(tmp_path, [_at([1, 2, 3, 4] * 2 + [3, 3, 3, 1])]), "answer-key-skew")
    assert {f.path.endswith("modules/m1.yml") for f in found} == {True, False}  # the module and the course
    assert all("3rd one in 5 of" in f.message for f in found)
    assert any("the quiz's 12" in f.message for f in found)


def test_answer_key_skew_quiet_when_keys_are_spread(tmp_path: Path) -> None:
    modules = [_at([1, 2, 3, 4], "m1"), _at([2, 3, 4, 1], "m2"), _at([3, 4, 1, 2], "m3")]
    assert rules(lint_course(tmp_path, modules), "answer-key-skew") == []


def test_answer_key_skew_quiet_below_its_minimum_number_of_questions(tmp_path: Path) -> None:
    assert rules(lint_course(tmp_path, [_at([1, 1, 2, 3, 4])]), "answer-key-skew") == []


def _shortest_right(qid: str, at: int) -> dict[str, object]:
    texts = [f"A much longer wrong option number {n} for {qid}" for n in range(4)]
    texts[at - 1] = f"Short {qid}"
    return single(qid, correct_at=at, texts=texts)


def test_answer_key_skew_names_a_length_skew_towards_the_shortest_option(tmp_path: Path) -> None:
    questions = [_shortest_right(f"q{i}", i % 4 + 1) for i in range(12)]
    found = rules(lint_course(tmp_path, [module("m1", questions)]), "answer-key-skew")
    assert found and all("length skew: the correct option is the shortest one in 12 of" in f.message for f in found)
    assert rules(lint_course(tmp_path / "again", [module("m1", questions)]), "longest-correct") == []


def test_answer_key_skew_thresholds_come_from_the_course(tmp_path: Path) -> None:
    modules = [_at([2, 2, 1, 3], "m1"), _at([2, 2, 4, 1], "m2"), _at([2, 2, 3, 4], "m3")]
    settings = {"thresholds": {"key_position_percent": 50}}
    assert rules(lint_course(tmp_path, modules, lint_settings=settings), "answer-key-skew") == []


# --- scenario-without-debrief -----------------------------------------------------------------


def _with_scenario(debrief: str | None) -> dict[str, Any]:
    data = module("m1", varied(4))
    data["scenario"] = {"title": "A case", "situation": "Something happens.", "questions": ["What now?"]}
    if debrief is not None:
        data["scenario"]["debrief"] = debrief
    return data


def test_scenario_without_debrief_fires_at_the_scenario(tmp_path: Path) -> None:
    found = rules(lint_course(tmp_path, [_with_scenario(None)]), "scenario-without-debrief")
    assert len(found) == 1 and found[0].path.endswith("modules/m1.yml")
    assert "the scenario 'A case' has no debrief" in found[0].message


def test_scenario_with_a_debrief_is_quiet(tmp_path: Path) -> None:
    assert rules(lint_course(tmp_path, [_with_scenario("A good answer names the owner.")]), "scenario-without-debrief") == []
