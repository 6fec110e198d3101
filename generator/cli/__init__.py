"""The ``ciso-course`` command line: a thin adapter over the package's functions.

The only code that imports click. Commands live in the submodules by area: ``site``
(validate, schema, render, build), ``attack`` and ``atlas`` (import and check, sharing their report
through ``frameworks``), ``exports`` and ``authoring`` (init, new, lint); each registers itself on
:func:`main`.

Exit codes: 0 success, 1 content problems (or a refused operation), 2 usage errors (click's).
Commands fail by raising a :class:`~generator.errors.CourseError`; the group prints it once.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from ..catalog import Catalog, load_catalog
from ..errors import ContentErrors, CourseError, Failed, visible

F = TypeVar("F", bound=Callable[..., Any])


FORMAT = "ciso_course_format"  # where --format leaves its choice for the error handler


class Refused(CourseError):
    """An operation the CLI will not do (a dangerous target, an existing file): exit code 1."""


def content_option(func: F) -> F:
    return click.option(
        "--content",
        "content",
        type=click.Path(path_type=Path, file_okay=False),
        default=Path("content"),
        show_default=True,
        help="Folder holding the course YAML.",
    )(func)


def _remember_format(ctx: click.Context, _param: click.Parameter, value: str) -> str:
    ctx.meta[FORMAT] = value
    return value


def format_option(func: F) -> F:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["text", "github"]),
        default="text",
        show_default=True,
        callback=_remember_format,
        help="'github' prints workflow commands that annotate a pull request.",
    )(func)


def report(errors: ContentErrors, fmt: str = "text") -> None:
    click.echo("\n".join(error.github() if fmt == "github" else str(error) for error in errors))
    files = len({error.path for error in errors})
    count = len(errors.errors)
    click.echo(f"{count} problem{'s' if count != 1 else ''} in {files} file{'s' if files != 1 else ''}", err=True)


def load_course(content: Path) -> Catalog:
    """The course, or :class:`ContentErrors` (which the command line reports)."""
    return load_catalog(content)


class _Commands(click.Group):
    """The command group that turns every :class:`CourseError` into its message and exit code:
    the one way a command fails (click's own usage errors aside)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ContentErrors as errors:
            report(errors, ctx.meta.get(FORMAT, "text"))
            ctx.exit(errors.exit_code)
        except CourseError as exc:
            if str(exc):
                click.echo(f"{'' if isinstance(exc, Failed) else 'Error: '}{visible(str(exc))}", err=True)
            ctx.exit(exc.exit_code)
        except OSError as exc:  # the machine's, not the course's: a full disk, a missing permission
            click.echo(f"Error: {visible(str(exc))}", err=True)
            ctx.exit(1)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="ciso-course")
def main() -> None:
    """Build CISO training modules with quiz self-checks from structured YAML."""


def config_option(func: F) -> F:
    return click.option(
        "--config-file", "-f",
        type=click.Path(path_type=Path, dir_okay=False, exists=True),
        default=Path("mkdocs.yml"),
        show_default=True,
        help="The MkDocs configuration of the site.",
    )(func)


def protected_dirs(content: Path, config_file: Path = Path("mkdocs.yml")) -> dict[str, Path]:
    """Folders no command may write into (:func:`generator.output.protected_dirs`): ``content``,
    and the folders the site configuration names, when there is one."""
    from .. import output

    if not config_file.is_file():
        return output.protected_dirs(content)
    from ..plugin.builds import site_folders

    return output.protected_dirs(content, site_folders(config_file))


from . import atlas, attack, authoring, exports, site  # noqa: E402,F401 - each module registers its commands
