"""Builds the commands start in-process: the site staged and swapped into place, the site as a SCORM
package carries it, and the folders a configuration names."""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from ..output import SITE_MARKER, SITE_NOTE
from . import CoursePlugin


def build_site(config_file: Path, site_dir: Path, content: Path | None = None) -> None:
    """Build into a fresh folder beside ``site_dir`` and swap it in only when the build succeeded.

    Raises :class:`mkdocs.exceptions.MkDocsException` (PluginError, Abort) when the build fails;
    ``site_dir`` is then left exactly as it was.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from ..output import replace_folder

    def fill(staging: Path) -> None:
        config = load_config(str(config_file), site_dir=str(staging))
        if content is not None:
            _plugin(config).config.content_dir = os.path.abspath(content)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()

    replace_folder(site_dir, fill, marker=SITE_MARKER, note=SITE_NOTE)


def _plugin(config: MkDocsConfig) -> CoursePlugin:
    plugin = config.plugins.get("ciso-course")
    if not isinstance(plugin, CoursePlugin):
        raise PluginError(f"{config.config_file_path} does not use the ciso-course plugin")
    return plugin


def site_folders(config_file: Path) -> dict[str, Path]:
    """The folders an MkDocs configuration names: content, docs_dir and site_dir, without building."""
    from mkdocs.config import load_config

    config = load_config(str(config_file))
    folders = {"docs_dir": Path(config.docs_dir), "site_dir": Path(config.site_dir)}
    plugin = config.plugins.get("ciso-course")
    if isinstance(plugin, CoursePlugin):
        folders["content"] = plugin._content_dir(config)
    return folders


_PACKAGE_LEFT_OUT = ("sitemap.xml", "sitemap.xml.gz", "404.html")


def build_package_site(config_file: Path, content: Path | None = None) -> tuple[dict[str, bytes], str]:
    """The site as a SCORM package carries it: every file of a build made for an LMS, by name,
    and the prefix of the generated pages (the plugin's ``prefix`` setting, e.g. ``"course/"``).

    The build is the site's (same theme, pages, sanitising and Content-Security-Policy), with what
    needs a web server or leaves the package taken out: pages as ``name.html`` files (an LMS
    serves no folder index), no search (its index is fetched), no instant navigation, no
    ``site_url`` (no absolute address), no hand-written page of ``docs_dir`` and no progress page
    (see ``CoursePlugin.on_files``); and ``scorm.js``, the LMS bridge, loaded before the quiz.
    Raises :class:`mkdocs.exceptions.MkDocsException` when the build fails.
    """
    import tempfile

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    with tempfile.TemporaryDirectory(prefix="ciso-course-scorm-") as folder:
        site = Path(folder) / "site"
        config = load_config(str(config_file), site_dir=str(site))
        plugin = _plugin(config)
        if content is not None:
            plugin.config.content_dir = os.path.abspath(content)
        config.use_directory_urls = False
        config.site_url = None
        for name in [name for name in config.plugins if name.split("/")[-1] == "search"]:
            search = config.plugins.pop(name)
            # The collection dispatches events from its own lists: take the plugin out of them too,
            # or it still indexes the whole site.
            for methods in config.plugins.events.values():
                methods[:] = [method for method in methods if getattr(method, "__self__", None) is not search]
        features = config.theme.get("features") or []
        config.theme["features"] = [f for f in features if not f.startswith(("navigation.instant", "search."))]
        config.plugins.on_startup(command="build", dirty=False)
        # The LMS bridge with the quiz, and no search. MkDocs keeps one instance of a plugin that
        # has on_startup for every configuration loaded in the process: the flag must not outlive
        # this build.
        plugin.package = True
        try:
            build(config)
        finally:
            plugin.package = False
            config.plugins.on_shutdown()
        files = {
            path.relative_to(site).as_posix(): path.read_bytes()
            for path in sorted(site.rglob("*"))
            if path.is_file() and not path.is_symlink()
            and not any(part.startswith(".") for part in path.relative_to(site).parts)
            and path.relative_to(site).as_posix() not in _PACKAGE_LEFT_OUT
        }
        prefix = plugin.config.prefix.strip("/")
    return files, f"{prefix}/" if prefix else ""
