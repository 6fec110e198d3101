"""Containment: links, pipes and devices in the content, and paths that leave their root.

A hostile pull request can commit symbolic links: to a file outside the checkout (whose text a
build would publish, or an error would echo), to a named pipe or a device (a read that never
ends), or to a folder outside (where `new` would write). None of them is followed.
"""

from __future__ import annotations

import builtins
import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.catalog import FileCache, load_catalog
from generator.cli import main
from generator.errors import ContentErrors
from generator.output import create_text, write_text_atomic
from generator.reading import containment
from generator.reading.containment import Uncontained, check_no_links, read_regular, within

from ..conftest import build_site, make_course
from ..test_plugin import config_for

LINK_MESSAGE = "symbolic link: content must be real files and folders in the repository, not links"
SECRET = "s3cr3t-kept-outside"


def validate(tmp_path: Path, *args: str) -> Any:
    os.chdir(tmp_path)
    return CliRunner().invoke(main, ["validate", "--content", "content", *args])


@pytest.fixture(autouse=True)
def _keep_cwd(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(Path.cwd())  # restored after each test, whatever it changed to


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every path opened for reading while the test runs, by any of Python's ways to open a file."""
    seen: list[str] = []
    real_os_open, real_io_open = os.open, io.open

    def spy_os_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        seen.append(os.path.abspath(os.fspath(path)) if not isinstance(path, int) else str(path))
        return real_os_open(path, flags, *args, **kwargs)

    def spy_io_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if not isinstance(file, int):
            seen.append(os.path.abspath(os.fspath(file)))
        return real_io_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "open", spy_os_open)
    monkeypatch.setattr(io, "open", spy_io_open)
    monkeypatch.setattr(builtins, "open", spy_io_open)
    return seen


# --- finding: links under content/ are followed out of the repository -------------------------


