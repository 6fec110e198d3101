"""``ciso-course attack import`` and ``attack check``: the course's ATT&CK facts against a STIX 2.1
bundle of MITRE's."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import content_option, format_option, load_course, main
from .frameworks import show_check, show_import

if TYPE_CHECKING:
    from ..attack.stix import AttackData


def _load_bundle(bundle: Path, domain: str) -> AttackData:
    from ..attack.stix import load_bundle

    return load_bundle(bundle, domain)


@main.group()
def attack() -> None:
    """ATT&CK: bring the course's facts up to date from a STIX bundle, or check them against one."""


_bundle_argument = click.argument("bundle", type=click.Path(path_type=Path, dir_okay=False, exists=True))


@attack.command("import")
@_bundle_argument
@content_option
@click.option("--dry-run", is_flag=True, help="Print the changes as a unified diff and write nothing.")
def attack_import(bundle: Path, content: Path, dry_run: bool) -> None:
    """Update tactic and technique facts in the tactic files from an ATT&CK STIX 2.1 bundle.

    Facts are tactic names, shortnames, URLs and matrix order, and technique names and URLs;
    everything else in the files stays as it is, byte for byte. Tactics the course lacks get a new
    file with TODO placeholders. Revoked, deprecated and unknown techniques, and techniques the
    bundle files under another tactic, are reported and left for you to decide.
    """
    from ..attack.importer import plan_import

    catalog = load_course(content)
    data = _load_bundle(bundle, catalog.course.model.attack.domain)
    show_import(
        plan_import(catalog, data), dry_run=dry_run, source="the bundle", facts="ATT&CK", new_file="tactic file",
        placeholders="summary, ai_relevance, techniques and role questions",
    )


@attack.command("check")
@_bundle_argument
@content_option
@format_option
def attack_check(bundle: Path, content: Path, fmt: str) -> None:
    """Report, with locations, content that disagrees with an ATT&CK STIX 2.1 bundle. Writes nothing.

    Reported: revoked techniques (with the replacement when the bundle names one), deprecated
    techniques, ids the bundle lacks, tactic facts (name, shortname, URL, order) and technique
    names and URLs that differ from the bundle's, and techniques filed under another tactic.
    Exits with 1 when anything is reported.
    """
    from ..attack.compare import check

    catalog = load_course(content)
    data = _load_bundle(bundle, catalog.course.model.attack.domain)
    show_check(
        check(catalog, data),
        f"{content}: the course agrees with the bundle ({len(data.tactics)} tactics, {len(data.techniques)} techniques)",
    )
