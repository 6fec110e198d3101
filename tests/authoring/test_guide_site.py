"""The authoring guide in the strict site build: every page is built and linked from the guide's index."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import ROOT

GUIDE = ROOT / "site_config" / "docs" / "guide"
# Every page of the guide, found in its folder: a new page is checked without editing this test.
PAGES = sorted(path.stem for path in GUIDE.glob("*.md"))


@pytest.mark.slow
def test_guide_pages_are_built_by_the_strict_build(shipped_site: tuple[Path, str]) -> None:
    site, log = shipped_site
    assert "WARNING" not in log
    assert len(PAGES) >= 13
    for page in PAGES:
        built = site / "guide" / ("index.html" if page == "index" else f"{page}/index.html")
        assert built.is_file(), f"guide/{page}.md was not built"


def test_guide_index_links_every_page() -> None:
    index = (GUIDE / "index.md").read_text(encoding="utf-8")
    for page in (page for page in PAGES if page != "index"):
        assert f"]({page}.md" in index, f"the guide's index does not link {page}.md"
