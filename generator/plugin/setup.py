"""What the plugin adds to a course's MkDocs configuration, so that ``mkdocs.yml`` needs only a site
name, the Material theme, the search plugin and this plugin.

It checks the theme, turns off the theme's web fonts (the Content-Security-Policy would block them),
puts its own templates between the course's overrides and the theme's, turns on the Markdown
extensions the generated pages are written for, and lists its stylesheets and script.
What it cannot supply itself (the theme, the search plugin) stops the build with a message that says
what to write.
"""

from __future__ import annotations

import functools
import logging
import os
from typing import Any

import yaml
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.utils import get_theme_dir

from .. import assets
from ..render.page import MARKDOWN_EXTENSIONS, SEARCH_SEPARATOR

TEMPLATES = assets.TEMPLATES
log = logging.getLogger("mkdocs.plugins.ciso-course")


def check_theme(config: MkDocsConfig) -> None:
    if config.theme.name != "material":
        raise PluginError(
            "ciso-course: the course pages are made for the Material for MkDocs theme; "
            f"mkdocs.yml names the theme '{config.theme.name}'. Write:\n  theme:\n    name: material"
        )


def add_templates(config: MkDocsConfig) -> None:
    """The plugin's template overrides, below the course's own (``custom_dir``) and above the theme's."""
    dirs: list[str] = config.theme.dirs
    if TEMPLATES in dirs:  # `mkdocs serve` configures the same theme object again
        return
    dirs.insert(1 if config.theme.custom_dir else 0, TEMPLATES)


def add_markdown_extensions(config: MkDocsConfig) -> None:
    names: list[Any] = config.markdown_extensions
    named = {name for name in names if isinstance(name, str)}
    for name, options in MARKDOWN_EXTENSIONS.items():
        written = [n for n in (name, f"markdown.extensions.{name}") if n in named]
        if not written:
            names.append(name)
        # MkDocs keys an extension's options by the name as written, and lists its built-in
        # tables under the short name besides any long one: each instance gets the options.
        for key in written or [name]:
            if not options:
                continue
            configured = config.mdx_configs.setdefault(key, {})
            clash = [option for option, value in options.items() if configured.get(option, value) != value]
            if clash:
                raise PluginError(
                    f"ciso-course: the pages need the {name} extension's {clash[0]}: {str(options[clash[0]]).lower()} "
                    "(the tables' alignment as an attribute: the Content-Security-Policy blocks inline styles); "
                    f"remove {clash[0]} from its options"
                )
            configured.update(options)


def add_assets(config: MkDocsConfig, *, package: bool = False) -> None:
    # New lists, never appended to: MkDocs shares the empty default list between configurations.
    css: list[str] = list(config.extra_css)
    css += [uri for uri in (f"{assets.FOLDER}/{name}" for name in assets.STYLESHEETS) if uri not in css]
    scripts: list[Any] = list(config.extra_javascript)
    present = {str(script) for script in scripts}
    scripts += [ExtraScriptValue(uri) for uri in (f"{assets.FOLDER}/{name}" for name in assets.SCRIPTS) if uri not in present]
    if package:  # the LMS bridge, before the quiz script that reports to it
        quiz = next(i for i, script in enumerate(scripts) if str(script) == f"{assets.FOLDER}/quiz.js")
        scripts[quiz:quiz] = [ExtraScriptValue(f"{assets.FOLDER}/{name}") for name in assets.PACKAGE_SCRIPTS]
    config.extra_css = css
    config.extra_javascript = scripts


@functools.cache
def _theme_default_font(name: str) -> Any:
    """The ``font`` the theme sets when the course names none (Material's: Roboto from Google Fonts)."""
    with open(os.path.join(get_theme_dir(name), "mkdocs_theme.yml"), encoding="utf-8") as file:
        return (yaml.safe_load(file) or {}).get("font")


def turn_off_web_fonts(config: MkDocsConfig) -> None:
    """Set the theme's ``font`` to false, for sites under the Content-Security-Policy.

    The theme loads its web fonts from Google Fonts, another origin, with an inline style: the
    policy blocks both (two errors in every page's console, and a request to Google all the same).
    The theme's default goes quietly; a font the course named is worth a warning, since it will
    not show."""
    font = config.theme.get("font", False)
    if font is False:
        return
    config.theme["font"] = False
    if font == _theme_default_font(str(config.theme.name)):
        log.info(
            "ciso-course: the theme's web fonts are off (theme.font: false): the Content-Security-Policy "
            "allows no other origin, so the browser would block them; pages use the reader's system fonts"
        )
    else:
        log.warning(
            "ciso-course: theme.font names web fonts (%s) that the Content-Security-Policy would block: they are "
            "turned off. Write font: false under theme, or set the plugin's content_security_policy: false "
            "if your web server sends a policy of its own that allows them",
            ", ".join(f"{key}: {value}" for key, value in font.items()) if isinstance(font, dict) else font,
        )


def configure_search(config: MkDocsConfig) -> None:
    """Require a search plugin and keep ATT&CK ids whole in its index (unless the course set its own
    separator)."""
    search = next((plugin for name, plugin in config.plugins.items() if name.split("/")[-1] == "search"), None)
    if search is None:
        raise PluginError(
            "ciso-course: the course needs the search plugin; add it to plugins, before or after ciso-course:\n"
            "  plugins:\n    - search\n    - ciso-course"
        )
    if getattr(search.config, "separator", "set") is None:
        search.config.separator = SEARCH_SEPARATOR


def configure(config: MkDocsConfig, *, package: bool = False, policy: bool = True) -> None:
    """Complete the configuration; for the pages of a SCORM ``package``, without search (its
    index needs a web server) and with the LMS bridge; under a Content-Security-Policy
    (``policy``, the plugin's option), without the theme's web fonts."""
    check_theme(config)
    if policy:
        turn_off_web_fonts(config)
    if not package:
        configure_search(config)
    add_templates(config)
    add_markdown_extensions(config)
    add_assets(config, package=package)
