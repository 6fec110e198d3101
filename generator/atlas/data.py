"""MITRE's ``ATLAS.yaml`` read with the course's safe YAML reader and its limits (size, depth,
values), and reduced to the facts the course uses: tactics in matrix order, techniques with the
tactics they are filed under, the ATT&CK objects they name, and the ids of the case studies.

The file is untrusted input. An object whose id does not match its ATLAS pattern is left out (its
id could become a file name) and a note says so. Dates stay text, as the reader reads every
unquoted date. A sub-technique is filed under its parent's tactics and named after its parent as
the course writes it: ``LLM Prompt Injection: Direct``. A technique carrying ``deprecated: true``
is deprecated (the release this reader was built on, 5.6.0, marks none).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..attack.stix import shown
from ..errors import ContentError, ContentErrors, display_path
from ..models.frameworks import ATLAS, ATTACK
from ..reading.read import Document, read_file


@dataclass(frozen=True)
class AtlasTacticFact:
    id: str
    name: str
    url: str
    order: int  # from 1, the position in the matrix
    attack_reference: str | None  # the ATT&CK tactic it adapts


@dataclass(frozen=True)
class AtlasTechniqueFact:
    id: str
    name: str  # as the course writes it: a sub-technique with its parent's name first
    own_name: str  # as ATLAS.yaml writes it
    url: str
    tactics: tuple[str, ...]
    attack_reference: str | None
    deprecated: bool = False


@dataclass
class AtlasData:
    version: str | None
    tactics: dict[str, AtlasTacticFact] = field(default_factory=dict)  # in matrix order
    techniques: dict[str, AtlasTechniqueFact] = field(default_factory=dict)  # in the file's order
    case_studies: set[str] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)


def load_atlas(path: Path) -> AtlasData:
    """Read ``ATLAS.yaml``; raise :class:`ContentErrors` (located) when it is not one."""
    doc = read_file(path)
    return parse_atlas(doc)


def _fail(doc: Document, loc: tuple[str | int, ...], message: str) -> ContentErrors:
    return ContentErrors([doc.error(loc, message)])


def parse_atlas(doc: Document) -> AtlasData:
    data: Any = doc.data
    matrices = data.get("matrices")
    if not isinstance(matrices, list) or not matrices or not isinstance(matrices[0], dict):
        raise ContentErrors([ContentError(display_path(doc.path), 1, 1,
                                          "not an ATLAS.yaml: it has no list of matrices (MITRE's dist/ATLAS.yaml has one)")])
    matrix = matrices[0]
    version = data.get("version")
    out = AtlasData(version=str(version) if isinstance(version, (str, int)) else None)
    left_out: list[str] = []
    tactics = matrix.get("tactics")
    if not isinstance(tactics, list):
        raise _fail(doc, ("matrices", 0), "the ATLAS matrix has no list of tactics")
    for obj in tactics:
        ident = _ident(obj, ATLAS.tactic_id.fullmatch, left_out)
        if ident is None or ident in out.tactics:
            continue
        out.tactics[ident] = AtlasTacticFact(
            ident, _text(obj.get("name")), ATLAS.tactic_url(ident), len(out.tactics) + 1, _reference(obj, ATTACK.is_tactic),
        )
    techniques = matrix.get("techniques")
    if not isinstance(techniques, list):
        raise _fail(doc, ("matrices", 0), "the ATLAS matrix has no list of techniques")
    raw: dict[str, dict[str, Any]] = {}
    for obj in techniques:
        ident = _ident(obj, ATLAS.technique_id.fullmatch, left_out)
        if ident is not None and ident not in raw:
            raw[ident] = obj
    for ident, obj in raw.items():
        parent = raw.get(ident.rsplit(".", 1)[0]) if ident.count(".") == 2 else None
        own = obj if parent is None else parent
        filed = own.get("tactics")
        tactic_ids = tuple(t for t in filed if isinstance(t, str) and t in out.tactics) if isinstance(filed, list) else ()
        name = _text(obj.get("name"))
        out.techniques[ident] = AtlasTechniqueFact(
            ident,
            name if parent is None else f"{_text(parent.get('name'))}: {name}",
            name,
            ATLAS.technique_url(ident),
            tactic_ids,
            _reference(obj, ATTACK.is_technique),
            obj.get("deprecated") is True,
        )
    studies = data.get("case-studies")
    for obj in studies if isinstance(studies, list) else ():
        if isinstance(obj, dict) and isinstance(obj.get("id"), str):
            out.case_studies.add(obj["id"])
    if left_out:
        more = f" and {len(left_out) - 5} more" if len(left_out) > 5 else ""
        out.notes.append(f"left out {len(left_out)} object(s) whose id is not an ATLAS id: {', '.join(left_out[:5])}{more}")
    return out


def _ident(obj: Any, matches: Any, left_out: list[str]) -> str | None:
    if not isinstance(obj, dict):
        return None
    ident = obj.get("id")
    if not isinstance(ident, str) or not matches(ident):
        left_out.append(shown(str(ident), 40))
        return None
    return ident


def _text(value: Any) -> str:
    return value if isinstance(value, str) else "" if value is None else str(value)


def _reference(obj: dict[str, Any], valid: Any) -> str | None:
    ref = obj.get("ATT&CK-reference")
    ident = ref.get("id") if isinstance(ref, dict) else None
    return ident if isinstance(ident, str) and valid(ident) else None
