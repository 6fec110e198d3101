"""A complete site project that builds without the plugin: ``ciso-course render --standalone``.

The project holds ``mkdocs.yml`` and ``docs/``: the generated pages and Navigator layers, the
hand-written pages of ``docs_dir`` (with the glossary's abbreviations, as the plugin adds them),
the quiz assets, and the theme overrides. Its configuration is the site's own (theme, palette,
Markdown extensions, search separator) with the plugin taken out and what the plugin would have
set written in: the navigation in course order, the site name, the ATT&CK notice and the link
to the about page. MkDocs 1.6, ProperDocs and Zensical build it as it is.

The Content-Security-Policy goes into every page as a ``<meta>`` from the theme override
``main.html``. Without a build hook there is no hashing of each page's scripts, so the policy
lists the hashes of the theme's own inline scripts as the installed themes (Material for MkDocs,
and Zensical's where it is installed) write them; ``extra.scope`` is set so that the one script
with a template value comes out the same on every page. Inline styles are allowed, as Zensical's
search dialog needs them. The pages' Markdown is the one the
plugin builds from, already neutralised when it was read; what the standalone build lacks is the
plugin's second pass over the generated HTML (the ``nh3`` allowlist), which the policy backs up.
"""

from __future__ import annotations

import importlib.util
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from . import assets, csp
from .catalog import Catalog
from .errors import CourseError
from .exports.navigator import site_layers
from .output import write_bytes_atomic
from .reading.containment import Uncontained
from .render import Urls, abbreviations, render_site
from .render.nav import build_nav
from .render.page import MARKDOWN_EXTENSIONS, SEARCH_SEPARATOR
from .render.text import escape_html
from .render.urls import page_path

STANDALONE_NOTE = "Made by `ciso-course render --standalone`; the next render replaces this folder.\n"
# The folders of the project, relative to its mkdocs.yml.
DOCS = "docs"
OVERRIDES = "overrides"
PLUGIN = "ciso-course"


class StandaloneError(CourseError):
    """The site configuration or the hand-written pages cannot make a standalone project.

    Raised before the project replaces anything (it is made in full beside its folder first), so
    its message says that nothing was written; ``reason`` is what is wrong.
    """

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(f"nothing written: {reason}")


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml safely; a tag MkDocs would resolve (``!ENV``, ``!relative``) keeps its plain value."""


def _untagged(loader: yaml.SafeLoader, _suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]


_ConfigLoader.add_multi_constructor("!", _untagged)


def read_config(config_file: Path) -> dict[str, Any]:
    """The site configuration as plain data; one that inherits from another (``INHERIT``) is refused."""
    try:
        data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_ConfigLoader)  # noqa: S506 - a SafeLoader
    except (OSError, yaml.YAMLError) as exc:
        raise StandaloneError(f"{config_file}: cannot read the site configuration: {exc}") from None
    if not isinstance(data, dict):
        raise StandaloneError(f"{config_file}: the site configuration is not a mapping")
    if "INHERIT" in data:
        raise StandaloneError(f"{config_file}: INHERIT is not followed here; name the configuration it inherits from (--config-file) or merge the two")
    return data


def site_folders(config_file: Path) -> dict[str, Path]:
    """The folders of the site configuration that the project must not be written into
    (:func:`generator.output.protected_dirs`): its docs_dir, and the theme's custom_dir."""
    config = read_config(config_file)
    folders = {"docs_dir": config_file.parent / str(config.get("docs_dir", "docs"))}
    custom = (config.get("theme") or {}).get("custom_dir") if isinstance(config.get("theme"), dict) else None
    if custom:
        folders["custom_dir"] = config_file.parent / str(custom)
    return folders


def course_assets() -> Iterator[tuple[str, bytes]]:
    """(path in the project, bytes) of everything the course's pages need besides their text: the
    assets the plugin serves (under ``docs/``) and its theme templates (under ``overrides/``)."""
    for uri, data in assets.site_files().items():
        yield f"{DOCS}/{uri}", data
    templates = Path(assets.TEMPLATES)
    for path in sorted(templates.rglob("*.html")):
        yield f"{OVERRIDES}/{path.relative_to(templates).as_posix()}", path.read_bytes()


