"""``ciso-course export``: the course in other tools' formats (ATT&CK Navigator layers, LMS quiz
formats, SCORM packages, answer keys)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import Failed
from . import Refused, config_option, content_option, load_course, main, protected_dirs
from .frameworks import note

if TYPE_CHECKING:
    from ..catalog import Catalog
    from ..exports import QuizExport


@main.group()
def export() -> None:
    """Export the course for other tools: ATT&CK Navigator layers, LMS quiz formats, SCORM packages, answer keys."""


def _out_dir(content: Path, out: Path, marker: str) -> Path:
    from ..output import check_output_dir

    return check_output_dir(out, protected=protected_dirs(content), marker=marker)


def _write_dir(target: Path, marker: str, files: dict[str, str], what: str) -> None:
    """Make ``target`` anew with ``files``: written beside it and swapped in only when all are written
    (:func:`generator.output.replace_folder`), so that a failed export leaves the previous one as it was."""
    from .. import output

    def fill(staging: Path) -> None:
        for name, text in files.items():  # write_text_atomic refuses a name that leaves the folder
            output.write_text_atomic(staging / name, text, root=staging)

    output.replace_folder(
        target, fill, marker=marker, note=f"Made by `ciso-course export {what}`; the next export replaces this folder.\n",
    )


def _out_file(content: Path, out: Path) -> Path:
    from ..exports import is_quiz_export
    from ..output import check_output_file

    return check_output_file(out, protected=protected_dirs(content), ours=is_quiz_export)


def _quiz_export(
    content: Path, out: Path, skip_unsupported: bool, build: Callable[[Catalog], QuizExport], what: str
) -> None:
    from ..output import write_bytes_atomic

    target = _out_file(content, out)
    catalog = load_course(content)
    result = build(catalog)
    for loss in result.losses:
        if not loss.dropped:
            click.echo(f"not carried: {loss}", err=True)
    for loss in result.dropped:
        click.echo(f"{'skipped' if skip_unsupported else 'unsupported'}: {loss}", err=True)
    if result.dropped and not skip_unsupported:
        click.echo(
            f"{len(result.dropped)} question(s) cannot be exported as {what}; nothing written. "
            "Pass --skip-unsupported to write the rest without them.",
            err=True,
        )
        raise Failed()
    write_bytes_atomic(target, result.data)
    skipped = f", {len(result.dropped)} left out" if result.dropped else ""
    click.echo(f"{result.questions} question(s) written to {out}{skipped}", err=True)


_skip_option = click.option(
    "--skip-unsupported", is_flag=True,
    help="Write the export without the questions the format cannot carry (they are still listed).",
)
_out_file_option = click.option("--out", type=click.Path(path_type=Path), required=True, help="The file to write.")


@export.command()
@content_option
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), required=True, help="Folder for the layer files.")
@click.option(
    "--site-url", default="",
    help="The published site's address, e.g. https://example.org/course/, for links to its pages.",
)
def navigator(content: Path, out: Path, site_url: str) -> None:
    """ATT&CK Navigator layers (format 4.5): the whole course, each learning path, each module."""
    from ..exports.navigator import export_layers
    from ..output import LAYERS_MARKER

    if site_url and not site_url.startswith(("https://", "http://")):
        raise click.BadParameter("must start with https:// or http://", param_hint="--site-url")
    target = _out_dir(content, out, LAYERS_MARKER)
    catalog = load_course(content)
    files = export_layers(catalog, site_url=site_url)
    _write_dir(target, LAYERS_MARKER, files, "navigator")
    click.echo(f"{len(files)} layer(s) written to {out}", err=True)


@export.command()
@content_option
@_out_file_option
@_skip_option
def gift(content: Path, out: Path, skip_unsupported: bool) -> None:
    """The quizzes in Moodle GIFT format (ordering questions cannot be carried)."""
    from ..exports.gift import export_gift

    _quiz_export(content, out, skip_unsupported, export_gift, "GIFT")


@export.command("moodle-xml")
@content_option
@_out_file_option
@_skip_option
def moodle_xml(content: Path, out: Path, skip_unsupported: bool) -> None:
    """The quizzes in Moodle XML format."""
    from ..exports.moodle_xml import export_moodle_xml

    _quiz_export(content, out, skip_unsupported, export_moodle_xml, "Moodle XML")


@export.command()
@content_option
@_out_file_option
@_skip_option
def qti(content: Path, out: Path, skip_unsupported: bool) -> None:
    """The quizzes as a QTI 1.2 package (zip) for Canvas or Blackboard."""
    from ..exports.qti import export_qti

    _quiz_export(content, out, skip_unsupported, export_qti, "QTI 1.2")


@export.command("answer-key")
@content_option
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), required=True, help="Folder for the answer keys.")
def answer_key(content: Path, out: Path) -> None:
    """Per module, every question's correct answers and explanation, as Markdown and CSV.

    For trainers: answer keys are never part of the learner site, and the folder may not be
    inside the site's docs_dir or the content folder.
    """
    from ..exports.answer_key import answer_keys
    from ..output import ANSWER_KEY_MARKER

    target = _out_dir(content, out, ANSWER_KEY_MARKER)
    catalog = load_course(content)
    files = answer_keys(catalog)
    _write_dir(target, ANSWER_KEY_MARKER, files, "answer-key")
    click.echo(f"{len(files) // 2} module answer key(s) written to {out}", err=True)


@export.command()
@content_option
@config_option
@_out_file_option
@click.option("--path", "path_id", default=None, help="Package only this learning path (its id), in its order.")
@click.option("--version", "version", type=click.Choice(["1.2", "2004"]), default="1.2", show_default=True,
              help="SCORM 1.2, or SCORM 2004 4th edition.")
def scorm(content: Path, config_file: Path, out: Path, path_id: str | None, version: str) -> None:
    """A SCORM package (zip) for an LMS: each module a SCO whose self-check reports the learner's
    score, status, time and answers, and resumes where the learner left off.

    The pages are the site's, built for the package: relative links only, no search, nothing
    from another origin. The file at --out is replaced only when the package is complete.
    """
    from mkdocs.exceptions import MkDocsException

    from ..exports import is_quiz_export
    from ..exports.package_files import PackageProblem
    from ..exports.scorm import scorm_package
    from ..output import check_output_file, write_bytes_atomic
    from ..plugin.builds import build_package_site

    target = check_output_file(out, protected=protected_dirs(content, config_file), ours=is_quiz_export)
    catalog = load_course(content)
    if path_id is not None and path_id not in {p.id for p in catalog.course.model.paths}:
        known = ", ".join(p.id for p in catalog.course.model.paths) or "none"
        raise click.BadParameter(f"no learning path '{path_id}' in the course (paths: {known})", param_hint="--path")
    try:
        site, prefix = build_package_site(config_file, content)
        package = scorm_package(catalog, site, version=version, path_id=path_id, prefix=prefix)
    except MkDocsException as exc:
        click.echo(str(exc), err=True)
        raise Failed(f"The site build for the package failed; {out} is unchanged.") from None
    except PackageProblem as exc:
        raise Refused(f"{exc}; {out} is unchanged") from None
    for message in package.notes:
        note(message)
    write_bytes_atomic(target, package.data)
    click.echo(
        f"SCORM {version} package written to {out}: {package.scos} SCO(s), {package.files} files, "
        f"{len(package.data) / 1024:.0f} KiB",
        err=True,
    )
