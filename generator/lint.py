"""Quiz-quality and coverage checks: a validated :class:`Catalog` in, a list of findings out.

``validate`` says whether the course can be built; ``lint`` says whether it is well written. The
quiz checks follow the usual item-writing guidelines for multiple-choice tests (no cue in the
position or the length of the correct option, no "all of the above", negatives emphasised,
feedback on every option); the coverage checks find what the course promises but does not teach
or test. Thresholds and severities come from the ``lint`` section of the course file.

Pure: no file is written and nothing is printed here.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, cast, get_args

from . import models as m
from .catalog import Catalog, Entry
from .catalog.coverage import attack_coverage
from .errors import ContentError, Severity, quote, shorten
from .read import Document, Key
from .render.text import plain as to_text
from .scaffold import PLACEHOLDER

SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
_LEVELS: dict[str, Severity | None] = {"error": "error", "warning": "warning", "info": "info", "off": None}
# A finding is a located problem with a severity and the rule that made it.
Finding = ContentError


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    summary: str


RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in (
        Rule("answer-position", "warning", "the correct option sits at the same position in most of a quiz's questions"),
        Rule("longest-correct", "warning", "the correct option is the longest one in most of a quiz's questions"),
        Rule("all-or-none-of-the-above", "error", "an option reads 'all of the above' or 'none of the above'"),
        Rule("negative-stem", "warning", "a question asks with NOT, EXCEPT, NEVER, LEAST or CANNOT without emphasising it"),
        Rule("true-false-same-answer", "warning", "every true/false question of a quiz has the same answer"),
        Rule("missing-explanation", "error", "a question has no explanation"),
        Rule("missing-feedback", "error", "an option, an ordering item or a true/false answer has no feedback"),
        Rule("near-duplicate", "warning", "two questions anywhere in the course are nearly the same"),
        Rule("unassessed-objective", "warning", "a learning objective that no question assesses"),
        Rule("untaught-tactic", "info", "a tactic that no module teaches"),
        Rule("module-not-on-path", "warning", "a module that is on no learning path"),
        Rule("placeholder", "warning", f"text that still holds a '{PLACEHOLDER}' placeholder from `ciso-course new`"),
        Rule("hidden-character", "error", "text holds a bidi control or an invisible character that readers cannot see"),
    )
}
assert tuple(RULES) == get_args(m.LintRule), "lint rules and the LintRule ids of the models differ"


def lint(catalog: Catalog) -> list[Finding]:
    """Every finding of every rule that is not turned off, sorted by file and position."""
    linter = _Linter(catalog.course.model.lint)
    for entry in catalog.modules.values():
        linter.module(entry)
    linter.near_duplicates(catalog)
    linter.coverage(catalog)
    linter.placeholders(catalog)
    linter.hidden_characters(catalog)
    return sorted(set(linter.findings))


def placeholder_findings(catalog: Catalog) -> list[Finding]:
    """Text that still holds a placeholder, whatever the course's lint settings: the site build
    warns about it, because the placeholder would be published."""
    linter = _Linter(m.LintSettings())
    linter.placeholders(catalog)
    return linter.findings


def counts(findings: Sequence[Finding]) -> dict[Severity, int]:
    tally = Counter(finding.severity for finding in findings)
    return {severity: tally[severity] for severity in SEVERITIES}


# --- text helpers -----------------------------------------------------------------------------

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def plain(text: str) -> str:
    """Markdown reduced to the words a learner reads."""
    return to_text(text, limit=None)


def tokens(text: str) -> list[str]:
    return [word.casefold().replace("’", "'") for word in _WORD.findall(plain(text))]


# "All of the above" and its relatives: at the start of an option, or "all/none of the above" anywhere.
_ALL_NONE = re.compile(
    r"^\s*(?:all|none|both|neither)\s+of\s+(?:the\s+)?"
    r"(?:above|these|those|the\s+(?:above\s+)?(?:options|answers|choices))\b"
    r"|\b(?:all|none)\s+of\s+the\s+above\b",
    re.IGNORECASE,
)

# Negative words that turn a stem around ("at least" and "not only" do not).
_NEGATIVE = re.compile(
    r"(?<![\w'’])(?:not|except|never|least|cannot|[a-z]+n['’]t)(?![\w'’])", re.IGNORECASE
)
_BEFORE_LEAST = re.compile(r"\b(?:at|from|to)\s+(?:the\s+)?$", re.IGNORECASE)  # at least, from least to most
_BEFORE_NOT = re.compile(r"\bor\s+$", re.IGNORECASE)  # whether or not
_AFTER_NOT = re.compile(r"\s+only\b", re.IGNORECASE)  # not only ... but also
_EMPHASIS = (
    re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*", re.DOTALL),
    re.compile(r"__(?=\S)(.+?)(?<=\S)__", re.DOTALL),
    re.compile(r"(?<![*\w])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![*\w])", re.DOTALL),
    re.compile(r"(?<![_\w])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![_\w])", re.DOTALL),
)
_SENTENCE = re.compile(r"[^.?!]+(?:[.?!]+|$)")


def _stem_spans(prompt: str) -> list[tuple[int, int]]:
    """Where the question itself is asked: the sentences that end in '?', else the last sentence.

    A prompt often sets a scene first; a "not" in the scene does not turn the question around.
    """
    sentences = [(match.start(), match.end()) for match in _SENTENCE.finditer(prompt) if match.group().strip()]
    asked = [span for span in sentences if prompt[span[0]:span[1]].rstrip().endswith("?")]
    if asked:
        return asked
    return sentences[-1:]


def unemphasised_negatives(prompt: str) -> list[str]:
    """The negative words of the question's stem that are written without emphasis."""
    emphasised: list[tuple[int, int]] = []
    for pattern in _EMPHASIS:
        emphasised += [(match.start(), match.end()) for match in pattern.finditer(prompt)]
    found: list[str] = []
    for start, end in _stem_spans(prompt):
        for match in _NEGATIVE.finditer(prompt, start, end):
            word = match.group().casefold()
            if word == "least" and _BEFORE_LEAST.search(prompt, 0, match.start()):
                continue
            if word == "not" and (_BEFORE_NOT.search(prompt, 0, match.start()) or _AFTER_NOT.match(prompt, match.end())):
                continue
            if any(s <= match.start() and match.end() <= e for s, e in emphasised):
                continue
            found.append(match.group())
    return found


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


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
        pairs, stopped = similar_questions(words, self.limits.near_duplicate_percent)
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
                f"their words than {MAX_COMPARISONS:,} comparisons allow; the questions from here on "
                "were not compared",
            )

    def coverage(self, catalog: Catalog) -> None:
        for column in attack_coverage(catalog).tactics:
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


