"""The MkDocs plugin in-process, and builds that must fail without touching the previous site."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import stat
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from click.testing import CliRunner
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from generator.cli import main
from generator.output import SITE_MARKER
from generator.plugin import CoursePlugin

from .conftest import FIXTURES, ROOT, build_site, make_course


def config_for(tmp_path: Path, content: Path, docs: Path | None = None, **plugin: Any) -> Path:
    """An MkDocs config inheriting the shipped one, pointed at ``content``."""
    docs = docs or (ROOT / "site_config" / "docs")
    options = {"content_dir": str(content), **plugin}
    lines = [
        f"INHERIT: {ROOT / 'mkdocs.yml'}",
        f"docs_dir: {docs}",
        f"site_dir: {tmp_path / 'site'}",
        "theme:",
        "  name: material",
        "plugins:",
        "  ciso-course:",
    ] + [f"    {k}: {v}" for k, v in options.items()]
    path = tmp_path / "mkdocs.yml"
    path.write_text("\n".join(lines) + "\n")
    return path


def plugin_of(config: Any) -> CoursePlugin:
    plugin = config.plugins["ciso-course"]
    assert isinstance(plugin, CoursePlugin)
    return plugin


def test_plugin_hands_generated_pages_to_mkdocs_in_memory(tmp_path: Path) -> None:
    content = make_course(tmp_path)
    before = sorted(p.relative_to(ROOT) for p in (ROOT / "site_config" / "docs").rglob("*"))
    config = load_config(str(config_for(tmp_path, content)))
    config = config.plugins.on_config(config)
    files = config.plugins.on_files(Files([]), config=config)
    generated = {f.src_uri: f for f in files if f.generated_by}
    assert "modules/competing-mandates.md" in generated
    assert "attack/TA0001.md" in generated
    assert generated["modules/competing-mandates.md"].content_string.startswith("---\ntitle: ")
    assert config.nav[0] == {"CISO leadership in the AI era": "index.md"}
    # nothing was written into docs_dir or content/
    assert sorted(p.relative_to(ROOT) for p in (ROOT / "site_config" / "docs").rglob("*")) == before


def test_org_chart_goes_around_the_sanitiser_in_a_placeholder_content_cannot_guess(tmp_path: Path) -> None:
    config = load_config(str(config_for(tmp_path, make_course(tmp_path))))
    config = config.plugins.on_config(config)
    files = config.plugins.on_files(Files([]), config=config)
    plugin = plugin_of(config)
    source = next(f for f in files if f.src_uri == "reporting-models/ciso-to-cio.md")
    (chart,) = next(p for p in plugin.pages if p.uri == source.src_uri).charts
    markdown = source.content_string
    assert "<svg" not in markdown
    found = re.search(r"cc-orgchart-[0-9a-f]{32}-0", markdown)
    assert found is not None and found.group() != CoursePlugin()._chart_placeholder(0), "a new token for every build"
    page = SimpleNamespace(file=source)
    # The sanitiser still drops any <svg> the page brought; the project's chart comes back in its place.
    html = f'<div class="cc-orgchart">\n{found.group()}\n</div>\n<svg><text>smuggled</text></svg>'
    assert plugin.on_page_content(html, page=page, config=config, files=files) == f'<div class="cc-orgchart">\n{chart}\n</div>\n'
    with pytest.raises(PluginError, match="lost its place"):
        plugin.on_page_content("<p>The placeholder is gone.</p>", page=page, config=config, files=files)


def test_a_mermaid_fence_in_content_stays_a_code_block() -> None:
    """Material fetches Mermaid from a CDN for any <pre class="mermaid"> in a page: the shipped
    Markdown configuration never makes one, so a fence a trainer writes stays code."""
    import markdown

    from generator.plugin.setup import add_markdown_extensions

    config = load_config(str(ROOT / "mkdocs.yml"))
    add_markdown_extensions(config)
    md = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
    html = md.convert("Before.\n\n```mermaid\nflowchart BT\n    a --> b\n```\n\n``` {.mermaid}\nc --> d\n```\n")
    assert html.count("<pre") == 2 and "a --&gt; b" in html
    assert not re.search(r"<pre[^>]*mermaid", html) and 'class="mermaid"' not in html, html


@pytest.mark.parametrize("hand_written", ["roles/cio.md", "roles/cio/index.md", "modules/README.md", "attack/layers/course.json"])
def test_generated_page_colliding_with_a_hand_written_one_is_an_error(tmp_path: Path, hand_written: str) -> None:
    """Same source path or not: two files that would be written to the same place collide."""
    content = make_course(tmp_path)
    docs = tmp_path / "docs"
    (docs / hand_written).parent.mkdir(parents=True)
    (docs / hand_written).write_text("# Hand-written page\n")
    config = load_config(str(config_for(tmp_path, content, docs)))
    config = config.plugins.on_config(config)
    files = Files([File(hand_written, str(docs), str(tmp_path / "site"), use_directory_urls=True)])
    with pytest.raises(PluginError, match=re.escape(hand_written)):
        config.plugins.on_files(files, config=config)


@pytest.mark.parametrize("site_dir", ["content", "content/..", "content/sub", "home"])
def test_plain_mkdocs_build_refuses_a_site_dir_that_would_empty_the_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, site_dir: str
) -> None:
    """`mkdocs build -d content` would wipe the course before writing the site. (MkDocs itself
    refuses a site_dir around docs_dir, which covers the root folder.)"""
    content = make_course(tmp_path)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    config = load_config(str(config_for(tmp_path, content)), site_dir=str(home if site_dir == "home" else tmp_path / site_dir))
    with pytest.raises(PluginError, match="site_dir: refusing to write into"):
        config.plugins.on_config(config)


@pytest.mark.parametrize("prefix", ["../escaped", "a/../../b", "/.", "a b"])
def test_prefix_must_be_folder_names(tmp_path: Path, prefix: str) -> None:
    content = make_course(tmp_path)
    config = load_config(str(config_for(tmp_path, content, prefix=f'"{prefix}"')))
    with pytest.raises(PluginError, match="prefix"):
        config.plugins.on_config(config)


def test_invalid_content_fails_in_on_config_with_the_validator_messages(tmp_path: Path) -> None:
    content = make_course(tmp_path)
    (content / "roles" / "cio.yml").write_text("id: cio\n")
    config = load_config(str(config_for(tmp_path, content)))
    with pytest.raises(PluginError, match=r"roles/cio\.yml:1:1: missing required field 'title'"):
        config.plugins.on_config(config)


def test_disabled_plugin_generates_nothing(tmp_path: Path) -> None:
    content = make_course(tmp_path)
    (content / "roles" / "cio.yml").write_text("broken: [\n")
    config = load_config(str(config_for(tmp_path, content, enabled="false")))
    config = config.plugins.on_config(config)
    assert list(config.plugins.on_files(Files([]), config=config)) == []


def test_prefix_places_generated_pages_under_a_folder(tmp_path: Path) -> None:
    content = make_course(tmp_path)
    config = load_config(str(config_for(tmp_path, content, prefix="course")))
    config = config.plugins.on_config(config)
    uris = {f.src_uri for f in config.plugins.on_files(Files([]), config=config) if f.src_uri.endswith(".md")}
    assert uris and all(uri.startswith("course/") for uri in uris)
    assert config.extra["ciso_course"]["about"] == "course/about/"


def test_footer_about_link_follows_use_directory_urls(tmp_path: Path) -> None:
    content = make_course(tmp_path)
    path = config_for(tmp_path, content, prefix="course")
    path.write_text(path.read_text() + "use_directory_urls: false\n")
    config = load_config(str(path))
    config = config.plugins.on_config(config)
    assert config.extra["ciso_course"]["about"] == "course/about.html"


def test_strict_build_fails_on_a_placeholder_that_would_be_published(tmp_path: Path) -> None:
    content = make_course(tmp_path)
    role = content / "roles" / "cio.yml"
    role.write_text(role.read_text().replace("title: ", "title: TODO ", 1))
    result = build_site(config_for(tmp_path, content), tmp_path / "out", "--strict")
    assert result.returncode != 0
    assert re.search(r"WARNING .*roles/cio\.yml:\d+:\d+: warning: placeholder left from `ciso-course new`", result.stderr)
    assert "Aborted with 1 warnings in strict mode" in result.stdout + result.stderr


def test_serve_watches_the_content_folder(tmp_path: Path) -> None:
    content = make_course(tmp_path)
    config = load_config(str(config_for(tmp_path, content)))

    class Server:
        watched: list[str] = []

        def watch(self, path: str) -> None:
            self.watched.append(path)

    server = Server()
    plugin_of(config).on_serve(server, config=config, builder=None)
    assert server.watched == [str(content.resolve())]


def test_cache_survives_serve_rebuilds_and_rereads_only_the_edited_file(tmp_path: Path) -> None:
    """What `mkdocs serve` does: load the config again for each rebuild, keeping plugin instances."""
    from mkdocs.commands.build import build

    content = make_course(tmp_path)
    config_file = str(config_for(tmp_path, content))
    config = load_config(config_file)
    config.plugins.on_startup(command="serve", dirty=False)
    build(config)
    plugin = plugin_of(config)
    first = plugin.cache.parsed
    role = content / "roles" / "ciso.yml"
    role.write_text(role.read_text().replace("Owns the organisation", "Leads the organisation"))
    config = load_config(config_file)
    build(config)
    assert plugin_of(config) is plugin
    assert (first, plugin.cache.parsed) == (len(list(content.rglob("*.yml"))), 1)
    html = (tmp_path / "site" / "roles" / "ciso" / "index.html").read_text()
    assert "Leads the organisation" in html
    config.plugins.on_shutdown()


def digest_tree(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="module")
def good_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("good") / "site"
    result = build_site(FIXTURES / "mkdocs-mini.yml", site)
    assert result.returncode == 0, result.stderr
    return site


def test_plain_mkdocs_build_with_invalid_content_leaves_site_byte_identical(tmp_path: Path, good_site: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(good_site, site)
    before = digest_tree(site)
    content = make_course(tmp_path)
    (content / "modules" / "competing-mandates.yml").write_text("id: competing-mandates\nlevel: expert\n")
    result = build_site(config_for(tmp_path, content), site)
    assert result.returncode != 0
    assert "modules/competing-mandates.yml:2:8: level:" in result.stderr
    assert digest_tree(site) == before


def test_ciso_course_build_failure_leaves_site_byte_identical(
    tmp_path: Path, good_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    shutil.copytree(good_site, site)
    (site / ".ciso-course-site").write_text("marker\n")
    before = digest_tree(site)
    content = make_course(tmp_path)
    # Valid content, but a broken link in a lesson: the strict build fails after rendering.
    module = content / "modules" / "competing-mandates.yml"
    module.write_text(module.read_text().replace("The CIO is measured on delivery;", "See [nowhere](missing.md);"))
    config = config_for(tmp_path, content)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build", "--content", str(content), "-f", str(config), "--site-dir", str(site)])
    assert result.exit_code == 1, result.output
    assert "unchanged" in result.stderr
    assert digest_tree(site) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site.")] == []


def test_ciso_course_build_swaps_in_the_new_site(tmp_path: Path, good_site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    shutil.copytree(good_site, site)
    (site / "stale.html").write_text("old")
    content = make_course(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build", "--content", str(content), "-f", str(config_for(tmp_path, content)), "--site-dir", str(site)])
    assert result.exit_code == 0, result.output
    assert not (site / "stale.html").exists()
    assert (site / "modules" / "competing-mandates" / "index.html").is_file()


def test_ciso_course_build_gives_the_site_the_usual_permissions(
    tmp_path: Path, good_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The staging folder is private while it is built; the site a web server reads is not."""
    content = make_course(tmp_path)
    config = str(config_for(tmp_path, content))
    monkeypatch.chdir(tmp_path)
    old_mask = os.umask(0o022)
    try:
        result = CliRunner().invoke(main, ["build", "--content", str(content), "-f", config, "--site-dir", "new"])
        assert result.exit_code == 0, result.output
        assert stat.S_IMODE((tmp_path / "new").stat().st_mode) == 0o755
        shutil.copytree(good_site, tmp_path / "kept")
        (tmp_path / "kept" / ".ciso-course-site").write_text("marker\n")
        (tmp_path / "kept").chmod(0o750)
        result = CliRunner().invoke(main, ["build", "--content", str(content), "-f", config, "--site-dir", "kept"])
        assert result.exit_code == 0, result.output
        assert stat.S_IMODE((tmp_path / "kept").stat().st_mode) == 0o750
    finally:
        os.umask(old_mask)