def _plugins(config: dict[str, Any]) -> list[Any]:
    """The configured plugins without this project's (the standalone build has no plugin), the
    search plugin keeping framework ids whole unless the site set its own separator."""
    plugins = config.get("plugins")
    if plugins is None:
        plugins = ["search"]
    if isinstance(plugins, dict):
        plugins = [{name: options} if options else name for name, options in plugins.items()]
    kept = []
    for entry in plugins:
        name = entry if isinstance(entry, str) else next(iter(entry), "")
        if name == "search":
            options = dict((entry[name] or {}) if isinstance(entry, dict) else {})
            options.setdefault("separator", SEARCH_SEPARATOR)
            entry = {name: options}
        if name != PLUGIN:
            kept.append(entry)
    return kept


def _extensions(configured: Any) -> list[Any]:
    """The configured Markdown extensions, with those the pages are written for added."""
    if isinstance(configured, dict):  # the mapping form: {name: options}
        configured = [{name: options} if options else name for name, options in configured.items()]
    entries = list(configured or [])
    named = {e if isinstance(e, str) else next(iter(e), "") for e in entries}
    for name, options in MARKDOWN_EXTENSIONS.items():
        if name in named:
            for index, entry in enumerate(entries):  # the options the pages need win
                if options and (entry == name or isinstance(entry, dict) and name in entry):
                    current = entry[name] if isinstance(entry, dict) else {}
                    entries[index] = {name: {**(current or {}), **options}}
        else:
            entries.append({name: options} if options else name)
    return entries


