"""What every output of the course is checked for: markup that could run or leave the site.

``live_markup`` parses HTML with Python's own parser and lists event-handler attributes,
``javascript:``/``data:``/``vbscript:`` and protocol-relative URLs (read as a browser reads them:
controls and spaces stripped, tabs and line breaks removed, a backslash taken for a slash),
script, iframe, object and embed elements, markup in titles, and ids or anchor names in the
theme's and the quiz's own namespaces. ``outputs`` turns a catalog into every output as HTML:
the quiz exports (the HTML they carry, taken out of XML and GIFT, and their plain-text fields:
Moodle category paths, question names and tags, GIFT categories and names, QTI titles, each read
as HTML, as an LMS may show it), the Navigator layers (every string, read as HTML), the answer
keys (Markdown rendered by Python-Markdown, and every CSV cell), the pages that ``ciso-course
render`` writes (rendered by Python-Markdown with the extensions of mkdocs.yml, and with none)
and, given a site build made for a package (``package_site``), the SCORM 1.2 and 2004 packages
of the course and of each learning path: every page in them (a site page) and the titles of
their manifests.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown

from ..conftest import FIXTURES, ROOT
from ..interop.gift_reader import parse_gift

URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "poster", "background", "srcset", "xlink:href")
# The theme (Material for MkDocs) names its elements __config, __drawer, __search, __palette_0 ...;
# the quiz's names start with ccq-.
RESERVED_ID = re.compile(r"(?:__|ccq-)", re.I)
_C0_OR_SPACE = "".join(map(chr, range(0x21)))


def as_browser_reads(url: str) -> str:
    """A URL as the WHATWG URL parser sees it before it looks for a scheme."""
    return re.sub(r"[\t\n\r]", "", url.strip(_C0_OR_SPACE)).replace("\\", "/")


class LiveMarkup(HTMLParser):
    """Finds markup that could run or load from elsewhere.

    ``site_page``: a whole page built by MkDocs, where the theme's own scripts and ids are
    expected; only scripts with a payload in them, and reserved ids inside the article, count.
    ``read_markdown``: HTML that a Markdown engine made from one of the generator's Markdown
    outputs, whose heading ids are that engine's table of contents (the site's sanitiser
    drops reserved ones on the site, and other readers have no such theme).
    """

    def __init__(self, *, site_page: bool = False, read_markdown: bool = False) -> None:
        super().__init__()
        self.site_page = site_page
        self.read_markdown = read_markdown
        self.found: list[str] = []
        self.in_script = False
        self.article_depth = 0  # > 0 inside the page's content (site pages)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.in_script = tag == "script"
        if tag == "article" and "md-content__inner" in (values.get("class") or ""):
            self.article_depth = 1
        elif tag == "article" and self.article_depth:
            self.article_depth += 1
        if tag in ("iframe", "object", "embed", "base", "frame", "applet") or (
            tag == "meta" and (values.get("http-equiv") or "").lower() == "refresh"
        ):
            self.found.append(f"<{tag}>")
        if tag == "script" and not self.site_page:
            self.found.append("<script>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}={value}")
            if name == "title" and value and "<" in value:  # a tooltip built with innerHTML would run it
                self.found.append(f"{tag} title={value}")
            if name in URL_ATTRIBUTES and value:
                url = as_browser_reads(value).lower()
                if url.startswith(("javascript:", "data:", "vbscript:", "//")):
                    self.found.append(f"{tag} {name}={value}")
            if (name == "id" or (tag == "a" and name == "name")) and value and RESERVED_ID.match(value.strip()):
                if self.read_markdown and re.fullmatch(r"h[1-6]", tag):
                    continue
                if not self.site_page or self.article_depth:
                    self.found.append(f"{tag} {name}={value}")

    def handle_endtag(self, tag: str) -> None:
        self.in_script = False
        if tag == "article" and self.article_depth:
            self.article_depth -= 1

    def handle_data(self, data: str) -> None:
        if self.in_script and "__xss" in data:
            self.found.append(f"script: {data[:60]}")


def live_markup(html: str, *, site_page: bool = False, read_markdown: bool = False) -> list[str]:
    parser = LiveMarkup(site_page=site_page, read_markdown=read_markdown)
    parser.feed(html)
    parser.close()
    return parser.found


@cache
def _site_markdown() -> tuple[list[Any], dict[str, Any]]:
    """The Markdown extensions and their settings from the shipped mkdocs.yml."""
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    return list(config.markdown_extensions), dict(config.mdx_configs)


def site_html(text: str) -> str:
    """Markdown read as the site reads it: Python-Markdown with the extensions of mkdocs.yml."""
    extensions, configs = _site_markdown()
    return markdown.markdown(text, extensions=extensions, extension_configs=configs)


def plain_html(text: str) -> str:
    """Markdown read by Python-Markdown with no extension (no fenced code, no attribute lists)."""
    return markdown.markdown(text)


def page_body(text: str) -> str:
    """A generated page without its front matter."""
    return text.split("\n---\n", 1)[-1] if text.startswith("---\n") else text


def _moodle_html(data: bytes) -> Iterator[str]:
    """The HTML texts of a Moodle XML file: each ``<text>`` of an element with an HTML format."""
    for element in ET.fromstring(data).iter():
        if element.get("format") in ("html", "moodle_auto_format"):
            text = element.find("text")
            if text is not None and text.text:
                yield text.text


def _moodle_plain(data: bytes) -> Iterator[str]:
    """The plain-text fields of a Moodle XML file (category paths, question names, tags): each
    ``<text>`` of an element without a format."""
    for element in ET.fromstring(data).iter():
        text = element.find("text")
        if element.get("format") is None and text is not None and text.text:
            yield text.text


def _qti_html(data: bytes) -> Iterator[str]:
    """The HTML texts of a QTI document: every ``<mattext>``."""
    for element in ET.fromstring(data).iter():
        if element.tag.rsplit("}", 1)[-1] == "mattext" and element.text:
            yield element.text


def _qti_titles(data: bytes) -> Iterator[str]:
    """Every ``title`` attribute of a QTI document (assessments and items)."""
    for element in ET.fromstring(data).iter():
        if element.get("title"):
            yield element.get("title") or ""


def json_strings(value: Any) -> Iterator[str]:
    """Every string in a JSON value, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from json_strings(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from json_strings(item)


def package_site(content: Path) -> tuple[dict[str, bytes], str]:
    """The site build a SCORM package is made from, for ``content`` (with the shipped configuration)."""
    from generator.plugin.builds import build_package_site

    return build_package_site(FIXTURES / "mkdocs-mini.yml", content)


def _scorm(catalog: Any, site: tuple[Mapping[str, bytes], str], only: Callable[[str], bool]) -> Iterator[tuple[str, str]]:
    """The pages of every SCORM package of the course (site pages) and its manifests' titles."""
    from generator.exports.scorm import MANIFEST, VERSIONS, scorm_package

    files, prefix = site
    for version in VERSIONS:
        for path_id in [None, *(path.id for path in catalog.course.model.paths)]:
            data = scorm_package(catalog, files, version=version, path_id=path_id, prefix=prefix).data
            label = f"scorm {version} {path_id or 'course'}"
            with zipfile.ZipFile(io.BytesIO(data)) as package:
                for element in ET.fromstring(package.read(MANIFEST)).iter():
                    if element.tag.rsplit("}", 1)[-1] == "title" and element.text:
                        yield f"{label} {MANIFEST} title", element.text
                for name in package.namelist():
                    if name.endswith(".html") and only(f"{label} {name}"):
                        yield f"{label} {name} (site page)", package.read(name).decode("utf-8")


def outputs(
    catalog: Any, only: Callable[[str], bool] = lambda where: True, *, site: tuple[Mapping[str, bytes], str] | None = None
) -> Iterator[tuple[str, str]]:
    """(where, HTML) for every output made from the catalog (``only`` those whose ``where`` it
    accepts); the SCORM packages too when ``site`` is a site build made for them (``package_site``)."""
    from generator.exports.answer_key import answer_keys
    from generator.exports.gift import export_gift
    from generator.exports.moodle_xml import export_moodle_xml
    from generator.exports.navigator import export_layers
    from generator.exports.qti import export_qti
    from generator.render import render_site

    moodle = export_moodle_xml(catalog).data
    for text in _moodle_html(moodle):
        yield "moodle-xml", text
    for text in _moodle_plain(moodle):
        yield "moodle-xml (plain text)", text
    with zipfile.ZipFile(io.BytesIO(export_qti(catalog).data)) as package:
        for name in package.namelist():
            for text in _qti_html(package.read(name)):
                yield f"qti {name}", text
            for text in _qti_titles(package.read(name)):
                yield f"qti {name} (title)", text
    for question in parse_gift(export_gift(catalog).data.decode("utf-8")):
        texts = [question.text, question.general, question.feedback_right, question.feedback_wrong]
        texts += [t for answer in question.answers for t in (answer.text, answer.feedback)]
        for text in texts:
            if text:
                yield f"gift {question.name}", text
        for text in [question.name, *question.category]:
            yield f"gift {question.name} (plain text)", text
    for name, layer in export_layers(catalog, site_url="https://example.org/course/").items():
        for text in json_strings(json.loads(layer)):
            yield f"navigator {name}", text
    for name, text in answer_keys(catalog).items():
        if not only(f"answer key {name}"):
            continue
        if name.endswith(".md"):
            yield f"answer key {name} (site engine)", site_html(text)
            yield f"answer key {name} (plain engine)", plain_html(text)
        else:
            for row in csv.reader(io.StringIO(text)):
                for cell in row:
                    yield f"answer key {name} (CSV cell)", cell
    for page in render_site(catalog):
        if not only(f"page {page.uri}"):
            continue
        yield f"page {page.uri} (site engine)", site_html(page_body(page.markdown))
        yield f"page {page.uri} (plain engine)", plain_html(page_body(page.markdown))
    if site is not None:
        yield from _scorm(catalog, site, only)


# A finding in HTML read from one of the generator's Markdown outputs (the pages of `render`,
# the answer keys): a '<' in a title attribute.
_MARKDOWN_TITLE = re.compile(r"(?:page|answer key|render --out) [^:]*: [a-z0-9]+ title=")


def title_in_markdown(found: str) -> bool:
    """Whether ``found`` (``where: what``) is a '<' in a title attribute of a Markdown output.

    Such a '<' is text to HTML: only a theme that builds tooltips with ``innerHTML`` makes it
    live, and the site's sanitiser removes it. The Markdown outputs are not sanitised (a reader's
    engine makes their HTML), so there it is tolerated; in every other output (the exports' HTML,
    the SCORM pages) it counts.
    """
    return _MARKDOWN_TITLE.match(found) is not None


def live_outputs(
    catalog: Any, only: Callable[[str], bool] = lambda where: True, *, site: tuple[Mapping[str, bytes], str] | None = None
) -> list[str]:
    """Everything live in every output, as ``where: what`` (the SCORM packages too, given ``site``)."""
    return [
        f"{where}: {found}"
        for where, html in outputs(catalog, only, site=site)
        for found in live_markup(html, read_markdown=where.endswith("engine)"), site_page=where.endswith("(site page)"))
    ]
