"""The whole course: every content file read, validated and cross-checked (``load``, ``cache``,
``checks``), the catalog that holds it (``entries``), and what it teaches and tests (``coverage``)."""

from __future__ import annotations

from .cache import FileCache
from .entries import Catalog, Entry, TechniqueRef
from .load import MAX_FILES, load_catalog

__all__ = ["MAX_FILES", "Catalog", "Entry", "FileCache", "TechniqueRef", "load_catalog"]
