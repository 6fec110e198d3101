"""Commands about the course and its site: validate, schema, render, build."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import Failed
from . import Refused, config_option, content_option, format_option, load_course, main, protected_dirs


@main.command()
@content_option
@format_option
def validate(content: Path, fmt: str) -> None:
    """Check every content file; print all problems as path:line:col: message."""
    catalog = load_course(content)
    click.echo(
        f"{content}: {len(catalog.modules)} modules, {len(catalog.roles)} roles, "
        f"{len(catalog.reporting_models)} reporting models, {len(catalog.attack_tactics())} tactics"
        + (f", {len(atlas)} ATLAS tactics" if (atlas := catalog.atlas_tactics()) else "") + ": no problems",
        err=True,
    )


@main.command()
@content_option
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), required=True, help="Folder for the *.schema.json files.")
def schema(content: Path, out: Path) -> None:
    """Write a JSON Schema per kind of content file, for editor completion and checks.

    The folder must be new, empty, or hold only *.schema.json files.
    """
    from ..output import SCHEMA_MARKER, check_output_dir
    from ..schema import write_schemas

    check_output_dir(out, protected=protected_dirs(content), marker=SCHEMA_MARKER, only="*.schema.json")

    for path in write_schemas(out):
        click.echo(str(path))


@main.command()
@content_option
@click.option("--out", type=click.Path(path_type=Path), required=True, help="Folder for the Markdown pages.")
@click.option("--prefix", default="", help="Folder to place the generated pages under, e.g. 'course'.")
@click.option("--standalone", is_flag=True, help="Write a whole site project (mkdocs.yml and docs/) that builds without the plugin.")
@click.option(
    "--config-file", "-f", type=click.Path(path_type=Path, dir_okay=False), default=Path("mkdocs.yml"), show_default=True,
    help="With --standalone: the site configuration whose theme and settings the project takes.",
)
@click.option("--site-url", default="", help="With --standalone: the published site's address (default: site_url of the configuration).")
def render(content: Path, out: Path, prefix: str, standalone: bool, config_file: Path, site_url: str) -> None:
    """Write the generated Markdown pages to disk (for diffing, or for another site engine).

    The folder must be new, empty, or one that an earlier `render` made. A `.nav.yml` beside the
    pages holds the navigation. With --standalone, the folder gets a complete project instead:
    `zensical build`, `properdocs build` or `mkdocs build` run in it as they are.
    """
    if standalone:
        if prefix:
            raise click.UsageError("--prefix does not apply to --standalone: the project is the whole site")
        _render_standalone(content, out, config_file, site_url)
        return
    import yaml

    from ..exports.navigator import site_layers
    from ..output import RENDER_MARKER, check_output_dir, replace_folder, write_text_atomic
    from ..reading.containment import Uncontained
    from ..render import Urls, render_site
    from ..render.nav import build_nav

    target = check_output_dir(out, protected=protected_dirs(content), marker=RENDER_MARKER)
    catalog = load_course(content)
    prefix = prefix.strip("/")
    urls = Urls(f"{prefix}/" if prefix else "")
    pages = render_site(catalog, urls)
    # The pages, and the ATT&CK Navigator layers that the coverage page links for download.
    files = [(page.uri, page.markdown) for page in pages] + site_layers(catalog, urls)
    files.append((".nav.yml", yaml.safe_dump({"nav": build_nav(pages, [])}, sort_keys=False, allow_unicode=True)))

    def fill(staging: Path) -> None:
        for uri, text in files:  # write_text_atomic refuses a path that leaves the folder
            write_text_atomic(staging / uri, text, root=staging)

    try:
        replace_folder(target, fill, marker=RENDER_MARKER, note="Made by `ciso-course render`; the next render replaces this folder.\n")
    except Uncontained as exc:  # ids are validated slugs; this guards the invariant
        raise Refused(f"nothing written: {exc}") from None
    click.echo(f"{len(pages)} pages and {len(files) - len(pages) - 1} Navigator layers written to {out}", err=True)


def _render_standalone(content: Path, out: Path, config_file: Path, site_url: str) -> None:
    from .. import output
    from ..output import STANDALONE_MARKER, check_output_dir, replace_folder
    from ..standalone import STANDALONE_NOTE, project_files, site_folders, write_project

    if not config_file.is_file():
        raise Refused(f"{config_file}: no such site configuration (the project takes its theme and settings from it)")
    # A StandaloneError (a CourseError) says itself that nothing was written.
    target = check_output_dir(out, protected=output.protected_dirs(content, site_folders(config_file)), marker=STANDALONE_MARKER)
    catalog = load_course(content)
    files = project_files(catalog, config_file, site_url=site_url)
    replace_folder(target, lambda staging: write_project(files, staging), marker=STANDALONE_MARKER, note=STANDALONE_NOTE)
    pages = sum(1 for path in files if path.endswith(".md"))
    click.echo(f"A site project of {pages} pages written to {out}: build it there with zensical, properdocs or mkdocs", err=True)


@main.command()
@click.option(
    "--content", type=click.Path(path_type=Path, file_okay=False), default=None,
    help="Folder holding the course YAML (default: the plugin's content_dir in the configuration).",
)
@config_option
@click.option("--site-dir", type=click.Path(path_type=Path), default=None, help="Where the site goes (default: site_dir of the configuration).")
def build(content: Path | None, config_file: Path, site_dir: Path | None) -> None:
    """Build the site into a temporary folder and swap it in only when the build succeeded."""
    import logging

    from mkdocs.exceptions import MkDocsException

    from ..output import SITE_MARKER, check_output_dir, protected_dirs
    from ..plugin.builds import build_site, site_folders

    folders = site_folders(config_file)
    target = site_dir if site_dir is not None else folders["site_dir"]
    protected = protected_dirs(content, folders)
    # A site that `mkdocs build` made in the configured site_dir carries no marker; MkDocs
    # itself would replace it, so its signature is accepted there, and only there.
    configured = target.resolve() == folders["site_dir"].resolve()
    accept = ("index.html", "sitemap.xml") if configured else ()
    check_output_dir(target, protected=protected, marker=SITE_MARKER, accept=accept, base=config_file.parent)
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    handler.setLevel(logging.INFO)
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(handler)
    mkdocs_log.setLevel(logging.INFO)
    try:
        build_site(config_file, target, content)
    except MkDocsException as exc:
        click.echo(str(exc), err=True)
        raise Failed(f"Build failed; {target} is unchanged.") from None
    finally:
        mkdocs_log.removeHandler(handler)
    click.echo(f"Site built in {target}", err=True)
