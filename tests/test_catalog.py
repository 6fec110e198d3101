"""The catalog: typed values from YAML text, course order, and the parse cache."""

from __future__ import annotations

import difflib
import inspect
import posixpath
from pathlib import Path

import pytest
import yaml

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


def test_thousands_of_unknown_references_cost_a_bounded_number_of_comparisons(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each "did you mean" compares with at most SUGGEST_COMPARED names, and a load makes at most
    MAX_SUGGESTIONS of them: 2,000 unknown references among 1,000 known ids used to make 2,000,000."""
    content = make_course(tmp_path)
    path = content / "modules" / "escalation-basics.yml"
    module = yaml.safe_load(path.read_text())
    module["objectives"] += [{"id": f"objective-{i:04d}", "text": "An objective."} for i in range(1000)]
    unknown = ["objectve-0001"] + [f"missing-{i:04d}" for i in range(1999)]
    module["quiz"]["questions"][0]["assesses"] = ["choose-forum", *unknown]
    path.write_text(yaml.safe_dump(module))
    compared = 0
    real = difflib.SequenceMatcher.set_seq1

    def counting(self: difflib.SequenceMatcher[str], a: str) -> None:
        nonlocal compared
        compared += a != ""  # SequenceMatcher() starts with an empty sequence
        real(self, a)

    monkeypatch.setattr(difflib.SequenceMatcher, "set_seq1", counting)
    with pytest.raises(ContentErrors) as caught:
        load_catalog(content)
    reported = [e.message for e in caught.value.errors if "unknown objective" in e.message]
    assert len(reported) == 2000
    assert compared <= 100 * 200  # catalog.MAX_SUGGESTIONS * errors.SUGGEST_COMPARED
    assert "unknown objective 'objectve-0001'; did you mean 'objective-0001'?" in reported
    # the hint that replaces a suggestion names a few objectives, not all thousand
    assert max(len(message) for message in reported) < 500
    assert any(message.endswith(" and 981 more)") for message in reported)


def test_did_you_mean_compares_a_bounded_number_of_names(monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.errors import SUGGEST_AMONG, SUGGEST_COMPARED, did_you_mean

    compared: list[str] = []
    real = difflib.SequenceMatcher.set_seq1

    def counting(self: difflib.SequenceMatcher[str], a: str) -> None:
        if a:
            compared.append(a)
        real(self, a)

    monkeypatch.setattr(difflib.SequenceMatcher, "set_seq1", counting)
    names = [f"module-{i:05d}" for i in range(SUGGEST_AMONG)]
    assert did_you_mean("module-04242x", names) == "; did you mean 'module-04242'?"
    assert 0 < len(compared) <= SUGGEST_COMPARED
    compared.clear()
    assert did_you_mean("module-04242x", [*names, "one-too-many"]) == ""
    assert compared == []


def test_only_the_first_unknown_fields_of_a_file_get_a_suggestion(tmp_path: Path) -> None:
    content = make_course(tmp_path)
    path = content / "roles" / "cio.yml"
    path.write_text(path.read_text() + "".join(f"titel{i:02d}: x\n" for i in range(30)))
    with pytest.raises(ContentErrors) as caught:
        load_catalog(content)
    messages = [e.message for e in caught.value.errors]
    assert sum("did you mean 'title'" in m for m in messages) == 20
    assert sum("allowed fields: " in m for m in messages) == 10


def small_budget(monkeypatch: pytest.MonkeyPatch, **limits: int) -> None:
    """Loads get a smaller budget than a course's (the messages still name the real limits)."""
    from generator.catalog import load as catalog
    from generator.reading.read import Budget

    monkeypatch.setattr(catalog, "Budget", lambda: Budget(**limits), raising=False)


def test_course_over_its_values_budget_is_refused_in_the_file_and_at_the_value_where_it_runs_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    content = make_course(tmp_path)
    small_budget(monkeypatch, nodes=200)
    with pytest.raises(ContentErrors) as caught:
        load_catalog(content)
    (error,) = caught.value.errors  # nothing after it is read, nor checked
    assert error.message == (
        "the course holds more than 1,500,000 values (keys, list items and texts) in all, the limit for a course, "
        "and goes over it here: remove content or split the course into smaller courses"
    )
    assert (error.line, error.col) > (1, 1)
    # the files are read in order of their paths: the ones before it fit, with it they do not
    before = [p for p in sorted(content.rglob("*.yml")) if p.as_posix() < error.path]
    assert before and Path(error.path).exists()


def test_course_over_its_bytes_budget_is_refused_at_the_file_that_goes_over(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = make_course(tmp_path)
    files = sorted(content.rglob("*.yml"))
    small_budget(monkeypatch, bytes=sum(p.stat().st_size for p in files[:3]) + 1)
    with pytest.raises(ContentErrors) as caught:
        load_catalog(content)
    assert [(e.path, e.line, e.col) for e in caught.value.errors] == [(str(files[3]), 1, 1)]
    assert caught.value.errors[0].message.startswith("the course's files add up to more than 50,000,000 bytes, the limit for a course")


def test_the_budget_counts_files_that_come_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = make_course(tmp_path)
    cache = FileCache()
    load_catalog(content, cache)
    small_budget(monkeypatch, nodes=200)
    with pytest.raises(ContentErrors, match="the course holds more than"):
        load_catalog(content, cache)
    monkeypatch.undo()
    load_catalog(content, cache)  # the refusal was not cached


def test_more_than_the_files_a_course_may_have_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.catalog import load as catalog

    content = make_course(tmp_path)
    monkeypatch.setattr(catalog, "MAX_FILES", 4, raising=False)
    with pytest.raises(ContentErrors) as caught:
        load_catalog(content)
    assert [e.path for e in caught.value.errors] == [str(sorted(content.rglob("*.yml"))[4])]
    assert caught.value.errors[0].message == "more than 4 YAML files in the course, the limit for a course: remove files or split the course into smaller courses"


def test_cache_keeps_no_document_of_a_file_that_failed(tmp_path: Path) -> None:
    """What a failed file leaves in the cache: its hash, its errors and the ids it would define."""
    content = make_course(tmp_path)
    role = content / "roles" / "cio.yml"
    role.write_text(role.read_text() + "colour: blue\n")
    cache = FileCache()
    with pytest.raises(ContentErrors) as caught:
        load_catalog(content, cache)
    (error,) = caught.value.errors  # and no unknown role where the other files name it
    assert error.message.startswith("unknown field 'colour'")
    failed = cache._entries[role]
    assert failed.doc is None and failed.model is None
    assert failed.errors == caught.value.errors
    # references to the role are still not reported while its file is broken
    assert "cio" in failed.broken
    with pytest.raises(ContentErrors) as again:
        load_catalog(content, cache)
    assert (again.value.errors, cache.parsed) == (caught.value.errors, 0)


def test_budgets_leave_room_for_the_largest_benchmark_course(tmp_path: Path) -> None:
    """1,000 modules of 10 questions must load: ten times a 100-module course is within half the budgets."""
    import sys

    from generator.reading import read

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from make_course import make_course as synthetic

    synthetic(tmp_path / "course", 100, 10)
    catalog = load_catalog(tmp_path / "course")
    entries = [catalog.course, *catalog.modules.values(), *catalog.roles.values(), *catalog.tactics.values(),
               *catalog.reporting_models.values(), *([catalog.glossary] if catalog.glossary else [])]
    nodes = sum(entry.doc.nodes for entry in entries)
    size = sum(p.stat().st_size for p in (tmp_path / "course").rglob("*.yml"))
    assert 10 * nodes < read.MAX_COURSE_NODES / 2
    assert 10 * size < read.MAX_COURSE_BYTES / 2


def test_loading_leaves_garbage_collection_on_and_nothing_set_aside(tmp_path: Path) -> None:
    """The load keeps the collector running (a `mkdocs serve` process goes on collecting) and gives
    back every object it set aside from the collector's scans."""
    import gc

    seen: list[bool] = []
    real = FileCache.load

    def watching(self: FileCache, *args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    content = make_course(tmp_path)
    try:
        FileCache.load = watching  # type: ignore[method-assign]
        load_catalog(content)
    finally:
        FileCache.load = real  # type: ignore[method-assign]
    assert seen and all(seen)
    assert gc.isenabled() and gc.get_freeze_count() == 0
