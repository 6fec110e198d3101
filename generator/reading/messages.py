"""What the YAML reader says about a file it cannot read: syntax errors in a trainer's words (tabs,
unusual line breaks, control characters) and files it refuses to open."""

from __future__ import annotations

import re

import yaml

from .containment import LINK, SPECIAL, Uncontained

Pos = tuple[int, int]

UNUSUAL_BREAKS = {"\u0085": "next-line character", "\u2028": "line separator", "\u2029": "paragraph separator"}
UNUSUAL_BREAK = re.compile("[\u0085\u2028\u2029]")


def reader_error(exc: yaml.reader.ReaderError, text: str) -> tuple[Pos, str]:
    line = text.count("\n", 0, exc.position) + 1
    col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
    char = exc.character if isinstance(exc.character, int) else ord(exc.character)
    return (line, col), f"control character U+{char:04X} is not allowed in YAML text"


def syntax_message(exc: yaml.MarkedYAMLError, text: str, pos: Pos) -> str:
    lines = text.splitlines()
    if 0 < pos[0] <= len(lines):
        line = lines[pos[0] - 1]
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent or "'\\t'" in str(exc.problem):
            return "tab character used for indentation: YAML needs spaces"
        if line[pos[1] - 1 : pos[1]] == "\t":
            return "tab character where YAML needs spaces"
    problem = exc.problem or "invalid YAML"
    context = ""
    if exc.context:
        where = ""
        mark = exc.context_mark
        if mark is not None and mark.line + 1 != pos[0]:
            where = f" at line {mark.line + 1}"
        context = f" ({exc.context}{where})"
    return f"YAML syntax error: {problem}{context}"


LINK_REFUSED = "symbolic link: content must be real files and folders in the repository, not links"


def refusal(exc: Uncontained) -> str:
    """The message for a content file that is not read: a link, not a regular file, too large."""
    if exc.kind == LINK:
        return LINK_REFUSED
    if exc.kind == SPECIAL:
        return f"{exc.reason}, not a regular file: content files must be regular files"
    return exc.reason
