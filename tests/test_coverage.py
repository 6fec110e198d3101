"""One coverage model: the coverage page, the tactic pages, the Navigator layers and lint agree."""

from __future__ import annotations

import json
import re

from generator.catalog import load_catalog
from generator.catalog.coverage import attack_coverage, framework_coverage, scopes
from generator.exports.navigator import export_layers
from generator.models.frameworks import ATLAS, FRAMEWORKS
from generator.render import Urls, render_site

from .conftest import ROOT

CELL = re.compile(r"\[(T\d{4}(?:\.\d{3})?) [^\]]*\]\(([^)#]*)#[^)]*\)<br>taught (\d+), tested (\d+)")


def test_coverage_page_and_navigator_layers_count_the_same_cells() -> None:
    # The starter course files techniques under several tactics (T1078.004 under four), where
    # counting "taught anywhere" and "taught under this tactic" would disagree.
    catalog = load_catalog(ROOT / "content")
    pages = {page.uri: page.markdown for page in render_site(catalog, Urls())}
    shortname = {tid: entry.model.shortname for tid, entry in catalog.tactics.items()}
    on_page = {}
    for row in pages["attack/index.md"].splitlines():
        for tech, target, taught, tested in CELL.findall(row):
            tactic = target.rsplit("/", 1)[-1].removesuffix(".md")
            on_page[(shortname[tactic], tech)] = int(taught) + int(tested)
    layer = json.loads(export_layers(catalog)["course.json"])
    in_layer = {(t["tactic"], t["techniqueID"]): t["score"] for t in layer["techniques"]}
    assert on_page == in_layer
    multi = [tech for tech, ref in catalog.techniques.items() if len(ref.tactics) > 1]
    assert multi, "the starter course no longer files a technique under two tactics: the test lost its point"
    assert len({on_page[(shortname[t], "T1078.004")] for t in catalog.techniques["T1078.004"].tactics}) > 1


def test_tactic_page_lists_the_modules_that_teach_the_technique_under_that_tactic() -> None:
    catalog = load_catalog(ROOT / "content")
    pages = {page.uri: page.markdown for page in render_site(catalog, Urls())}
    for column in (c for fw in FRAMEWORKS for c in framework_coverage(catalog, fw).tactics):  # ATT&CK's, ATLAS's
        page = pages[Urls().tactic(column.tactic.id)]
        for cell in column.cells:
            # The technique's own part of the page: up to the next technique or the next section.
            section = page.split(f"### {cell.technique.id} ", 1)[1].split("\n### ", 1)[0].split("\n## ", 1)[0]
            listed = re.findall(r"\]\(\.\./modules/([a-z0-9-]+)\.md\)", section.split("Taught in: ", 1)[-1]) if "Taught in: " in section else []
            assert listed == [module.id for module in cell.taught], (column.tactic.id, cell.technique.id)


def test_scoped_coverage_counts_only_the_modules_in_scope() -> None:
    catalog = load_catalog(ROOT / "content")
    for scope in scopes(catalog):
        coverage = attack_coverage(catalog, scope.modules)
        for column in coverage.tactics:
            assert {m.id for m in column.taught} <= set(scope.modules)
            for cell in column.cells:
                assert {m.id for m in cell.taught} <= set(scope.modules)
                assert {ref.module.id for ref in cell.tested} <= set(scope.modules)


ATLAS_CELL = re.compile(r"\[(AML\.T\d{4}(?:\.\d{3})?) [^\]]*\]\(([^)#]*)#[^)]*\)<br>taught (\d+), tested (\d+)")


def test_atlas_coverage_page_and_atlas_layers_count_the_same_cells() -> None:
    catalog = load_catalog(ROOT / "content")
    assert catalog.atlas_tactics(), "the course has no ATLAS tactic: the test lost its point"
    pages = {page.uri: page.markdown for page in render_site(catalog, Urls())}
    shortname = {tid: entry.model.shortname for tid, entry in catalog.atlas_tactics().items()}
    for spec in scopes(catalog, ATLAS):
        coverage = framework_coverage(catalog, ATLAS, spec.modules)
        layer = json.loads(export_layers(catalog)[f"atlas-{spec.name}.json"])
        in_layer = {(t["tactic"], t["techniqueID"]): t["score"] for t in layer["techniques"]}
        expected = {(shortname[c.tactic.id], cell.technique.id): cell.score
                    for c in coverage.tactics for cell in c.cells if spec.kind == "course" or cell.score}
        assert in_layer == expected, spec.name
        if spec.kind == "course":
            on_page = {}
            for row in pages["atlas/index.md"].splitlines():
                for tech, target, taught, tested in ATLAS_CELL.findall(row):
                    tactic = target.rsplit("/", 1)[-1].removesuffix(".md")
                    on_page[(shortname[tactic], tech)] = int(taught) + int(tested)
            assert on_page == in_layer
            assert on_page, "the ATLAS matrix shows no cell"