def test_build_takes_a_marker_less_site_only_in_the_configured_site_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder that merely looks like a site (index.html, sitemap.xml) and holds
    someone's files is refused as --site-dir; in the configured site_dir, MkDocs' own output is replaced."""
    content = make_course(tmp_path)
    config = config_for(tmp_path, content)
    monkeypatch.chdir(tmp_path)
    www = tmp_path / "www"
    for name in ("index.html", "sitemap.xml", "thesis.txt"):
        (www / name).parent.mkdir(parents=True, exist_ok=True)
        (www / name).write_text("years of work")
    before = digest_tree(www)
    result = CliRunner().invoke(main, ["build", "--content", str(content), "-f", str(config), "--site-dir", str(www)])
    assert result.exit_code == 1 and "not made by ciso-course" in result.stderr, result.output
    assert digest_tree(www) == before
    configured = Path(load_config(str(config)).site_dir)
    shutil.copytree(www, configured)
    result = CliRunner().invoke(main, ["build", "--content", str(content), "-f", str(config)])
    assert result.exit_code == 0, result.output
    assert not (configured / "thesis.txt").exists() and (configured / ".ciso-course-site").is_file()


@pytest.mark.parametrize("target", ["content", "docs", "home", "root", "foreign"])
def test_build_and_render_refuse_dangerous_targets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: str) -> None:
    content = make_course(tmp_path)
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "thesis.txt").write_text("years of work")
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    path = {
        "content": content, "docs": ROOT / "site_config" / "docs", "home": home, "root": Path("/"), "foreign": foreign,
    }[target]
    config = config_for(tmp_path, content)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    built = runner.invoke(main, ["build", "--content", str(content), "-f", str(config), "--site-dir", str(path)])
    assert built.exit_code == 1 and "refusing" in built.stderr, built.output
    rendered = runner.invoke(main, ["render", "--content", str(content), "--out", str(path)])
    if target != "docs":  # render only knows docs_dir from ./mkdocs.yml
        assert rendered.exit_code == 1 and "refusing" in rendered.stderr, rendered.output
    assert (foreign / "thesis.txt").read_text() == "years of work"


def test_build_content_option_feeds_the_plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`build --content DIR` builds DIR, whatever content_dir the configuration names."""
    content = make_course(tmp_path)
    role = content / "roles" / "cio.yml"
    role.write_text(role.read_text().replace("Owns the technology", "Runs the estate"))
    config = config_for(tmp_path, tmp_path / "elsewhere")
    monkeypatch.chdir(tmp_path)
    site = tmp_path / "built"
    result = CliRunner().invoke(main, ["build", "--content", str(content), "-f", str(config), "--site-dir", str(site)])
    assert result.exit_code == 0, result.output
    assert "Runs the estate" in (site / "roles" / "cio" / "index.html").read_text()


