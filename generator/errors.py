"""The one error type a trainer sees: a problem in a content file, with its location."""

from __future__ import annotations

import bisect
import difflib
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class ContentError:
    """A problem at ``path:line:col`` (1-based, yamllint style)."""

    path: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.message}"

    def github(self) -> str:
        return workflow_command("error", self.path, self.line, self.col, self.message)


def workflow_command(kind: str, path: str, line: int, col: int, message: str) -> str:
    """A GitHub Actions workflow command (``error``, ``warning``, ``notice``), shown inline on a pull request."""
    message = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    path = path.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A").replace(":", "%3A").replace(",", "%2C")
    return f"::{kind} file={path},line={line},col={col}::{message}"


class ContentErrors(Exception):
    """All the problems found in one run, sorted by file and position."""

    def __init__(self, errors: Iterable[ContentError]) -> None:
        # Sorted on a key: the comparisons the dataclass writes in Python cost seconds for 100,000 errors.
        self.errors: list[ContentError] = sorted(set(errors), key=lambda e: (e.path, e.line, e.col, e.message))
        super().__init__(self.report())

    def report(self) -> str:
        return "\n".join(str(error) for error in self.errors)

    def __iter__(self) -> Iterator[ContentError]:
        return iter(self.errors)


def display_path(path: Path) -> str:
    """The path as a trainer would type it: relative to the working folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


# A suggestion costs at most a few milliseconds, whatever the content: no suggestion among more than
# SUGGEST_AMONG known names, and at most SUGGEST_COMPARED of them are compared with the value.
SUGGEST_AMONG = 10_000
SUGGEST_COMPARED = 200


def did_you_mean(value: str, known: Iterable[str], cutoff: float = 0.75) -> str:
    """``; did you mean 'x'?`` for the closest known name, or nothing.

    Only names long or short enough to reach ``cutoff`` are compared and, when there are more
    than SUGGEST_COMPARED of them, those nearest to the value in alphabetical order, half read
    forwards and half backwards (a typo mostly keeps the start or the end of a name).
    """
    names = known if isinstance(known, Collection) else list(known)
    if len(names) > SUGGEST_AMONG:
        return ""
    size = len(value)
    shortest, longest = size * cutoff / (2 - cutoff) - 1e-9, size * (2 - cutoff) / cutoff + 1e-9
    candidates = [name for name in names if shortest <= len(name) <= longest]
    if len(candidates) > SUGGEST_COMPARED:
        half = SUGGEST_COMPARED // 2
        backwards = [name[::-1] for name in _nearest(sorted(n[::-1] for n in candidates), value[::-1], half)]
        candidates = sorted({*_nearest(sorted(candidates), value, half), *backwards})
    close = difflib.get_close_matches(value, candidates, n=1, cutoff=cutoff)
    return f"; did you mean '{close[0]}'?" if close else ""


def _nearest(ordered: list[str], value: str, count: int) -> list[str]:
    """The ``count`` names of the sorted list ``ordered`` around where ``value`` would go."""
    start = max(0, min(bisect.bisect_left(ordered, value) - count // 2, len(ordered) - count))
    return ordered[start : start + count]


def shorten(text: str, limit: int = 60) -> str:
    """One line of at most ``limit`` characters, for quoting a trainer's text in a message."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."
