"""``ciso-course atlas import`` and ``atlas check``: the course's ATLAS facts against MITRE's
``ATLAS.yaml``, with the guarantees of the ATT&CK commands."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import ContentErrors, visible
from . import content_option, format_option, load_course, main

if TYPE_CHECKING:
    from ..atlas.data import AtlasData


def _note(message: str) -> None:
    click.echo(f"note: {visible(message)}", err=True)


def _load(path: Path) -> AtlasData:
    from ..atlas.data import load_atlas

    return load_atlas(path)


@main.group()
def atlas() -> None:
    """ATLAS: bring the course's ATLAS facts up to date from ATLAS.yaml, or check them against it."""


_file_argument = click.argument("atlas_yaml", metavar="ATLAS.yaml", type=click.Path(path_type=Path, dir_okay=False, exists=True))


@atlas.command("import")
@_file_argument
@content_option
@click.option("--dry-run", is_flag=True, help="Print the changes as a unified diff and write nothing.")
def atlas_import(atlas_yaml: Path, content: Path, dry_run: bool) -> None:
    """Update ATLAS tactic and technique facts in content/atlas-tactics/ from MITRE's ATLAS.yaml.

    Facts are tactic names, URLs, matrix order and ATT&CK references, and technique names, URLs and
    ATT&CK references; everything else in the files stays as it is, byte for byte. Tactics the
    course lacks get a new file with TODO placeholders. Moved, deprecated and removed techniques
    are reported and left for you to decide.
    """
    from ..atlas.compare import compare, not_listed
    from ..attack.importer import plan_comparison
    from .interop import show_import

    catalog = load_course(content)
    data = _load(atlas_yaml)
    plan = plan_comparison(catalog, compare(catalog, data))
    comparison = plan.comparison
    for note in comparison.notes + not_listed(catalog, data):
        _note(note)
    show_import(plan, dry_run=dry_run, files="an ATLAS tactic file", placeholders="summary, techniques and role questions")
    verb = "would change" if dry_run else "changed"
    if plan.empty:
        click.echo("The course's ATLAS facts already match ATLAS.yaml: nothing to change.", err=True)
    else:
        click.echo(
            f"{len(comparison.changes)} fact(s) {verb} in {len(plan.edits)} file(s); "
            f"{len(comparison.new_tactics)} new ATLAS tactic file(s){' (dry run: nothing written)' if dry_run else ''}.",
            err=True,
        )


@atlas.command("check")
@_file_argument
@content_option
@format_option
def atlas_check(atlas_yaml: Path, content: Path, fmt: str) -> None:
    """Report, with locations, content that disagrees with MITRE's ATLAS.yaml. Writes nothing.

    Reported: tactic facts (name, URL, order, ATT&CK reference) and technique names, URLs and ATT&CK
    references that differ, techniques ATLAS files under another tactic, deprecated techniques, ids
    ATLAS lacks (in tactic files, modules' covers.attack and questions) and ATLAS tactics with no
    file. Exits with 1 when anything is reported.
    """
    from ..atlas.compare import check

    catalog = load_course(content)
    data = _load(atlas_yaml)
    errors, notes = check(catalog, data)
    for note in notes:
        _note(note)
    if errors:
        raise ContentErrors(errors)
    click.echo(
        f"{content}: the course agrees with ATLAS {data.version or ''} "
        f"({len(data.tactics)} tactics, {len(data.techniques)} techniques)".replace("  ", " "),
        err=True,
    )