def test_preview_server_pages_carry_no_policy_that_would_block_live_reload(tmp_path: Path) -> None:
    """`mkdocs serve` injects an inline live-reload script; the policy is for published sites."""
    from mkdocs.commands.build import build

    content = make_course(tmp_path)
    for command, expected in (("serve", False), ("build", True)):
        config = load_config(str(config_for(tmp_path, content)))
        config.plugins.on_startup(command=command, dirty=False)
        build(config)
        html = (tmp_path / "site" / "roles" / "cio" / "index.html").read_text()
        assert ('http-equiv="Content-Security-Policy"' in html) is expected, command
        config.plugins.on_shutdown()


# --- site_dir: a symbolic link, a link inside it, a folder someone filled ---------------------


def outside_work(tmp_path: Path) -> Path:
    """A folder outside the project that holds someone's files, and looks like a built site."""
    outside = tmp_path / "elsewhere" / "www"
    outside.mkdir(parents=True)
    for name in ("index.html", "sitemap.xml", "thesis.txt"):
        (outside / name).write_text("years of work")
    return outside


@pytest.mark.parametrize("link", ["site", "out/site"])
def test_plain_mkdocs_build_refuses_a_linked_site_dir_and_leaves_its_target_intact(tmp_path: Path, link: str) -> None:
    """MkDocs empties site_dir through the link: a committed `site` link could name any folder."""
    project = tmp_path / "project"
    project.mkdir()
    content = make_course(project)
    outside = outside_work(tmp_path)
    before = digest_tree(outside)
    if link == "site":
        (project / "site").symlink_to(outside, target_is_directory=True)
    else:  # the link is a folder on the way to site_dir
        (project / "out").symlink_to(outside.parent, target_is_directory=True)
        outside.rename(outside.parent / "site")
        outside = outside.parent / "site"
    result = build_site(config_for(project, content), project / link)
    assert result.returncode != 0
    assert "site_dir: refusing to write into" in result.stderr and "is a symbolic link; name the real folder instead" in result.stderr
    assert digest_tree(outside) == before
    assert (project / link.split("/")[0]).is_symlink()


