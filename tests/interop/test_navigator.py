"""ATT&CK Navigator layers: a strict check of layer format 4.5, the score, and the site's downloads.

The check is a JSON Schema written here from the layer format 4.5 definition
(mitre-attack/attack-navigator, layers/spec/v4.5/layerformat.md): every object closed
(``additionalProperties: false``), every enumerated value and required property as the
definition states, colours as hex, link URLs with a protocol; plus the rules a schema cannot say
(navigator version at least 4.9.0, gradient maxValue above minValue, tactic shortnames of the
course's matrix, sub-technique ids).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from generator.catalog import load_catalog
from generator.catalog.coverage import scopes as layer_files
from generator.exports.navigator import export_layers, layer
from generator.models.frameworks import ATLAS
from generator.render import Urls, render_site

from .conftest import run

HEX = {"type": "string", "pattern": "^#[0-9a-fA-F]{6}$"}
METADATA = {
    "type": "array",
    "items": {
        "oneOf": [
            {"type": "object", "additionalProperties": False, "required": ["name", "value"],
             "properties": {"name": {"type": "string"}, "value": {"type": "string"}}},
            {"type": "object", "additionalProperties": False, "required": ["divider"],
             "properties": {"divider": {"type": "boolean"}}},
        ]
    },
}
LINKS = {
    "type": "array",
    "items": {
        "oneOf": [
            {"type": "object", "additionalProperties": False, "required": ["label", "url"],
             "properties": {"label": {"type": "string"}, "url": {"type": "string", "pattern": "^[a-zA-Z][a-zA-Z0-9+.-]*://"}}},
            {"type": "object", "additionalProperties": False, "required": ["divider"],
             "properties": {"divider": {"type": "boolean"}}},
        ]
    },
}
LAYER_4_5 = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "additionalProperties": False,
    "required": ["name", "domain", "versions"],
    "properties": {
        "versions": {
            "type": "object", "additionalProperties": False, "required": ["navigator", "layer"],
            "properties": {
                "attack": {"type": "string"},
                "navigator": {"type": "string", "pattern": r"^\d+\.\d+\.\d+$"},
                "layer": {"const": "4.5"},
            },
        },
        "name": {"type": "string", "minLength": 1},
        "description": {"type": "string"},
        # The ATT&CK Navigator's domains, and the ATLAS Navigator's (a build of the same Navigator).
        "domain": {"enum": ["enterprise-attack", "mobile-attack", "ics-attack", "atlas-atlas"]},
        "customDataURL": {"type": "string"},
        "filters": {
            "type": "object", "additionalProperties": False,
            "properties": {"platforms": {"type": "array", "items": {"type": "string"}}},
        },
        "sorting": {"enum": [0, 1, 2, 3]},
        "layout": {
            "type": "object", "additionalProperties": False,
            "properties": {
                "layout": {"enum": ["side", "flat", "mini"]},
                "showID": {"type": "boolean"},
                "showName": {"type": "boolean"},
                "showAggregateScores": {"type": "boolean"},
                "countUnscored": {"type": "boolean"},
                "aggregateFunction": {"enum": ["average", "min", "max", "sum"]},
                "expandedSubtechniques": {"enum": ["none", "all", "annotated"]},
            },
        },
        "hideDisabled": {"type": "boolean"},
        "techniques": {
            "type": "array",
            "items": {
                "type": "object", "additionalProperties": False, "required": ["techniqueID"],
                "properties": {
                    "techniqueID": {"type": "string", "pattern": r"^(AML\.)?T\d{4}(\.\d{3})?$"},  # ATT&CK or ATLAS
                    "tactic": {"type": "string", "pattern": "^[a-z][a-z-]*$"},
                    "comment": {"type": "string"},
                    "enabled": {"type": "boolean"},
                    "score": {"type": "number"},
                    "color": {"anyOf": [HEX, {"const": ""}]},
                    "metadata": METADATA,
                    "links": LINKS,
                    "showSubtechniques": {"type": "boolean"},
                },
            },
        },
        "gradient": {
            "type": "object", "additionalProperties": False, "required": ["colors", "minValue", "maxValue"],
            "properties": {
                "colors": {"type": "array", "minItems": 2, "items": HEX},
                "minValue": {"type": "number"},
                "maxValue": {"type": "number"},
            },
        },
        "legendItems": {
            "type": "array",
            "items": {"type": "object", "additionalProperties": False, "required": ["label", "color"],
                      "properties": {"label": {"type": "string"}, "color": HEX}},
        },
        "showTacticRowBackground": {"type": "boolean"},
        "tacticRowBackground": HEX,
        "selectTechniquesAcrossTactics": {"type": "boolean"},
        "selectSubtechniquesWithParent": {"type": "boolean"},
        "selectVisibleTechniques": {"type": "boolean"},
        "metadata": METADATA,
        "links": LINKS,
    },
}


def check_layer(data: dict[str, Any], shortnames: set[str]) -> None:
    """Layer format 4.5, strictly."""
    jsonschema.Draft202012Validator.check_schema(LAYER_4_5)
    jsonschema.Draft202012Validator(LAYER_4_5).validate(data)
    navigator = tuple(int(part) for part in data["versions"]["navigator"].split("."))
    assert navigator >= (4, 9, 0), "layer format 4.5 needs navigator 4.9.0 or later"
    gradient = data["gradient"]
    assert gradient["maxValue"] > gradient["minValue"]
    seen = set()
    for tech in data["techniques"]:
        assert tech["tactic"] in shortnames, tech
        key = (tech["techniqueID"], tech["tactic"])
        assert key not in seen, f"{key} annotated twice"
        seen.add(key)
        assert gradient["minValue"] <= tech["score"] <= gradient["maxValue"]


def _shortnames(content: Path) -> set[str]:
    return {e.model.shortname for e in load_catalog(content).tactics.values()}


@pytest.mark.parametrize("site_url", ["", "https://example.org/course/"])
def test_every_layer_of_the_shipped_course_passes_the_4_5_rules(shipped_course: Path, site_url: str) -> None:
    catalog = load_catalog(shipped_course)
    layers = export_layers(catalog, site_url=site_url)
    # The whole course, every path and every module that teaches or tests a technique, per framework.
    assert catalog.atlas_tactics(), "the shipped course has ATLAS tactics"
    assert len(layers) == len(layer_files(catalog)) + len(layer_files(catalog, ATLAS)) >= 2 * (1 + len(catalog.course.model.paths))
    for name, text in layers.items():
        data = json.loads(text)
        check_layer(data, _shortnames(shipped_course))
        if name.startswith("atlas-"):  # the ATLAS Navigator's layers, as MITRE's own ATLAS layers are
            assert data["versions"] == {"navigator": "5.1.0", "layer": "4.5"}
            assert data["domain"] == "atlas-atlas"
            assert all(t["techniqueID"].startswith("AML.T") for t in data["techniques"])
        else:
            assert data["versions"] == {"attack": "19", "navigator": "5.1.0", "layer": "4.5"}
            assert data["domain"] == "enterprise-attack"
            assert not any(t["techniqueID"].startswith("AML.") for t in data["techniques"])


def test_the_score_counts_teaching_modules_and_testing_questions(course: Path) -> None:
    catalog = load_catalog(course)
    whole = layer(catalog, layer_files(catalog)[0])
    scores = {t["techniqueID"]: t for t in whole["techniques"]}
    # T1566.002: taught in competing-mandates (covers TA0001) and tested by its phishing-fluency question.
    link = scores["T1566.002"]
    taught = [e.model for e in catalog.modules.values() if "T1566.002" in e.model.covers.attack.get("TA0001", [])]
    tested = [q for e in catalog.modules.values() if e.model.quiz for q in e.model.quiz.questions if "T1566.002" in q.attack]
    assert link["score"] == len(taught) + len(tested) >= 2
    assert link["tactic"] == "initial-access"
    assert all(module.title in link["comment"] for module in taught)
    # T1195.002: on the tactic page only: in the whole-course layer with score 0, in no module layer.
    assert scores["T1195.002"]["score"] == 0 and "no module teaches it" in scores["T1195.002"]["comment"]
    module_layer = layer(catalog, next(f for f in layer_files(catalog) if f.name == "module-competing-mandates"))
    assert "T1195.002" not in {t["techniqueID"] for t in module_layer["techniques"]}


def test_links_need_the_site_address_otherwise_page_paths_go_to_metadata(course: Path) -> None:
    catalog = load_catalog(course)
    spec = layer_files(catalog)[0]
    without = {t["techniqueID"]: t for t in layer(catalog, spec)["techniques"]}["T1566.002"]
    assert "links" not in without
    assert {"name": "course page", "value": "attack/TA0001/#t1566-002"} in without["metadata"]
    with_site = {t["techniqueID"]: t for t in layer(catalog, spec, site_url="https://example.org/c")["techniques"]}["T1566.002"]
    urls = [link["url"] for link in with_site["links"]]
    assert "https://example.org/c/attack/TA0001/#t1566-002" in urls
    assert "https://example.org/c/modules/competing-mandates/" in urls


def test_the_command_writes_one_layer_per_module_and_path_and_replaces_old_ones(course: Path, tmp_path: Path) -> None:
    out = tmp_path / "layers"
    result = run("export", "navigator", "--content", course, "--out", out)
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.glob("*.json"))
    assert "course.json" in names and "path-ciso.json" in names and "module-competing-mandates.json" in names
    (out / "module-gone.json").write_text("{}", encoding="utf-8")  # from an earlier export
    assert run("export", "navigator", "--content", course, "--out", out).exit_code == 0
    assert not (out / "module-gone.json").exists()
    for path in out.glob("*.json"):
        check_layer(json.loads(path.read_text(encoding="utf-8")), _shortnames(course))


def test_a_site_url_without_a_protocol_is_a_usage_error(course: Path, tmp_path: Path) -> None:
    result = run("export", "navigator", "--content", course, "--out", tmp_path / "l", "--site-url", "example.org")
    assert result.exit_code == 2


@pytest.mark.slow
def test_the_coverage_page_offers_every_layer_for_download(mini_site: Path) -> None:
    html = (mini_site / "attack" / "index.html").read_text(encoding="utf-8")
    layers = sorted((mini_site / "attack" / "layers").glob("*.json"))
    assert layers
    for path in layers:
        assert f'href="layers/{path.name}"' in html
        check_layer(json.loads(path.read_text(encoding="utf-8")), {"initial-access"})


@pytest.mark.parametrize("site_url", ["", "https://example.org/course/"])
def test_mitres_own_library_loads_every_layer_of_the_shipped_course_without_complaint(
    shipped_course: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], site_url: str
) -> None:
    # mitreattack-python reports what it cannot read on stdout and leaves the layer empty. It reads
    # the ATT&CK domains only: the ATLAS layers (domain atlas-atlas) are for the ATLAS Navigator
    # and checked against the layer rules above.
    from mitreattack.navlayers import Layer

    out = tmp_path / "layers"
    args = ["export", "navigator", "--content", shipped_course, "--out", out]
    assert run(*args, *(["--site-url", site_url] if site_url else [])).exit_code == 0
    capsys.readouterr()
    paths = sorted(path for path in out.glob("*.json") if not path.name.startswith("atlas-"))
    assert paths and sorted(out.glob("atlas-*.json"))
    for path in paths:
        loaded = Layer(strict=True)
        loaded.from_file(str(path))
        said = capsys.readouterr().out
        assert not said, f"{path.name}: {said}"
        assert loaded.layer is not None, path.name
        data = json.loads(path.read_text(encoding="utf-8"))
        again = loaded.to_dict()
        assert again["gradient"]["maxValue"] == data["gradient"]["maxValue"], path.name
        assert len(again["techniques"]) == len(data["techniques"]), path.name


def test_a_module_that_teaches_and_tests_no_technique_gets_no_layer_and_no_link(shipped_course: Path) -> None:
    catalog = load_catalog(shipped_course)
    empty = [mid for mid, entry in catalog.modules.items()
             if not any(entry.model.covers.attack.values())
             and not any(q.attack for q in (entry.model.quiz.questions if entry.model.quiz else ()))]
    assert empty, "the shipped course has modules without techniques (the reporting-line modules)"
    names = set(export_layers(catalog))
    assert "course.json" in names
    for mid in catalog.modules:
        assert (f"module-{mid}.json" in names) == (mid not in empty), mid
    coverage = next(p for p in render_site(catalog, Urls()) if p.kind == "coverage").markdown
    for mid in empty:
        assert f"module-{mid}.json" not in coverage
    assert "layers/module-competing-mandates.json" in coverage
