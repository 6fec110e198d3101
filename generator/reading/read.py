"""Safe YAML with source positions.

The text is parsed into events by PyYAML's C parser (the pure-Python one where libyaml is
missing) and the values are built here, so that nothing is left to YAML's own resolver:

- no tags, anchors or aliases (an alias bomb is refused at its first alias, before any expansion);
- plain scalars resolve by a small, YAML 1.2-like rule: ``null``/``~``/empty, ``true``/``false``
  and canonical integers; everything else stays text (``no``, ``on``, ``2024-01-01``, ``1.10``);
- mapping keys are always text, and a repeated key is reported at the second occurrence;
- nesting depth, file size and the number of values (keys, list items, texts) are bounded, per
  file and, through a :class:`Budget`, for one load of the whole course;
- every key and value keeps its 1-based line and column for error messages.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import ContentError, ContentErrors, display_path
from .containment import Uncontained, read_regular
from .messages import UNUSUAL_BREAK, UNUSUAL_BREAKS, Pos, reader_error, refusal, syntax_message

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - libyaml missing: same events, slower parser
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 1_000_000
MAX_DEPTH = 40
# Values (keys, list items and texts) in one file, and the bytes and values of a whole course. A
# value costs a few hundred bytes of memory once read; the largest benchmark course (1,000 modules
# of 10 questions: 17 MB, 500,000 values) loads well within them.
MAX_NODES = 50_000
MAX_COURSE_BYTES = 50_000_000
MAX_COURSE_NODES = 1_500_000

Key = str | int

_CONSTANTS: dict[str, Any] = {
    "": None, "~": None, "null": None, "Null": None, "NULL": None,
    "true": True, "True": True, "TRUE": True,
    "false": False, "False": False, "FALSE": False,
}
# At most 18 digits: a longer run stays text (Python refuses to parse very long integers).
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]{0,17})")
_NUMBER_START = frozenset("+-0123456789")


def resolve_plain(text: str) -> Any:
    """The value of a plain (unquoted) scalar."""
    if text in _CONSTANTS:
        return _CONSTANTS[text]
    if text[:1] in _NUMBER_START and _INT.fullmatch(text):
        return int(text)
    return text


@dataclass
class Document:
    """One parsed content file: its data and where every key and value was written."""

    path: Path
    display: str
    data: Any
    # id(container) -> key or index -> (position of the key, position of the value)
    positions: dict[int, dict[Key, tuple[Pos, Pos]]] = field(default_factory=dict)
    errors: list[ContentError] = field(default_factory=list)
    nodes: int = 0  # values read: keys, list items and texts

    def locate(self, loc: Sequence[Key], *, key: bool = False) -> Pos:
        """The position of the value at ``loc`` (or of its key), or of the deepest part that exists.

        Parts of ``loc`` that are not in the data (a union's tag in a validation error, a missing
        key) are skipped, so a problem is always pinned to the nearest thing the trainer wrote.
        """
        node = self.data
        best: Pos = (1, 1)
        found_key: Pos | None = None
        for part in loc:
            where = self.positions.get(id(node))
            if where is None or part not in where:
                continue
            key_pos, value_pos = where[part]
            best, found_key = value_pos, key_pos
            node = node[part]
        if key and found_key is not None:
            return found_key
        return best

    def error(self, loc: Sequence[Key], message: str, *, key: bool = False) -> ContentError:
        line, col = self.locate(loc, key=key)
        return ContentError(self.display, line, col, message)


@dataclass
class Budget:
    """What one load of the whole course may still read: bytes of every file, values of the
    documents it keeps."""

    bytes: int = MAX_COURSE_BYTES
    nodes: int = MAX_COURSE_NODES


class OverBudget(ContentErrors):
    """The course as a whole is over a limit: the files after this one are not read."""


_OVER_FILE_NODES = (
    f"more than {MAX_NODES:,} values (keys, list items and texts) in one file, the limit for a file: "
    "shorten it or split it into smaller files"
)
_OVER_COURSE_NODES = (
    f"the course holds more than {MAX_COURSE_NODES:,} values (keys, list items and texts) in all, "
    "the limit for a course, and goes over it here: remove content or split the course into smaller courses"
)
_OVER_COURSE_BYTES = (
    f"the course's files add up to more than {MAX_COURSE_BYTES:,} bytes, the limit for a course, and "
    "this file goes over it: remove content or split the course into smaller courses"
)


class _Frame:
    __slots__ = ("container", "positions", "is_map", "key", "key_pos")

    def __init__(self, container: Any, positions: dict[Key, tuple[Pos, Pos]]) -> None:
        self.container = container
        self.positions = positions
        self.is_map = isinstance(container, dict)
        self.key: str | None = None
        self.key_pos: Pos = (1, 1)


def _pos(mark: Any) -> Pos:
    return (mark.line + 1, mark.column + 1)


def _type_name(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return "text"


def read_text(text: str, path: Path, display: str | None = None, budget: Budget | None = None) -> Document:
    """Parse ``text`` (the content of ``path``) into a :class:`Document`; raise ContentErrors.

    The document may hold no more values than are left in ``budget`` (the caller takes them).
    """
    shown = display if display is not None else display_path(path)
    doc = Document(path=path, display=shown, data=None)
    course_limit = budget is not None and budget.nodes < MAX_NODES
    limit = budget.nodes if budget is not None and course_limit else MAX_NODES
    nodes = 0

    def fail(pos: Pos, message: str) -> ContentErrors:
        return ContentErrors([ContentError(shown, pos[0], pos[1], message)])

    # YAML counts these as line breaks and editors mostly do not: every position after one would
    # point at the wrong line. They come from text pasted out of web pages and word processors.
    unusual = UNUSUAL_BREAK.search(text)
    if unusual is not None:
        at = unusual.start()
        pos = (text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1)
        name = UNUSUAL_BREAKS[unusual.group()]
        raise fail(pos, f"{name} (U+{ord(unusual.group()):04X}) in the text, probably pasted: replace it with a space or a line break")

    stack: list[_Frame] = []
    frame: _Frame | None = None  # the innermost open container, stack[-1]
    root_set = False

    def place(value: Any, start: Pos) -> None:
        """Put ``value`` into the open container (or make it the document)."""
        nonlocal root_set
        if frame is None:
            doc.data = value
            root_set = True
        elif frame.is_map:
            key = frame.key
            frame.key = None
            positions = frame.positions
            if key in positions:
                first = positions[key][0]
                doc.errors.append(
                    ContentError(
                        shown, frame.key_pos[0], frame.key_pos[1],
                        f"duplicate key '{key}' (first written at line {first[0]})",
                    )
                )
                return
            positions[key] = (frame.key_pos, start)  # type: ignore[index]
            frame.container[key] = value
        else:
            frame.positions[len(frame.container)] = (start, start)
            frame.container.append(value)

    scalar_event, mapping_start, sequence_start = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
    try:
        event: Any
        # The parser's own loop (yaml.parse wraps it in a Python generator that costs as much as
        # the rest of this function on a large course).
        next_event: Any = _Loader(text).get_event
        while (event := next_event()) is not None:
            kind = type(event)
            if kind is scalar_event or kind is mapping_start or kind is sequence_start:
                mark = event.start_mark
                start = (mark.line + 1, mark.column + 1)
                nodes += 1
                if nodes > limit:
                    if course_limit:
                        raise OverBudget([ContentError(shown, start[0], start[1], _OVER_COURSE_NODES)])
                    raise fail(start, _OVER_FILE_NODES)
                if event.anchor is not None:
                    raise fail(start, f"anchors ('&{event.anchor}') are not allowed: write the value out in full")
                if event.tag is not None and event.tag != "!":
                    raise fail(start, f"tags ('{event.tag}') are not allowed: quote the value if it must stay text")
                if kind is scalar_event:
                    if frame is not None and frame.is_map and frame.key is None:
                        frame.key = event.value
                        frame.key_pos = start
                        continue
                    place(resolve_plain(event.value) if event.implicit[0] else event.value, start)
                    continue
                if frame is not None and frame.is_map and frame.key is None:
                    raise fail(start, "a key must be plain text, not a list or mapping")
                if len(stack) >= MAX_DEPTH:
                    raise fail(start, f"nested deeper than {MAX_DEPTH} levels")
                container: Any = {} if kind is mapping_start else []
                place(container, start)
                positions: dict[Key, tuple[Pos, Pos]] = {}
                doc.positions[id(container)] = positions
                frame = _Frame(container, positions)
                stack.append(frame)
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                stack.pop()
                frame = stack[-1] if stack else None
            elif kind is yaml.DocumentStartEvent and root_set:
                raise fail(_pos(event.start_mark), "more than one YAML document in the file; keep one per file")
            elif kind is yaml.AliasEvent:
                raise fail(_pos(event.start_mark), f"aliases ('*{event.anchor}') are not allowed: write the value out in full")
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        pos = _pos(mark) if mark is not None else (1, 1)
        raise fail(pos, syntax_message(exc, text, pos)) from None
    except yaml.reader.ReaderError as exc:
        raise fail(*reader_error(exc, text)) from None
    except yaml.YAMLError as exc:  # pragma: no cover - every libyaml error carries a mark
        raise fail((1, 1), f"YAML error: {exc}") from None
    doc.nodes = nodes
    return doc


def read_file(path: Path, display: str | None = None, raw: bytes | None = None, budget: Budget | None = None) -> Document:
    """Read one content file (or its bytes, when the caller has them): size, encoding, syntax,
    and the shape of the top level, within what is left in ``budget`` (the caller takes it)."""
    shown = display if display is not None else display_path(path)
    if raw is None:
        try:
            raw = read_regular(path, MAX_BYTES)
        except Uncontained as exc:
            raise ContentErrors([ContentError(shown, 1, 1, refusal(exc))]) from None
        except OSError as exc:
            raise ContentErrors([ContentError(shown, 1, 1, f"cannot read file: {exc.strerror}")]) from None
    if len(raw) > MAX_BYTES:
        raise ContentErrors([ContentError(shown, 1, 1, f"file is {len(raw):,} bytes; the limit is {MAX_BYTES:,}")])
    if budget is not None and len(raw) > budget.bytes:
        raise OverBudget([ContentError(shown, 1, 1, _OVER_COURSE_BYTES)])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        before = raw[raw.rfind(b"\n", 0, exc.start) + 1 : exc.start].decode("utf-8-sig", "replace")
        col = len(before) + 1  # in characters, as an editor counts them
        raise ContentErrors(
            [ContentError(shown, line, col, f"file is not UTF-8 text (byte 0x{raw[exc.start]:02x}); save it as UTF-8")]
        ) from None
    doc = read_text(text, path, shown, budget)
    if doc.data is None:
        raise ContentErrors([ContentError(shown, 1, 1, "file is empty: expected a mapping of fields")])
    if not isinstance(doc.data, dict):
        raise ContentErrors(
            [ContentError(shown, 1, 1, f"expected a mapping of fields at the top level, found {_type_name(doc.data)}")]
        )
    return doc
