"""Which files of a site build a self-contained package needs: what its pages reach through
``href``, ``src`` and stylesheet ``url()`` references, followed from page to page. A reference
that leaves the package or names a missing file is refused, so a package never depends on another
origin or on a file it lacks. Pure: file names and bytes in, file names out."""

from __future__ import annotations

import html.parser
import posixpath
import re
from collections.abc import Iterable, Mapping
from urllib.parse import unquote, urlsplit

from ..errors import CourseError


class PackageProblem(CourseError):
    """The site build cannot be packaged as it is (a reference to a missing or outside file)."""


_URL_ATTRIBUTES = {("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("source", "src"),
                   ("iframe", "src"), ("embed", "src"), ("video", "src"), ("audio", "src"), ("track", "src"),
                   ("object", "data"), ("image", "href"), ("use", "href"), ("input", "src")}
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")


class _References(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if (tag, name) in _URL_ATTRIBUTES or name == "xlink:href":
                self.found.append(value)
            elif name in ("srcset", "imagesrcset"):
                self.found += [part.split()[0] for part in value.split(",") if part.strip()]
            elif name == "style":
                self.found += [match.group(2) for match in _CSS_URL.finditer(value)]
        self._style = tag == "style"

    def handle_data(self, data: str) -> None:
        if self._style:
            self.found += [match.group(2) for match in _CSS_URL.finditer(data)]

    def handle_endtag(self, tag: str) -> None:
        self._style = False


def references(name: str, data: bytes) -> list[str]:
    """The addresses an HTML page or a stylesheet refers to, as written."""
    text = data.decode("utf-8", errors="replace")
    if name.endswith(".html"):
        parser = _References()
        parser.feed(text)
        return parser.found
    if name.endswith(".css"):
        return [match.group(2) for match in _CSS_URL.finditer(text)]
    return []


def resolve(base: str, reference: str) -> str | None:
    """The package file ``reference`` names from the file ``base``; None for a link to another
    site (navigation, which a package may offer) or to the same page. Raises ValueError for a
    reference that would load from outside the package (an absolute path, ``..`` past the root,
    a protocol-relative address)."""
    parts = urlsplit(reference.strip())
    if parts.scheme in ("data", "mailto", "tel", "javascript") or (parts.scheme in ("http", "https") and parts.netloc):
        return None
    if parts.scheme or parts.netloc or reference.strip().startswith("/"):
        raise ValueError(reference)
    if not parts.path:
        return None
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(base), unquote(parts.path)))
    if joined == ".." or joined.startswith("../") or joined.startswith("/"):
        raise ValueError(reference)
    return joined


_LOADED_FROM_OUTSIDE = re.compile(r"<(?:script|link|img|iframe|source|video|audio|embed|object)\b[^>]*(?:src|href|data)\s*=\s*[\"']?(?:https?:)?//", re.I)


def needed_files(files: Mapping[str, bytes], starts: Iterable[str]) -> list[str]:
    """Every file the pages ``starts`` reach, followed through pages and stylesheets, sorted.

    Raises :class:`PackageProblem` naming each reference to a missing file or outside the
    package, and each page element that would load something from another origin.
    """
    seen: set[str] = set()
    todo = list(starts)
    problems: list[str] = []
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        if name not in files:
            problems.append(f"{name} is not in the site build")
            continue
        seen.add(name)
        data = files[name]
        if name.endswith(".html") and _LOADED_FROM_OUTSIDE.search(data.decode("utf-8", errors="replace")):
            problems.append(f"{name} loads something from another origin")
        for reference in references(name, data):
            try:
                target = resolve(name, reference)
            except ValueError:
                problems.append(f"{name} refers to {reference!r}, outside the package")
                continue
            if target is None:
                continue
            if target not in files:
                problems.append(f"{name} refers to {reference!r}, which the build does not have")
            elif target not in seen:
                todo.append(target)
    if problems:
        raise PackageProblem("cannot make a self-contained package:\n  " + "\n  ".join(sorted(set(problems))))
    return sorted(seen)
