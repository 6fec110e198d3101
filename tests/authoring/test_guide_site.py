"""The authoring guide in the strict site build: every page is built and linked from the guide's index."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import ROOT

GUIDE = ROOT / "site_config" / "docs" / "guide"
MINE = ["index", "course", "glossary", "roles", "reporting-models", "tactics", "modules", "lint", "new", "editor"]


@pytest.mark.slow
def test_guide_pages_are_built_by_the_strict_build(shipped_site: tuple[Path, str]) -> None:
    site, log = shipped_site
    assert "WARNING" not in log
    for page in MINE:
        built = site / "guide" / ("index.html" if page == "index" else f"{page}/index.html")
        assert built.is_file(), f"guide/{page}.md was not built"


def test_guide_index_links_every_page() -> None:
    index = (GUIDE / "index.md").read_text(encoding="utf-8")
    for page in MINE[1:]:
        assert f"]({page}.md" in index, f"the guide's index does not link {page}.md"
