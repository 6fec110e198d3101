"""Parsed and validated files kept between loads (``mkdocs serve``), keyed on their bytes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ValidationError

from ..errors import ContentError, ContentErrors
from ..models.frameworks import BY_FOLDER
from ..models.validation import located_errors
from ..reading.containment import read_regular
from ..reading.read import MAX_BYTES, Budget, Document, OverBudget, read_file


@dataclass
class _Cached:
    digest: bytes
    doc: Document | None  # kept only with a valid model: a file that failed keeps its errors alone
    model: BaseModel | None
    errors: list[ContentError]
    size: int = 0  # bytes read
    broken: frozenset[str] = frozenset()  # for a file that failed, the ids it would have defined
    over_budget: bool = False  # the course went over its budget in this file: never cached

    def take_from(self, budget: Budget) -> None:
        budget.bytes -= self.size
        if self.doc is not None:
            budget.nodes -= self.doc.nodes

    def fits(self, budget: Budget) -> bool:
        return self.size <= budget.bytes and (self.doc is None or self.doc.nodes <= budget.nodes)


class FileCache:
    """Parsed and validated files keyed on their path and the hash of their bytes."""

    def __init__(self) -> None:
        self._entries: dict[Path, _Cached] = {}
        self._seen: set[Path] = set()
        self.parsed = 0  # files parsed by the last load (the rest came from the cache)

    def begin(self) -> None:
        """Start a load of the whole course."""
        self.parsed = 0
        self._seen = set()

    def end(self) -> None:
        """Finish a load: files it did not meet (deleted or renamed) leave the cache."""
        for path in self._entries.keys() - self._seen:
            del self._entries[path]

    def __len__(self) -> int:
        return len(self._entries)

    def load(self, path: Path, model: type[BaseModel], budget: Budget | None = None) -> _Cached:
        """The file parsed and validated (from the cache when its bytes are unchanged), its bytes
        and values taken from ``budget``."""
        budget = budget if budget is not None else Budget()
        self._seen.add(path)
        try:
            raw = read_regular(path, MAX_BYTES)
        except OSError:  # a link, not a regular file, too large, unreadable: read_file says which
            return _parse(path, model, budget=budget)
        digest = hashlib.blake2b(raw, digest_size=16).digest()
        cached = self._entries.get(path)
        if cached is not None and cached.digest == digest and cached.fits(budget):
            cached.take_from(budget)
            return cached
        self.parsed += 1
        result = _parse(path, model, raw, budget)
        result.digest = digest
        if not result.over_budget:
            self._entries[path] = result
        return result


def _parse(path: Path, model: type[BaseModel], raw: bytes | None = None, budget: Budget | None = None) -> _Cached:
    size = len(raw) if raw is not None else 0
    try:
        doc = read_file(path, raw=raw, budget=budget)
    except OverBudget as exc:
        return _Cached(b"", None, None, list(exc.errors), size, over_budget=True)
    except ContentErrors as exc:
        result = _Cached(b"", None, None, list(exc.errors), size, frozenset(_ids_of_broken_file(path, None)))
    else:
        errors = list(doc.errors)
        try:
            value = model.model_validate(doc.data)
        except ValidationError as exc:
            errors += located_errors(exc, doc, model)
            result = _Cached(b"", None, None, errors, size, frozenset(_ids_of_broken_file(path, doc)))
        else:
            result = _Cached(b"", doc, value, errors, size)
    if budget is not None:
        result.take_from(budget)
    return result


# Stands for every technique in ``broken`` when a tactic file could not be read at all.
_ANY_TECHNIQUE = "\x00technique"


def _ids_of_broken_file(path: Path, doc: Document | None) -> set[str]:
    """The ids a file that failed validation would have defined, as far as they can be told.

    References to them are not reported: the file's own errors say what is wrong, and a role file
    with a tab in it should not also produce an "unknown role" at every module that names it.
    """
    ids = {path.stem}
    data = doc.data if doc is not None else None
    if not isinstance(data, dict):
        return ids | ({_ANY_TECHNIQUE} if path.parent.name in BY_FOLDER else set())
    if isinstance(data.get("id"), str):
        ids.add(data["id"])
    techniques = data.get("techniques") if path.parent.name in BY_FOLDER else None
    if isinstance(techniques, list):
        ids |= {t["id"] for t in techniques if isinstance(t, dict) and isinstance(t.get("id"), str)}
    return ids
