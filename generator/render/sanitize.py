"""Course HTML made safe: an allowlist sanitiser (nh3) over everything rendered from content.

Trainers write Markdown, and Markdown lets raw HTML through. Content comes from many hands, so
all HTML made from it is cleaned: every generated page before the theme wraps it, and the quiz
text of the pages and of the quiz exports as it leaves the Markdown engine. Only the tags and
attributes the course's pages need survive, scripts and styles go with their content, event
handlers and ``javascript:``/``data:`` links disappear, nothing links or loads protocol-relative
(``//host``, or ``/\\host`` as browsers read it), images may only come from the site, and no
element may take an id that the theme or the quiz uses.

Text that leaves as plain text but may be read as HTML by whatever shows it (a ``title``
attribute, a category or quiz name in an LMS, a package title, a Navigator layer's strings)
goes through :func:`plain_text`.
"""

from __future__ import annotations

import re

import nh3

from ..reading.neutralise import as_browser_reads

TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del", "details",
    "div", "dl", "dt", "em", "fieldset", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "input",
    "kbd", "label", "legend", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub",
    "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}
ATTRIBUTES = {
    "*": {"id", "class", "title", "role", "hidden", "lang", "dir", "aria-label", "aria-live", "aria-hidden", "aria-describedby",
          "data-search-exclude"},  # the search plugins leave such an element out of the index
    "a": {"href", "name"},
    "img": {"src", "alt", "width", "height"},
    "input": {"type", "name", "value", "checked", "disabled"},
    "label": {"for"},
    "details": {"open"},
    "ol": {"start", "type"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "scope", "align"},
}


# Names that the page's own scripts look elements up by: Material for MkDocs gives its elements
# ids starting with "__" (__config, __drawer, __search, __palette_0, __nav_1, __codelineno-...),
# and the quiz's names start with "ccq-".
RESERVED_ID = re.compile(r"\s*(?:__|ccq-)", re.I)
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


_ANGLE_BRACKETS = str.maketrans("", "", "<>")


def plain_text(text: str) -> str:
    """Text for a field meant as plain text that a tool may still read as HTML: one line, without
    ``<`` or ``>``.

    A theme may build a tooltip from a ``title`` attribute with ``innerHTML`` (Material's
    ``content.tooltips`` does); an LMS may show a category name, a quiz title or a package title
    as HTML; the ATT&CK Navigator shows a layer's name and comments. Without angle brackets no
    text can open a tag there, whether the tool escapes it or not. Nothing else is changed: an
    ``&`` stays, so that "ATT&CK" reads "ATT&CK" both where the text is escaped and where it is
    read as HTML (``&CK`` is no character reference), and no entity is added that a tool which
    escapes would then show as written.
    """
    return " ".join(text.translate(_ANGLE_BRACKETS).split())


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "title":
        # Themes may show a title as a tooltip built with innerHTML (Material's content.tooltips
        # does): its text must not be able to become markup there.
        return plain_text(value)
    if attribute == "data-search-exclude":
        return ""  # a flag: no text kept in it
    if attribute == "align" and value not in ("left", "center", "right"):
        return None
    if attribute == "id" or (tag == "a" and attribute == "name"):
        # An element named like the theme's configuration block or the quiz's own would be found
        # by their scripts instead.
        return None if RESERVED_ID.match(value) else value
    if attribute in ("href", "src"):
        url = as_browser_reads(value)
        if url.startswith("//"):
            return None  # protocol-relative: another host (or a file share, on a page opened from disk)
        if attribute == "src" and _SCHEME.match(url):
            return None  # an absolute address: no page loads anything from another origin
    return value


# Built once: the quiz text of a page is cleaned fragment by fragment.
_CLEANER = nh3.Cleaner(
    tags=TAGS,
    clean_content_tags={"script", "style", "template", "noscript", "iframe", "object", "embed", "svg", "math"},
    attributes=ATTRIBUTES,
    attribute_filter=_attribute_filter,
    generic_attribute_prefixes={"data-ccq-"},
    url_schemes={"http", "https", "mailto"},
    link_rel=None,
    strip_comments=True,
)


def sanitize(html: str) -> str:
    """The allowed subset of ``html``; text is kept, dangerous markup is dropped."""
    return _CLEANER.clean(html)