def _entries(catalog: Catalog) -> list[Entry[Any]]:
    entries: list[Entry[Any]] = [catalog.course]
    if catalog.glossary is not None:
        entries.append(catalog.glossary)
    for group in (catalog.roles, catalog.reporting_models, catalog.tactics, catalog.modules):
        entries.extend(group.values())
    return entries


# Bidi embeddings, overrides and isolates reorder what follows them ("Trojan Source"); they are
# never needed in a course's text. The marks, joiners and invisible operators have uses in
# right-to-left scripts, Indic scripts and emoji, so they are reported only between two ASCII
# characters, where they can only hide something.
_BIDI_CONTROLS = {
    "\u202a": "left-to-right embedding", "\u202b": "right-to-left embedding", "\u202c": "bidi pop",
    "\u202d": "left-to-right override", "\u202e": "right-to-left override",
    "\u2066": "left-to-right isolate", "\u2067": "right-to-left isolate", "\u2068": "first-strong isolate",
    "\u2069": "bidi isolate pop",
}
_INVISIBLE = {
    "\u00ad": "soft hyphen", "\u061c": "Arabic letter mark", "\u180e": "Mongolian vowel separator",
    "\u200b": "zero-width space", "\u200c": "zero-width non-joiner", "\u200d": "zero-width joiner",
    "\u200e": "left-to-right mark", "\u200f": "right-to-left mark", "\u2060": "word joiner",
    "\u2061": "invisible function application", "\u2062": "invisible times", "\u2063": "invisible separator",
    "\u2064": "invisible plus", "\ufeff": "zero-width no-break space",
}
_ALWAYS_HIDDEN = "\u00ad\u180e\u200b\u2060\ufeff"  # invisible wherever they stand (a BOM inside text, say)
_HIDDEN = re.compile("[" + "".join(_BIDI_CONTROLS) + "".join(_INVISIBLE) + "]")


