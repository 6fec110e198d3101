"""``ciso-course init``: a new course repository, ready to validate, lint and build.

The skeleton (``skeleton/`` beside this module) is a small but complete course: one learning path,
two roles, a reporting model, a tactic, a module whose quiz has a question of every type, and a
glossary; with a minimal ``mkdocs.yml``, a README with the course's two commands, a Makefile, the
editor's schema mapping, a pre-commit configuration and a CI workflow. Only the title, the language
and the version range change from one course to the next.
"""

from __future__ import annotations

import json
import re
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from .. import __version__
from ..errors import CourseError
from ..output import UnsafeTarget, check_new_dir, create_text
from ..schema import editor_settings, schema_texts

# Skeleton files whose name in a repository starts with a dot (or sits in a dotted folder) are
# shipped without it: package data leaves hidden files out.
_RENAMED = {
    "gitignore": ".gitignore",
    "pre-commit-config.yaml": ".pre-commit-config.yaml",
    "github-workflow.yml": ".github/workflows/course.yml",
}
# The theme's language codes: two letters, optionally a region or script (pt-BR, zh-Hant).
_LANGUAGE = re.compile(r"[a-z]{2}(?:-[A-Za-z]{2,4})?")
MAX_TITLE = 200


class InitError(CourseError):
    """A course repository that ``init`` refuses to create."""


def _skeleton() -> Traversable:
    return files(__package__).joinpath("skeleton")


def _walk(folder: Traversable, prefix: str = "") -> list[tuple[str, str]]:
    out = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        name = f"{prefix}{entry.name}"
        if entry.is_dir():
            out += _walk(entry, name + "/")
        elif not entry.name.startswith("."):
            out.append((name, entry.read_text(encoding="utf-8")))
    return out


def _yaml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # JSON strings are YAML double-quoted scalars


def course_files(title: str, language: str) -> dict[str, str]:
    """Every file of a new course repository, by its path in the repository."""
    title = " ".join(title.split())
    if not title:
        raise InitError("--title must not be empty")
    if len(title) > MAX_TITLE:
        raise InitError(f"--title is {len(title)} characters long; at most {MAX_TITLE}")
    if any(ch in title for ch in "<>`*_[]#\\"):
        raise InitError("--title is shown as plain text: leave out < > ` * _ [ ] # and backslashes")
    if not _LANGUAGE.fullmatch(language):
        raise InitError(f"--language '{language[:20]}' is not a language code such as en, fr or pt-BR")
    major, minor = (int(part) for part in __version__.split(".")[:2])
    values = {
        "@@TITLE@@": _yaml_string(title),
        "@@TITLE_TEXT@@": title,
        "@@LANGUAGE@@": language,
        "@@VERSION@@": __version__,
        "@@NEXT_MINOR@@": f"{major}.{minor + 1}" if major == 0 else f"{major + 1}",
    }
    out: dict[str, str] = {}
    for name, text in _walk(_skeleton()):
        for token, value in values.items():
            text = text.replace(token, value)
        out[_RENAMED.get(name, name)] = text
    out.update({f"schema/{name}": text for name, text in schema_texts().items()})
    out[".vscode/settings.json"] = editor_settings()
    out["docs/.gitkeep"] = ""  # MkDocs needs the folder of hand-written pages, even empty
    return out


def init_course(target: Path, title: str, language: str) -> list[Path]:
    """Create the repository in ``target``, a new or empty folder (or one holding only ``.git``);
    return the files written."""
    texts = course_files(title, language)  # every refusal comes before anything is written
    try:
        check_new_dir(target, allowed=frozenset({".git"}))  # a freshly cloned empty repository
    except UnsafeTarget as exc:
        raise InitError(str(exc)) from None
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in texts.items():
        path = target / name
        create_text(path, text, root=target)  # never over a file that appeared meanwhile
        written.append(path)
    return written
