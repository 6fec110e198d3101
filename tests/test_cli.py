"""The command line, run in-process: exit codes, output formats, refusals."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.schema import schema_texts

from .conftest import MINI, ROOT, make_course


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_validate_clean_course_exits_zero() -> None:
    code, out, err = run("validate", "--content", str(MINI))
    assert code == 0
    assert out == ""
    assert "no problems" in err


def test_validate_shipped_content_exits_zero(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    code, _, err = run("validate")
    assert code == 0, err


def broken_course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = make_course(tmp_path)
    (content / "roles" / "cro.yml").write_text("id: cro\ntitel: x\n")
    role = (content / "roles" / "cio.yml").read_text().replace("role: ciso", "role: cfo")
    (content / "roles" / "cio.yml").write_text(role)
    monkeypatch.chdir(tmp_path)


def test_validate_reports_all_problems_sorted_and_exits_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    broken_course(tmp_path, monkeypatch)
    code, out, err = run("validate", "--content", "content")
    assert code == 1
    lines = out.splitlines()
    assert lines == sorted(lines, key=lambda row: (row.split(":")[0], int(row.split(":")[1]), int(row.split(":")[2])))
    assert any(line.startswith("content/roles/cio.yml:") and "unknown role 'cfo'" in line for line in lines)
    assert any(line.startswith("content/roles/cro.yml:2:1: unknown field 'titel'") for line in lines)
    assert err.strip().endswith("problems in 2 files")


def test_validate_github_format_prints_workflow_commands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    broken_course(tmp_path, monkeypatch)
    code, out, _ = run("validate", "--content", "content", "--format", "github")
    assert code == 1
    assert out.splitlines()[0].startswith("::error file=content/roles/cio.yml,line=")
    assert all(line.startswith("::error file=") and "::" in line[2:] for line in out.splitlines())


@pytest.mark.parametrize(
    "args",
    [("validate", "--format", "xml"), ("validate", "--bogus"), ("nonsense",), ("render",), ("validate", "--content")],
)
def test_usage_errors_exit_two(args: tuple[str, ...]) -> None:
    code, _, _ = run(*args)
    assert code == 2


def test_missing_content_folder_is_a_located_problem(tmp_path: Path) -> None:
    code, out, _ = run("validate", "--content", str(tmp_path / "nowhere"))
    assert code == 1
    assert out.endswith("nowhere:1:1: content folder not found\n")


def test_console_script_runs_without_traceback(tmp_path: Path) -> None:
    (tmp_path / "course.yml").write_text("title: [unclosed\n")
    result = subprocess.run(
        [sys.executable, "-m", "generator", "validate", "--content", str(tmp_path)],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert "course.yml:2:1: YAML syntax error" in result.stdout


def test_schema_writes_one_file_per_kind(tmp_path: Path) -> None:
    code, out, _ = run("schema", "--out", str(tmp_path / "s"))
    assert code == 0
    assert sorted(p.name for p in (tmp_path / "s").iterdir()) == sorted(schema_texts())


def test_committed_schemas_are_up_to_date() -> None:
    for name, text in schema_texts().items():
        assert (ROOT / "schema" / name).read_text() == text, f"schema/{name} is stale: run ciso-course schema --out schema"


def test_editor_settings_map_each_schema_to_its_files_in_both_spellings() -> None:
    import fnmatch
    import json

    mapping = json.loads((ROOT / ".vscode" / "settings.json").read_text())["yaml.schemas"]
    assert {Path(k).name for k in mapping} == set(schema_texts())
    for schema, patterns in mapping.items():
        kind = Path(schema).name.removesuffix(".schema.json")
        for suffix in (".yml", ".yaml"):
            example = {"course": "content/course", "glossary": "content/glossary"}.get(
                kind, f"content/{'reporting-models' if kind == 'reporting-model' else kind + 's'}/x"
            )
            assert any(fnmatch.fnmatch(example + suffix, pattern) for pattern in patterns), (schema, suffix)


def test_schemas_validate_every_shipped_file_with_an_independent_validator(tmp_path: Path) -> None:
    """check-jsonschema (its own YAML parser and the jsonschema library) against the content."""
    run("schema", "--out", str(tmp_path))
    groups = {
        "course": ["course.yml"], "glossary": ["glossary.yml"], "role": ["roles"],
        "reporting-model": ["reporting-models"], "tactic": ["tactics"], "module": ["modules"],
    }
    for name, places in groups.items():
        files: list[str] = []
        for place in places:
            path = ROOT / "content" / place
            files += [str(p) for p in sorted(path.glob("*.yml"))] if path.is_dir() else [str(path)]
        assert files, name
        result = subprocess.run(
            [sys.executable, "-m", "check_jsonschema", "--schemafile", str(tmp_path / f"{name}.schema.json"), *files],
            capture_output=True, text=True, check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_schema_rejects_what_the_validator_rejects(tmp_path: Path) -> None:
    """The schema is not vacuous: a misspelt field and a bad id fail it too."""
    run("schema", "--out", str(tmp_path))
    bad = tmp_path / "bad.yml"
    bad.write_text((MINI / "roles" / "cio.yml").read_text().replace("id: cio", "id: CIO") + "titel: x\n")
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--schemafile", str(tmp_path / "role.schema.json"), str(bad)],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 1
    assert "titel" in result.stdout and "CIO" in result.stdout


def test_render_refuses_a_prefix_that_escapes_the_folder_and_keeps_what_was_there(tmp_path: Path) -> None:
    out = tmp_path / "pages"
    assert run("render", "--content", str(MINI), "--out", str(out))[0] == 0
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    code, _, err = run("render", "--content", str(MINI), "--out", str(out), "--prefix", "../escaped")
    assert code == 1 and "outside" in err
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before
    assert not (tmp_path / "escaped").exists()


def test_rendered_reporting_model_page_carries_its_svg_chart_for_any_markdown_engine(tmp_path: Path) -> None:
    import markdown

    out = tmp_path / "pages"
    assert run("render", "--content", str(MINI), "--out", str(out))[0] == 0
    page = (out / "reporting-models" / "ciso-to-cio.md").read_text()
    chart = page[page.index('<div class="cc-orgchart">'):page.index("</svg>\n</div>") + len("</svg>\n</div>")]
    assert "\n\n" not in chart, "no blank line ends the HTML block early in a CommonMark engine"
    assert 'role="img"' in chart and "<title id=" in chart
    assert chart in markdown.markdown(page.split("\n---\n", 1)[1], extensions=["md_in_html", "attr_list"])


def test_workflow_commands_escape_their_properties() -> None:
    from generator.errors import workflow_command

    assert workflow_command("error", "a,b:c.yml", 1, 2, "50% done\nnext") == "::error file=a%2Cb%3Ac.yml,line=1,col=2::50%25 done%0Anext"


def test_schema_refuses_content_and_folders_holding_other_files(tmp_path: Path) -> None:
    content = make_course(tmp_path)
    assert run("schema", "--content", str(content), "--out", str(content / "roles"))[0] == 1
    other = tmp_path / "notes"
    other.mkdir()
    (other / "todo.txt").write_text("keep me")
    assert run("schema", "--out", str(other))[0] == 1
    assert (other / "todo.txt").read_text() == "keep me"
    assert run("schema", "--out", str(tmp_path / "schemas"))[0] == 0
    assert run("schema", "--out", str(tmp_path / "schemas"))[0] == 0, "its own earlier output is replaced"


def _fail_writes_after(limit: int, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Make every file write after the first ``limit`` fail as a full disk would; the returned
    list holds the number of writes tried."""
    import generator.output as output

    written = [0]
    real = output.write_text_atomic

    def fail(path: Path, text: str, *, root: Path | None = None) -> None:
        written[0] += 1
        if written[0] > limit:
            raise OSError(28, "No space left on device")
        real(path, text, root=root)

    monkeypatch.setattr(output, "write_text_atomic", fail)
    return written


