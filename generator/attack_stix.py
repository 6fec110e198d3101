"""Reading an ATT&CK STIX 2.1 bundle: the matrix's tactics in order, techniques, revocations.

Official bundles are tens of megabytes. The bundle's ``objects`` array is read one object at a
time from a buffered stream, and each object is reduced at once to the few facts the course uses
(ids, names, URLs, tactics, revoked and deprecated flags), so memory stays near the size of one
read chunk plus those facts, whatever the size of the file.

The bundle is untrusted input (a file downloaded from the web), so the reader bounds what it
accepts and never lets Python's own limits surface as a traceback: one value of the bundle (one
object of its list) is at most :data:`MAX_VALUE` characters and :data:`MAX_DEPTH` levels deep,
and an integer at most :data:`MAX_DIGITS` digits; anything beyond is a :class:`BundleError` with
its position. The nesting is measured by a scan of the brackets before the value is decoded, so
the decoder never recurses deeply. Every id is checked against its pattern before it is used as a
key: an object with a malformed ATT&CK or STIX id is left out and reported once in the notes.

Pure: no MkDocs, no command line; the only input is a text stream (or a path to open).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from .errors import CourseError, quote, visible
from .models import TACTIC_ID, TECHNIQUE_ID

CHUNK = 1 << 20  # characters read at a time
# MITRE's largest object, the x-mitre-collection that lists every object of the release, is a few
# megabytes; a technique is at most a few hundred kilobytes. STIX objects nest 3 or 4 levels.
MAX_VALUE = 8_000_000  # characters in one value of the bundle (one object of its list)
MAX_DEPTH = 100  # nesting of lists and objects in one value (Python's decoder recurses per level)
MAX_DIGITS = 100  # digits in one integer (Python refuses to convert more than 4,300)

# A STIX identifier: the object's type, two hyphens and a UUID.
STIX_ID = re.compile(r"[a-z][a-z0-9-]{0,99}--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
VERSION = re.compile(r"[0-9]{1,4}(?:\.[0-9]{1,4}){0,3}")

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

# The kill chain each ATT&CK domain files its techniques under.
KILL_CHAINS = {
    "enterprise-attack": "mitre-attack",
    "mobile-attack": "mitre-mobile-attack",
    "ics-attack": "mitre-ics-attack",
}


class BundleError(CourseError):
    """The file is not a usable ATT&CK STIX bundle."""


def shown(value: object, limit: int = 60) -> str:
    """A value from the bundle echoed in a message: quoted, shortened, and with every line break,
    control, bidi or zero-width character and every non-character written as an escape."""
    if not isinstance(value, str):
        return _JSON_KINDS.get(type(value), "a JSON value")
    return quote(visible(value[: limit * 4 + 4]), limit)


_JSON_KINDS = {dict: "a JSON object", list: "a JSON list", int: "a number", float: "a number", bool: "true or false",
               type(None): "null"}


@dataclass(frozen=True)
class StixTactic:
    id: str  # TA0001
    name: str
    shortname: str  # initial-access
    url: str
    stix_id: str


@dataclass(frozen=True)
class StixTechnique:
    id: str  # T1078 or T1078.004
    name: str  # MITRE's own name; a sub-technique's is without its parent's ("Cloud Accounts")
    url: str
    tactics: tuple[str, ...]  # tactic shortnames, from kill_chain_phases
    revoked: bool
    deprecated: bool
    stix_id: str

    @property
    def is_subtechnique(self) -> bool:
        return "." in self.id


@dataclass
class AttackData:
    """What the course needs from a bundle, for one domain."""

    domain: str
    version: str | None  # from an x-mitre-collection object, when the bundle has one
    tactics: dict[str, StixTactic]  # by tactic id, in matrix order
    techniques: dict[str, StixTechnique]  # by technique id
    replaced_by: dict[str, str] = field(default_factory=dict)  # revoked id -> replacing id
    notes: list[str] = field(default_factory=list)  # about the bundle: objects left out, an unusable version

    def tactic_by_shortname(self, shortname: str) -> StixTactic | None:
        for tactic in self.tactics.values():
            if tactic.shortname == shortname:
                return tactic
        return None

    def tactic_ids_of(self, technique: StixTechnique) -> list[str]:
        """The ids of the tactics a technique is filed under, in matrix order."""
        shortnames = set(technique.tactics)
        return [t.id for t in self.tactics.values() if t.shortname in shortnames]

    def display_name(self, technique_id: str) -> str:
        """The name as ATT&CK's site shows it: ``Valid Accounts: Cloud Accounts`` for a sub-technique."""
        technique = self.techniques[technique_id]
        if technique.is_subtechnique:
            parent = self.techniques.get(technique_id.split(".")[0])
            if parent is not None and not technique.name.startswith(f"{parent.name}: "):
                return f"{parent.name}: {technique.name}"
        return technique.name

    def accepted_names(self, technique_id: str) -> set[str]:
        """Names the course may write for a technique: a sub-technique with or without its parent."""
        return {self.display_name(technique_id), self.techniques[technique_id].name}

    def replacement(self, technique_id: str) -> str | None:
        """The technique that replaces a revoked one (following chains of revocations), if known."""
        seen = {technique_id}
        current = self.replaced_by.get(technique_id)
        while current is not None and current not in seen:
            seen.add(current)
            tech = self.techniques.get(current)
            if tech is None or not tech.revoked:
                return current
            current = self.replaced_by.get(current)
        return None


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
                    raise reader.error(f"the file is a STIX {shown(kind)}, not a bundle")
        separator = reader.peek()
        reader.pos += 1
        if separator == "}":
            break
        if separator != ",":
            raise reader.error(f"expected ',' or '}}' after {shown(key)}, found {separator!r}")
    if kind != "bundle":
        raise BundleError("the JSON object has no \"type\": \"bundle\": not a STIX bundle")


