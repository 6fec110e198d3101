"""Commands for the people who write the course: new (scaffolding) and lint (item-writing checks)."""

from __future__ import annotations

from pathlib import Path

import click

from ..authoring.scaffold import KINDS, TYPES
from ..errors import Failed
from . import Refused, content_option, format_option, load_course, main


@main.command(name="new")
@click.argument("kind", type=click.Choice(list(KINDS)), metavar="KIND")
@click.argument("ids", nargs=-1, required=True, metavar="ID [QUESTION_ID]")
@content_option
@click.option(
    "--type", "question_type",
    type=click.Choice(list(TYPES)),
    default=None,
    help="Question type, for `new question` (default: single).",
)
def new(kind: str, ids: tuple[str, ...], content: Path, question_type: str | None) -> None:
    """Start a new piece of content that validates at once, with TODO placeholders to fill in.

    \b
    role, reporting-model, tactic,          a new file under content/ (never overwritten)
    atlas-tactic, module
    path                                    a learning path added to course.yml
    term                                    a glossary term added to glossary.yml
    question MODULE_ID QUESTION_ID          a question added to a module's quiz (--type)

    Ids of roles, modules, paths, terms and questions are lowercase slugs; a tactic id is
    ATT&CK's (TA0043), an ATLAS tactic's ATLAS's (AML.TA0001). `ciso-course lint` lists the placeholders still to fill in.
    """
    from ..authoring.scaffold import scaffold, target
    from ..errors import display_path, quote
    from ..output import create_text, write_text_atomic
    from ..reading.containment import LARGE, Uncontained, read_regular
    from ..reading.read import MAX_BYTES

    wanted = 2 if kind == "question" else 1
    if len(ids) != wanted:
        usage = "MODULE_ID QUESTION_ID" if kind == "question" else "ID"
        raise click.UsageError(f"`new {kind}` takes {usage}, got {len(ids)} argument{'s' if len(ids) != 1 else ''}")
    if question_type is not None and kind != "question":
        raise click.UsageError("--type applies to `new question` only")
    catalog = load_course(content)
    try:
        path = target(catalog, kind, ids)
        try:
            existing: str | None = read_regular(path, MAX_BYTES, root=content).decode("utf-8")
        except FileNotFoundError:
            existing = None
        change = scaffold(catalog, kind, ids, existing, question_type=question_type or "single")
        # Only inside the content folder, and never through a symbolic link.
        if change.created:
            try:
                create_text(change.path, change.text, root=content)
            except FileExistsError:  # appeared since it was looked at
                raise Refused(f"{change.path} already exists; nothing was written") from None
        else:
            write_text_atomic(change.path, change.text, root=content)
    except Uncontained as exc:
        what = exc.reason if exc.kind == LARGE else f"{quote(display_path(exc.path))} is {exc.reason}"
        raise Refused(f"refused: {what}; content must be real files and folders in {content}; nothing was written") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise Refused(f"cannot use {path}: {exc}") from None
    click.echo(change.summary)
    click.echo(f"Replace the TODO placeholders, then run `ciso-course lint --content {content}`.", err=True)


@main.command(name="lint")
@content_option
@format_option
def lint_command(content: Path, fmt: str) -> None:
    """Check how well the course is written: quiz items, feedback, coverage.

    Prints path:line:col: severity: message [rule-id] for each finding; exits 1 when a finding
    has the severity error. Thresholds and severities are set in the `lint` section of
    course.yml.
    """
    from ..lint import counts, lint

    catalog = load_course(content)
    findings = lint(catalog)
    for finding in findings:
        click.echo(finding.github() if fmt == "github" else str(finding))
    tally = counts(findings)
    files = len({finding.path for finding in findings})
    parts = [f"{n} {severity}{'s' if n != 1 else ''}" for severity, n in tally.items()]
    where = f" in {files} file{'s' if files != 1 else ''}" if findings else ""
    click.echo(f"{content}: {', '.join(parts)}{where}", err=True)
    if tally["error"]:
        raise Failed()


@main.command(name="init")
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False))
@click.option("--title", default="CISO training", show_default=True, help="The course's title, shown on every page.")
@click.option("--language", default="en", show_default=True, help="The site's language code for the theme (en, fr, pt-BR...).")
def init(directory: Path, title: str, language: str) -> None:
    """Create a new course repository in DIRECTORY (new or empty).

    It holds a small course that validates, lints clean and builds strictly, a minimal mkdocs.yml,
    a README with the course's two commands, editor schemas, a pre-commit configuration and a CI
    workflow. Then: cd DIRECTORY && make site.
    """
    from ..authoring.init import init_course

    written = init_course(directory, title, language)
    click.echo(f"Created a course in {directory} ({len(written)} files).")
    click.echo(f"Next: cd {directory} && make site   (or: ciso-course build)", err=True)
