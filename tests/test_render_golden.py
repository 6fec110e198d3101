"""Golden Markdown for every page kind, rendered from the fixture course.

Refresh with ``pytest --update-golden`` and review the diff of tests/golden/pages/.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.catalog import load_catalog
from generator.render import Page, render_site

from .conftest import MINI

GOLDEN = Path(__file__).parent / "golden" / "pages"
KINDS = {
    "home", "paths", "path", "modules", "module", "roles", "role", "comparison", "reporting-model",
    "coverage", "tactic", "glossary", "progress", "about",
}


@pytest.fixture(scope="module")
def pages() -> list[Page]:
    return render_site(load_catalog(MINI))


def test_every_page_kind_is_rendered(pages: list[Page]) -> None:
    assert {page.kind for page in pages} == KINDS


def test_pages_match_golden_files(pages: list[Page], update_golden: bool) -> None:
    if update_golden:
        for old in GOLDEN.rglob("*.md"):
            old.unlink()
        for page in pages:
            target = GOLDEN / page.uri
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page.markdown, encoding="utf-8")
    expected = {p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*.md")}
    assert {page.uri for page in pages} == expected
    for page in pages:
        assert page.markdown == (GOLDEN / page.uri).read_text(encoding="utf-8"), page.uri


def test_rendering_does_not_depend_on_the_hash_seed() -> None:
    """Two processes with different hash seeds render byte-identical pages."""
    import os
    import subprocess
    import sys

    script = (
        "import hashlib, sys; from pathlib import Path; from generator.catalog import load_catalog; "
        "from generator.render import render_site; "
        "pages = render_site(load_catalog(Path(sys.argv[1]))); "
        "print(hashlib.sha256(repr([(p.uri, p.markdown) for p in pages]).encode()).hexdigest())"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", script, str(MINI)], env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True, text=True, check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(digests) == 1
