"""What ``attack import``/``atlas import`` and ``attack check``/``atlas check`` share: printing
an import's plan and applying it, and a check's report."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from ..errors import ContentErrors, Failed, display_path, visible
from . import Refused

if TYPE_CHECKING:
    from ..attack.importer import ImportPlan
    from ..errors import ContentError


def note(message: str) -> None:
    click.echo(f"note: {visible(message)}", err=True)


def show_import(
    plan: ImportPlan, *, dry_run: bool, source: str, facts: str, new_file: str, placeholders: str, notes: Sequence[str] = (),
) -> None:
    """Print an import's plan (the diff on a dry run) and apply it unless ``dry_run``: what changed,
    what is left for the trainer, the new tactic files that still hold placeholders, and a summary.
    Nothing is written when the result would not validate.

    ``source`` names the file read ("the bundle"), ``facts`` the framework ("ATT&CK"), ``new_file``
    a created file ("tactic file") and ``placeholders`` the fields a new file leaves to write;
    ``notes`` are printed after the comparison's own.
    """
    from ..attack.importer import apply_import, render_changes

    comparison = plan.comparison
    for message in [*comparison.notes, *notes]:
        note(message)
    if dry_run:
        sys.stdout.write(plan.diff())
    if plan.problems:
        click.echo("The import would leave the course invalid, so nothing is written:", err=True)
        for problem in plan.problems:
            click.echo(str(problem), err=True)
        raise Failed()
    if not dry_run and not plan.empty:
        try:
            apply_import(plan)
        except OSError as exc:
            where = exc.filename if exc.filename is not None else f"{'an' if new_file[0] in 'AEIOU' else 'a'} {new_file}"
            raise Refused(visible(f"{where}: {exc.strerror}; the files before it were written")) from None
        for line in render_changes(comparison.changes):
            click.echo(line)
        for created in comparison.new_tactics:
            click.echo(visible(f"{display_path(created.path)}: created for {created.tactic.id} {created.tactic.name}"))
    findings = comparison.reviews + comparison.findings
    if findings:
        click.echo("Left as they are, for you to decide:", err=True)
        for finding in sorted(findings):
            click.echo(f"  {finding}", err=True)
    for created in comparison.new_tactics:
        note(
            f"{display_path(created.path)} {'would be' if dry_run else 'is'} new: it validates, but its "
            f"{placeholders} are TODO placeholders that the site would publish as they are; write the "
            "course's own text before building"
        )
    if plan.empty:
        click.echo(f"The course's {facts} facts already match {source}: nothing to change.", err=True)
    else:
        verb = "would change" if dry_run else "changed"
        click.echo(
            f"{len(comparison.changes)} fact(s) {verb} in {len(plan.edits)} file(s); "
            f"{len(comparison.new_tactics)} new {new_file}(s){' (dry run: nothing written)' if dry_run else ''}.",
            err=True,
        )


def show_check(found: tuple[list[ContentError], list[str]], agrees: str) -> None:
    """A check's report: its notes, then its findings (exit 1), or ``agrees`` when there are none."""
    errors, notes = found
    for message in notes:
        note(message)
    if errors:
        raise ContentErrors(errors)
    click.echo(agrees, err=True)