def test_plain_mkdocs_build_refuses_a_link_inside_site_dir(tmp_path: Path) -> None:
    """MkDocs cannot empty a linked folder in site_dir and would then write pages through it."""
    content = make_course(tmp_path)
    outside = outside_work(tmp_path)
    before = digest_tree(outside)
    site = tmp_path / "site"
    site.mkdir()
    (site / SITE_MARKER).write_text("marker\n")
    (site / "roles").symlink_to(outside, target_is_directory=True)
    config = load_config(str(config_for(tmp_path, content)), site_dir=str(site))
    with pytest.raises(PluginError, match=r"roles is a symbolic link, which MkDocs would write through"):
        config.plugins.on_config(config)
    assert digest_tree(outside) == before


def test_plain_mkdocs_build_refuses_a_site_dir_someone_filled(tmp_path: Path) -> None:
    """The rule of `ciso-course build`: a non-empty folder only when a build made it."""
    content = make_course(tmp_path)
    site = tmp_path / "site"
    site.mkdir()
    (site / "thesis.txt").write_text("years of work")
    config = load_config(str(config_for(tmp_path, content)), site_dir=str(site))
    with pytest.raises(PluginError, match="the folder is not empty and was not made by ciso-course"):
        config.plugins.on_config(config)
    assert (site / "thesis.txt").read_text() == "years of work"


