"""Navigator layers (layer format 4.5) for ATT&CK and for ATLAS: what the course teaches and tests,
per technique.

One layer for the whole course, one per learning path and one per module, leaving out paths and
modules that teach and test no technique. Each technique the course discusses is annotated under
each tactic the course files it under:

    score = modules (in the layer's scope) that teach the technique under that tactic
          + self-check questions (in those modules) that test the technique

"Teach" means the module's ``covers.attack`` lists the technique under the tactic; "test" means a
question's ``attack`` list names it. The whole-course layer also shows, with score 0, techniques
that the tactic pages discuss but no module teaches and no question tests; module and path layers
show only what they teach or test. Questions on a tactic as a whole have no technique to score.

The comment names the modules and questions; the technique's metadata lists them too. Links to
the course's pages need the site's address (``site_url``): layer format 4.5 requires link URLs
with a protocol, so without one the page paths (relative to the site root) go into the metadata
instead of the links.
"""

from __future__ import annotations

import json
from typing import Any

from ..catalog import Catalog
from ..catalog.coverage import SCORE_RULE, Cell, Scope, framework_coverage, scopes
from ..models.frameworks import ATLAS, ATTACK, Framework
from ..render.sanitize import plain_text
from ..render.text import anchor_id
from ..render.urls import Urls, page_path

LAYER_FORMAT = "4.5"
NAVIGATOR_VERSION = "5.1.0"
GRADIENT = ["#f4f4f4", "#9ecae1", "#08519c"]
def gradient(top: int) -> dict[str, Any]:
    """The colour scale from 0 to the layer's top score.

    Readers of layers (MITRE's mitreattack-python among them) divide the range into one step per
    pair of neighbouring colours and fail when a step would be empty: a range narrower than the
    number of steps gets the two end colours only.
    """
    top = max(top, 1)
    colors = GRADIENT if top >= len(GRADIENT) - 1 else [GRADIENT[0], GRADIENT[-1]]
    return {"colors": colors, "minValue": 0, "maxValue": top}


def _plain(value: Any) -> Any:
    """Every string of a layer as plain text (:func:`plain_text`): the Navigator shows names,
    comments, metadata and link labels, and other tools read layers too, so no course title or
    tactic name may carry markup into them. Addresses and ids, built from validated ids, have
    nothing it changes."""
    if isinstance(value, str):
        return plain_text(value)
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def _address(site_url: str, path: str) -> str:
    return site_url.rstrip("/") + "/" + path


def layer(
    catalog: Catalog,
    spec: Scope,
    *,
    site_url: str = "",
    urls: Urls | None = None,
    directory_urls: bool = True,
    framework: Framework = ATTACK,
) -> dict[str, Any]:
    """One layer as a JSON-ready dict: of the ATT&CK tactics, or of the ATLAS ones (the ATLAS
    Navigator's domain ``atlas-atlas``), from the same coverage model as the pages."""
    urls = urls or Urls()
    course = catalog.course.model
    whole = spec.kind == "course"
    techniques = [
        _technique(cell, site_url, urls, directory_urls)
        for tactic in framework_coverage(catalog, framework, spec.modules).tactics
        for cell in tactic.cells
        if whole or cell.score
    ]
    top = max((t["score"] for t in techniques), default=0)
    versions = {"navigator": NAVIGATOR_VERSION, "layer": LAYER_FORMAT}
    if framework is ATTACK:
        versions = {"attack": course.attack.version, **versions}
    out: dict[str, Any] = {
        "name": spec.title if framework is ATTACK else f"{spec.title} (ATLAS)",
        "versions": versions,
        "domain": course.attack.domain if framework is ATTACK else framework.domain,
        "description": (
            f"{course.title} (course version {course.version}): {spec.label.lower() if whole else spec.label}. "
            f"Techniques the course discusses, under each tactic the course files them under; {SCORE_RULE}."
        ),
        "sorting": 3,
        "layout": {
            "layout": "side", "aggregateFunction": "max", "showID": True, "showName": True,
            "showAggregateScores": False, "countUnscored": False, "expandedSubtechniques": "annotated",
        },
        "hideDisabled": False,
        "techniques": techniques,
        "gradient": gradient(top),
        "legendItems": [
            {"label": "0: discussed on a tactic page, not taught in a module or tested", "color": GRADIENT[0]},
            {"label": f"{max(top, 1)}: taught and tested the most", "color": GRADIENT[-1]},
        ],
        "showTacticRowBackground": False,
        "tacticRowBackground": "#dddddd",
        "selectTechniquesAcrossTactics": True,
        "selectSubtechniquesWithParent": False,
        "selectVisibleTechniques": False,
        "metadata": [
            {"name": "course", "value": course.title},
            {"name": "course version", "value": course.version},
            {"name": "score", "value": SCORE_RULE},
            {"name": "made by", "value": "ciso-course export navigator"},
        ],
    }
    if framework is ATLAS and course.atlas is not None:
        out["metadata"].insert(2, {"name": "ATLAS release", "value": course.atlas.version})
    page = page_path(urls.scope(spec.kind, spec.ident, framework.key), directory_urls)
    if site_url:
        out["links"] = [{"label": f"Course page: {spec.label}", "url": _address(site_url, page)}]
    else:
        out["metadata"].append({"name": "course page", "value": page})
    return {key: _plain(value) for key, value in out.items()}


