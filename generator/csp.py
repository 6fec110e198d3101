"""A Content-Security-Policy for every page, allowing only the theme's own inline scripts.

The theme (Material for MkDocs) puts a few small inline scripts into each page. Their bodies are
taken from the theme's own template files and turned into patterns, where a template expression
(``{{ base_url }}``) may only stand for characters that cannot leave a JavaScript string. An inline
script in a built page is allowed, by its SHA-256 hash, only when it matches one of those patterns
in full; anything else (however it got there) stays blocked by the browser.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)
_EXPRESSION = re.compile(r"\{\{.*?\}\}", re.S)
_STATEMENT = re.compile(r"\{%.*?%\}|\{#.*?#\}", re.S)

POLICY = (
    "default-src 'self'; script-src 'self' {hashes}; style-src 'self'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'none'"
)


def _is_inline_code(attrs: str) -> bool:
    if re.search(r"\bsrc\s*=", attrs, re.I):
        return False
    kind = re.search(r"\btype\s*=\s*[\"']?([^\"'\s>]+)", attrs, re.I)
    return kind is None or kind.group(1).lower() in ("text/javascript", "module", "application/javascript")


def template_patterns(templates: Iterable[str]) -> list[re.Pattern[str]]:
    """Patterns for the inline scripts written in the theme's template sources."""
    patterns = []
    for source in templates:
        for match in _SCRIPT.finditer(source):
            if not _is_inline_code(match.group("attrs")) or _STATEMENT.search(match.group("body")):
                continue
            parts = _EXPRESSION.split(match.group("body").strip())
            regex = r"[^\"'`<>\\\s]*".join(re.escape(part) for part in parts)
            patterns.append(re.compile(regex, re.S))
    return patterns


def theme_patterns(theme_dirs: Iterable[str]) -> list[re.Pattern[str]]:
    """Patterns from every template of the theme's folders (its own and any override)."""
    sources = []
    for folder in theme_dirs:
        for path in sorted(Path(folder).rglob("*.html")):
            text = path.read_text(encoding="utf-8", errors="replace")
            if "<script" in text:
                sources.append(text)
    return template_patterns(sources)


def template_scripts(source: str, values: dict[str, str]) -> list[str]:
    """The inline scripts of a template source as a page would carry them, where every template
    expression in them is one of ``values`` (keyed by the expression's first name); scripts with
    any other expression or a statement are left out."""
    bodies = []
    for match in _SCRIPT.finditer(source):
        body = match.group("body")
        if not _is_inline_code(match.group("attrs")) or _STATEMENT.search(body):
            continue
        names = [expression.strip("{} ").split("|")[0].strip() for expression in _EXPRESSION.findall(body)]
        if all(name in values for name in names):
            bodies.append(_EXPRESSION.sub(lambda m: values[m.group(0).strip("{} ").split("|")[0].strip()], body))
    return bodies


def script_hash(body: str) -> str:
    """The policy's source expression that allows one inline script."""
    return _hash(body)


def _hash(body: str) -> str:
    digest = hashlib.sha256(body.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode() + "'"


def allowed_hashes(html: str, patterns: list[re.Pattern[str]]) -> list[str]:
    hashes: dict[str, None] = {}
    for match in _SCRIPT.finditer(html):
        if not _is_inline_code(match.group("attrs")):
            continue
        body = match.group("body")
        if any(p.fullmatch(body.strip()) for p in patterns):
            hashes[_hash(body)] = None
    return list(hashes)


def add_policy(html: str, patterns: list[re.Pattern[str]]) -> str:
    """``html`` with a CSP ``<meta>`` as the first element of its head."""
    policy = POLICY.format(hashes=" ".join(allowed_hashes(html, patterns))).replace("  ", " ")
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    head = re.search(r"<head[^>]*>", html, re.I)
    if head is None:
        return html
    return html[: head.end()] + meta + html[head.end():]