@pytest.mark.parametrize("left", ["a build that failed half-way", "hidden files only", "a plain mkdocs site"])
def test_plain_mkdocs_build_takes_over_its_own_site_dir(tmp_path: Path, left: str) -> None:
    from mkdocs.commands.build import build

    content = make_course(tmp_path)
    site = tmp_path / "site"
    (site / "assets").mkdir(parents=True)
    if left == "a build that failed half-way":
        (site / SITE_MARKER).write_text("marker\n")
        (site / "assets" / "half.css").write_text("")
    elif left == "hidden files only":
        (site / "assets").rmdir()
        (site / ".git").write_text("gitdir: ../.git/worktrees/site\n")
    else:
        for name in ("index.html", "sitemap.xml", "404.html"):
            (site / name).write_text("old")
    config = load_config(str(config_for(tmp_path, content)), site_dir=str(site))
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    config.plugins.on_shutdown()
    assert (site / "roles" / "cio" / "index.html").is_file() and (site / SITE_MARKER).is_file()
    assert not (site / "assets" / "half.css").exists()


def test_ciso_course_build_and_render_refuse_a_linked_target(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rename over the link would replace the link by a folder, and render would empty its target."""
    content = make_course(tmp_path)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (tmp_path / "site").symlink_to(outside, target_is_directory=True)
    config = config_for(tmp_path, content)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    built = runner.invoke(main, ["build", "--content", str(content), "-f", str(config)])
    assert built.exit_code == 1 and "is a symbolic link" in built.stderr, built.output
    rendered = runner.invoke(main, ["render", "--content", str(content), "--out", "site"])
    assert rendered.exit_code == 1 and "is a symbolic link" in rendered.stderr, rendered.output
    assert (tmp_path / "site").is_symlink() and list(outside.iterdir()) == []


# --- what the plugin brings itself -------------------------------------------------------------


def minimal_config(tmp_path: Path, content: Path, *, theme: str = "material", plugins: str = "- search\n  - ciso-course", extra: str = "") -> Path:
    """A course's mkdocs.yml with nothing but what the guide says a course needs."""
    docs = tmp_path / "docs"
    docs.mkdir(exist_ok=True)
    path = tmp_path / "mkdocs.yml"
    plugins = plugins.replace("ciso-course", f"ciso-course:\n      content_dir: {content}")
    path.write_text(f"site_name: A course\ntheme:\n  name: {theme}\nplugins:\n  {plugins}\n{extra}")
    return path


def test_minimal_configuration_gets_the_extensions_assets_templates_and_search_separator(tmp_path: Path) -> None:
    from generator.plugin.setup import MARKDOWN_EXTENSIONS, SEARCH_SEPARATOR, TEMPLATES

    config = load_config(str(minimal_config(tmp_path, make_course(tmp_path))))
    config = config.plugins.on_config(config)
    names = [e for e in config.markdown_extensions if isinstance(e, str)]
    assert set(MARKDOWN_EXTENSIONS) - {"abbr"} <= set(names)  # abbr is there as the plugin's own extension
    assert config.mdx_configs["tables"] == {"use_align_attribute": True}
    assert config.extra_css == ["assets/ciso-course/site.css", "assets/ciso-course/quiz.css"]
    assert [str(s) for s in config.extra_javascript] == ["assets/ciso-course/quiz.js", "assets/ciso-course/site.js"]
    assert config.theme.dirs[0] == TEMPLATES
    assert config.plugins["material/search"].config.separator == SEARCH_SEPARATOR
    files = config.plugins.on_files(Files([]), config=config)
    assets = {f.src_uri: f for f in files if f.src_uri.startswith("assets/ciso-course/")}
    assert set(assets) == {"assets/ciso-course/quiz.js", "assets/ciso-course/quiz.css", "assets/ciso-course/site.css", "assets/ciso-course/site.js", "assets/ciso-course/search-on-demand.js"}
    assert assets["assets/ciso-course/quiz.js"].content_bytes == (ROOT / "generator" / "assets" / "quiz.js").read_bytes()


def test_a_course_keeps_its_own_overrides_search_separator_and_listed_extensions(tmp_path: Path) -> None:
    from generator.plugin.setup import TEMPLATES

    (tmp_path / "overrides").mkdir()
    extra = "markdown_extensions:\n  - admonition\n  - toc:\n      permalink: true\n"
    path = minimal_config(tmp_path, make_course(tmp_path), extra=extra, plugins="- search:\n      separator: '[\\s]+'\n  - ciso-course")
    path.write_text(path.read_text().replace("name: material", f"name: material\n  custom_dir: {tmp_path / 'overrides'}"))
    config = config_of = load_config(str(path))
    config = config.plugins.on_config(config_of)
    assert config.theme.dirs[:2] == [str(tmp_path / "overrides"), TEMPLATES]  # the course's templates first
    assert config.plugins["material/search"].config.separator == "[\\s]+"
    assert config.mdx_configs["toc"] == {"permalink": True}
    assert [e for e in config.markdown_extensions if isinstance(e, str)].count("admonition") == 1


def test_the_policy_turns_the_theme_web_fonts_off_and_says_why(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """The theme's default Google Fonts would be blocked by the policy: the plugin turns them off."""
    config = load_config(str(minimal_config(tmp_path, make_course(tmp_path))))
    assert config.theme["font"] != False  # noqa: E712 - the theme's default: web fonts from Google
    with caplog.at_level("INFO", logger="mkdocs.plugins.ciso-course"):
        config = config.plugins.on_config(config)
    assert config.theme["font"] is False
    (record,) = [r for r in caplog.records if "font" in r.getMessage()]
    assert record.levelname == "INFO" and "Content-Security-Policy" in record.getMessage()


def test_a_font_the_course_names_is_turned_off_with_a_warning_that_says_what_to_write(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = minimal_config(tmp_path, make_course(tmp_path))
    path.write_text(path.read_text().replace("name: material", "name: material\n  font:\n    text: Inter"))
    config = load_config(str(path))
    config = config.plugins.on_config(config)
    assert config.theme["font"] is False
    (record,) = [r for r in caplog.records if "font" in r.getMessage()]
    assert record.levelname == "WARNING" and "Inter" in record.getMessage() and "font: false" in record.getMessage()


@pytest.mark.parametrize("font", ["false", None])
def test_web_fonts_stay_as_configured_without_the_policy_or_when_already_off(tmp_path: Path, caplog: pytest.LogCaptureFixture, font: str | None) -> None:
    path = minimal_config(tmp_path, make_course(tmp_path))
    if font is None:  # the policy off: the course's web server sends its own
        path.write_text(path.read_text().replace("content_dir:", "content_security_policy: false\n      content_dir:"))
    else:
        path.write_text(path.read_text().replace("name: material", f"name: material\n  font: {font}"))
    config = load_config(str(path))
    before = config.theme["font"]
    with caplog.at_level("INFO", logger="mkdocs.plugins.ciso-course"):
        config = config.plugins.on_config(config)
    assert config.theme["font"] == before
    assert not [r for r in caplog.records if "font" in r.getMessage()]


def test_the_search_plugin_listed_after_ciso_course_works_as_well(tmp_path: Path) -> None:
    """The message for a missing search plugin names no order: either order configures search."""
    from generator.plugin.setup import SEARCH_SEPARATOR

    config = load_config(str(minimal_config(tmp_path, make_course(tmp_path), plugins="- ciso-course\n  - search")))
    config = config.plugins.on_config(config)
    assert list(config.plugins)[:2] == ["ciso-course", "material/search"]
    assert config.plugins["material/search"].config.separator == SEARCH_SEPARATOR


@pytest.mark.parametrize(("theme", "plugins", "extra", "message"), [
    ("mkdocs", "- search\n  - ciso-course", "", "made for the Material for MkDocs theme"),
    ("material", "- ciso-course", "", "needs the search plugin; add it to plugins, before or after ciso-course"),
    ("material", "- search\n  - ciso-course", "markdown_extensions:\n  - tables:\n      use_align_attribute: false\n", "use_align_attribute: true"),
])
def test_what_the_plugin_cannot_supply_stops_the_build_with_what_to_write(tmp_path: Path, theme: str, plugins: str, extra: str, message: str) -> None:
    config = load_config(str(minimal_config(tmp_path, make_course(tmp_path), theme=theme, plugins=plugins, extra=extra)))
    with pytest.raises(PluginError, match=message):
        config.plugins.on_config(config)


@pytest.mark.slow
def test_the_starter_course_builds_strictly_with_the_minimal_configuration(tmp_path: Path) -> None:
    config = minimal_config(tmp_path, ROOT / "content", extra="strict: true\n")
    result = build_site(config, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    module = (tmp_path / "site" / "modules" / "reporting-lines" / "index.html").read_text()
    assert 'src="../../assets/ciso-course/quiz.js"' in module and 'http-equiv="Content-Security-Policy"' in module
    assert "About, ATT&amp;CK terms of use" in module
    chart = (tmp_path / "site" / "reporting-models" / "ciso-to-cio" / "index.html").read_text()
    assert "<svg" in chart


@pytest.mark.slow
def test_a_scorm_package_build_leaves_the_next_build_in_the_process_a_site_build(tmp_path: Path) -> None:
    """MkDocs reuses one plugin instance for every configuration of a process (the plugin has
    on_startup): what a package build switches on must be off again after it."""
    from generator.plugin.builds import build_package_site

    content = make_course(tmp_path)
    (tmp_path / "package").mkdir()
    files, _ = build_package_site(config_for(tmp_path / "package", content), content)
    assert "assets/ciso-course/scorm.js" in files
    assert not [name for name in files if name.startswith("search/")], "the search plugin left out, not only unlisted"
    (tmp_path / "site-build").mkdir()
    config = load_config(str(minimal_config(tmp_path / "site-build", content)))
    config = config.plugins.on_config(config)
    assert [str(s) for s in config.extra_javascript] == ["assets/ciso-course/quiz.js", "assets/ciso-course/site.js"]
    (tmp_path / "no-search").mkdir()
    config = load_config(str(minimal_config(tmp_path / "no-search", content, plugins="- ciso-course")))
    with pytest.raises(PluginError, match="needs the search plugin"):
        config.plugins.on_config(config)


def test_tables_written_by_their_full_name_get_the_alignment_attribute_under_that_name(tmp_path: Path) -> None:
    extra = "markdown_extensions:\n  - markdown.extensions.tables\n"
    config = load_config(str(minimal_config(tmp_path, make_course(tmp_path), extra=extra)))
    config = config.plugins.on_config(config)
    assert config.mdx_configs["markdown.extensions.tables"] == {"use_align_attribute": True}
    assert config.mdx_configs["tables"] == {"use_align_attribute": True}  # MkDocs' built-in instance too
