"""The registry of content kinds (generator/models/kinds.py) is complete in every layer: each kind
that has a folder can be created by `new`, is filed in the catalog and gets a page per entity; a kind added to the registry without its template or page renderer fails here."""

from __future__ import annotations

import pytest

from generator.authoring.scaffold import FILE_KINDS, KINDS
from generator.authoring.templates import NEW_FILE
from generator.catalog import load_catalog
from generator.models.kinds import KINDS as CONTENT_KINDS
from generator.models.kinds import Kind
from generator.render import ENTITY_PAGES, render_site

from .conftest import ROOT

FOLDER_KINDS = [kind for kind in CONTENT_KINDS if kind.folder]
CATALOG = load_catalog(ROOT / "content")


def test_every_folder_kind_has_a_template_a_page_renderer_and_a_catalog_group() -> None:
    assert FOLDER_KINDS
    for kind in FOLDER_KINDS:
        assert kind.name in FILE_KINDS and kind.name in KINDS, kind.name
        assert kind.name in NEW_FILE, f"{kind.name}: no starting text for `new`"
        assert kind.name in ENTITY_PAGES, f"{kind.name}: no page renderer"
        assert kind.group is not None and isinstance(CATALOG.entities(kind), dict), kind.name
    assert set(NEW_FILE) == set(ENTITY_PAGES) == {kind.name for kind in FOLDER_KINDS}


@pytest.mark.parametrize("kind", FOLDER_KINDS, ids=lambda kind: kind.name)
def test_every_entity_of_a_folder_kind_gets_its_page(kind: Kind) -> None:
    entities = {ident for ident, entry in CATALOG.entities(kind).items() if isinstance(entry.model, kind.model)}
    assert entities, f"the starter course has no {kind.label}"
    uris = {page.uri for page in render_site(CATALOG)}
    for ident in entities:
        assert any(uri.endswith(f"/{ident}.md") for uri in uris), (kind.name, ident)
