"""The registry of content kinds (generator/models/kinds.py) is complete in every layer: each kind
that has a folder has starting text for `new`, a group in the catalog and a page per entity, at
the address the URL scheme gives it; a kind added to the registry without them fails here."""

from __future__ import annotations

import pytest

from generator.authoring.templates import NEW_FILE
from generator.catalog import load_catalog
from generator.models.kinds import KINDS, Kind
from generator.render import ENTITY_PAGES, Urls, render_site

from .conftest import ROOT

FOLDER_KINDS = [kind for kind in KINDS if kind.folder]
CATALOG = load_catalog(ROOT / "content")
URIS = {page.uri for page in render_site(CATALOG)}
URLS = Urls()
# Where the URL scheme puts the page of each kind's entities.
ADDRESS = {"module": URLS.module, "role": URLS.role, "reporting-model": URLS.reporting_model,
           "tactic": URLS.tactic, "atlas-tactic": URLS.tactic}


def test_every_folder_kind_has_starting_text_a_page_renderer_and_an_address() -> None:
    names = {kind.name for kind in FOLDER_KINDS}
    assert set(NEW_FILE) == names, "NEW_FILE (authoring/templates.py) and the registry disagree"
    assert set(ENTITY_PAGES) == names, "ENTITY_PAGES (render/__init__.py) and the registry disagree"
    assert set(ADDRESS) == names


@pytest.mark.parametrize("kind", FOLDER_KINDS, ids=lambda kind: kind.name)
def test_every_entity_of_a_folder_kind_is_in_the_catalog_and_gets_its_page(kind: Kind) -> None:
    entities = [ident for ident, entry in CATALOG.entities(kind).items() if isinstance(entry.model, kind.model)]
    files = sorted(path.stem for path in (ROOT / "content" / str(kind.folder)).glob("*.yml"))
    assert sorted(entities) == files, f"the catalog's {kind.group} miss some {kind.label} files"
    for ident in entities:
        assert ADDRESS[kind.name](ident) in URIS, (kind.name, ident)