def hidden_character(text: str) -> tuple[int, str] | None:
    """The position and name of the first character in ``text`` that a reader cannot see."""
    for match in _HIDDEN.finditer(text):
        char, at = match.group(), match.start()
        if char in _BIDI_CONTROLS:
            return at, _BIDI_CONTROLS[char]
        if char in _ALWAYS_HIDDEN or (text[at - 1 : at].isascii() and text[at + 1 : at + 2].isascii()):
            return at, _INVISIBLE[char]
    return None


# Near-duplicate questions: the words of a question compared (its prompt, then its options or
# items), the earlier questions looked up for each question, how many of them are compared in full
# with it, and the comparisons of one run. Together they keep the rule near-linear in the course.
MAX_WORDS = 200
MAX_LOOKUPS = 100
MAX_COMPARED = 10
MAX_COMPARISONS = 1000


def similar_questions(questions: Sequence[list[str]], percent: int) -> tuple[list[tuple[int, int, float]], int | None]:
    """For each question (a list of words) the first earlier one that is at least ``percent``
    similar, as (question, earlier question, ratio); and the question where the comparisons ran
    out, if they did.

    The similarity is difflib's ratio over the first MAX_WORDS words, which is never above the
    share of words two questions have in common, counted with repeats. So only pairs that share
    enough words can be near-duplicates, and those are found through an index of each question's
    rarest words (prefix filtering for set similarity): two questions with that share of words in
    common share one of the rarest words of each. A question is compared in full only with
    earlier questions found that way.
    """
    limit = percent / 100
    words = [question[:MAX_WORDS] for question in questions]
    numbers: dict[tuple[str, int], int] = {}  # tokens as small numbers: sets of them intersect fast
    counted = [frozenset(numbers.setdefault(token, len(numbers)) for token in _counted(question)) for question in words]
    shared = Counter(token for tokens in counted for token in tokens)
    index: dict[int, list[int]] = {}
    matcher: difflib.SequenceMatcher[str] = difflib.SequenceMatcher(None, autojunk=False)
    found: list[tuple[int, int, float]] = []
    budget = MAX_COMPARISONS
    for number, tokens in enumerate(counted):
        rarest = sorted(tokens, key=lambda token: (shared[token], token))
        # ceil(t * n) tokens in common at least, for the Jaccard threshold t = percent / (200 - percent)
        rarest = rarest[: len(rarest) - (percent * len(rarest) + 199 - percent) // (200 - percent) + 1]
        earlier: set[int] = set()
        for token in rarest:
            earlier.update(index.get(token, ())[: MAX_LOOKUPS - len(earlier)])
            if len(earlier) >= MAX_LOOKUPS:
                break
        matcher.set_seq2(words[number])
        compared = 0
        for other in sorted(earlier):
            size = len(words[number]) + len(words[other])
            if size and 2.0 * len(tokens & counted[other]) / size < limit:
                continue
            if budget == 0:
                return found, number
            if compared == MAX_COMPARED:
                break
            budget -= 1
            compared += 1
            matcher.set_seq1(words[other])
            ratio = matcher.ratio()
            if ratio >= limit:
                found.append((number, other, ratio))
                break
        for token in rarest:
            index.setdefault(token, []).append(number)
    return found, None


def _counted(words: list[str]) -> list[tuple[str, int]]:
    """The words as tokens that keep repeats apart: ``a b a`` is (a, 1), (b, 1), (a, 2).

    Questions with no words at all share the one token of the empty question, as difflib finds
    two empty lists the same.
    """
    seen: Counter[str] = Counter()
    counted = []
    for word in words:
        seen[word] += 1
        counted.append((word, seen[word]))
    return counted or [("", 0)]


_PLACEHOLDER = re.compile(rf"\b{re.escape(PLACEHOLDER)}\b")


def _has_placeholder(text: str) -> bool:
    return _PLACEHOLDER.search(text) is not None


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


def _strings(node: Any, loc: tuple[Key, ...]) -> Iterator[tuple[tuple[Key, ...], str]]:
    if isinstance(node, str):
        yield loc, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, loc + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _strings(value, loc + (index,))