def _attack_ref(obj: dict[str, Any]) -> tuple[object, str] | None:
    """The ATT&CK id (as the bundle wrote it, not yet checked) and URL of an object, if it has them."""
    refs = obj.get("external_references")
    for ref in refs if isinstance(refs, list) else ():
        if isinstance(ref, dict) and ref.get("source_name") in ("mitre-attack", "mitre-mobile-attack", "mitre-ics-attack"):
            if "external_id" in ref:
                url = ref.get("url")
                return ref["external_id"], url if isinstance(url, str) else ""
    return None


def _in_domain(obj: dict[str, Any], domain: str) -> bool:
    domains = obj.get("x_mitre_domains")
    return not isinstance(domains, list) or domain in domains


def _text(obj: dict[str, Any], key: str) -> str:
    value = obj.get(key)
    return value if isinstance(value, str) else ""


def _better(new: StixTechnique, old: StixTechnique) -> bool:
    """Of two objects with one ATT&CK id, the live one wins over a revoked or deprecated one."""
    return (new.revoked, new.deprecated) < (old.revoked, old.deprecated)


class _LeftOut:
    """Objects left out because an id is malformed, reported in one note with a few examples."""

    EXAMPLES = 5

    def __init__(self) -> None:
        self.count = 0
        self.examples: list[str] = []
        self.stix_ids: set[str] = set()  # well-formed STIX ids of objects left out, for the matrix

    def add(self, obj: dict[str, Any], what: str, value: object) -> None:
        self.count += 1
        stix_id = obj.get("id")
        if isinstance(stix_id, str) and STIX_ID.fullmatch(stix_id):
            self.stix_ids.add(stix_id)
        if len(self.examples) < self.EXAMPLES:
            self.examples.append(f"{shown(obj.get('type'), 40)} with {what} {shown(value)}")

    def note(self) -> str | None:
        if not self.count:
            return None
        more = f" and {self.count - len(self.examples):,} more" if self.count > len(self.examples) else ""
        return (
            f"{self.count:,} object(s) of the bundle left out because an id is malformed (ids name files and keys, "
            f"so they must match their pattern): {'; '.join(self.examples)}{more}"
        )


def _ids_ok(obj: dict[str, Any], attack_id: object, pattern: re.Pattern[str], left_out: _LeftOut) -> bool:
    """Whether the object's ATT&CK id matches ``pattern`` and its STIX id is well formed."""
    if not (isinstance(attack_id, str) and pattern.fullmatch(attack_id)):
        left_out.add(obj, "the malformed ATT&CK id", attack_id)
        return False
    stix_id = obj.get("id")
    if not (isinstance(stix_id, str) and STIX_ID.fullmatch(stix_id)):
        left_out.add(obj, "the malformed STIX id", stix_id)
        return False
    return True


