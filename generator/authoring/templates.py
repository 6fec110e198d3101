"""The text of what `ciso-course new` writes: new files with the editor modeline and marked
placeholders, and the items it adds to lists (questions, learning paths, glossary terms)."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from .. import models as m
from ..catalog import Catalog
from ..errors import CourseError
from .yaml_edit import as_item, indent

PLACEHOLDER = "TODO"


class ScaffoldError(CourseError):
    """A scaffold that is refused: an existing file or id, an invalid id, a course it cannot extend."""


# --- YAML text helpers -----------------------------------------------------------------------


def _q(text: str) -> str:
    """A double-quoted YAML scalar (JSON's string syntax is a subset of it)."""
    return json.dumps(text, ensure_ascii=False)


def _todo(text: str) -> str:
    return _q(f"{PLACEHOLDER}: {text}")


def _block(text: str) -> str:
    """A literal block scalar holding one placeholder paragraph, for the line after ``key: |``."""
    return f"  {PLACEHOLDER}: {text}"


MODELINE_START = "# yaml-language-server:"


def modeline(schema: str, depth: int) -> str:
    """The editor modeline of a content file ``depth`` folders below the project (the schema's address)."""
    return f"{MODELINE_START} $schema={'../' * depth}schema/{schema}.schema.json"


def modeline_of(text: str) -> str:
    """The editor modeline ``text`` starts with (after a byte-order mark, if any), or ``""``."""
    first = text.removeprefix("\ufeff").split("\n", 1)[0].rstrip("\r")
    return first if first.startswith(MODELINE_START) else ""


def imported_tactic_header(command: str, source: str, facts: Sequence[str]) -> list[str]:
    """The comment lines that open a tactic file an import made: which ``facts`` came from MITRE
    (``source``), and that the placeholders are the course's own text, still to be written."""
    return [
        f"# {PLACEHOLDER}: added by `ciso-course {command}` from {source}. The facts below ({', '.join(facts[:2])},",
        f"# {', '.join(facts[2:])}) come from MITRE; every TODO is the course's own text still to be",
        "# written, in the course's words (never MITRE's description). The file validates as it is,",
        "# so the placeholders would be published: replace them before building the site.",
    ]


def _flow(ids: Sequence[str]) -> str:
    return "[" + ", ".join(ids) + "]"


def _pick(preferred: Sequence[str], known: Sequence[str], exclude: Sequence[str] = ()) -> str | None:
    for ident in list(preferred) + list(known):
        if ident in known and ident not in exclude:
            return ident
    return None


# --- new files --------------------------------------------------------------------------------


def _audience(catalog: Catalog, kind: str) -> str:
    role = _pick(["ciso"], list(catalog.roles))
    if role is None:
        raise ScaffoldError(f"a {kind} needs a role for its audience; add one first with `ciso-course new role ID`")
    return role


def _new_role(catalog: Catalog, ident: str) -> str:
    other = _pick(["ciso", "cio"], list(catalog.roles), exclude=[ident]) or "ciso"
    return "\n".join([
        modeline("role", 2),
        f"id: {ident}",
        f"title: {_todo('the full title, e.g. Chief Data Officer')}",
        f"abbreviation: {_todo('abbreviation, e.g. CDO')}",
        "summary: |",
        _block("what the role owns, in one or two sentences."),
        "mandate: |",
        _block("what the organisation expects the role to achieve."),
        "responsibilities:",
        f"  - {_todo('a responsibility (add one line per responsibility)')}",
        "measured_on:",
        f"  - {_todo('what the role is measured on')}",
        "incentives: []  # what the role is rewarded for, one item per line",
        "blind_spots: []  # what the role tends to miss",
        "tensions: []  # where this role's mandate pulls against another role's, e.g.:",
        "# tensions:",
        f"#   - role: {other}",
        "#     description: |",
        "#       Where the two mandates collide, and why.",
        "ai_impact: |",
        _block("how AI adoption changes this role."),
        "",
    ])


def _new_reporting_model(catalog: Catalog, ident: str) -> str:
    roles = list(catalog.roles)
    ciso = _pick(["ciso"], roles)
    boss = _pick(["ceo", "cio", "board"], roles, exclude=[ciso] if ciso else [])
    if ciso is None or boss is None:
        raise ScaffoldError(
            "a reporting model draws a line between two roles, and the course has fewer than two; "
            "add them first with `ciso-course new role ID`"
        )
    lines = [
        modeline("reporting-model", 2),
        f"id: {ident}",
        f"title: {_todo(f'CISO reports to the ... (currently drawn as {ciso} -> {boss})')}",
        "summary: |",
        _block("the arrangement and its main consequence, in two or three sentences."),
        "lines:  # the org chart: each line says that 'from' reports to 'to'",
        f"  - from: {ciso}",
        f"    to: {boss}  # {PLACEHOLDER}: the role the CISO reports to",
        "    kind: solid  # solid or dotted",
        "criteria:  # each rated from 1 (lowest) to 5 (highest), with the reason",
    ]
    for name in m.Criteria.model_fields:
        lines += [
            f"  {name}:  # {m.CRITERIA_LABELS.get(name, name)}",
            "    rating: 3",
            "    rationale: |",
            "    " + _block("why this rating."),
        ]
    lines += [
        "strengths:",
        f"  - {_todo('a strength')}",
        "weaknesses:",
        f"  - {_todo('a weakness')}",
        "warning_signs: []  # signs that the arrangement is failing, one item per line",
        "when_it_fits: |",
        _block("the organisations this arrangement suits."),
        "perspectives: []  # attributed positions: who, affiliation, position, source",
        "",
    ]
    return "\n".join(lines)


def _role_questions_example(catalog: Catalog) -> list[str]:
    """A tactic file's empty role questions, with a commented example naming a role the course has."""
    role = _pick(["ciso"], list(catalog.roles)) or "ciso"
    return [
        "role_questions: []  # what each role should ask or decide, e.g.:",
        "# role_questions:",
        f"#   - role: {role}",
        "#     ask: |",
        "#       The question this role should put to the team.",
    ]


def _new_tactic(catalog: Catalog, ident: str) -> str:
    order = max((entry.model.order for entry in catalog.attack_tactics().values()), default=0) + 1
    shortname = ident.lower()
    taken = {entry.model.shortname for entry in catalog.attack_tactics().values()}
    while shortname in taken:
        shortname += "-new"
    return "\n".join([
        modeline("tactic", 2),
        f"id: {ident}",
        f"name: {_todo('the tactic name as ATT&CK writes it')}",
        f"shortname: {shortname}  # {PLACEHOLDER}: ATT&CK's shortname, e.g. initial-access",
        f"url: https://attack.mitre.org/tactics/{ident}",
        f"order: {order}  # position in the ATT&CK matrix, from 1",
        "summary: |",
        _block("the tactic in the course's own words."),
        "ai_relevance: |",
        _block("why the tactic matters when AI tools are adopted."),
        "techniques: []  # the techniques taught under this tactic, e.g.:",
        "# techniques:",
        "#   - id: T1234",
        "#     name: Technique Name",
        "#     url: https://attack.mitre.org/techniques/T1234",
        "#     ai_relevance: |",
        "#       Why it matters when AI tools are adopted.",
        *_role_questions_example(catalog),
        "",
    ])


def _new_atlas_tactic(catalog: Catalog, ident: str) -> str:
    if catalog.course.model.atlas is None:
        raise ScaffoldError(
            f"the course file does not say which ATLAS release the course follows: add atlas: {{version: ...}} "
            f"to {catalog.course.doc.display} first (see the guide's ATLAS tactics page); nothing was written"
        )
    order = max((entry.model.order for entry in catalog.atlas_tactics().values()), default=0) + 1
    return "\n".join([
        modeline("atlas-tactic", 2),
        f"id: {ident}",
        f"name: {_todo('the tactic name as ATLAS writes it')}",
        f"url: https://atlas.mitre.org/tactics/{ident}",
        f"order: {order}  # position in the ATLAS matrix, from 1",
        f"# attack_reference: TA0001  # {PLACEHOLDER}: the ATT&CK tactic it adapts, if ATLAS names one",
        "summary: |",
        _block("the tactic in the course's own words."),
        "techniques: []  # the ATLAS techniques taught under this tactic, e.g.:",
        "# techniques:",
        "#   - id: AML.T0051.001",
        '#     name: "LLM Prompt Injection: Indirect"',
        "#     url: https://atlas.mitre.org/techniques/AML.T0051.001",
        "#     summary: |",
        "#       The technique in the course's own words.",
        *_role_questions_example(catalog),
        "",
    ])


def _new_module(catalog: Catalog, ident: str) -> str:
    role = _audience(catalog, "module")
    question = _question_lines("question-1", "single", ["objective-1"], correct_at=2, answer=True)
    return "\n".join([
        modeline("module", 2),
        f"id: {ident}",
        f"title: {_todo('the module title')}",
        "summary: |",
        _block("what the module is about and who it is for, in two or three sentences."),
        f"audience: {_flow([role])}  # role ids the module is written for",
        "duration_minutes: 30",
        "level: introductory  # introductory, intermediate or advanced",
        "prerequisites: []  # ids of modules to take first",
        "objectives:",
        "  - id: objective-1",
        "    text: |",
        "    " + _block("what a learner can do after the module, starting with a verb."),
        "lessons:",
        f"  - title: {_todo('the lesson title')}",
        "    body: |",
        "    " + _block("the lesson, in Markdown."),
        "covers:  # what the module teaches, linked both ways on the site",
        "  roles: []",
        "  reporting_models: []",
        "  attack: {}  # tactic id -> technique ids, e.g. {TA0001: [T1566.002]}",
        "references: []",
        "quiz:",
        "  questions:",
        *indent(as_item(question, 0, 2), 4),
        "",
    ])


# The starting text of a new file, for every kind of content that has a folder (models/kinds.py).
NEW_FILE: dict[str, Callable[[Catalog, str], str]] = {
    "role": _new_role,
    "reporting-model": _new_reporting_model,
    "tactic": _new_tactic,
    "atlas-tactic": _new_atlas_tactic,
    "module": _new_module,
}


# --- items added to lists --------------------------------------------------------------------


_PROMPTS = {
    "single": "the question, asked the positive way round.",
    "multiple": "the question; say that more than one answer may be right.",
    "true-false": "a statement that is plainly true or plainly false.",
    "ordering": "what to put in order, and by which rule.",
}


def _question_lines(qid: str, qtype: str, assesses: Sequence[str], *, correct_at: int, answer: bool) -> list[str]:
    lines = [
        f"id: {qid}",
        f"type: {qtype}",
        "prompt: |",
        _block(_PROMPTS[qtype]),
        f"assesses: {_flow(assesses)}  # objective ids of this module",
    ]
    if qtype in ("single", "multiple"):
        lines.append("options:")
        wrong = iter("ABCD")
        for position in range(1, 5):
            if position == correct_at or (qtype == "multiple" and position == correct_at % 4 + 1):
                text = f"a correct answer ({position})" if qtype == "multiple" else "the correct answer"
                lines += [f"  - text: {_todo(text)}", "    correct: true",
                          f"    feedback: {_todo('why it is right')}"]
            else:
                lines += [f"  - text: {_todo(f'a plausible wrong answer ({next(wrong)})')}",
                          f"    feedback: {_todo('why it is wrong')}"]
    elif qtype == "true-false":
        lines += [
            f"answer: {'true' if answer else 'false'}",
            f"feedback_true: {_todo('shown to a learner who answers true')}",
            f"feedback_false: {_todo('shown to a learner who answers false')}",
        ]
    else:
        lines.append("items:  # in any order; 'order' gives the right one")
        for step in ("first", "second", "third"):
            lines += [f"  - id: {step}", f"    text: {_todo(f'the {step} step')}",
                      f"    feedback: {_todo(f'why it comes {step}')}"]
        lines.append("order: [first, second, third]")
    lines += ["explanation: |", _block("why the answer is right, for learners who got it wrong.")]
    return lines