def _hand_written(docs_dir: Path) -> list[Path]:
    """The files of ``docs_dir`` that a build publishes (MkDocs leaves out dot-files and dot-folders)."""
    found = []
    for folder, dirs, files in os.walk(docs_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [Path(folder) / name for name in sorted(files) if not name.startswith(".")]
    return found


def _theme_templates() -> list[Path]:
    """Template folders of the themes an engine may build the project with, where installed."""
    folders = []
    for package in ("material", "zensical"):
        spec = importlib.util.find_spec(package)
        if spec is not None and spec.origin:
            templates = Path(spec.origin).parent / "templates"
            if templates.is_dir():
                folders.append(templates)
    return folders


def policy_meta(scope: str, theme_dirs: list[Path]) -> str:
    """The Content-Security-Policy ``<meta>`` for pages whose inline scripts are the themes' own."""
    hashes: dict[str, None] = {}
    for folder in theme_dirs:
        for path in sorted(folder.rglob("*.html")):
            text = path.read_text(encoding="utf-8", errors="replace")
            if "<script" not in text:
                continue
            for body in csp.template_scripts(text, {"config.extra.scope": scope}):
                hashes[csp.script_hash(body)] = None
    # Zensical's search dialog styles its shadow root with a <style> element of its own script:
    # inline styles stay allowed in the standalone project (inline scripts do not).
    policy = csp.POLICY.format(hashes=" ".join(hashes)).replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
    return f'<meta http-equiv="Content-Security-Policy" content="{policy}">'


def _main_template(source: bytes | None, meta: str) -> str:
    """``main.html`` that puts the policy first in every page's head (before any script)."""
    block = "{% block site_meta %}" + meta + "{{ super() }}{% endblock %}\n"
    if source is None:
        return '{% extends "base.html" %}\n' + block
    text = source.decode("utf-8")
    extends = re.search(r"\{%-?\s*extends\b.*?%\}", text, re.S)
    if extends is None or "site_meta" in text:
        raise StandaloneError("main.html: a main.html override must extend a template and leave block site_meta free")
    return text[: extends.end()] + "\n" + block + text[extends.end():]


def project_files(catalog: Catalog, config_file: Path, *, site_url: str = "") -> dict[str, bytes]:
    """Every file of the standalone project, by its path in the project."""
    config = read_config(config_file)
    base = config_file.parent
    docs_dir = base / str(config.get("docs_dir", "docs"))
    configured_theme = config.get("theme") or {"name": "material"}
    # MkDocs accepts the theme as its name alone (theme: material).
    theme = {"name": configured_theme} if isinstance(configured_theme, str) else dict(configured_theme)
    directory_urls = bool(config.get("use_directory_urls", True))
    site_url = site_url or str(config.get("site_url") or "")

    urls = Urls()
    pages = render_site(catalog, urls)
    files: dict[str, bytes] = {f"{DOCS}/{page.uri}": page.markdown.encode("utf-8") for page in pages}
    files.update((f"{DOCS}/{uri}", text.encode("utf-8")) for uri, text in site_layers(catalog, urls, site_url=site_url, directory_urls=directory_urls))
    generated = set(files)

    glossary = abbreviations(catalog.glossary.model if catalog.glossary else None)
    written: list[str] = []
    clashes = []
    for path in _hand_written(docs_dir) if docs_dir.is_dir() else []:
        uri = path.relative_to(docs_dir).as_posix()
        key = f"{DOCS}/{uri}"
        if key in generated or (uri.endswith(".md") and f"{DOCS}/{uri[:-3]}/index.md" in generated):
            clashes.append(uri)
            continue
        data = path.read_bytes()
        if uri.endswith(".md"):
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                raise StandaloneError(f"{docs_dir / uri}: not UTF-8 text; save it as UTF-8") from None
            data = (text + glossary.definitions(text)).encode("utf-8")
            written.append(uri)
        files[key] = data
    if clashes:
        raise StandaloneError(f"generated pages would replace hand-written ones in {docs_dir}: {', '.join(clashes)}; rename or remove them")
    for name, data in course_assets():
        if name.startswith(f"{DOCS}/"):
            files.setdefault(name, data)

    # The plugin's templates, then the configuration's custom_dir over them.
    overrides: dict[str, bytes] = {name.removeprefix(f"{OVERRIDES}/"): data for name, data in course_assets() if name.startswith(f"{OVERRIDES}/")}
    custom = theme.get("custom_dir")
    if custom and (base / str(custom)).is_dir():
        custom_dir = base / str(custom)
        overrides.update((path.relative_to(custom_dir).as_posix(), path.read_bytes()) for path in sorted(custom_dir.rglob("*")) if path.is_file())
    main = overrides.pop("main.html", None)
    files.update((f"{OVERRIDES}/{rel}", data) for rel, data in overrides.items())
    scope = "/" + (site_url.split("://", 1)[-1].partition("/")[2].strip("/") + "/").lstrip("/") if site_url else "/"
    files[f"{OVERRIDES}/main.html"] = _main_template(main, policy_meta(scope, _theme_templates())).encode("utf-8")

    course = catalog.course.model
    theme["custom_dir"] = OVERRIDES
    # Zensical's look of Material for MkDocs (MkDocs and ProperDocs pass the setting to the theme unused).
    theme.setdefault("variant", "classic")
    # The theme's web fonts come from another origin, which the policy blocks (as the plugin does).
    theme["font"] = False
    site_name = config.get("site_name")
    out: dict[str, Any] = {
        "site_name": site_name if site_name and site_name != "ciso-course" else escape_html(" ".join(course.title.split())),
        **({"site_url": site_url} if site_url else {}),
        "docs_dir": DOCS,
        "site_dir": "site",
    }
    # The rest of the site's settings as they are, but hooks (the site's own code, for MkDocs only).
    for key, value in config.items():
        if key not in ("docs_dir", "site_dir", "site_name", "site_url", "theme", "plugins", "nav", "hooks"):
            out[key] = value
    out["theme"] = theme
    out["plugins"] = _plugins(config)
    # What the plugin adds to a site itself, written out.
    out["markdown_extensions"] = _extensions(config.get("markdown_extensions"))
    css = list(config.get("extra_css") or [])
    out["extra_css"] = css + [uri for uri in (f"{assets.FOLDER}/{n}" for n in assets.STYLESHEETS) if uri not in css]
    scripts = list(config.get("extra_javascript") or [])
    out["extra_javascript"] = scripts + [uri for uri in (f"{assets.FOLDER}/{n}" for n in assets.SCRIPTS) if uri not in scripts]
    out["copyright"] = config.get("copyright") or escape_html(" ".join(course.attack_notice.split()))
    extra = dict(config.get("extra") or {})
    extra["ciso_course"] = {"about": page_path(urls.about, directory_urls)}
    # The theme's first inline script reads extra.scope: set, it is the same on every page (one hash).
    extra["scope"] = scope
    out["extra"] = extra
    out["nav"] = build_nav(pages, written)
    header = "# Made by `ciso-course render --standalone`: build with `zensical build`, `properdocs build` or `mkdocs build`.\n"
    files["mkdocs.yml"] = (header + yaml.safe_dump(out, sort_keys=False, allow_unicode=True, width=120)).encode("utf-8")
    return files


def write_project(files: dict[str, bytes], staging: Path) -> None:
    """Write the project's files into ``staging`` (a fresh folder that replace_folder swaps in)."""
    for path, data in files.items():
        try:
            write_bytes_atomic(staging / path, data, root=staging)
        except Uncontained as exc:  # paths come from validated ids and docs_dir's own files
            raise StandaloneError(str(exc)) from None

