"""What a page needs in the reader's browser, shipped inside the package: the quiz script, its
stylesheet and the site's stylesheet.

The MkDocs plugin adds them to every site it builds, so a course needs nothing but the plugin in its
``mkdocs.yml``; exports that carry pages read them from here too.
"""

from __future__ import annotations

from importlib.resources import files

# Where the files are served, relative to the site's root.
FOLDER = "assets/ciso-course"
STYLESHEETS = ("site.css", "quiz.css")
SCRIPTS = ("quiz.js",)


def read(name: str) -> bytes:
    """The bytes of one of the files above."""
    if name not in STYLESHEETS + SCRIPTS:
        raise KeyError(name)
    return files(__name__).joinpath(name).read_bytes()


def site_files() -> dict[str, bytes]:
    """Every file, by its path in the site: ``{"assets/ciso-course/quiz.js": b"..."}``."""
    return {f"{FOLDER}/{name}": read(name) for name in STYLESHEETS + SCRIPTS}
