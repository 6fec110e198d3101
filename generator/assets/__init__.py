"""What a page needs in the reader's browser, shipped inside the package: the quiz script, its
stylesheet, the site's stylesheet and script (accessible names the theme leaves out), the script
that fetches the search index on demand, and the bridge to an LMS for SCORM packages.

The MkDocs plugin adds them to every site it builds, so a course needs nothing but the plugin in its
``mkdocs.yml``; exports that carry pages read them from here too.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

# The plugin's theme templates (the footer, and main.html that loads search-on-demand.js): a
# folder the engine's template loader reads.
TEMPLATES = str(Path(__file__).resolve().parent.parent / "plugin" / "templates")
# Where the files are served, relative to the site's root.
FOLDER = "assets/ciso-course"
STYLESHEETS = ("site.css", "quiz.css")
SCRIPTS = ("quiz.js", "site.js")  # site.js: accessible names the theme leaves out
# Loaded by the plugin's main.html template before the theme's own script: holds the theme's
# request for the search index back until the reader starts a search.
THEME_SCRIPTS = ("search-on-demand.js",)
# Only in the pages of a SCORM package: the bridge to the LMS's run-time, loaded before the quiz.
PACKAGE_SCRIPTS = ("scorm.js",)


def read(name: str) -> bytes:
    """The bytes of one of the files above."""
    if name not in STYLESHEETS + SCRIPTS + THEME_SCRIPTS + PACKAGE_SCRIPTS:
        raise KeyError(name)
    return files(__name__).joinpath(name).read_bytes()


def site_files(*, package: bool = False) -> dict[str, bytes]:
    """Every file, by its path in the site: ``{"assets/ciso-course/quiz.js": b"..."}``; with
    ``package``, the files of a SCORM package's pages."""
    names = STYLESHEETS + SCRIPTS + THEME_SCRIPTS + (PACKAGE_SCRIPTS if package else ())
    return {f"{FOLDER}/{name}": read(name) for name in names}
