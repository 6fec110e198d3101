"""What a trainer sees when something is wrong: located problems (:class:`ContentError`, for
validation errors and lint findings alike), the one exception family that carries errors to the
command line and the plugin (:class:`CourseError`), and how values are quoted in messages."""

from __future__ import annotations

import bisect
import difflib
import re
import unicodedata
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning", "info"]
_COMMANDS: dict[str, str] = {"error": "error", "warning": "warning", "info": "notice"}


@dataclass(frozen=True, order=True)
class ContentError:
    """A problem at ``path:line:col`` (1-based, yamllint style): a validation error, or a lint
    finding, which also carries its ``severity`` and the ``rule`` that made it."""

    path: str
    line: int
    col: int
    message: str
    severity: Severity = "error"
    rule: str | None = None

    def __str__(self) -> str:
        if self.rule is None:
            return text_line(self.path, self.line, self.col, self.message)
        return text_line(self.path, self.line, self.col, f"{self.severity}: {self.message} [{self.rule}]")

    def github(self) -> str:
        message = self.message if self.rule is None else f"{self.message} [{self.rule}]"
        return workflow_command(_COMMANDS[self.severity], self.path, self.line, self.col, message)


def text_line(path: str, line: int, col: int, message: str) -> str:
    """``path:line:col: message`` on one line of plain text, whatever the path and message hold.

    A line of a CI log that starts with ``::`` is a workflow command, so a path that would start
    one is written as ``./path``.
    """
    shown = visible(path)
    if shown.startswith(":"):
        shown = "./" + shown
    return f"{shown}:{line}:{col}: {visible(message)}"


def workflow_command(kind: str, path: str, line: int, col: int, message: str) -> str:
    """A GitHub Actions workflow command (``error``, ``warning``, ``notice``), shown inline on a pull request."""
    # GitHub decodes %0A into a line break inside the annotation; nothing decoded starts a command.
    message = visible(message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))
    path = visible(path.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")).replace(":", "%3A").replace(",", "%2C")
    return f"::{kind} file={path},line={line},col={col}::{message}"


# Characters that end a line, move the cursor, start a terminal escape, reorder text (bidi
# controls) or take no room at all (zero-width and other format characters), and code points
# that cannot be written as UTF-8 (lone surrogates) or are not characters.
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Cn", "Zl", "Zp"})
_NOT_PLAIN = re.compile(r"[^\x20-\x7e]")


def _show_char(match: re.Match[str]) -> str:
    char = match.group()
    if unicodedata.category(char) in _HIDDEN_CATEGORIES:
        return char.encode("unicode_escape").decode("ascii")
    return char


def visible(text: str) -> str:
    """``text`` with every control, escape, bidi, zero-width or non-character written as an
    escape (``\\n``, ``\\x1b``, ``\\u202e``), so that what a message quotes cannot break its line,
    hide its end or reorder it on screen."""
    return _NOT_PLAIN.sub(_show_char, text)


class CourseError(Exception):
    """The base of every error a trainer or a command can cause, never a bug.

    The command line prints it (its text made visible, :func:`visible`) and exits with
    ``exit_code``; the plugin stops the build with it. What each kind says: :class:`ContentErrors`
    (located problems in content files), and, where they are raised, an output a command will not
    write (``UnsafeTarget``), a bundle it cannot read (``BundleError``), an edit it cannot make
    (``ScaffoldError``, ``EditError``, ``ImportConflict``), a standalone project it cannot make
    (``StandaloneError``).
    """

    exit_code = 1


class Failed(CourseError):
    """A command that has reported its problems itself and ends with a failure (``lint`` with
    errors, a failed build); its text, if any, is the last line printed."""


class ContentErrors(CourseError):
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
    """The path as a trainer would type it: relative to the working folder when inside it.

    The folders above it are resolved, the path itself is not: a symbolic link is shown by its
    own name, never by the name of what it points to.
    """
    full = path.absolute()
    full = full.parent.resolve() / full.name if full.name not in ("", "..") else full.resolve()
    try:
        return full.relative_to(Path.cwd().resolve()).as_posix()
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
    """One line of at most ``limit`` characters, for quoting a trainer's text in a message.

    Runs of white space become one space; what is left that could hide or break the line is
    shown as an escape (:func:`visible`). Only the start of a long value is looked at.
    """
    text = " ".join(text[: limit * 4 + 4].split())
    return visible(text) if len(text) <= limit else visible(text[: limit - 3]) + "..."


def quote(value: object, limit: int = 60) -> str:
    """A value echoed in a message (a key, an id, a file or STIX name): ``'value'``, shortened,
    with every line break, tab and invisible character shown (``'T1078\\n'`` is not ``'T1078'``)."""
    text = str(value)
    if len(text) <= limit:
        return f"'{visible(text)}'"
    return f"'{visible(text[: limit - 3])}...'"
