"""Reading an ATT&CK STIX 2.1 bundle: the matrix's tactics in order, techniques, revocations.

The bundle's objects come one at a time, within limits (:mod:`.json_stream`), and each is
reduced at once to the few facts the course uses (ids, names, URLs, tactics, revoked and
deprecated flags). Every id is checked against its pattern before it is used as a key: an object
with a malformed ATT&CK or STIX id is left out and reported once in the notes.

Pure: no MkDocs, no command line; the only input is a text stream (or a path to open).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from ..errors import quote
from ..models import TACTIC_ID, TECHNIQUE_ID
from .json_stream import CHUNK, MAX_DEPTH, MAX_DIGITS, MAX_VALUE, BundleError, iter_objects

__all__ = ["CHUNK", "MAX_DEPTH", "MAX_DIGITS", "MAX_VALUE", "AttackData", "BundleError", "StixTactic", "StixTechnique",
           "iter_objects", "load_bundle", "read_bundle", "shown"]

# A STIX identifier: the object's type, two hyphens and a UUID.
STIX_ID = re.compile(r"[a-z][a-z0-9-]{0,99}--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
VERSION = re.compile(r"[0-9]{1,4}(?:\.[0-9]{1,4}){0,3}")

# The kill chain each ATT&CK domain files its techniques under.
KILL_CHAINS = {
    "enterprise-attack": "mitre-attack",
    "mobile-attack": "mitre-mobile-attack",
    "ics-attack": "mitre-ics-attack",
}


def shown(value: object, limit: int = 60) -> str:
    """A value from the bundle echoed in a message: quoted, shortened, and with every line break,
    control, bidi or zero-width character and every non-character written as an escape."""
    if not isinstance(value, str):
        return _JSON_KINDS.get(type(value), "a JSON value")
    return quote(value, limit)


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
