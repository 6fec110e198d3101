"""``ciso-course atlas import`` and ``atlas check``: the course's ATLAS facts against MITRE's
``ATLAS.yaml``, with the guarantees of the ATT&CK commands."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import content_option, format_option, load_course, main
from .frameworks import show_check, show_import

if TYPE_CHECKING:
    from ..atlas.data import AtlasData


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

    catalog = load_course(content)
    data = _load(atlas_yaml)
    show_import(
        plan_comparison(catalog, compare(catalog, data)), dry_run=dry_run, source="ATLAS.yaml", facts="ATLAS",
        new_file="ATLAS tactic file", placeholders="summary, techniques and role questions", notes=not_listed(catalog, data),
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
    show_check(
        check(catalog, data),
        f"{content}: the course agrees with ATLAS {data.version or ''} "
        f"({len(data.tactics)} tactics, {len(data.techniques)} techniques)".replace("  ", " "),
    )
