"""Reading an ATT&CK STIX 2.1 bundle: the matrix's tactics in order, techniques, revocations.

Official bundles are tens of megabytes. The bundle's ``objects`` array is read one object at a
time from a buffered stream, and each object is reduced at once to the few facts the course uses
(ids, names, URLs, tactics, revoked and deprecated flags), so memory stays near the size of one
read chunk plus those facts, whatever the size of the file.

Pure: no MkDocs, no command line; the only input is a text stream (or a path to open).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

CHUNK = 1 << 20  # characters read at a time
_WS = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()

# The kill chain each ATT&CK domain files its techniques under.
KILL_CHAINS = {
    "enterprise-attack": "mitre-attack",
    "mobile-attack": "mitre-mobile-attack",
    "ics-attack": "mitre-ics-attack",
}


class BundleError(Exception):
    """The file is not a usable ATT&CK STIX bundle."""


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
        self.peek()
        while True:
            try:
                value, end = _DECODER.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                # Incomplete at the end of the window: read more (at least as much again, so that
                # a value larger than the chunk costs linear, not quadratic, time).
                if self.fill(len(self.buf) - self.pos):
                    continue
                raise self.error(f"invalid JSON: {exc.msg}", self.consumed + exc.pos) from None
            if end == len(self.buf) and self.fill():
                continue  # a number or literal may go on in the next chunk
            self.pos = end
            return value

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
                    raise reader.error(f"the file is a STIX '{kind}', not a bundle")
        separator = reader.peek()
        reader.pos += 1
        if separator == "}":
            break
        if separator != ",":
            raise reader.error(f"expected ',' or '}}' after '{key}', found {separator!r}")
    if kind != "bundle":
        raise BundleError("the JSON object has no \"type\": \"bundle\": not a STIX bundle")


def _attack_ref(obj: dict[str, Any]) -> tuple[str, str] | None:
    for ref in obj.get("external_references") or ():
        if isinstance(ref, dict) and ref.get("source_name") in ("mitre-attack", "mitre-mobile-attack", "mitre-ics-attack"):
            ident = ref.get("external_id")
            if isinstance(ident, str):
                url = ref.get("url")
                return ident, url if isinstance(url, str) else ""
    return None


def _in_domain(obj: dict[str, Any], domain: str) -> bool:
    domains = obj.get("x_mitre_domains")
    return not isinstance(domains, list) or domain in domains


def _better(new: StixTechnique, old: StixTechnique) -> bool:
    """Of two objects with one ATT&CK id, the live one wins over a revoked or deprecated one."""
    return (new.revoked, new.deprecated) < (old.revoked, old.deprecated)


def read_bundle(stream: TextIO, domain: str = "enterprise-attack", chunk: int = CHUNK) -> AttackData:
    """The tactics, techniques and revocations of ``domain`` in the bundle read from ``stream``."""
    kill_chain = KILL_CHAINS.get(domain)
    if kill_chain is None:
        raise BundleError(f"unknown ATT&CK domain '{domain}'")
    tactics_by_stix: dict[str, StixTactic] = {}
    matrix_refs: list[str] | None = None
    techniques: dict[str, StixTechnique] = {}
    attack_ids: dict[str, str] = {}  # stix id -> technique id
    revocations: list[tuple[str, str]] = []  # (source stix id, target stix id)
    version: str | None = None
    for obj in iter_objects(stream, chunk):
        kind = obj.get("type")
        if kind == "attack-pattern":
            ref = _attack_ref(obj)
            if ref is None or not _in_domain(obj, domain):
                continue
            phases = tuple(
                p["phase_name"] for p in obj.get("kill_chain_phases") or ()
                if isinstance(p, dict) and p.get("kill_chain_name") == kill_chain and isinstance(p.get("phase_name"), str)
            )
            tech = StixTechnique(
                id=ref[0], name=str(obj.get("name", "")), url=ref[1], tactics=phases,
                revoked=obj.get("revoked") is True, deprecated=obj.get("x_mitre_deprecated") is True,
                stix_id=str(obj.get("id", "")),
            )
            attack_ids[tech.stix_id] = tech.id
            if tech.id not in techniques or _better(tech, techniques[tech.id]):
                techniques[tech.id] = tech
        elif kind == "x-mitre-tactic":
            ref = _attack_ref(obj)
            if ref is None or not _in_domain(obj, domain):
                continue
            stix_id = str(obj.get("id", ""))
            tactics_by_stix[stix_id] = StixTactic(
                id=ref[0], name=str(obj.get("name", "")), shortname=str(obj.get("x_mitre_shortname", "")),
                url=ref[1], stix_id=stix_id,
            )
        elif kind == "x-mitre-matrix":
            ref = _attack_ref(obj)
            refs = obj.get("tactic_refs")
            if ref is not None and ref[0] == domain and isinstance(refs, list) and not obj.get("revoked"):
                matrix_refs = [r for r in refs if isinstance(r, str)]
        elif kind == "relationship":
            if obj.get("relationship_type") == "revoked-by":
                source, target = obj.get("source_ref"), obj.get("target_ref")
                if isinstance(source, str) and isinstance(target, str):
                    revocations.append((source, target))
        elif kind == "x-mitre-collection":
            found = obj.get("x_mitre_version")
            if isinstance(found, str) and version is None:
                version = found
    if matrix_refs is None:
        raise BundleError(f"the bundle has no x-mitre-matrix for the domain '{domain}'")
    tactics: dict[str, StixTactic] = {}
    for stix_id in matrix_refs:
        tactic = tactics_by_stix.get(stix_id)
        if tactic is None:
            raise BundleError(f"the matrix lists {stix_id}, which is not in the bundle")
        tactics[tactic.id] = tactic
    replaced_by: dict[str, str] = {}
    for source, target in revocations:
        old, new = attack_ids.get(source), attack_ids.get(target)
        if old is not None and new is not None and old != new:
            replaced_by[old] = new
    return AttackData(domain=domain, version=version, tactics=tactics, techniques=techniques, replaced_by=replaced_by)


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
