"""Cross-file checks of the tactic files of every framework (ATT&CK's and ATLAS's): matrix order
and shortnames unique within a framework, each technique named one way wherever it is listed,
roles that exist, and a course file that says which release the files follow."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import models as m
from ..models.frameworks import FRAMEWORKS
from .entries import Entry, TechniqueRef

if TYPE_CHECKING:
    from .checks import _Checker


def check_tactics(
    chk: _Checker, tactics: dict[str, Entry[m.AnyTactic]], roles: dict[str, Any], course: Entry[m.Course],
) -> dict[str, TechniqueRef]:
    """Check every tactic file; return every technique listed, with the tactics it is listed under."""
    techniques: dict[str, TechniqueRef] = {}
    for fw in FRAMEWORKS:
        orders: dict[int, str] = {}
        shortnames: dict[str, str] = {}
        mine = {tid: entry for tid, entry in sorted(tactics.items()) if fw.is_tactic(tid)}
        if mine and fw.key == "atlas" and course.model.atlas is None:
            first = next(iter(mine.values())).doc.display
            chk.at(course.doc, (), f"the course has ATLAS tactic files ({len(mine)}, e.g. {first}): say which ATLAS "
                   "release they follow, e.g. atlas: {version: '5.6.0'}, in the course file")
        for tid, entry in mine.items():
            tactic, doc = entry.model, entry.doc
            if tactic.order in orders:
                chk.at(doc, ("order",), f"matrix order {tactic.order} is already taken by {orders[tactic.order]}")
            orders.setdefault(tactic.order, tid)
            if tactic.shortname in shortnames:
                where = ("shortname",) if isinstance(tactic, m.Tactic) else ("name",)
                chk.at(doc, where, f"shortname '{tactic.shortname}' is already used by {shortnames[tactic.shortname]}")
            shortnames.setdefault(tactic.shortname, tid)
            _techniques(chk, entry, techniques)
            for index, ask in enumerate(tactic.role_questions):
                if ask.role not in roles:
                    chk.unknown(doc, ("role_questions", index, "role"), "role", ask.role, roles)
    return techniques


def _techniques(chk: _Checker, entry: Entry[m.AnyTactic], techniques: dict[str, TechniqueRef]) -> None:
    tactic, doc = entry.model, entry.doc
    seen: set[str] = set()
    listed: list[m.AnyTechnique] = list(tactic.techniques)
    for index, tech in enumerate(listed):
        loc = ("techniques", index, "id")
        if tech.id in seen:
            chk.at(doc, loc, f"technique {tech.id} is listed twice under {tactic.id}")
            continue
        seen.add(tech.id)
        known = techniques.get(tech.id)
        if known is None:
            techniques[tech.id] = TechniqueRef(tech.id, tech.name, tech.url, (tactic.id,))
            continue
        if known.name != tech.name:
            chk.at(doc, ("techniques", index, "name"),
                   f"{tech.id} is named '{known.name}' under {known.tactics[0]}; one technique has one name")
        techniques[tech.id] = TechniqueRef(known.id, known.name, known.url, known.tactics + (tactic.id,))
