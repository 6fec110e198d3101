"""Course HTML made safe: an allowlist sanitiser (nh3) over everything rendered from content.

Trainers write Markdown, and Markdown lets raw HTML through. Content comes from many hands, so
the HTML of every generated page is cleaned before the theme wraps it: only the tags and
attributes the course's pages need survive, scripts and styles go with their content, event
handlers and ``javascript:``/``data:`` links disappear, and images may only come from the site.
"""

from __future__ import annotations

from urllib.parse import urlparse

import nh3

TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del", "details",
    "div", "dl", "dt", "em", "fieldset", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "input",
    "kbd", "label", "legend", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub",
    "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}
ATTRIBUTES = {
    "*": {"id", "class", "title", "role", "hidden", "lang", "dir", "aria-label", "aria-live", "aria-hidden", "aria-describedby"},
    "a": {"href", "name"},
    "img": {"src", "alt", "width", "height"},
    "input": {"type", "name", "value", "checked", "disabled"},
    "label": {"for"},
    "details": {"open"},
    "ol": {"start", "type"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "scope", "align"},
}


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "title":
        # Themes may show a title as a tooltip built with innerHTML (Material's content.tooltips
        # does): its text must not be able to become markup there.
        return value.replace("<", "").replace(">", "")
    if attribute == "align" and value not in ("left", "center", "right"):
        return None
    if tag == "img" and attribute == "src":
        parsed = urlparse(value)
        if parsed.scheme or parsed.netloc or value.startswith("//"):
            return None  # no page loads anything from another origin
    return value


def sanitize(html: str) -> str:
    """The allowed subset of ``html``; text is kept, dangerous markup is dropped."""
    return nh3.clean(
        html,
        tags=TAGS,
        clean_content_tags={"script", "style", "template", "noscript", "iframe", "object", "embed", "svg", "math"},
        attributes=ATTRIBUTES,
        attribute_filter=_attribute_filter,
        generic_attribute_prefixes={"data-ccq-"},
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        strip_comments=True,
    )
