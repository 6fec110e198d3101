"""Editing a trainer's YAML in place: values replaced and list items added, the rest byte for byte.

A round-trip *dump* re-indents sequences, re-quotes strings and re-flows long lines, so it cannot
promise that a file a person wrote stays as they wrote it. Here the text is composed once (PyYAML's
node tree, whose marks give each node's exact character span) and only the spans that change are
rewritten; comments, key order, quoting and line endings elsewhere are never touched. Callers
read the result back to prove that only what they meant to change changed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

import yaml

from ..errors import CourseError
from ..reading.read import Key, resolve_plain


class EditError(CourseError):
    """The file's layout does not allow the edit (a key missing, a list written in flow style)."""


def compose(text: str) -> yaml.Node:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)  # the pure-Python reader: marks count characters
    except yaml.YAMLError as exc:  # pragma: no cover - callers edit files the catalog has read
        raise EditError(f"cannot read the file: {exc}") from None
    if node is None:
        raise EditError("the file is empty")
    return node


def node_at(root: yaml.Node, loc: Sequence[Key]) -> yaml.Node:
    """The node at ``loc`` (mapping keys and sequence indexes); the last of repeated keys."""
    node = root
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            found = [value for key, value in node.value if isinstance(key, yaml.ScalarNode) and key.value == part]
            if not found:
                raise EditError(f"no '{part}' found")
            node = found[-1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
        else:
            raise EditError(f"cannot follow '{part}' in the file")
    return node


def newline(text: str) -> str:
    """The line ending the file uses."""
    return "\r\n" if "\r\n" in text else "\n"


# --- replacing scalar values --------------------------------------------------------------------


def replace_values(text: str, changes: Sequence[tuple[Sequence[Key], str | int]]) -> str:
    """``text`` with the scalar at each ``loc`` replaced by the new value, in the value's own quoting
    style where that style can hold it; everything else byte for byte."""
    root = compose(text)
    spans: list[tuple[int, int, str]] = []
    for loc, value in changes:
        node = node_at(root, loc)
        start, end = node.start_mark.index, node.end_mark.index
        style = node.style if isinstance(node, yaml.ScalarNode) else None
        replacement = scalar(value, style)
        if style in ("|", ">"):
            # A block scalar's span runs to the next key and takes its line breaks along.
            breaks = re.search(r"(?:\r?\n)*\Z", text[start:end])
            replacement += breaks.group(0) if breaks and breaks.group(0) else "\n"
        spans.append((start, end, replacement))
    for start, end, replacement in sorted(spans, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def scalar(value: str | int, style: str | None = None) -> str:
    """``value`` as a YAML scalar, in ``style`` (None = plain) when that style can hold it."""
    if isinstance(value, int):
        return str(value)
    if style == "'" and "\n" not in value and "\r" not in value:
        return "'" + value.replace("'", "''") + "'"
    if style in (None, "|", ">") and plain_ok(value):
        return value
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid double-quoted YAML scalar


_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")


def plain_ok(text: str) -> bool:
    """Whether ``text`` reads back as the same string when written unquoted, by any YAML reader."""
    if not text or text != text.strip() or any(c in text for c in "\n\r\t") or text[0] in _INDICATORS:
        return False
    if ": " in text or " #" in text or text.endswith(":"):
        return False
    if resolve_plain(text) != text:  # this project's reader: null, booleans, integers
        return False
    try:  # YAML 1.1 readers too: yes/no, floats, dates
        return bool(yaml.safe_load(f"k: {text}\n") == {"k": text})
    except yaml.YAMLError:
        return False


# --- adding list items --------------------------------------------------------------------------


def indent(lines: Sequence[str], by: int) -> list[str]:
    return [" " * by + line if line else line for line in lines]


def as_item(lines: Sequence[str], dash_col: int, content_col: int) -> list[str]:
    """Template lines (indented from 0) as one item of a block sequence."""
    content_col = max(content_col, dash_col + 2)
    first = " " * dash_col + "-" + " " * (content_col - dash_col - 1) + lines[0]
    return [first] + indent(lines[1:], content_col)


def append_at_end(text: str, lines: Sequence[str]) -> str:
    nl = newline(text)
    if text and not text.endswith("\n"):
        text += nl
    return text + nl.join(lines) + nl


def append_item(text: str, loc: Sequence[str], item: Sequence[str]) -> str:
    """``text`` with ``item`` (template lines) added after the last item of the block list at ``loc``."""
    node: yaml.Node = compose(text)
    key_col = 0
    for part in loc:
        if not isinstance(node, yaml.MappingNode):
            raise EditError(f"expected a mapping holding '{part}'")
        found = [(k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == part]
        if not found:
            raise EditError(f"no '{part}' found")
        key_col, node = found[-1][0].start_mark.column, found[-1][1]
    where = ".".join(loc)
    if not isinstance(node, yaml.SequenceNode):
        raise EditError(f"'{where}' is not a list")
    nl = newline(text)
    if node.flow_style and not node.value:
        # `paths: []`: drop the brackets, and start a block list on the next line.
        start, rest = node.start_mark.index, text[node.end_mark.index:]
        if not rest.split("\n", 1)[0].strip():  # nothing else on the line: no trailing blanks
            start = len(text[:start].rstrip(" \t"))
            rest = rest.lstrip(" \t")
        text = text[:start] + rest
        return _insert_after_line(text, start, nl.join(as_item(item, key_col + 2, key_col + 4)) + nl)
    if node.flow_style:
        raise EditError(
            f"'{where}' is written as a [flow, list]; write it as a block list (one '- ' per "
            "line) and run the command again"
        )
    dash_col = node.start_mark.column
    content_col = node.value[0].start_mark.column if node.value else dash_col + 2
    last: yaml.Node = node.value[-1]
    while isinstance(last, (yaml.MappingNode, yaml.SequenceNode)) and not last.flow_style and last.value:
        last = last.value[-1][1] if isinstance(last, yaml.MappingNode) else last.value[-1]
    at = last.end_mark.index
    inserted = nl.join(as_item(item, dash_col, content_col)) + nl
    if at > 0 and text[at - 1] != "\n":
        return _insert_after_line(text, at, inserted)
    return text[:at] + inserted + text[at:]


def _insert_after_line(text: str, at: int, inserted: str) -> str:
    """``inserted`` placed at the start of the line after the one holding ``at``."""
    end = text.find("\n", at)
    if end == -1:
        text += newline(text)
        end = len(text) - 1
    return text[: end + 1] + inserted + text[end + 1 :]