def test_linked_glossary_is_refused_at_its_path_and_not_published(tmp_path: Path) -> None:
    content = make_course(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    glossary = (content / "glossary.yml").read_text().replace("The executive accountable for protecting", SECRET)
    (outside / "notes.yml").write_text(glossary)
    (content / "glossary.yml").unlink()
    (content / "glossary.yml").symlink_to(outside / "notes.yml")

    result = validate(tmp_path)
    assert result.exit_code == 1
    assert result.stdout == f"content/glossary.yml:1:1: {LINK_MESSAGE}\n"

    site = tmp_path / "site"
    built = build_site(config_for(tmp_path, content), site)
    assert built.returncode != 0
    assert f"glossary.yml:1:1: {LINK_MESSAGE}" in built.stderr
    assert SECRET not in built.stderr
    assert not any(SECRET in p.read_text(errors="replace") for p in site.rglob("*") if p.is_file())


@pytest.mark.parametrize("target", ["credentials", "/etc/passwd"])
def test_link_to_a_file_outside_is_neither_read_nor_echoed(tmp_path: Path, opened: list[str], target: str) -> None:
    """Before, the unknown keys of a `key: value` file were echoed whole in the errors."""
    content = make_course(tmp_path)
    if target == "credentials":
        (tmp_path / "home").mkdir()
        secret_file = tmp_path / "home" / "credentials"
        secret_file.write_text(f"aws_access_key_id: AKIA{SECRET}\naws_secret_access_key: {SECRET}\n")
    else:
        secret_file = Path(target)
    role = content / "roles" / "cio.yml"
    role.unlink()
    role.symlink_to(secret_file)

    opened.clear()
    result = validate(tmp_path)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == f"content/roles/cio.yml:1:1: {LINK_MESSAGE}"
    assert SECRET not in result.output and "aws_" not in result.output and "root:" not in result.output
    assert str(secret_file) not in result.output  # the link's target is not named either
    assert str(secret_file) not in opened and os.path.abspath(role) not in opened


@pytest.mark.parametrize("kind", ["fifo behind a link", "fifo in the content", "device behind a link"])
def test_pipe_or_device_does_not_hang_validate_or_new(tmp_path: Path, kind: str) -> None:
    """A read of a named pipe waits for a writer that never comes (`new term` hung on one); each
    command must end at once, with the problem located."""
    content = make_course(tmp_path)
    glossary = content / "glossary.yml"
    glossary.unlink()
    if kind == "fifo behind a link":
        os.mkfifo(tmp_path / "pipe")
        glossary.symlink_to(tmp_path / "pipe")
    elif kind == "fifo in the content":
        os.mkfifo(glossary)
    else:
        glossary.symlink_to("/dev/null")
    expected = LINK_MESSAGE if "link" in kind else "a named pipe (FIFO), not a regular file: content files must be regular files"
    for command in (["new", "term", "shadow-ai"], ["validate"]):
        try:
            done = subprocess.run(
                [sys.executable, "-m", "generator", *command, "--content", "content"],
                cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False,
            )
        except subprocess.TimeoutExpired:
            pytest.fail(f"`{' '.join(command)}` hung on {kind}")
        assert done.returncode == 1, done
        assert f"content/glossary.yml:1:1: {expected}" in done.stdout, done


@pytest.mark.parametrize("link", ["modules", "modules/more", "roles/a/b/c"])
def test_linked_folder_under_content_is_refused_at_any_depth(tmp_path: Path, opened: list[str], link: str) -> None:
    content = make_course(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "leaked.yml").write_text(f"id: leaked\n{SECRET}: 1\n")
    if link == "modules":
        for path in (content / "modules").iterdir():
            path.rename(outside / path.name)
        (content / "modules").rmdir()
    (content / link).parent.mkdir(parents=True, exist_ok=True)
    (content / link).symlink_to(outside, target_is_directory=True)
    opened.clear()
    result = validate(tmp_path)
    assert result.exit_code == 1
    assert f"content/{link}:1:1: {LINK_MESSAGE}" in result.stdout.splitlines()
    assert SECRET not in result.output
    assert not [path for path in opened if path.startswith(str(outside))]


def test_content_folder_that_is_a_link_is_refused(tmp_path: Path) -> None:
    """A `content` committed as a link would read whatever folder it names."""
    real = make_course(tmp_path).rename(tmp_path / "elsewhere")
    (tmp_path / "content").symlink_to(real, target_is_directory=True)
    result = validate(tmp_path)
    assert result.exit_code == 1
    assert result.stdout == f"content:1:1: {LINK_MESSAGE} (give the real folder with --content)\n"
    assert "elsewhere" not in result.output
    assert CliRunner().invoke(main, ["validate", "--content", str(real)]).exit_code == 0


def test_plugin_refuses_a_link_between_the_project_and_the_content(tmp_path: Path) -> None:
    from mkdocs.config import load_config
    from mkdocs.exceptions import PluginError

    real = make_course(tmp_path).rename(tmp_path / "elsewhere")
    (tmp_path / "course").mkdir()
    (tmp_path / "linked").symlink_to(tmp_path / "course", target_is_directory=True)
    real.rename(tmp_path / "course" / "content")
    config = load_config(str(config_for(tmp_path, Path("linked/content"))))
    with pytest.raises(PluginError, match=f"linked:1:1: {LINK_MESSAGE}"):
        config.plugins.on_config(config)


def test_editor_lock_links_are_left_alone(tmp_path: Path) -> None:
    """Emacs marks a file it edits with a link to nowhere named `.#file`; it is not content."""
    content = make_course(tmp_path)
    (content / "roles" / ".#cio.yml").symlink_to("user@host.1234:1700000000")
    assert validate(tmp_path).exit_code == 0


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


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=HOSTILE)
def test_nothing_outside_the_root_is_written(tree: tuple[Path, Path], path: str) -> None:
    root, outside = tree
    before = sorted(outside.iterdir())
    for write in (write_text_atomic, create_text):
        target = root / path if not path.startswith("/") else Path(path)
        try:
            write(target, "written", root=root)
        except Uncontained as exc:
            assert exc.kind in (containment.LINK, containment.OUTSIDE) and exc.path
            continue
        except OSError:  # a name too long, a folder where the file would go, a file that exists
            continue
        written = within(root, target)
        assert _inside(root, written) and written.read_text() == "written"
        written.unlink()
    assert sorted(outside.iterdir()) == before and (outside / "file.yml").read_text() == SECRET


@settings(max_examples=400, deadline=None)
@given(path=HOSTILE)
def test_paths_are_judged_on_their_text(path: str) -> None:
    root = Path("/srv/course/content")
    try:
        full = within(root, os.path.join(root, path))
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
            check_no_links(root, root / rel)
        assert (caught.value.kind, caught.value.path) == (containment.LINK, root / link)
    assert check_no_links(root, root / "a/b/new/file.yml") == root / "a" / "b" / "new" / "file.yml"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(depth=st.integers(0, 4), name=st.sampled_from(["glossary.yml", "notes", "x.yaml", "sub"]))
def test_a_link_at_any_depth_of_the_content_is_located_and_not_followed(
    tmp_path_factory: pytest.TempPathFactory, depth: int, name: str
) -> None:
    base = tmp_path_factory.mktemp("walk")
    content = make_course(base)
    (base / "outside.yml").write_text(f"{SECRET}: 1\n")
    folder = content.joinpath("roles", *[f"d{i}" for i in range(depth)]) if depth else content
    folder.mkdir(parents=True, exist_ok=True)
    if (folder / name).exists():
        (folder / name).unlink()
    (folder / name).symlink_to(base / "outside.yml")
    with pytest.raises(ContentErrors) as caught:
        load_catalog(content, FileCache())
    links = [e for e in caught.value if e.message == LINK_MESSAGE]
    assert [(e.path, e.line, e.col) for e in links] == [(str(folder / name), 1, 1)]
    assert not any(SECRET in e.message for e in caught.value)
