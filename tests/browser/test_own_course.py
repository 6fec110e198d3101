"""A course of one's own, as a trainer outside this repository meets it: the wheel and the sdist
built, the wheel installed (not editable) into a fresh virtual environment, `ciso-course init`
run there, the new course checked and built with its own minimal mkdocs.yml, and the site tried
in Chromium."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.test_quiz import pick, press, stored, verdict
from tests.conftest import serve

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
PACKAGE_DATA = {
    "generator/assets/quiz.js", "generator/assets/quiz.css", "generator/assets/site.css",
    "generator/assets/search-on-demand.js", "generator/assets/scorm.js", "generator/assets/site.js",
    "generator/plugin/templates/partials/copyright.html", "generator/plugin/templates/main.html", "generator/py.typed",
    "generator/authoring/skeleton/mkdocs.yml", "generator/authoring/skeleton/content/course.yml",
    "generator/authoring/skeleton/content/modules/initial-access-decisions.yml",
    "generator/authoring/skeleton/github-workflow.yml",
}
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
GUIDE = ROOT / "site_config" / "docs" / "guide" / "own-course.md"


def run(*args: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=ENV, capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"{args}:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel and the sdist, built as `make dist` builds them."""
    out = tmp_path_factory.mktemp("dist")
    run(sys.executable, "-m", "build", "--no-isolation", "--outdir", out, ROOT)
    return out


