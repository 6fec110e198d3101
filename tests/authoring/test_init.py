"""`ciso-course init`: a new course repository that validates, lints clean and builds, and a folder
that is not empty left alone. (Installed from the wheel and tried in Chromium: tests/browser/test_own_course.py.)"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.authoring.init import InitError, course_files, init_course
from generator.catalog import load_catalog
from generator.cli import main
from generator.lint import lint
from generator.schema import schema_texts

ROOT = Path(__file__).resolve().parents[2]


def test_init_writes_a_complete_repository(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["init", str(tmp_path / "course"), "--title", "Cyber for the board", "--language", "fr"])
    assert result.exit_code == 0, result.output
    course = tmp_path / "course"
    written = {p.relative_to(course).as_posix() for p in course.rglob("*") if p.is_file()}
    assert {
        "mkdocs.yml", "README.md", "Makefile", "requirements.txt", ".gitignore", ".pre-commit-config.yaml",
        ".github/workflows/course.yml", ".vscode/settings.json", "docs/.gitkeep",
        "content/course.yml", "content/glossary.yml", "content/roles/ciso.yml", "content/roles/ceo.yml",
        "content/reporting-models/ciso-to-ceo.yml", "content/tactics/TA0001.yml",
        "content/modules/initial-access-decisions.yml",
    } | {f"schema/{name}" for name in schema_texts()} == written
    config = yaml.safe_load((course / "mkdocs.yml").read_text())
    # The site takes its name from course.yml: the title is written in one place.
    assert config["site_name"] == "ciso-course" and config["theme"]["language"] == "fr"
    assert config["plugins"] == ["search", "ciso-course"]
    assert "# Cyber for the board" in (course / "README.md").read_text()
    hooks = yaml.safe_load((course / ".pre-commit-config.yaml").read_text())["repos"][0]["hooks"]
    assert [hook["entry"] for hook in hooks] == ["ciso-course validate", "ciso-course lint"]
    workflow = yaml.safe_load((course / ".github/workflows/course.yml").read_text())
    steps = [step.get("run", "") for step in workflow["jobs"]["check-and-build"]["steps"]]
    assert any("validate" in s for s in steps) and any("lint" in s for s in steps) and any("mkdocs build --strict" in s for s in steps)
    mapping = json.loads((course / ".vscode/settings.json").read_text())["yaml.schemas"]
    assert mapping == json.loads((ROOT / ".vscode" / "settings.json").read_text())["yaml.schemas"]


def test_the_new_courses_pre_commit_hooks_are_this_projects_hooks() -> None:
    """The course's .pre-commit-config.yaml copies the hooks of .pre-commit-hooks.yaml as
    `repo: local` (run by the ciso-course of the course's environment): the same ids, names,
    commands and files, so that a change to one shows up as a difference to the other."""
    published = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (repo,) = yaml.safe_load(course_files("A course", "en")[".pre-commit-config.yaml"])["repos"]
    assert repo["repo"] == "local"
    keys = ("id", "name", "entry", "args", "pass_filenames", "files", "exclude", "types", "always_run")
    assert [{k: hook.get(k) for k in keys} for hook in repo["hooks"]] == [{k: hook.get(k) for k in keys} for hook in published]
    # A local hook runs the command already installed (make check puts it into .venv).
    assert {hook["language"] for hook in repo["hooks"]} == {"system"}


def test_init_with_a_relative_folder_writes_the_course_there_and_new_adds_to_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The guide's own commands: ``init my-course``, then ``new`` inside it with the default
    ``--content content``; nothing lands in a nested ``my-course/my-course`` or ``content/content``."""
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["init", "my-course"]).exit_code == 0
    course = tmp_path / "my-course"
    assert (course / "content" / "course.yml").is_file() and not (course / "my-course").exists()
    monkeypatch.chdir(course)
    result = CliRunner().invoke(main, ["new", "role", "cfo"])
    assert result.exit_code == 0, result.output
    assert (course / "content" / "roles" / "cfo.yml").is_file() and not (course / "content" / "content").exists()


