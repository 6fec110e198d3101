"""The catalog: typed values from YAML text, course order, and the parse cache."""

from __future__ import annotations

import inspect
import posixpath
from pathlib import Path

import pytest

from generator import models as m
from generator.catalog import FileCache, load_catalog
from generator.errors import ContentErrors
from generator.render.urls import Urls

from .conftest import make_course


def test_unquoted_version_1_10_stays_as_written(tmp_path: Path) -> None:
    content = make_course(tmp_path)
    course = (content / "course.yml").read_text().replace('version: "2026.11"', "version: 1.10")
    (content / "course.yml").write_text(course)
    assert load_catalog(content).course.model.version == "1.10"


def test_whole_number_in_a_text_field_is_kept_as_text(tmp_path: Path) -> None:
    content = make_course(tmp_path)
    role = (content / "roles" / "cio.yml").read_text().replace("abbreviation: CIO", "abbreviation: 2024")
    (content / "roles" / "cio.yml").write_text(role)
    assert load_catalog(content).roles["cio"].model.abbreviation == "2024"


def test_modules_come_in_learning_path_order_then_by_id(tmp_path: Path) -> None:
    content = make_course(tmp_path)
    extra = (content / "modules" / "competing-mandates.yml").read_text()
    for ident in ("aaa-first-by-name", "zzz-last"):
        text = extra.replace("id: competing-mandates", f"id: {ident}")
        (content / "modules" / f"{ident}.yml").write_text(text)
    course = (content / "course.yml").read_text().replace(
        "modules: [competing-mandates]", "modules: [zzz-last, competing-mandates]")
    (content / "course.yml").write_text(course)
    on_no_path = sorted(p.stem for p in (content / "modules").glob("*.yml") if p.stem not in ("zzz-last", "competing-mandates"))
    assert list(load_catalog(content).modules) == ["zzz-last", "competing-mandates", *on_no_path]
    assert on_no_path[0] == "aaa-first-by-name"


def test_tactics_come_in_matrix_order(tmp_path: Path) -> None:
    content = make_course(tmp_path)
    tactic = (content / "tactics" / "TA0001.yml").read_text()
    early = tactic.replace("TA0001", "TA0043").replace("order: 3", "order: 1").replace("initial-access", "reconnaissance")
    early = early.split("techniques:")[0]
    (content / "tactics" / "TA0043.yml").write_text(early)
    assert list(load_catalog(content).tactics) == ["TA0043", "TA0001"]


def test_cache_reparses_only_changed_files(tmp_path: Path) -> None:
    content = make_course(tmp_path)
    cache = FileCache()
    load_catalog(content, cache)
    total = cache.parsed
    assert total == len(list(content.rglob("*.yml")))
    load_catalog(content, cache)
    assert cache.parsed == 0
    role = content / "roles" / "cio.yml"
    role.write_text(role.read_text().replace("Owns the technology", "Runs the technology"))
    catalog = load_catalog(content, cache)
    assert cache.parsed == 1
    assert catalog.roles["cio"].model.summary.startswith("Runs the technology")


def test_cache_forgets_files_that_are_gone(tmp_path: Path) -> None:
    """A long `mkdocs serve` session keeps only the files the course still has."""
    content = make_course(tmp_path)
    cache = FileCache()
    load_catalog(content, cache)
    files = len(list(content.rglob("*.yml")))
    assert len(cache) == files
    glossary = content / "glossary.yml"
    glossary.rename(content / "glossary.yaml")
    load_catalog(content, cache)
    assert (len(cache), cache.parsed) == (files, 1)
    glossary.with_suffix(".yaml").unlink()
    load_catalog(content, cache)
    assert len(cache) == files - 1


def test_an_overlay_is_read_instead_of_the_files_and_nothing_is_written(tmp_path: Path) -> None:
    content = make_course(tmp_path)
    before = {p: p.read_bytes() for p in content.rglob("*") if p.is_file()}
    role = content / "roles" / "cio.yml"
    renamed = role.read_bytes().replace(b"abbreviation: CIO", b"abbreviation: XIO")
    extra = (content / "tactics" / "TA0001.yml").read_bytes().replace(b"TA0001", b"TA0999").replace(b"order: 3", b"order: 99")
    extra = extra.replace(b"shortname: initial-access", b"shortname: extra")
    catalog = load_catalog(content, overlay={role: renamed, content / "tactics" / "TA0999.yml": extra})
    assert catalog.roles["cio"].model.abbreviation == "XIO"
    assert "TA0999" in catalog.tactics
    with pytest.raises(ContentErrors, match=r"tactics/TA0998\.yml:1:5: id 'TA0999' differs from the file name"):
        load_catalog(content, overlay={content / "tactics" / "TA0998.yml": extra})
    assert {p: p.read_bytes() for p in content.rglob("*") if p.is_file()} == before


# --- ids that would take the name of a page the layout already uses ---------------------------

RESERVED = [  # (file copied, id line in it, the file written with id: index, where the id is)
    ("modules/competing-mandates.yml", "id: competing-mandates\n", "modules/index.yml", (1, 5)),
    ("roles/cio.yml", "id: cio\n", "roles/index.yml", (1, 5)),
    ("reporting-models/ciso-to-cio.yml", "id: ciso-to-cio\n", "reporting-models/index.yml", (1, 5)),
    ("course.yml", "  - id: ciso\n", "course.yml", (22, 9)),
]


@pytest.mark.parametrize(("source", "line", "target", "where"), RESERVED, ids=["module", "role", "reporting-model", "path"])
def test_id_index_is_refused_where_it_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, source: str, line: str, target: str, where: tuple[int, int]
) -> None:
    """`modules/index.md` is the modules overview: a module with id `index` would replace it."""
    content = make_course(tmp_path)
    text = (content / source).read_text()
    assert line in text
    (content / target).write_text(text.replace(line, line.split("id: ")[0] + "id: index\n", 1))
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ContentErrors) as caught:
        load_catalog(Path("content"))
    reserved = [e for e in caught.value if "reserved" in e.message]
    assert [(e.path, e.line, e.col) for e in reserved] == [(f"content/{target}", *where)]
    assert "'index' is reserved: the page of this id would replace the overview page of its section" in reserved[0].message


def test_every_overview_page_name_is_a_reserved_id() -> None:
    """Whatever the page layout in urls.py becomes, no id can name a page it already has."""
    urls = Urls()
    fixed = {getattr(urls, name) for name, value in vars(Urls).items() if isinstance(value, property)}
    per_id = [
        getattr(urls, name) for name, value in vars(Urls).items()
        if callable(value) and not name.startswith("_") and list(inspect.signature(value).parameters) == ["self", "ident"]
    ]
    assert len(per_id) >= 4  # path, module, role, reporting_model, tactic
    taken = set()
    for page_of in per_id:
        folder = posixpath.dirname(page_of("x"))
        taken |= {posixpath.basename(uri)[: -len(".md")] for uri in fixed if posixpath.dirname(uri) == folder}
    assert taken == {"index"} and taken <= m.RESERVED_IDS
    for ident in m.RESERVED_IDS:
        assert all(page_of(ident) in fixed for page_of in per_id)