def test_a_render_that_fails_half_way_leaves_the_previous_render_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "pages"
    assert run("render", "--content", str(MINI), "--out", str(out))[0] == 0
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    written = _fail_writes_after(3, monkeypatch)
    result = CliRunner().invoke(main, ["render", "--content", str(MINI), "--out", str(out)])
    assert result.exit_code == 1 and written[0] > 3
    assert "Error: [Errno 28] No space left on device" in result.stderr  # a message, not a traceback
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["pages"]  # no staging folder left behind


@pytest.mark.parametrize("command", ["navigator", "answer-key"])
def test_an_export_that_fails_half_way_leaves_the_previous_export_as_it_was(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = make_course(tmp_path)
    out = tmp_path / "export"
    assert run("export", command, "--content", str(content), "--out", str(out))[0] == 0

    def files() -> dict[Path, bytes]:
        return {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}

    before = files()
    # The next export differs from the first in every file: another module title, links to a site.
    module = content / "modules" / "competing-mandates.yml"
    module.write_text(module.read_text(encoding="utf-8").replace("title: ", "title: Renamed ", 1), encoding="utf-8")
    again = ["export", command, "--content", str(content), "--out", str(out)]
    if command == "navigator":
        again += ["--site-url", "https://example.org/course/"]
    written = _fail_writes_after(2, monkeypatch)
    result = CliRunner().invoke(main, again)
    assert result.exit_code == 1 and written[0] > 2
    assert "Error: [Errno 28] No space left on device" in result.stderr
    assert files() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "export"]  # no staging folder left behind
    monkeypatch.undo()
    assert CliRunner().invoke(main, again).exit_code == 0
    assert files().keys() == before.keys() and files() != before  # the failed export had something to change


def test_every_error_a_command_can_meet_is_one_family_with_an_exit_code() -> None:
    from generator.attack.importer import ImportConflict
    from generator.attack.stix import BundleError
    from generator.authoring.scaffold import ScaffoldError
    from generator.authoring.yaml_edit import EditError
    from generator.cli import Refused
    from generator.errors import ContentError, ContentErrors, CourseError, Failed
    from generator.lint import Finding
    from generator.output import UnsafeTarget
    from generator.standalone import StandaloneError

    kinds = (ContentErrors, Failed, Refused, UnsafeTarget, ScaffoldError, BundleError, ImportConflict, EditError, StandaloneError)
    for kind in kinds:
        assert issubclass(kind, CourseError) and kind.exit_code == 1, kind
    assert Finding is ContentError  # a lint finding is a located problem with a severity and a rule
    finding = ContentError("a.yml", 2, 3, "m", "warning", "near-duplicate")
    assert str(finding) == "a.yml:2:3: warning: m [near-duplicate]"
    assert finding.github() == "::warning file=a.yml,line=2,col=3::m [near-duplicate]"


def test_a_refusal_raised_anywhere_is_printed_once_with_exit_code_one(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    result = CliRunner().invoke(main, ["render", "--content", str(MINI), "--out", str(tmp_path)])
    assert result.exit_code == 1 and result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stderr.count("Error: refusing to write into") == 1
    assert (tmp_path / "notes.txt").read_text() == "mine"