def _technique(cell: Cell, site_url: str, urls: Urls, directory_urls: bool) -> dict[str, Any]:
    tactic, tech = cell.tactic, cell.technique
    teaching = cell.taught
    testing = [(ref.module, ref.question) for ref in cell.tested]
    parts = []
    if teaching:
        parts.append("Taught in: " + "; ".join(mod.title for mod in teaching) + ".")
    if testing:
        count = len(testing)
        parts.append(f"Tested by {count} self-check question{'s' if count != 1 else ''}: "
                     + ", ".join(f"{mod.id}/{q.id}" for mod, q in testing) + ".")
    if not parts:
        parts.append(
            f"Discussed on the course's page for {tactic.id} {tactic.name}; no module teaches it and no question tests it yet."
        )
    pages = [(f"Tactic page: {tactic.id} {tactic.name}", page_path(urls.tactic(tactic.id), directory_urls, anchor_id(tech.id)))]
    pages += [(f"Module: {mod.title}", page_path(urls.module(mod.id), directory_urls)) for mod in teaching]
    metadata: list[dict[str, Any]] = [{"name": "taught in", "value": mod.title} for mod in teaching]
    metadata += [{"name": "tested by", "value": f"{mod.id}/{q.id}"} for mod, q in testing]
    entry: dict[str, Any] = {
        "techniqueID": tech.id,
        "tactic": tactic.shortname,
        "score": cell.score,
        "comment": " ".join(parts),
        "enabled": True,
    }
    if site_url:
        entry["links"] = [{"label": label, "url": _address(site_url, path)} for label, path in pages]
    else:
        # No divider before these: mitreattack-python cannot read one in a technique's metadata.
        metadata += [{"name": "course page", "value": path} for _, path in pages]
    if metadata:
        entry["metadata"] = metadata
    return entry


def layer_json(layer_dict: dict[str, Any]) -> str:
    return json.dumps(layer_dict, indent=2, ensure_ascii=False) + "\n"


def export_layers(
    catalog: Catalog, *, site_url: str = "", urls: Urls | None = None, directory_urls: bool = True
) -> dict[str, str]:
    """File name -> layer JSON, for every layer of the course: ``<scope>.json`` for ATT&CK and,
    when the course has ATLAS tactics, ``atlas-<scope>.json`` for ATLAS."""
    out = {
        f"{spec.name}.json": layer_json(layer(catalog, spec, site_url=site_url, urls=urls, directory_urls=directory_urls))
        for spec in scopes(catalog)
    }
    if catalog.atlas_tactics():
        out.update({
            f"atlas-{spec.name}.json": layer_json(layer(catalog, spec, site_url=site_url, urls=urls,
                                                       directory_urls=directory_urls, framework=ATLAS))
            for spec in scopes(catalog, ATLAS)
        })
    return out


def site_layers(catalog: Catalog, urls: Urls, *, site_url: str = "", directory_urls: bool = True) -> list[tuple[str, str]]:
    """(URI on the site, layer JSON) for every layer: what the site offers for download (the ATLAS
    layers beside the ATLAS coverage page)."""
    frameworks = [ATTACK] + ([ATLAS] if catalog.atlas_tactics() else [])
    return [
        (urls.layer(spec.name, fw.key),
         layer_json(layer(catalog, spec, site_url=site_url, urls=urls, directory_urls=directory_urls, framework=fw)))
        for fw in frameworks
        for spec in scopes(catalog, fw)
    ]
