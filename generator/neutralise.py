"""Trainer Markdown with its raw HTML neutralised, before any page is rendered.

Markdown passes raw HTML through; trainers have no need for it (the page kinds provide the
structure), so every ``<`` that would open a tag is written as ``&lt;`` and the tag shows as
text. Code spans, fenced code blocks and ``<https://...>`` autolinks are left alone. The
sanitiser on the rendered HTML (``generator.sanitize``) remains as a second line of defence.
"""

from __future__ import annotations

import re
import typing
from typing import Any

from pydantic import BaseModel

from ..models import MarkdownText

_FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.S)
_AUTOLINK = re.compile(r"<(?:https?|mailto):[^\s<>]+>")
# An inline link or image target: ](target ...) or ](<target>)
_LINK_TARGET = re.compile(r"\]\(\s*<?(?P<target>[^)\s>]*)")
_SAFE_TARGET = re.compile(r"(?:https?://|mailto:|#|\.{0,2}/|[A-Za-z0-9_.~-]+(?:[/#?]|$))", re.I)


def _escape_line(text: str) -> str:
    out = []
    last = 0
    for match in _CODE_SPAN.finditer(text):
        out.append(_escape_outside_code(text[last:match.start()]))
        out.append(match.group(0))
        last = match.end()
    out.append(_escape_outside_code(text[last:]))
    return "".join(out)


def _link_guard(match: re.Match[str]) -> str:
    # A link to anything but the web, mail, an anchor or a relative path is shown as text.
    if _SAFE_TARGET.match(match.group("target")) and "&" not in match.group("target"):
        return match.group(0)
    return "\\]\\(" + match.group(0)[2:]


def _escape_outside_code(text: str) -> str:
    text = _LINK_TARGET.sub(_link_guard, text)
    pieces = []
    last = 0
    for match in _AUTOLINK.finditer(text):
        pieces.append(text[last:match.start()].replace("<", "&lt;"))
        pieces.append(match.group(0))
        last = match.end()
    pieces.append(text[last:].replace("<", "&lt;"))
    return "".join(pieces)


def neutralise(markdown: str) -> str:
    """``markdown`` with every raw HTML tag turned into visible text."""
    lines = markdown.split("\n")
    out: list[str] = []
    fence: str | None = None
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            out.append(_escape_line("\n".join(paragraph)))
            paragraph.clear()

    for line in lines:
        opened = _FENCE.match(line)
        if fence is not None:
            out.append(line)
            if opened and opened.group(2).startswith(fence):
                fence = None
            continue
        if opened:
            flush()
            fence = opened.group(2)[:3]
            out.append(line)
            continue
        if not line.strip():
            flush()
            out.append(line)
            continue
        paragraph.append(line)
    flush()
    return "\n".join(out)


def _is_markdown(annotation: Any) -> bool:
    if typing.get_origin(annotation) is typing.Annotated:
        return any(isinstance(meta, MarkdownText) for meta in annotation.__metadata__)
    return False


def _convert(value: Any, annotation: Any, markdown: bool) -> Any:
    if isinstance(value, BaseModel):
        return neutralise_model(value)
    if isinstance(value, str):
        return neutralise(value) if markdown else value
    if isinstance(value, list):
        args = typing.get_args(annotation)
        inner = args[0] if args else Any
        return [_convert(item, inner, _is_markdown(inner)) for item in value]
    if isinstance(value, dict):
        return value
    return value


def neutralise_model(model: BaseModel) -> Any:
    """A copy of ``model`` whose Markdown fields, at any depth, are neutralised."""
    update: dict[str, Any] = {}
    for name, field in type(model).model_fields.items():
        value = getattr(model, name)
        markdown = any(isinstance(meta, MarkdownText) for meta in field.metadata)
        annotation = field.annotation
        if not markdown:  # Markdown | None keeps its marker inside the union
            markdown = any(_is_markdown(arg) for arg in typing.get_args(annotation))
        converted = _convert(value, annotation, markdown)
        if converted is not value:
            update[name] = converted
    return model.model_copy(update=update) if update else model