def test_new_course_has_a_question_of_every_type_and_lints_clean(tmp_path: Path) -> None:
    init_course(tmp_path / "c", "A course", "en")
    catalog = load_catalog(tmp_path / "c" / "content")
    course = catalog.course.model
    assert catalog.course.model.title == "A course" and len(course.paths) == 1
    (module,) = catalog.modules.values()
    assert module.model.quiz is not None
    assert {q.type for q in module.model.quiz.questions} == {"single", "multiple", "true-false", "ordering"}
    assert catalog.glossary is not None and catalog.tactics and catalog.reporting_models
    assert lint(catalog) == []


def test_a_title_with_quotes_stays_one_yaml_string(tmp_path: Path) -> None:
    init_course(tmp_path / "c", 'The "board\'s" course: part 1', "en")
    assert load_catalog(tmp_path / "c" / "content").course.model.title == 'The "board\'s" course: part 1'


def test_a_folder_that_is_not_empty_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    result = CliRunner().invoke(main, ["init", str(tmp_path)])
    assert result.exit_code == 1
    assert "is not empty" in result.output and "nothing was written" in result.output
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_a_freshly_cloned_empty_repository_is_filled_and_its_git_folder_left_alone(tmp_path: Path) -> None:
    git = tmp_path / "course" / ".git"
    git.mkdir(parents=True)
    (git / "HEAD").write_text("ref: refs/heads/main\n")
    result = CliRunner().invoke(main, ["init", str(tmp_path / "course")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "course" / "content" / "course.yml").is_file()
    assert [p.name for p in git.iterdir()] == ["HEAD"] and (git / "HEAD").read_text() == "ref: refs/heads/main\n"
    (tmp_path / "other" / ".git").mkdir(parents=True)
    (tmp_path / "other" / "README.md").write_text("mine")
    refused = CliRunner().invoke(main, ["init", str(tmp_path / "other")])
    assert refused.exit_code == 1 and "is not empty" in refused.output


@pytest.mark.parametrize(("title", "language", "message"), [
    ("", "en", "--title must not be empty"),
    ("<script>", "en", "plain text"),
    ("x" * 201, "en", "at most 200"),
    ("Course", "english", "not a language code"),
    ("Course", "../en", "not a language code"),
])
def test_bad_options_are_refused_before_anything_is_written(tmp_path: Path, title: str, language: str, message: str) -> None:
    with pytest.raises(InitError, match=message):
        init_course(tmp_path / "c", title, language)
    assert not (tmp_path / "c").exists()


def test_a_linked_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    with pytest.raises(InitError, match="symbolic link"):
        init_course(tmp_path / "link", "Course", "en")
    assert not any((tmp_path / "real").iterdir())


def test_a_new_folder_below_a_linked_folder_is_filled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """init only creates new files: a link among the folders above (a home on another disk) is
    the owner's own layout, unlike a link as the target itself (refused above)."""
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    monkeypatch.chdir(tmp_path)
    init_course(Path("link") / "course", "Course", "en")
    assert (tmp_path / "real" / "course" / "content" / "course.yml").is_file()


def test_the_home_folder_is_refused_even_when_empty(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    with pytest.raises(InitError, match="refusing to write into the home folder"):
        init_course(home, "Course", "en")
    assert not any(home.iterdir())


def test_the_skeleton_asks_for_this_release_series() -> None:
    from generator import __version__

    major, minor = __version__.split(".")[:2]
    (requirement,) = [line for line in course_files("Course", "en")["requirements.txt"].splitlines() if not line.startswith("#")]
    assert requirement.startswith(f"ciso-course>={__version__},<")
    assert requirement != f"ciso-course>={__version__},<{major}.{minor}"


@pytest.mark.slow
def test_new_course_builds_strictly_with_its_own_minimal_configuration(tmp_path: Path) -> None:
    init_course(tmp_path / "c", "A course", "en")
    course_file = tmp_path / "c" / "content" / "course.yml"  # the title, changed in its one place
    course_file.write_text(course_file.read_text().replace("title: \"A course\"", "title: Security for the board"))
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=tmp_path / "c",
        capture_output=True, text=True, check=False, env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "c" / "site" / "modules" / "initial-access-decisions" / "index.html").read_text()
    assert "<title>" in page and "Security for the board</title>" in page