def read_bundle(stream: TextIO, domain: str = "enterprise-attack", chunk: int = CHUNK) -> AttackData:
    """The tactics, techniques and revocations of ``domain`` in the bundle read from ``stream``."""
    kill_chain = KILL_CHAINS.get(domain)
    if kill_chain is None:
        raise BundleError(f"unknown ATT&CK domain {shown(domain)}")
    tactics_by_stix: dict[str, StixTactic] = {}
    matrix_refs: list[str] | None = None
    techniques: dict[str, StixTechnique] = {}
    attack_ids: dict[str, str] = {}  # stix id -> technique id
    revocations: list[tuple[str, str]] = []  # (source stix id, target stix id)
    version: str | None = None
    notes: list[str] = []
    left_out = _LeftOut()
    for obj in iter_objects(stream, chunk):
        kind = obj.get("type")
        if kind == "attack-pattern":
            ref = _attack_ref(obj)
            if ref is None or not _in_domain(obj, domain) or not _ids_ok(obj, ref[0], TECHNIQUE_ID, left_out):
                continue
            phases_list = obj.get("kill_chain_phases")
            phases = tuple(
                p["phase_name"] for p in (phases_list if isinstance(phases_list, list) else ())
                if isinstance(p, dict) and p.get("kill_chain_name") == kill_chain and isinstance(p.get("phase_name"), str)
            )
            tech = StixTechnique(
                id=str(ref[0]), name=_text(obj, "name"), url=ref[1], tactics=phases,
                revoked=obj.get("revoked") is True, deprecated=obj.get("x_mitre_deprecated") is True,
                stix_id=str(obj["id"]),
            )
            attack_ids[tech.stix_id] = tech.id
            if tech.id not in techniques or _better(tech, techniques[tech.id]):
                techniques[tech.id] = tech
        elif kind == "x-mitre-tactic":
            ref = _attack_ref(obj)
            if ref is None or not _in_domain(obj, domain) or not _ids_ok(obj, ref[0], TACTIC_ID, left_out):
                continue
            stix_id = str(obj["id"])
            tactics_by_stix[stix_id] = StixTactic(
                id=str(ref[0]), name=_text(obj, "name"), shortname=_text(obj, "x_mitre_shortname"),
                url=ref[1], stix_id=stix_id,
            )
        elif kind == "x-mitre-matrix":
            ref = _attack_ref(obj)
            refs = obj.get("tactic_refs")
            if ref is not None and ref[0] == domain and isinstance(refs, list) and not obj.get("revoked"):
                matrix_refs = []
                for tactic_ref in refs:
                    if isinstance(tactic_ref, str) and STIX_ID.fullmatch(tactic_ref):
                        matrix_refs.append(tactic_ref)
                    else:
                        left_out.add(obj, "a malformed tactic reference", tactic_ref)
        elif kind == "relationship":
            if obj.get("relationship_type") == "revoked-by":
                source, target = obj.get("source_ref"), obj.get("target_ref")
                if isinstance(source, str) and isinstance(target, str) and STIX_ID.fullmatch(source) and STIX_ID.fullmatch(target):
                    revocations.append((source, target))
                else:
                    left_out.add(obj, "a malformed reference", source if not (isinstance(source, str) and STIX_ID.fullmatch(source)) else target)
        elif kind == "x-mitre-collection":
            found = obj.get("x_mitre_version")
            if version is None and found is not None:
                if isinstance(found, str) and VERSION.fullmatch(found):
                    version = found
                else:
                    notes.append(f"the bundle's x-mitre-collection gives the version {shown(found)}, which is not a version number; ignored")
    if matrix_refs is None:
        raise BundleError(f"the bundle has no x-mitre-matrix for the domain {shown(domain)}")
    tactics: dict[str, StixTactic] = {}
    for stix_id in matrix_refs:
        tactic = tactics_by_stix.get(stix_id)
        if tactic is None:
            if stix_id in left_out.stix_ids:
                continue  # reported among the objects left out
            raise BundleError(f"the matrix lists {shown(stix_id, 120)}, which is not in the bundle")
        tactics[tactic.id] = tactic
    replaced_by: dict[str, str] = {}
    for source, target in revocations:
        old, new = attack_ids.get(source), attack_ids.get(target)
        if old is not None and new is not None and old != new:
            replaced_by[old] = new
    note = left_out.note()
    if note is not None:
        notes.insert(0, note)
    return AttackData(
        domain=domain, version=version, tactics=tactics, techniques=techniques, replaced_by=replaced_by, notes=notes
    )


def load_bundle(path: Path, domain: str = "enterprise-attack") -> AttackData:
    """Read the bundle at ``path``; raise :class:`BundleError` with the file name on any problem."""
    try:
        with path.open(encoding="utf-8-sig") as handle:
            return read_bundle(handle, domain)
    except OSError as exc:
        raise BundleError(f"{path}: cannot read the file: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise BundleError(f"{path}: the file is not UTF-8 text") from None
    except BundleError as exc:
        raise BundleError(f"{path}: {exc}") from None