@pytest.fixture(scope="module")
def own_course(dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh environment with the wheel installed, and a course made there by `init` and built."""
    work = tmp_path_factory.mktemp("own")
    run(sys.executable, "-m", "venv", work / "venv")
    python = work / "venv" / "bin" / "python"
    (wheel,) = dist.glob("*.whl")
    run(python, "-m", "pip", "install", "--quiet", wheel)
    run(work / "venv" / "bin" / "ciso-course", "init", work / "course", "--title", "Our board's security course")
    return work


def test_wheel_carries_the_assets_templates_and_skeleton_and_nothing_of_this_repository(dist: Path) -> None:
    (wheel,) = dist.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert PACKAGE_DATA <= names, PACKAGE_DATA - names
    assert not [n for n in names if n.startswith(("tests/", "content/", "site_config/", "benchmarks/"))]
    metadata = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("dist-info/METADATA"))).decode()
    assert "License-Expression: MIT" in metadata and "Requires-Python: >=3.11" in metadata
    entry_points = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert "ciso-course = generator.plugin:CoursePlugin" in entry_points
    assert "ciso-course = generator.cli:main" in entry_points


def test_sdist_carries_the_licence_and_the_package_data(dist: Path) -> None:
    (sdist,) = dist.glob("*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    assert {"LICENSE", "README.md", "pyproject.toml"} <= names
    assert PACKAGE_DATA <= names, PACKAGE_DATA - names
    # The package and what builds it, nothing of this repository's own: no tests, no course.
    assert not [n for n in names if n == "tests" or n.startswith("tests/")]
    top = {name.split("/", 1)[0] for name in names}
    assert top <= {"generator", "ciso_course.egg-info", "LICENSE", "README.md", "pyproject.toml", "PKG-INFO", "setup.cfg", "MANIFEST.in"}, top
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]


def test_metadata_uses_only_known_classifiers() -> None:
    from trove_classifiers import classifiers

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert [c for c in project["classifiers"] if c not in classifiers] == []
    assert project["license"] == "MIT" and (ROOT / "LICENSE").is_file()


def test_installed_command_prints_its_version(own_course: Path) -> None:
    from generator import __version__

    out = run(own_course / "venv" / "bin" / "ciso-course", "--version").stdout
    assert __version__ in out


def test_new_course_validates_lints_clean_and_builds_strictly(own_course: Path) -> None:
    bin_ = own_course / "venv" / "bin"
    course = own_course / "course"
    assert (course / "mkdocs.yml").read_text().count("\n") < 12  # the minimal configuration
    assert "no problems" in run(bin_ / "ciso-course", "validate", cwd=course).stderr
    assert "0 errors, 0 warnings, 0 infos" in run(bin_ / "ciso-course", "lint", cwd=course).stderr
    run(bin_ / "mkdocs", "build", "--strict", cwd=course)
    site = course / "site"
    assert {p.name for p in (site / "assets" / "ciso-course").iterdir()} == {"quiz.js", "quiz.css", "site.css", "site.js", "search-on-demand.js"}
    home = (site / "index.html").read_text()
    assert 'http-equiv="Content-Security-Policy"' in home
    assert "About, ATT&amp;CK terms of use" in home  # the plugin's own footer template


def test_the_readmes_way_to_a_wheel_before_pypi_installs_the_committed_wheel(dist: Path, own_course: Path, tmp_path: Path) -> None:
    """The course's README: the wheel copied into wheels/ and requirements.txt's --find-links line
    uncommented, `pip install -r requirements.txt` (as `make site` and the CI workflow run it)
    takes ciso-course from that wheel, whichever folder pip runs in."""
    (wheel,) = dist.glob("*.whl")
    course = tmp_path / "course"
    shutil.copytree(own_course / "course", course, ignore=shutil.ignore_patterns("site"))
    readme = (course / "README.md").read_text(encoding="utf-8")
    assert "PIP_FIND_LINKS=/path/to/dist make site" in readme and f"`{wheel.name}`" in readme
    (course / "wheels").mkdir()
    shutil.copy(wheel, course / "wheels")
    requirements = course / "requirements.txt"
    assert "\n# --find-links wheels\n" in requirements.read_text(encoding="utf-8")
    requirements.write_text(requirements.read_text(encoding="utf-8").replace("\n# --find-links wheels\n", "\n--find-links wheels\n"), encoding="utf-8")
    python = own_course / "venv" / "bin" / "python"
    out = run(python, "-m", "pip", "install", "--dry-run", "--no-deps", "--ignore-installed", "-r", requirements, cwd=tmp_path).stdout
    assert f"wheels/{wheel.name}" in out and "Would install ciso-course-" in out


@pytest.fixture(scope="module")
def own_url(own_course: Path) -> Iterator[str]:
    yield from serve(own_course / "course" / "site")


def test_new_course_site_works_in_the_browser(watch: Any, own_url: str) -> None:
    page = watch.page()
    page.goto(own_url + "/modules/initial-access-decisions/")
    pick(page, "exposed-server", "public-facing application")
    press(page, "exposed-server", "Check answer")
    expect(verdict(page, "exposed-server")).to_have_text("✓ Correct. 1 of 1 point.")
    page.reload()
    expect(verdict(page, "exposed-server")).to_have_text("✓ Correct. 1 of 1 point.")
    assert "initial-access-decisions/exposed-server" in stored(page)["q"]

    page.goto(own_url + "/reporting-models/ciso-to-ceo/")
    chart = page.get_by_role("img", name="Org chart: CISO reports to the CEO", exact=True)
    expect(chart).to_be_visible()
    expect(chart.locator("text", has_text="CISO")).not_to_have_count(0)

    page.goto(own_url + "/glossary/")
    expect(page.locator("#ciso")).to_be_attached()  # the anchors the pages link to exist

    page.goto(own_url + "/")
    page.keyboard.press("/")  # the theme's shortcut to the search box
    page.keyboard.type("T1078.004")  # the index is there and keeps sub-technique ids whole
    expect(page.locator(".md-search-result__item").first).to_contain_text("T1078.004")


def guide_minimal_config() -> str:
    """The mkdocs.yml the guide's "What mkdocs.yml needs" section shows, as a trainer copies it."""
    section = GUIDE.read_text(encoding="utf-8").split("## What mkdocs.yml needs", 1)[1]
    match = re.search(r"```yaml\n(.*?)```", section, re.S)
    assert match, "the guide shows the minimal mkdocs.yml"
    return match.group(1)


@pytest.fixture(scope="module")
def guide_course(own_course: Path) -> Path:
    """The course `init` made, built with exactly the guide's minimal mkdocs.yml."""
    course = own_course / "guide-course"
    shutil.copytree(own_course / "course" / "content", course / "content")
    (course / "docs").mkdir()
    (course / "mkdocs.yml").write_text(guide_minimal_config(), encoding="utf-8")
    result = run(own_course / "venv" / "bin" / "mkdocs", "build", cwd=course)
    assert "theme's web fonts are off" in result.stderr  # the plugin says why the theme looks as it does
    return course


@pytest.fixture(scope="module")
def guide_url(guide_course: Path) -> Iterator[str]:
    yield from serve(guide_course / "site")


def test_the_guides_minimal_configuration_gives_a_site_that_asks_no_other_origin(watch: Any, guide_course: Path, guide_url: str) -> None:
    """The theme's web fonts would come from Google Fonts, which the policy blocks: two
    Content-Security-Policy errors and a request to another origin on every page."""
    home = (guide_course / "site" / "index.html").read_text(encoding="utf-8")
    assert 'http-equiv="Content-Security-Policy"' in home and "fonts.googleapis.com" not in home
    for path in ("/", "/modules/initial-access-decisions/", "/reporting-models/ciso-to-ceo/"):
        page = watch.page()
        page.goto(guide_url + path)
        page.wait_for_load_state("networkidle")
    # The watch fixture then fails the test on any console error (a blocked font or style is
    # one) and on any request to another origin.
