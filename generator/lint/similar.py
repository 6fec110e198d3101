"""Near-duplicate questions, found without comparing every pair."""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Sequence

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
