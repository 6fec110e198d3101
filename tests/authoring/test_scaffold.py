"""`ciso-course new`: every kind validates at once; nothing is overwritten; appends keep every byte."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.catalog import load_catalog
from generator.lint import lint

from .conftest import MINI, run

NEW_FILES = [
    ("role", ["chief-people-officer"], "roles/chief-people-officer.yml", "role"),
    ("reporting-model", ["ciso-to-coo"], "reporting-models/ciso-to-coo.yml", "reporting-model"),
    ("tactic", ["TA0099"], "tactics/TA0099.yml", "tactic"),
    ("module", ["new-module"], "modules/new-module.yml", "module"),
]
APPENDS = [
    ("path", ["new-path"], "course.yml"),
    ("term", ["new-term"], "glossary.yml"),
    ("question", ["competing-mandates", "new-question"], "modules/competing-mandates.yml"),
]
QUESTION_TYPES = ["single", "multiple", "true-false", "ordering"]


def only_insertions(before: str, after: str) -> str:
    """The one piece of text inserted into ``before`` to give ``after``; fails when anything else changed."""
    grown = len(after) - len(before)
    assert grown > 0
    at = len(os.path.commonprefix([before, after]))
    assert after[:at] + after[at + grown:] == before, "the rest of the file changed"
    return after[at:at + grown]


@pytest.fixture(params=["mini", "content"])
def course(request: pytest.FixtureRequest, mini_copy: Path, content_copy: Path) -> Path:
    return mini_copy if request.param == "mini" else content_copy


@pytest.mark.parametrize(("kind", "ids", "rel", "schema"), NEW_FILES)
def test_new_file_validates_at_once(course: Path, kind: str, ids: list[str], rel: str, schema: str) -> None:
    code, out, err = run("new", kind, *ids, "--content", str(course))
    assert code == 0, out + err
    path = course / rel
    assert out.strip() == f"created {path}"
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == f"# yaml-language-server: $schema=../../schema/{schema}.schema.json"
    assert "TODO" in text
    catalog = load_catalog(course)  # raises ContentErrors if the new file broke the course
    assert not [f for f in lint(catalog) if f.severity == "error" and f.path.endswith(rel)]
    placeholders = [f for f in lint(catalog) if f.rule == "placeholder"]
    assert [f.path.endswith(rel) for f in placeholders] == [True]


@pytest.mark.parametrize(("kind", "ids", "rel"), APPENDS)
def test_append_validates_and_keeps_every_other_byte(course: Path, kind: str, ids: list[str], rel: str) -> None:
    path = course / rel
    before = path.read_text(encoding="utf-8")
    code, out, err = run("new", kind, *ids, "--content", str(course))
    assert code == 0, out + err
    after = path.read_text(encoding="utf-8")
    inserted = only_insertions(before, after)
    assert f"id: {ids[-1]}" in inserted and "TODO" in inserted
    load_catalog(course)


@pytest.mark.parametrize("qtype", QUESTION_TYPES)
def test_new_question_of_each_type_validates(mini_copy: Path, qtype: str) -> None:
    code, out, err = run("new", "question", "competing-mandates", f"new-{qtype}", "--type", qtype, "--content", str(mini_copy))
    assert code == 0, out + err
    catalog = load_catalog(mini_copy)
    quiz = catalog.modules["competing-mandates"].model.quiz
    assert quiz is not None
    assert (quiz.questions[-1].id, quiz.questions[-1].type) == (f"new-{qtype}", qtype)
    mine = [f for f in lint(catalog) if f.rule != "placeholder" and f"'new-{qtype}'" in f.message]
    assert mine == []  # the template has an explanation and feedback everywhere


def test_new_question_defaults_balance_the_quiz(mini_copy: Path) -> None:
    """The correct option goes where the quiz has the fewest, and the rarer true/false answer is used."""
    for n in range(4):
        assert run("new", "question", "competing-mandates", f"s{n}", "--content", str(mini_copy))[0] == 0
        assert run("new", "question", "competing-mandates", f"t{n}", "--type", "true-false", "--content", str(mini_copy))[0] == 0
    findings = lint(load_catalog(mini_copy))
    assert [f for f in findings if f.rule in ("answer-position", "true-false-same-answer")] == []


def test_new_question_creates_the_quiz_of_a_module_without_one(mini_copy: Path) -> None:
    assert run("new", "module", "bare", "--content", str(mini_copy))[0] == 0
    path = mini_copy / "modules" / "bare.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("quiz:")], encoding="utf-8")
    before = path.read_text(encoding="utf-8")
    code, out, err = run("new", "question", "bare", "first", "--content", str(mini_copy))
    assert code == 0, out + err
    assert only_insertions(before, path.read_text(encoding="utf-8")).startswith("quiz:\n  questions:\n    - id: first\n")
    assert load_catalog(mini_copy).modules["bare"].model.quiz is not None


def test_new_path_in_a_course_without_paths(mini_copy: Path) -> None:
    path = mini_copy / "course.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("paths:")], encoding="utf-8")
    before = path.read_text(encoding="utf-8")
    assert run("new", "path", "first", "--content", str(mini_copy))[0] == 0
    assert only_insertions(before, path.read_text(encoding="utf-8")).startswith("paths:\n  - id: first\n")
    assert [p.id for p in load_catalog(mini_copy).course.model.paths] == ["first"]


def test_new_path_replaces_an_empty_flow_list(mini_copy: Path) -> None:
    path = mini_copy / "course.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("paths:")] + "paths: []  # none yet\n", encoding="utf-8")
    assert run("new", "path", "first", "--content", str(mini_copy))[0] == 0
    after = path.read_text(encoding="utf-8")
    assert "# none yet\n  - id: first\n" in after and "[]" not in after
    assert [p.id for p in load_catalog(mini_copy).course.model.paths] == ["first"]


def test_new_path_refuses_a_flow_list_it_cannot_extend(mini_copy: Path) -> None:
    path = mini_copy / "course.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("paths:")] + "paths: [{id: p, title: P, summary: S, modules: [competing-mandates]}]\n", encoding="utf-8")
    before = path.read_bytes()
    code, _, err = run("new", "path", "second", "--content", str(mini_copy))
    assert code == 1
    assert "block list" in err
    assert path.read_bytes() == before


def test_new_term_creates_the_glossary_when_there_is_none(mini_copy: Path) -> None:
    (mini_copy / "glossary.yml").unlink()
    code, out, err = run("new", "term", "ttp", "--content", str(mini_copy))
    assert code == 0, out + err
    text = (mini_copy / "glossary.yml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schema/glossary.schema.json\nterms:\n")
    glossary = load_catalog(mini_copy).glossary
    assert glossary is not None and [t.term for t in glossary.model.terms] == ["TTP"]


def test_append_keeps_crlf_line_endings(mini_copy: Path) -> None:
    path = mini_copy / "glossary.yml"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    before = path.read_bytes()
    assert run("new", "term", "ttp", "--content", str(mini_copy))[0] == 0
    after = path.read_bytes()
    assert after.startswith(before) and b"\n" not in after.replace(b"\r\n", b"")
    load_catalog(mini_copy)


@pytest.mark.parametrize(
    ("kind", "ids", "rel"),
    [
        ("role", ["ciso"], "roles/ciso.yml"),
        ("reporting-model", ["ciso-to-cio"], "reporting-models/ciso-to-cio.yml"),
        ("tactic", ["TA0001"], "tactics/TA0001.yml"),
        ("module", ["competing-mandates"], "modules/competing-mandates.yml"),
    ],
)
def test_new_refuses_to_overwrite_an_existing_file(mini_copy: Path, kind: str, ids: list[str], rel: str) -> None:
    path = mini_copy / rel
    before = path.read_bytes()
    code, out, err = run("new", kind, *ids, "--content", str(mini_copy))
    assert code == 1
    assert "already exists" in err and "nothing was written" in err
    assert out == ""
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("kind", "ids", "rel", "message"),
    [
        ("path", ["ciso"], "course.yml", "already has a learning path 'ciso'"),
        ("term", ["cio"], "glossary.yml", "already has a term 'cio'"),
        ("question", ["competing-mandates", "phishing-fluency"], "modules/competing-mandates.yml", "already has a question 'phishing-fluency'"),
    ],
)
def test_append_refuses_a_duplicate_id(mini_copy: Path, kind: str, ids: list[str], rel: str, message: str) -> None:
    path = mini_copy / rel
    before = path.read_bytes()
    code, _, err = run("new", kind, *ids, "--content", str(mini_copy))
    assert code == 1
    assert message in err
    assert path.read_bytes() == before


def test_new_twice_refuses_the_second_time(mini_copy: Path) -> None:
    assert run("new", "module", "again", "--content", str(mini_copy))[0] == 0
    before = (mini_copy / "modules" / "again.yml").read_bytes()
    assert run("new", "module", "again", "--content", str(mini_copy))[0] == 1
    assert (mini_copy / "modules" / "again.yml").read_bytes() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["role", "Chief_People"], "not a valid id"),
        (["tactic", "T1078"], "not an ATT&CK tactic id"),
        (["question", "no-such-module", "q"], "unknown module 'no-such-module'"),
        (["module", "index"], "'index' is reserved"),
        (["path", "index"], "'index' is reserved"),
        (["role", "index"], "'index' is reserved"),
        (["reporting-model", "index"], "'index' is reserved"),
    ],
)
def test_new_refuses_bad_ids(mini_copy: Path, args: list[str], message: str) -> None:
    code, _, err = run("new", *args, "--content", str(mini_copy))
    assert code == 1
    assert message in err
    assert sorted(p.relative_to(mini_copy) for p in mini_copy.rglob("*")) == sorted(p.relative_to(MINI) for p in MINI.rglob("*"))


@pytest.mark.parametrize(
    "args",
    [
        ["role"],
        ["role", "a", "b"],
        ["question", "competing-mandates"],
        ["role", "x", "--type", "single"],
        ["question", "competing-mandates", "q", "--type", "essay"],
        ["essay", "x"],
    ],
)
def test_new_usage_errors_exit_two(mini_copy: Path, args: list[str]) -> None:
    assert run("new", *args, "--content", str(mini_copy))[0] == 2


def test_new_takes_content_anywhere_after_the_command_name(mini_copy: Path) -> None:
    assert run("new", "--content", str(mini_copy), "role", "first-role")[0] == 0
    assert run("new", "role", "--content", str(mini_copy), "second-role")[0] == 0
    assert {"first-role", "second-role"} <= set(load_catalog(mini_copy).roles)


def test_new_refuses_to_extend_an_invalid_course(mini_copy: Path) -> None:
    (mini_copy / "roles" / "cio.yml").write_text("id: cio\n", encoding="utf-8")
    code, out, _ = run("new", "module", "x", "--content", str(mini_copy))
    assert code == 1
    assert "missing required field" in out
    assert not (mini_copy / "modules" / "x.yml").exists()


def test_new_reporting_model_needs_two_roles(tmp_path: Path) -> None:
    from .conftest import module, single, write_course

    root = write_course(tmp_path / "content", [module("m1", [single("q1")])])
    code, _, err = run("new", "reporting-model", "solo", "--content", str(root))
    assert code == 1
    assert "fewer than two" in err


@pytest.mark.parametrize("kind", ["module", "role"])
def test_new_refuses_to_write_into_a_linked_folder(tmp_path: Path, kind: str) -> None:
    """A folder of the content that is a symbolic link would take the new file outside the course."""
    from .conftest import write_course

    root = write_course(tmp_path / "content", [])
    folder = root / ("modules" if kind == "module" else "roles")
    outside = tmp_path / "outside"
    folder.rename(outside)
    folder.symlink_to(outside, target_is_directory=True)
    before = sorted(p.name for p in outside.iterdir())
    code, out, err = run("new", kind, "from-a-link", "--content", str(root))
    assert code == 1, out + err
    assert f"{folder}:1:1: symbolic link: content must be real files and folders in the repository, not links" in out
    assert sorted(p.name for p in outside.iterdir()) == before


def test_new_writes_only_where_no_link_leads(tmp_path: Path) -> None:
    """The writes themselves check the way down from the content folder, whatever loaded the course."""
    from generator.output import create_text, write_text_atomic
    from generator.reading.containment import Uncontained

    root = tmp_path / "content"
    (root / "roles").mkdir(parents=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    (root / "modules").symlink_to(outside, target_is_directory=True)
    (root / "glossary.yml").symlink_to(outside / "glossary.yml")
    for write, target in ((create_text, root / "modules" / "m.yml"), (write_text_atomic, root / "glossary.yml"),
                          (create_text, root / "roles" / ".." / ".." / "escaped.yml")):
        with pytest.raises(Uncontained):
            write(target, "id: m\n", root=root)
    assert list(outside.iterdir()) == [] and not (tmp_path / "escaped.yml").exists()
    create_text(root / "roles" / "r.yml", "id: r\n", root=root)
    assert (root / "roles" / "r.yml").read_text() == "id: r\n"
