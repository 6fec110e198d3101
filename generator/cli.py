"""The ``ciso-course`` command line: a thin adapter over the package's functions.

Exit codes: 0 success, 1 content problems (or a refused operation), 2 usage errors (click's).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from .catalog import Catalog, load_catalog
from .errors import ContentErrors

F = TypeVar("F", bound=Callable[..., Any])


class Refused(click.ClickException):
    """An operation the CLI will not do (a dangerous target, an existing file): exit code 1."""

    exit_code = 1


def content_option(func: F) -> F:
    return click.option(
        "--content",
        "content",
        type=click.Path(path_type=Path, file_okay=False),
        default=Path("content"),
        show_default=True,
        help="Folder holding the course YAML.",
    )(func)


def format_option(func: F) -> F:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["text", "github"]),
        default="text",
        show_default=True,
        help="'github' prints workflow commands that annotate a pull request.",
    )(func)


def report(errors: ContentErrors, fmt: str = "text") -> None:
    for error in errors:
        click.echo(error.github() if fmt == "github" else str(error))
    files = len({error.path for error in errors})
    count = len(errors.errors)
    click.echo(f"{count} problem{'s' if count != 1 else ''} in {files} file{'s' if files != 1 else ''}", err=True)


def load_or_exit(content: Path, fmt: str = "text") -> Catalog:
    try:
        return load_catalog(content)
    except ContentErrors as errors:
        report(errors, fmt)
        sys.exit(1)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="ciso-course")
def main() -> None:
    """Build CISO training modules with quiz self-checks from structured YAML."""


@main.command()
@content_option
@format_option
def validate(content: Path, fmt: str) -> None:
    """Check every content file; print all problems as path:line:col: message."""
    catalog = load_or_exit(content, fmt)
    click.echo(
        f"{content}: {len(catalog.modules)} modules, {len(catalog.roles)} roles, "
        f"{len(catalog.reporting_models)} reporting models, {len(catalog.tactics)} tactics: no problems",
        err=True,
    )


@main.command()
@content_option
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), required=True, help="Folder for the *.schema.json files.")
def schema(content: Path, out: Path) -> None:
    """Write a JSON Schema per kind of content file, for editor completion and checks."""
    from .schema import write_schemas

    for path in write_schemas(out):
        click.echo(str(path))
