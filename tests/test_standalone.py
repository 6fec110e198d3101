"""``ciso-course render --standalone``: a whole site project that builds without the plugin.

The browser checks of the Zensical build are in tests/browser/test_engines.py; here the project's
files, the folders it refuses, and strict builds by MkDocs and ProperDocs.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator import assets
from generator.catalog import load_catalog
from generator.cli import main
from generator.render import Urls, render_site
from generator.render.nav import build_nav
from generator.render.page import MARKDOWN_EXTENSIONS, SEARCH_SEPARATOR

from .conftest import MINI, ROOT

DOCS = ROOT / "site_config" / "docs"
BIN = Path(sys.executable).parent


def standalone(out: Path, *extra: str, config: Path = ROOT / "mkdocs.yml", content: Path = MINI) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["render", "--standalone", "--content", str(content), "--config-file", str(config), "--out", str(out), *extra])
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("standalone") / "project"
    code, output = standalone(out)
    assert code == 0, output
    return out


def test_the_configuration_is_the_sites_with_the_course_navigation_and_without_the_plugin(project: Path) -> None:
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    site = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    names = [p if isinstance(p, str) else next(iter(p)) for p in config["plugins"]]
    assert names == ["search"]
    # What the plugin adds to a site itself, written out: the search separator, the Markdown
    # extensions the pages are written for (the site's own first), the assets.
    assert config["plugins"][0]["search"]["separator"] == SEARCH_SEPARATOR
    assert {k: v for k, v in config["theme"].items() if k not in ("custom_dir", "variant", "font")} == {
        k: v for k, v in site["theme"].items() if k != "custom_dir"
    }
    assert config["theme"]["custom_dir"] == "overrides" and config["docs_dir"] == "docs"
    assert config["markdown_extensions"][: len(site["markdown_extensions"])] == site["markdown_extensions"]
    names = [e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]]
    assert set(MARKDOWN_EXTENSIONS) <= set(names) and {"tables": {"use_align_attribute": True}} in config["markdown_extensions"]
    assert config["extra_css"] == ["assets/ciso-course/site.css", "assets/ciso-course/quiz.css"]
    assert config["extra_javascript"] == ["assets/ciso-course/quiz.js", "assets/ciso-course/site.js"]
    hand_written = sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md"))
    assert config["nav"] == build_nav(render_site(load_catalog(MINI), Urls()), hand_written)
    course = load_catalog(MINI).course.model
    assert config["site_name"] == course.title
    assert config["extra"]["ciso_course"] == {"about": "about/"}


def test_the_docs_hold_generated_and_hand_written_pages_assets_and_layers(project: Path) -> None:
    docs = project / "docs"
    for page in render_site(load_catalog(MINI), Urls()):
        assert (docs / page.uri).read_text(encoding="utf-8") == page.markdown
    for uri, data in assets.site_files().items():  # what the plugin serves, without the LMS bridge
        assert (docs / uri).read_bytes() == data
    assert not (docs / "assets" / "ciso-course" / "scorm.js").exists()
    assert sorted((docs / "attack" / "layers").glob("*.json"))
    assert (docs / "guide" / "modules.md").is_file()
    assert (project / "overrides" / "partials" / "copyright.html").is_file()


def test_hand_written_pages_carry_the_glossary_abbreviations(project: Path) -> None:
    page = (project / "docs" / "guide" / "glossary.md").read_text(encoding="utf-8")
    assert "*[CISO]: Chief Information Security Officer" in page
    assert "*[CISO]:" not in (DOCS / "guide" / "glossary.md").read_text(encoding="utf-8")


def test_every_page_gets_a_policy_that_allows_only_the_themes_scripts(project: Path) -> None:
    main_html = (project / "overrides" / "main.html").read_text(encoding="utf-8")
    policy = main_html.split('http-equiv="Content-Security-Policy" content="', 1)[1].split('"', 1)[0]
    script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src and "'sha256-" in script_src
    assert "{% block site_meta %}" in main_html and "search-on-demand.js" in main_html
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["extra"]["scope"] == "/"


def test_the_folders_of_the_course_and_of_other_people_are_refused(tmp_path: Path) -> None:
    assert standalone(DOCS / "project")[0] == 1
    other = tmp_path / "notes"
    other.mkdir()
    (other / "todo.txt").write_text("keep me", encoding="utf-8")
    assert standalone(other)[0] == 1
    assert (other / "todo.txt").read_text(encoding="utf-8") == "keep me"
    assert standalone(tmp_path / "p", "--prefix", "course")[0] == 2


def test_a_failed_render_leaves_the_previous_project_as_it_was(tmp_path: Path) -> None:
    out = tmp_path / "project"
    assert standalone(out)[0] == 0
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    docs = tmp_path / "docs"
    (docs / "modules").mkdir(parents=True)
    (docs / "modules" / "index.md").write_text("# Mine\n", encoding="utf-8")  # where a generated page goes
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"site_name: x\ndocs_dir: {docs}\ntheme:\n  name: material\n", encoding="utf-8")
    code, output = standalone(out, config=config)
    assert code == 1 and "modules/index.md" in output
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["mkdocs", "properdocs"])
def test_mkdocs_and_properdocs_build_the_project_as_it_is_strictly(project: Path, tmp_path: Path, engine: str) -> None:
    site = tmp_path / "site"
    result = subprocess.run(
        [str(BIN / engine), "build", "--strict", "-d", str(site)],
        cwd=project, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr
    page = (site / "modules" / "competing-mandates" / "index.html").read_text(encoding="utf-8")
    assert page.index('http-equiv="Content-Security-Policy"') < page.index("<script")
    assert (site / "attack" / "layers" / "course.json").is_file()


def test_a_configuration_that_inherits_is_refused_with_its_name(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"INHERIT: {ROOT / 'mkdocs.yml'}\nsite_name: x\n", encoding="utf-8")
    code, output = standalone(tmp_path / "project", config=config)
    assert code == 1 and f"Error: nothing written: {config}: INHERIT is not followed here" in output
    assert not (tmp_path / "project").exists()


def test_pages_that_cannot_make_a_project_are_refused_and_the_previous_project_kept(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\ntheme:\n  name: material\n", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    out = tmp_path / "project"
    assert standalone(out, config=config)[0] == 0
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (tmp_path / "docs" / "notes.md").write_bytes(b"caf\xe9\n")
    code, output = standalone(out, config=config)
    assert code == 1 and f"Error: nothing written: {tmp_path / 'docs' / 'notes.md'}: not UTF-8 text" in output
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def _project_config(tmp_path: Path, text: str) -> dict[str, object]:
    from generator.standalone import project_files

    (tmp_path / "docs").mkdir(exist_ok=True)
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"site_name: A course\n{text}", encoding="utf-8")
    files = project_files(load_catalog(MINI), config)
    return yaml.safe_load(files["mkdocs.yml"])


def test_a_theme_named_alone_and_extensions_written_as_a_mapping_are_read_as_mkdocs_reads_them(tmp_path: Path) -> None:
    config = _project_config(tmp_path, "theme: material\nmarkdown_extensions:\n  toc:\n    permalink: true\n  tables: {}\n")
    assert config["theme"]["name"] == "material"
    assert config["theme"]["font"] is False  # the policy would block the theme's web fonts
    assert {"toc": {"permalink": True}} in config["markdown_extensions"]  # the course's options kept
    assert {"tables": {"use_align_attribute": True}} in config["markdown_extensions"]  # and the pages' added


def test_a_hand_written_page_that_is_not_utf8_is_refused_by_name(tmp_path: Path) -> None:
    from generator.standalone import StandaloneError

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "notes.md").write_bytes(b"caf\xe9\n")
    with pytest.raises(StandaloneError, match=r"notes\.md: not UTF-8 text"):
        _project_config(tmp_path, "theme:\n  name: material\n")
