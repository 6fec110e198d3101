"""The MkDocs adapter: validated content in, generated pages handed to MkDocs in memory.

Only this package imports MkDocs (with ``setup``, what the plugin adds to a course's configuration,
and ``builds``, the builds commands start). Content is loaded in ``on_config``, before MkDocs cleans
``site_dir``, so invalid content fails the build and leaves the previous site as it was.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page as MkPage

from .. import assets, csp
from ..catalog import Catalog, FileCache, load_catalog
from ..errors import ContentError, ContentErrors, display_path
from ..exports.navigator import site_layers
from ..lint import placeholder_findings
from ..output import SITE_MARKER, SITE_NOTE, UnsafeTarget, check_site_dir, protected_dirs, write_text_atomic
from ..reading.containment import first_link
from ..reading.messages import LINK_REFUSED
from ..render import Page, Urls, abbreviations, render_site
from ..render.abbr import Abbreviations, AbbrExtension
from ..render.nav import build_nav, prune_nav
from ..render.sanitize import sanitize
from ..render.text import escape_html
from ..render.urls import page_path
from . import setup
from .compact import CompactTemplates

# Under MkDocs' own logger, so that `mkdocs build --strict` counts the warnings.
log = logging.getLogger("mkdocs.plugins.ciso-course")
_PREFIX = re.compile(r"[A-Za-z0-9_-]+(?:/[A-Za-z0-9_-]+)*")


class CoursePluginConfig(base.Config):
    enabled = c.Type(bool, default=True)
    content_dir = c.Type(str, default="content")
    prefix = c.Type(str, default="")
    content_security_policy = c.Type(bool, default=True)


class CoursePlugin(BasePlugin[CoursePluginConfig]):
    def __init__(self) -> None:
        self.cache = FileCache()
        self.catalog: Catalog | None = None
        self.pages: list[Page] = []
        self.layers: list[tuple[str, str]] = []  # (uri, JSON) of the ATT&CK Navigator layers
        self.abbreviations = Abbreviations({})
        self.generated: set[str] = set()
        self.script_patterns: list[Any] = []
        self.serving = False
        self.package = False  # building the pages of a SCORM package (build_package_site)
        # Org charts skip the sanitiser (it drops every <svg>): a placeholder that content cannot
        # guess holds each one's place through Markdown and sanitising (see _hold_charts).
        self.charts: dict[str, tuple[str, ...]] = {}
        self.chart_token = secrets.token_hex(16)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this instance (and its cache) across `mkdocs serve` rebuilds.
        self.cache = FileCache()
        # The preview server injects an inline live-reload script into every page, which the
        # Content-Security-Policy would block: the policy is for published sites only.
        self.serving = command == "serve"

    @property
    def _with_policy(self) -> bool:
        return self.config.content_security_policy and not self.serving

    def _content_dir(self, config: MkDocsConfig) -> Path:
        # Absolute but not resolved: a content folder that is a symbolic link must be seen as one.
        return Path(os.path.abspath(Path(config.config_file_path).parent / self.config.content_dir))

    # Before the search plugin's, which fills in its separator if none is set (see setup).
    @event_priority(50)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return config
        # The fonts follow the option, not whether the policy is written (mkdocs serve leaves it
        # out): the preview looks like the published site.
        setup.configure(config, package=self.package, policy=self.config.content_security_policy)
        prefix = self.config.prefix.strip("/")
        if prefix and not _PREFIX.fullmatch(prefix):
            raise PluginError(f"ciso-course: prefix '{self.config.prefix}' must be folder names (letters, digits, '-', '_') separated by '/'")
        project = Path(os.path.abspath(Path(config.config_file_path).parent))
        content = self._content_dir(config)
        try:
            # MkDocs empties site_dir before it writes: never the content, the home folder or /,
            # a folder someone else filled, or one reached through a symbolic link.
            protected = protected_dirs(content, {"docs_dir": Path(config.docs_dir)})
            check_site_dir(Path(config.site_dir), protected=protected, project=project)
        except UnsafeTarget as exc:
            raise PluginError(f"site_dir: {exc}") from None
        try:
            # A link on the way from the project folder to the content (the content folder
            # itself is load_catalog's to refuse).
            link = first_link(project, content.parent) if content.is_relative_to(project) else None
            if link is not None:
                raise ContentErrors([ContentError(display_path(link), 1, 1, LINK_REFUSED)])
            self.catalog = load_catalog(content, self.cache)
        except ContentErrors as errors:
            raise PluginError(f"{len(errors.errors)} problem(s) in the course content:\n{errors.report()}") from None
        for finding in placeholder_findings(self.catalog):
            log.warning("%s", finding)
        urls = Urls(f"{prefix}/" if prefix else "")
        self.pages = render_site(self.catalog, urls, package=self.package)
        # The coverage page links these layers for download.
        self.layers = site_layers(self.catalog, urls, site_url=config.site_url or "", directory_urls=config.use_directory_urls)
        course = self.catalog.course.model
        if not config.site_name or config.site_name == "ciso-course":
            # The theme writes site_name into every page unescaped.
            config.site_name = escape_html(" ".join(course.title.split()))
        # The footer shows the ATT&CK notice on every page; the theme override links the about page.
        if not config.copyright:
            config.copyright = escape_html(" ".join(course.attack_notice.split()))
        config.extra["ciso_course"] = {"about": page_path(urls.about, config.use_directory_urls)}
        # Generated pages carry the glossary's abbreviations already; hand-written pages get them here.
        self.abbreviations = abbreviations(self.catalog.glossary.model if self.catalog.glossary else None)
        # Python-Markdown's abbr costs a page's number of blocks squared: the same extension without that.
        for index, name in enumerate(config.markdown_extensions):
            if name in ("abbr", "markdown.extensions.abbr"):
                config.markdown_extensions[index] = AbbrExtension(**config.mdx_configs.pop(name, {}))  # type: ignore[call-overload]
        if self._with_policy:
            self.script_patterns = csp.theme_patterns(config.theme.dirs)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if self.config.enabled:
            # MkDocs keeps hidden files when it empties site_dir: the marker says that a build of
            # this course made the folder, even if the build then fails half-way.
            write_text_atomic(Path(config.site_dir) / SITE_MARKER, SITE_NOTE, root=Path(config.site_dir))

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled or self.catalog is None:
            return files
        # A hand-written file clashes with a generated one when both would be written to the same
        # place: roles/cio/index.md and modules/README.md as much as roles/cio.md itself.
        written = {f.dest_uri: f.src_uri for f in files}
        generated = [File.generated(config, page.uri, content=self._hold_charts(page)) for page in self.pages]
        generated += [File.generated(config, uri, content=layer) for uri, layer in self.layers]
        generated += [File.generated(config, uri, content=data) for uri, data in assets.site_files(package=self.package).items()]
        clashes = [f"{written[f.dest_uri]} (as {f.src_uri})" for f in generated if f.dest_uri in written]
        if clashes:
            raise PluginError(
                "generated pages would replace hand-written ones in "
                f"{config.docs_dir}: {', '.join(clashes)}; rename or remove the hand-written files"
            )
        self.generated = {page.uri for page in self.pages}
        if self.package:
            # A package carries the course for learners: the hand-written pages (in this project,
            # the authoring guide for trainers) stay out, and out of its navigation, as does the
            # progress page (render_site leaves it out).
            prefix = self.config.prefix.strip("/")
            hand_written = files.documentation_pages()
            left_out = {f.src_uri for f in hand_written} | {Urls(f"{prefix}/" if prefix else "").progress}
            for file in hand_written:
                files.remove(file)
            if hand_written:
                log.info(
                    "ciso-course: the package leaves out the hand-written pages of %s (%d): %s",
                    config.docs_dir, len(hand_written), ", ".join(sorted(f.src_uri for f in hand_written)[:10]),
                )
            if config.nav is not None:
                config.nav = prune_nav(config.nav, left_out)
        for file in generated:
            files.append(file)
        if config.nav is None:
            config.nav = build_nav(self.pages, [f.src_uri for f in files.documentation_pages() if not f.generated_by])
        return files

    def on_page_markdown(self, markdown: str, /, *, page: MkPage, config: MkDocsConfig, files: Files) -> str | None:
        if not self.config.enabled or page.file.src_uri in self.generated:
            return markdown
        return markdown + self.abbreviations.definitions(markdown)

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        if self.config.enabled:
            # The theme's templates leave lines of indentation around every tag: on a large course
            # that is a fifth of each page's bytes, most of it in the navigation every page repeats.
            env.trim_blocks = True
            env.lstrip_blocks = True
            env.add_extension(CompactTemplates)
        return env

    def on_page_content(self, html: str, /, *, page: MkPage, config: MkDocsConfig, files: Files) -> str | None:
        # Pages rendered from content are sanitised; hand-written pages belong to the project.
        if self.config.enabled and page.file.src_uri in self.generated:
            return self._put_charts(sanitize(html), page.file.src_uri)
        return html

    def _chart_placeholder(self, index: int) -> str:
        return f"cc-orgchart-{self.chart_token}-{index}"

    def _hold_charts(self, page: Page) -> str:
        """The page's Markdown with each project-drawn chart swapped for a placeholder."""
        markdown = page.markdown
        for index, chart in enumerate(page.charts):
            markdown = markdown.replace(chart, self._chart_placeholder(index))
        self.charts[page.uri] = page.charts
        return markdown

    def _put_charts(self, html: str, uri: str) -> str:
        """The sanitised page with its charts back, made by the project from escaped text."""
        for index, chart in enumerate(self.charts.get(uri, ())):
            placeholder = self._chart_placeholder(index)
            if html.count(placeholder) != 1:
                raise PluginError(f"ciso-course: the org chart of {uri} lost its place in the page")
            html = html.replace(placeholder, chart)
        return html

    def on_post_page(self, output: str, /, *, page: MkPage, config: MkDocsConfig) -> str | None:
        if self.config.enabled and self._with_policy:
            return csp.add_policy(output, self.script_patterns)
        return output

    def on_post_template(self, output_content: str, /, *, template_name: str, config: MkDocsConfig) -> str | None:
        if self.config.enabled and self._with_policy and template_name.endswith(".html"):
            return csp.add_policy(output_content, self.script_patterns)
        return output_content

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        if self.config.enabled:
            server.watch(str(self._content_dir(config)))
        return server
