"""Turn pydantic's validation errors into located messages a trainer can act on."""

from __future__ import annotations

import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import ContentError, did_you_mean, quote
from ..reading.read import Document
from .modules import QUESTION_TYPES

_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "float_type": "a number",
    "float_parsing": "a number",
}

_BOUNDS = {
    "less_than_equal": "at most",
    "greater_than_equal": "at least",
    "less_than": "less than",
    "greater_than": "greater than",
}


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, int):
        return f"the number {value}"
    text = str(value)
    if len(text) > 18 and text.lstrip("+-").isdigit():  # a number too long to be read as one
        return f"a {len(text)}-digit number (at most 18 digits)"
    return quote(text, 40)


def _field_path(loc: tuple[Any, ...], data: Any) -> str:
    """``quiz.questions[2].options`` for a loc, skipping union tags that are not in the data."""
    out = ""
    node = data
    for part in loc:
        if isinstance(node, dict) and part in node:
            out += f".{part}" if out else str(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            out += f"[{part}]"
            node = node[part]
    return out


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The model classes an annotation can hold (through lists, optionals and unions)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        found.extend(_models_in(arg))
    return found


def _fields_of(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """Names of the fields allowed in the mapping at ``loc`` (for 'did you mean')."""
    candidates: list[type[BaseModel]] = [model]
    for part in loc:
        if isinstance(part, int):
            continue
        if len(candidates) > 1:  # a discriminated union: the tag picks the member
            candidates = [c for c in candidates if part in typing.get_args(c.model_fields["type"].annotation)]
            continue
        if not candidates:
            return []
        field = candidates[0].model_fields.get(part)
        if field is None:
            return []
        candidates = _models_in(field.annotation)
    if len(candidates) != 1:
        return []
    return [f.alias or name for name, f in candidates[0].model_fields.items()]


# Unknown fields of one file that get a "did you mean"; the rest get the list of allowed fields.
MAX_SUGGESTIONS = 20


def located_errors(exc: ValidationError, doc: Document, model: type[BaseModel]) -> list[ContentError]:
    out: list[ContentError] = []
    suggestions = MAX_SUGGESTIONS
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        kind = err["type"]
        # A mapping key that fails its check (a malformed tactic id under covers.attack, say) is
        # reported where the key is written.
        on_key = loc[-1:] == ("[key]",)
        loc = loc[:-1] if on_key else loc
        where = _field_path(loc, doc.data)
        prefix = f"{where}: " if where else ""
        if kind == "missing":
            name = loc[-1]
            parent = _field_path(loc[:-1], doc.data)
            message = f"missing required field '{name}'" + (f" in {parent}" if parent else "")
            out.append(doc.error(loc[:-1], message))
            continue
        if kind == "extra_forbidden":
            name = str(loc[-1])
            allowed = _fields_of(model, loc[:-1])
            hint = did_you_mean(name, allowed, cutoff=0.6) if suggestions > 0 else ""
            suggestions -= 1
            if not hint and allowed:
                hint = f"; allowed fields: {', '.join(sorted(allowed))}"
            out.append(doc.error(loc, f"unknown field {quote(name)}{hint}", key=True))
            continue
        if kind in _EXPECTED:
            message = f"{prefix}expected {_EXPECTED[kind]}, found {_describe(err.get('input'))}"
        elif kind == "union_tag_invalid":
            tag = _value_at(doc.data, loc + ("type",))
            expected = f"expected one of: {', '.join(QUESTION_TYPES)}"
            if isinstance(tag, str):
                message = f"{prefix}unknown question type {_describe(tag)}; {expected}"
            else:
                message = f"{prefix}type: {expected}; found {_describe(tag)}"
            out.append(doc.error(loc + ("type",), message))
            continue
        elif kind == "union_tag_not_found":
            message = f"{prefix}missing required field 'type' ({', '.join(QUESTION_TYPES[:-1])} or {QUESTION_TYPES[-1]})"
        elif kind in ("literal_error", "enum"):
            expected = err.get("ctx", {}).get("expected", "")
            message = f"{prefix}{_describe(err.get('input'))} is not allowed; expected {expected}"
        elif kind == "value_error":
            message = f"{prefix}{str(err['msg']).removeprefix('Value error, ')}"
        elif kind in ("too_short", "string_too_short"):
            ctx = err.get("ctx", {})
            if kind == "string_too_short":
                message = f"{prefix}must not be empty"
            else:
                need = ctx.get("min_length", 1)
                message = f"{prefix}needs at least {need} {'item' if need == 1 else 'items'}"
        elif kind in ("too_long", "string_too_long"):
            ctx = err.get("ctx", {})
            limit = ctx.get("max_length", 0)
            if isinstance(err.get("input"), str):
                message = f"{prefix}at most {limit:,} characters, found {len(str(err.get('input', ''))):,}"
            else:
                message = f"{prefix}at most {limit:,} items, found {ctx.get('actual_length', 0):,}"
        elif kind in _BOUNDS:
            ctx = err.get("ctx", {})
            bound = next(iter(ctx.values()), "")
            message = f"{prefix}must be {_BOUNDS[kind]} {bound}, found {_describe(err.get('input'))}"
        else:
            message = f"{prefix}{err['msg']}"
        out.append(doc.error(loc, message, key=on_key))
    return out


def _value_at(data: Any, loc: tuple[Any, ...]) -> Any:
    for part in loc:
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return None
    return data
