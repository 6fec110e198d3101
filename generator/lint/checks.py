"""The checks of every rule over a catalog, collected as findings."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any, cast

from .. import models as m
from ..catalog import Catalog, Entry
from ..catalog.coverage import framework_coverage
from ..errors import ContentError, Severity, quote, shorten
from ..models.frameworks import FRAMEWORKS
from ..reading.read import Document, Key
from . import similar
from .rules import _LEVELS, RULES, Finding
from .text import (
    _ALL_NONE,
    _has_placeholder,
    _ordinal,
    _strings,
    hidden_character,
    plain,
    tokens,
    unemphasised_negatives,
)

# --- the checks -------------------------------------------------------------------------------

ChoiceQuestion = m.SingleQuestion | m.MultipleQuestion
QUIZ: tuple[Key, ...] = ("quiz",)
QUESTIONS: tuple[Key, ...] = ("quiz", "questions")


class _Linter:
    def __init__(self, settings: m.LintSettings) -> None:
        self.settings = settings
        self.limits = settings.thresholds
        self.findings: list[Finding] = []

    def severity(self, rule: str) -> Severity | None:
        level = self.settings.rules.get(cast(m.LintRule, rule), RULES[rule].severity)
        return _LEVELS[level]

    def on(self, rule: str) -> bool:
        return self.severity(rule) is not None

    def add(self, rule: str, doc: Document, loc: Sequence[Key], message: str, *, key: bool = False) -> None:
        severity = self.severity(rule)
        if severity is None:
            return
        line, col = doc.locate(loc, key=key)
        self.findings.append(ContentError(doc.display, line, col, message, severity, rule))

    # modules and their quizzes

    def module(self, entry: Entry[m.Module]) -> None:
        module, doc = entry.model, entry.doc
        quiz = module.quiz
        assessed = {objective for question in quiz.questions for objective in question.assesses} if quiz else set()
        for index, objective in enumerate(module.objectives):
            if objective.id not in assessed:
                why = "no question of the quiz assesses it" if quiz else "the module has no quiz"
                self.add(
                    "unassessed-objective", doc, ("objectives", index, "id"),
                    f"learning objective '{objective.id}' is not assessed: {why}; "
                    "list its id under 'assesses' of a question that tests it",
                )
        if quiz is None:
            return
        for qi, question in enumerate(quiz.questions):
            self.question(doc, qi, question)
        self.answer_patterns(doc, quiz)
        self.true_false(doc, quiz)

    def question(self, doc: Document, qi: int, question: m.Question) -> None:
        base: tuple[Key, ...] = QUESTIONS + (qi,)
        name = f"question '{question.id}'"
        if question.explanation is None:
            self.add(
                "missing-explanation", doc, base,
                f"{name} has no explanation: say why the answer is right, for learners who got it wrong",
            )
        negatives = unemphasised_negatives(question.prompt)
        if negatives:
            words = ", ".join(f"'{word}'" for word in dict.fromkeys(negatives))
            self.add(
                "negative-stem", doc, base + ("prompt",),
                f"{name} asks with {words} without emphasis: write it as **{negatives[0]}** so that "
                "no learner misses it, or ask the question the positive way round",
            )
        if isinstance(question, (m.SingleQuestion, m.MultipleQuestion)):
            for oi, option in enumerate(question.options):
                if option.feedback is None:
                    self.add(
                        "missing-feedback", doc, base + ("options", oi),
                        f"option {oi + 1} of {name} has no feedback: say why it is right or wrong",
                    )
                if _ALL_NONE.search(plain(option.text)):
                    self.add(
                        "all-or-none-of-the-above", doc, base + ("options", oi, "text"),
                        f"option {oi + 1} of {name} reads '{shorten(plain(option.text), 40)}': such options "
                        "depend on the others' order and reward partial knowledge; write a real option, or "
                        "make it a multiple-answer question",
                    )
        elif isinstance(question, m.TrueFalseQuestion):
            for field, when in (("feedback_true", "true"), ("feedback_false", "false")):
                if getattr(question, field) is None:
                    self.add(
                        "missing-feedback", doc, base,
                        f"{name} has no {field}: say what a learner who answers {when} should learn",
                    )
        elif isinstance(question, m.OrderingQuestion):
            for ii, item in enumerate(question.items):
                if item.feedback is None:
                    self.add(
                        "missing-feedback", doc, base + ("items", ii),
                        f"item '{item.id}' of {name} has no feedback: say why it goes where it goes",
                    )

    def answer_patterns(self, doc: Document, quiz: m.Quiz) -> None:
        single = [
            question for question in quiz.questions
            if isinstance(question, (m.SingleQuestion, m.MultipleQuestion))
            and sum(option.correct for option in question.options) == 1
        ]
        total = len(single)
        if total < self.limits.min_questions:
            return
        positions = Counter(next(i for i, o in enumerate(q.options) if o.correct) + 1 for q in single)
        position, count = positions.most_common(1)[0]
        if count * 100 > self.limits.same_position_percent * total:
            self.add(
                "answer-position", doc, QUIZ,
                f"the correct option is the {_ordinal(position)} one in {count} of the quiz's {total} "
                "single-answer questions: learners who notice can answer without knowing; "
                "move the correct option around",
                key=True,
            )
        longest = sum(1 for question in single if _correct_is_longest(question))
        if longest * 100 > self.limits.longest_correct_percent * total:
            self.add(
                "longest-correct", doc, QUIZ,
                f"the correct option is the longest one in {longest} of the quiz's {total} "
                "single-answer questions: learners learn to pick the longest; give the wrong "
                "options the same care and detail",
                key=True,
            )

    def true_false(self, doc: Document, quiz: m.Quiz) -> None:
        answers = [q.answer for q in quiz.questions if isinstance(q, m.TrueFalseQuestion)]
        if len(answers) >= self.limits.min_true_false and len(set(answers)) == 1:
            value = "true" if answers[0] else "false"
            self.add(
                "true-false-same-answer", doc, QUIZ,
                f"all {len(answers)} true/false questions of the quiz are {value}: learners who notice "
                "can answer without knowing; rewrite some statements so that they are "
                f"{'false' if answers[0] else 'true'}",
                key=True,
            )

    # the course as a whole

    def near_duplicates(self, catalog: Catalog) -> None:
        if not self.on("near-duplicate"):
            return
        questions: list[tuple[Document, int, str]] = []
        words: list[list[str]] = []
        for entry in catalog.modules.values():
            quiz = entry.model.quiz
            if quiz is None:
                continue
            for qi, question in enumerate(quiz.questions):
                if _has_placeholder(question.prompt):  # unwritten yet: the placeholder rule says so
                    continue
                questions.append((entry.doc, qi, question.id))
                words.append(_question_words(question))
        pairs, stopped = similar.similar_questions(words, self.limits.near_duplicate_percent)
        for number, earlier, ratio in pairs:
            doc, qi, qid = questions[number]
            other_doc, other_qi, other_id = questions[earlier]
            line, _ = other_doc.locate(QUESTIONS + (other_qi,))
            where = "this quiz" if other_doc is doc else other_doc.display
            self.add(
                "near-duplicate", doc, QUESTIONS + (qi,),
                f"question '{qid}' is {int(ratio * 100)}% the same as question "
                f"'{other_id}' ({where}, line {line}): merge them, or make each test "
                "something of its own",
            )
        if stopped is not None:
            doc, qi, qid = questions[stopped]
            self.add(
                "near-duplicate", doc, QUESTIONS + (qi,),
                f"near-duplicate check stopped at question '{qid}': more questions share most of "
                f"their words than {similar.MAX_COMPARISONS:,} comparisons allow; the questions from here on "
                "were not compared",
            )

    def coverage(self, catalog: Catalog) -> None:
        for column in (c for fw in FRAMEWORKS for c in framework_coverage(catalog, fw).tactics):
            if not column.taught:
                tid, entry = column.tactic.id, catalog.tactics[column.tactic.id]
                self.add(
                    "untaught-tactic", entry.doc, ("id",),
                    f"no module teaches tactic {tid} ({entry.model.name}): its page stands alone; "
                    "list it under covers.attack of a module that teaches it",
                )
        on_path = {mid for path in catalog.course.model.paths for mid in path.modules}
        for mid, module in catalog.modules.items():
            if mid not in on_path:
                self.add(
                    "module-not-on-path", module.doc, ("id",),
                    f"module '{mid}' is on no learning path: add it to the modules of a path in "
                    f"{catalog.course.doc.display}, or readers will only find it in the module list",
                )

    def placeholders(self, catalog: Catalog) -> None:
        if not self.on("placeholder"):
            return
        for entry in _entries(catalog):
            found = [(loc, text) for loc, text in _strings(entry.doc.data, ()) if _has_placeholder(text)]
            if found:
                loc, text = found[0]
                more = f" (and {len(found) - 1} more in this file)" if len(found) > 1 else ""
                self.add(
                    "placeholder", entry.doc, loc,
                    f"placeholder left from `ciso-course new`: '{shorten(text, 50)}'{more}; "
                    "replace it with the course's own text",
                )


    def hidden_characters(self, catalog: Catalog) -> None:
        if not self.on("hidden-character"):
            return
        for entry in _entries(catalog):
            for loc, text in _strings(entry.doc.data, ()):
                found = hidden_character(text)
                if found is not None:
                    at, name = found
                    self.add(
                        "hidden-character", entry.doc, loc,
                        f"{name} (U+{ord(text[at]):04X}) at character {at + 1} of "
                        f"{quote(text[max(0, at - 20):at + 20])}: readers cannot see it, and it can "
                        "reorder or disguise the text around it; delete it",
                    )

    def answer_key_skew(self, catalog: Catalog) -> None:
        """Patterns in the answer keys that only show over many questions: per module, and course-wide."""
        if not self.on("answer-key-skew"):
            return
        everything: list[m.SingleQuestion] = []
        for entry in catalog.modules.values():
            single = [q for q in entry.model.quiz.questions if isinstance(q, m.SingleQuestion)] if entry.model.quiz else []
            everything += single
            for message in self._key_skews(single, "the quiz's"):
                self.add("answer-key-skew", entry.doc, QUIZ, message, key=True)
        for message in self._key_skews(everything, "the course's"):
            self.add("answer-key-skew", catalog.course.doc, (), message)

    def _key_skews(self, single: list[m.SingleQuestion], whose: str) -> list[str]:
        total = len(single)
        if total < self.limits.key_skew_min_questions:
            return []
        found = []
        positions = Counter(next(i for i, o in enumerate(q.options) if o.correct) + 1 for q in single)
        for position, count in sorted(positions.items()):
            if count * 100 > self.limits.key_position_percent * total:
                found.append(
                    f"position skew: the correct option is the {_ordinal(position)} one in {count} of "
                    f"{whose} {total} single-answer questions ({count * 100 // total}%, more than "
                    f"{self.limits.key_position_percent}%): move some keys to other positions",
                )
        for extreme, test in (("shortest", min), ("longest", max)):
            count = sum(1 for q in single if _correct_is_extreme(q, test))
            if count * 100 > self.limits.key_length_percent * total:
                found.append(
                    f"length skew: the correct option is the {extreme} one in {count} of {whose} {total} "
                    f"single-answer questions ({count * 100 // total}%, more than "
                    f"{self.limits.key_length_percent}%): learners learn to pick the {extreme}; "
                    "even out the lengths of right and wrong options",
                )
        return found

    def scenario_debriefs(self, catalog: Catalog) -> None:
        for entry in catalog.modules.values():
            scenario = entry.model.scenario
            if scenario is not None and scenario.debrief is None:
                self.add(
                    "scenario-without-debrief", entry.doc, ("scenario",),
                    f"the scenario '{shorten(scenario.title, 40)}' has no debrief: say what a good answer "
                    "covers, for learners studying alone and for facilitators",
                    key=True,
                )


def _correct_is_extreme(question: ChoiceQuestion, pick: Any) -> bool:
    """Whether the correct option alone is the shortest (``pick=min``) or longest (``pick=max``)."""
    lengths = [(len(plain(option.text)), option.correct) for option in question.options]
    best = pick(length for length, _ in lengths)
    at_best = [correct for length, correct in lengths if length == best]
    return len(at_best) == 1 and bool(at_best[0])


def _entries(catalog: Catalog) -> list[Entry[Any]]:
    entries: list[Entry[Any]] = [catalog.course]
    if catalog.glossary is not None:
        entries.append(catalog.glossary)
    for group in (catalog.roles, catalog.reporting_models, catalog.tactics, catalog.modules):
        entries.extend(group.values())
    return entries


def _correct_is_longest(question: ChoiceQuestion) -> bool:
    lengths = [(len(plain(option.text)), option.correct) for option in question.options]
    best = max(length for length, _ in lengths)
    at_best = [correct for length, correct in lengths if length == best]
    return len(at_best) == 1 and at_best[0]


def _question_words(question: m.Question) -> list[str]:
    """What makes a question what it is: the prompt, then its options or items in a stable order."""
    words = tokens(question.prompt)
    if isinstance(question, (m.SingleQuestion, m.MultipleQuestion)):
        for text in sorted(plain(option.text).casefold() for option in question.options):
            words += tokens(text)
    elif isinstance(question, m.OrderingQuestion):
        for text in sorted(plain(item.text).casefold() for item in question.items):
            words += tokens(text)
    return words
