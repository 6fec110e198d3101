"""The checks that read the course as a whole: near-duplicate questions, coverage, placeholders,
hidden characters, answer-key skew and scenario debriefs (a module's own checks are in ``quiz``)."""

from __future__ import annotations

from collections import Counter

from .. import models as m
from ..catalog import Catalog
from ..catalog.coverage import framework_coverage
from ..errors import quote, shorten
from ..models.frameworks import FRAMEWORKS
from ..reading.read import Document
from . import similar
from .linter import QUESTIONS, QUIZ, Linter, correct_is_extreme, entries
from .text import _has_placeholder, _ordinal, _strings, hidden_character, plain, tokens


class CourseChecks(Linter):
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
        for entry in entries(catalog):
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
        for entry in entries(catalog):
            for loc, text in _strings(entry.doc.data, ()):
                found = hidden_character(text)
                if found is not None:
                    at, name, effect = found
                    self.add(
                        "hidden-character", entry.doc, loc,
                        f"{name} (U+{ord(text[at]):04X}) at character {at + 1} of "
                        f"{quote(text[max(0, at - 20):at + 20])}: readers cannot see it, and {effect}; delete it",
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
            count = sum(1 for q in single if correct_is_extreme(q, test))
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
