"""Where each page lives: stable URIs built from ids (the only place that knows the layout)."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from ..models.frameworks import ATLAS, ATTACK, BY_KEY, framework_of


@dataclass(frozen=True)
class Urls:
    prefix: str = ""  # e.g. "course/" to publish the generated pages under a folder

    def _p(self, path: str) -> str:
        return f"{self.prefix}{path}"

    @property
    def home(self) -> str:
        return self._p("index.md")

    @property
    def paths(self) -> str:
        return self._p("paths/index.md")

    def path(self, ident: str) -> str:
        return self._p(f"paths/{ident}.md")

    @property
    def modules(self) -> str:
        return self._p("modules/index.md")

    def module(self, ident: str) -> str:
        return self._p(f"modules/{ident}.md")

    @property
    def roles(self) -> str:
        return self._p("roles/index.md")

    def role(self, ident: str) -> str:
        return self._p(f"roles/{ident}.md")

    @property
    def reporting_models(self) -> str:
        return self._p("reporting-models/index.md")

    def reporting_model(self, ident: str) -> str:
        return self._p(f"reporting-models/{ident}.md")

    @property
    def attack(self) -> str:
        return self._p("attack/index.md")

    @property
    def atlas(self) -> str:
        """The ATLAS section's overview: its coverage matrix."""
        return self._p(f"{ATLAS.section}/index.md")

    def tactic(self, ident: str) -> str:
        """A tactic's page, in the section of its framework (which follows from the id)."""
        fw = framework_of(ident) or ATTACK
        return self._p(f"{fw.section}/{ident}.md")

    def coverage(self, framework: str) -> str:
        """The coverage page of a framework (``attack`` or ``atlas``)."""
        return self._p(f"{BY_KEY[framework].section}/index.md")

    @property
    def glossary(self) -> str:
        return self._p("glossary.md")

    @property
    def progress(self) -> str:
        return self._p("progress.md")

    @property
    def about(self) -> str:
        return self._p("about.md")

    def layer(self, name: str, framework: str = "attack") -> str:
        """A Navigator layer file, beside its coverage page: ``attack/layers/<name>.json``."""
        return self._p(f"{BY_KEY[framework].section}/layers/{name}.json")

    def scope(self, kind: str, ident: str, framework: str = "attack") -> str:
        """The page a coverage scope belongs to: the coverage page, a learning path or a module."""
        return self.coverage(framework) if kind == "course" else self.path(ident) if kind == "path" else self.module(ident)


def page_path(uri: str, directory_urls: bool = True, anchor: str = "") -> str:
    """The URL path of a page, relative to the site root, as MkDocs publishes it."""
    stem = uri[: -len(".md")]
    if directory_urls:
        path = stem[: -len("index")] if posixpath.basename(stem) == "index" else f"{stem}/"
    else:
        path = f"{stem}.html"
    return path + (f"#{anchor}" if anchor else "")
