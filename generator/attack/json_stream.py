"""A STIX bundle's ``objects`` read one at a time from a text stream, within fixed limits.

Official bundles are tens of megabytes: the list is decoded object by object from a buffered
window, so memory stays near one read chunk. The file is untrusted, so one value (one object of the
list) is at most :data:`MAX_VALUE` characters and :data:`MAX_DEPTH` levels deep, and an integer at
most :data:`MAX_DIGITS` digits; anything beyond is a :class:`BundleError` with its position. The
nesting is measured by a scan of the brackets before the value is decoded, so Python's decoder
never recurses deeply.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any, TextIO

from ..errors import CourseError, quote

CHUNK = 1 << 20  # characters read at a time
# MITRE's largest object, the x-mitre-collection that lists every object of the release, is a few
# megabytes; a technique is at most a few hundred kilobytes. STIX objects nest 3 or 4 levels.
MAX_VALUE = 8_000_000  # characters in one value of the bundle (one object of its list)
MAX_DEPTH = 100  # nesting of lists and objects in one value (Python's decoder recurses per level)
MAX_DIGITS = 100  # digits in one integer (Python refuses to convert more than 4,300)

_WS = re.compile(r"[ \t\n\r]*")
# Everything up to the next bracket that is not inside a string: runs of other characters and
# whole strings, matched possessively (no backtracking) at the regular expression engine's speed.
# It stops early at a string that does not end in the text at hand.
_TO_BRACKET = re.compile(r'[^"\[\]{}]*+(?:"[^"\\]*+(?:\\.[^"\\]*+)*+"[^"\[\]{}]*+)*+', re.DOTALL)


class _LongNumber(Exception):
    """An integer of more than MAX_DIGITS digits, refused before Python converts it."""


def _parse_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise _LongNumber
    return int(text)


_DECODER = json.JSONDecoder(parse_int=_parse_int)
_LONG_DIGITS = re.compile(rf"[0-9]{{{MAX_DIGITS + 1}}}")


class BundleError(CourseError):
    """The file is not a usable ATT&CK STIX bundle."""


class _Stream:
    """A window on a text stream, refilled as JSON values are decoded from it."""

    def __init__(self, stream: TextIO, chunk: int) -> None:
        self.stream = stream
        self.chunk = max(1, chunk)
        self.buf = ""
        self.pos = 0
        self.eof = False
        self.consumed = 0  # characters dropped from the front of the buffer, for error offsets

    def fill(self, at_least: int = 0) -> bool:
        if self.eof:
            return False
        data = self.stream.read(max(self.chunk, at_least))
        if not data:
            self.eof = True
            return False
        self.consumed += self.pos
        self.buf = self.buf[self.pos:] + data
        self.pos = 0
        return True

    def peek(self) -> str:
        while True:
            self.pos = _WS.match(self.buf, self.pos).end()  # type: ignore[union-attr]
            if self.pos < len(self.buf) or not self.fill():
                return self.buf[self.pos] if self.pos < len(self.buf) else ""

    def expect(self, char: str, what: str) -> None:
        found = self.peek()
        if found != char:
            raise self.error(f"expected {what}, found {found!r}" if found else f"expected {what}, found the end of the file")
        self.pos += 1

    def value(self) -> Any:
        first = self.peek()
        start = self.pos
        try:
            if first in ("[", "{"):
                end = self._end_of_container()
                value, stop = _DECODER.raw_decode(self.buf, self.pos)
                if stop != end:  # pragma: no cover - the bracket scan and the decoder disagree
                    raise self.error("invalid JSON")
                self.pos = stop
                return value
            return self._scalar()
        except json.JSONDecodeError as exc:
            raise self.error(f"invalid JSON: {exc.msg}", self.consumed + exc.pos) from None
        except _LongNumber:
            found = _LONG_DIGITS.search(self.buf, self.pos)
            at = self.consumed + (found.start() if found else start)
            raise self.error(f"a number of more than {MAX_DIGITS:,} digits", at) from None
        except RecursionError:  # pragma: no cover - the bracket scan refuses deep nesting first
            raise self.error("a value nested deeper than Python can decode", self.consumed + start) from None

    def _too_large(self) -> BundleError:
        return self.error(
            f"a value of more than {MAX_VALUE:,} characters (ATT&CK's objects are at most a few megabytes)"
        )

    def _scalar(self) -> Any:
        """A string, number or literal: decoded, read on while it may go on in the next chunk."""
        while True:
            try:
                value, end = _DECODER.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError:
                # Incomplete at the end of the window: read more (at least as much again, so that
                # a value larger than the chunk costs linear, not quadratic, time).
                if len(self.buf) - self.pos > MAX_VALUE:
                    raise self._too_large() from None
                if self.fill(len(self.buf) - self.pos):
                    continue
                raise
            if end == len(self.buf) and self.fill():
                continue  # a number or literal may go on in the next chunk
            self.pos = end
            return value

    def _end_of_container(self) -> int:
        """Where the list or object at ``pos`` ends (past its closing bracket), read into the
        window; refuse it when it is nested deeper than MAX_DEPTH or longer than MAX_VALUE."""
        depth = 0
        at = self.pos
        buf, end, to_bracket = self.buf, len(self.buf), _TO_BRACKET.match
        while True:
            at = to_bracket(buf, at).end()  # type: ignore[union-attr]
            if at == end or buf[at] == '"':  # the window ends inside the value
                if at - self.pos > MAX_VALUE:
                    raise self._too_large()
                shift = self.pos
                if not self.fill(len(self.buf) - self.pos):
                    raise self.error("the file ends inside a value")
                at -= shift
                buf, end = self.buf, len(self.buf)
                continue
            if buf[at] in "[{":
                depth += 1
                if depth > MAX_DEPTH:
                    raise self.error(f"a value nested deeper than {MAX_DEPTH} levels", self.consumed + at)
            else:
                depth -= 1
                if depth <= 0:
                    if at - self.pos >= MAX_VALUE:
                        raise self._too_large()
                    return at + 1
            at += 1

    def error(self, message: str, offset: int | None = None) -> BundleError:
        where = offset if offset is not None else self.consumed + self.pos
        return BundleError(f"{message} (at character {where})")


def iter_objects(stream: TextIO, chunk: int = CHUNK) -> Iterator[dict[str, Any]]:
    """Each object of a STIX bundle's ``objects`` array, one at a time."""
    reader = _Stream(stream, chunk)
    reader.expect("{", "a JSON object (a STIX bundle)")
    kind: Any = None
    if reader.peek() == "}":
        raise reader.error("the JSON object is empty: not a STIX bundle")
    while True:
        key = reader.value()
        if not isinstance(key, str):
            raise reader.error("expected a key")
        reader.expect(":", "':'")
        if key == "objects":
            reader.expect("[", "the list of objects")
            if reader.peek() == "]":
                reader.pos += 1
            else:
                while True:
                    obj = reader.value()
                    if isinstance(obj, dict):
                        yield obj
                    separator = reader.peek()
                    reader.pos += 1
                    if separator == "]":
                        break
                    if separator != ",":
                        raise reader.error(f"expected ',' or ']' in the list of objects, found {separator!r}")
        else:
            value = reader.value()
            if key == "type":
                kind = value
                if kind != "bundle":
                    raise reader.error(f"the file is a STIX {quote(kind)}, not a bundle")
        separator = reader.peek()
        reader.pos += 1
        if separator == "}":
            break
        if separator != ",":
            raise reader.error(f"expected ',' or '}}' after {quote(key)}, found {separator!r}")
    if kind != "bundle":
        raise BundleError("the JSON object has no \"type\": \"bundle\": not a STIX bundle")
