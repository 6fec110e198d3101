"""The one error type a trainer sees: a problem in a content file, with its location."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
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
        self.errors: list[ContentError] = sorted(set(errors))
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


def did_you_mean(value: str, known: Iterable[str], cutoff: float = 0.75) -> str:
    """``; did you mean 'x'?`` for the closest known name, or nothing."""
    close = difflib.get_close_matches(value, list(known), n=1, cutoff=cutoff)
    return f"; did you mean '{close[0]}'?" if close else ""


def shorten(text: str, limit: int = 60) -> str:
    """One line of at most ``limit`` characters, for quoting a trainer's text in a message."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."
