"""Containment: links, pipes and devices in the content, and paths that leave their root.

A hostile pull request can commit symbolic links: to a file outside the checkout (whose text a
build would publish, or an error would echo), to a named pipe or a device (a read that never
ends), or to a folder outside (where `new` would write). None of them is followed.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import containment
from generator.containment import Uncontained, check_no_links, read_regular, within

SECRET = "s3cr3t-kept-outside"


# --- the containment functions, against hostile paths --------------------------------------------

SEGMENTS = st.sampled_from(
    ["..", ".", "", "a", "b", "link", "deep", "file.yml", "x" * 300, "n\0ul", "/", "//", "~", "..."]
)
HOSTILE = st.one_of(
    st.lists(SEGMENTS, min_size=1, max_size=8).map("/".join),
    st.lists(SEGMENTS, max_size=6).map(lambda parts: "/" + "/".join(parts)),
    st.text(max_size=40),
)


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A root with links at several depths, all leading to a folder outside it."""
    base = tmp_path_factory.mktemp("contain")
    root, outside = base / "root", base / "outside"
    (root / "a" / "b").mkdir(parents=True)
    outside.mkdir()
    (outside / "file.yml").write_text(SECRET)
    (root / "a" / "file.yml").write_text("inside")
    (root / "link").symlink_to(outside, target_is_directory=True)
    (root / "a" / "link").symlink_to(outside, target_is_directory=True)
    (root / "a" / "b" / "deep").symlink_to(outside / "file.yml")
    (root / "a" / "b" / "file.yml").symlink_to("../../../outside/file.yml")
    return root, outside


def _inside(root: Path, path: Path) -> bool:
    real = os.path.realpath(path)
    return real == str(root.resolve()) or real.startswith(str(root.resolve()) + os.sep)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=HOSTILE)
def test_nothing_outside_the_root_is_read(tree: tuple[Path, Path], path: str) -> None:
    root, _ = tree
    try:
        data = read_regular(root / path if not path.startswith("/") else Path(path), 10_000, root=root)
    except OSError as exc:  # Uncontained, or the file is missing: located on a path, never a crash
        assert exc.filename is not None or isinstance(exc, Uncontained)
        return
    except ValueError:  # pragma: no cover - a NUL must be refused as Uncontained
        pytest.fail("NUL reached the operating system")
    assert SECRET.encode() not in data


@settings(max_examples=400, deadline=None)
@given(path=HOSTILE)
def test_paths_are_judged_on_their_text(path: str) -> None:
    root = Path("/srv/course/content")
    try:
        full = within(root, path)
    except Uncontained as exc:
        assert exc.kind == containment.OUTSIDE
        assert "\0" in path or not str(exc.path).startswith(str(root) + os.sep)
        return
    assert full == root or str(full).startswith(str(root) + os.sep)
    assert ".." not in full.parts


def test_links_are_found_at_every_depth(tree: tuple[Path, Path]) -> None:
    root, _ = tree
    cases = {"link": "link", "link/file.yml": "link", "a/link/x/y": "a/link", "a/b/deep": "a/b/deep", "a/b/file.yml": "a/b/file.yml"}
    for rel, link in cases.items():
        with pytest.raises(Uncontained) as caught:
            check_no_links(root, rel)
        assert (caught.value.kind, caught.value.path) == (containment.LINK, root / link)
    assert check_no_links(root, "a/b/new/file.yml") == root / "a" / "b" / "new" / "file.yml"
