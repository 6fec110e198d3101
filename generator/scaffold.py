"""Starting points for new content: a file, or an item added to a list, that validates at once.

``ciso-course new`` is the adapter; everything it decides is decided here, without touching the
disk: :func:`target` says which file a kind goes to, and :func:`scaffold` turns the catalog and
the file's current text (``None`` when the file does not exist) into the file's new text.

New files carry the editor modeline and clearly marked ``TODO`` placeholders (``ciso-course
lint`` lists those left). References are filled with ids that exist (a role the CISO usually
is, the first module of the course), so the course stays valid the moment the file is written.

Items added to ``course.yml``, ``glossary.yml`` or a module are inserted as text after the
list's last item: every byte around them stays as the trainer wrote it. The result is parsed
again and compared with the original before it is returned, so a file whose layout defeats the
insertion is refused instead of damaged.
"""

from __future__ import annotations

import copy
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from . import models as m
from .catalog import Catalog
from .errors import ContentErrors, CourseError, did_you_mean
from .models.kinds import BY_NAME
from .read import read_text
from .yaml_edit import EditError, append_at_end, append_item, as_item, indent

PLACEHOLDER = "TODO"

# What `new` makes: a file of a kind that has a folder, or an item added to an existing file.
FILE_KINDS = ("role", "reporting-model", "tactic", "module")
ITEM_KINDS = ("path", "term", "question")
KINDS = FILE_KINDS + ITEM_KINDS
TYPES = m.QUESTION_TYPES
_PAGE_KINDS = frozenset({"role", "reporting-model", "module", "path"})  # kinds with a page per id


class ScaffoldError(CourseError):
    """A scaffold that is refused: an existing file or id, an invalid id, a course it cannot extend."""


@dataclass(frozen=True)
class Change:
    """The whole new text of ``path``; ``created`` when the file did not exist before."""

    path: Path
    text: str
    created: bool
    summary: str


def target(catalog: Catalog, kind: str, ids: Sequence[str]) -> Path:
    """The file that ``new KIND IDS...`` writes or extends; ScaffoldError for an invalid id."""
    root = catalog.root
    _check_id(kind, ids[-1])
    if kind not in KINDS:
        raise ScaffoldError(f"unknown kind '{kind}'; expected one of: {', '.join(KINDS)}")
    if kind in ITEM_KINDS:
        if kind == "path":
            return catalog.course.doc.path
        if kind == "term":
            return catalog.glossary.doc.path if catalog.glossary is not None else root / "glossary.yml"
        module = catalog.modules.get(ids[0])
        if module is None:
            raise ScaffoldError(f"unknown module '{ids[0]}'{did_you_mean(ids[0], catalog.modules)}")
        return module.doc.path
    return root / str(BY_NAME[kind].folder) / f"{ids[-1]}.yml"


def scaffold(
    catalog: Catalog,
    kind: str,
    ids: Sequence[str],
    existing: str | None,
    *,
    question_type: str = "single",
) -> Change:
    """The change that ``new KIND IDS...`` makes; raise :class:`ScaffoldError` when it is refused.

    ``existing`` is the current text of :func:`target` (``None`` when there is no such file).
    """
    path = target(catalog, kind, ids)
    ident = ids[-1]
    if kind in FILE_KINDS:
        groups: dict[str, dict[str, Any]] = {
            "role": catalog.roles, "reporting-model": catalog.reporting_models,
            "tactic": catalog.tactics, "module": catalog.modules,
        }
        known = groups[kind]
        if ident in known:
            raise ScaffoldError(f"{kind} '{ident}' already exists in {known[ident].doc.display}; nothing was written")
        if existing is not None:
            raise ScaffoldError(f"{path} already exists; nothing was written")
        text = _NEW_FILE[kind](catalog, ident)
        _check_model(text, path, BY_NAME[kind].model)
        return Change(path, text, True, f"created {path}")
    if kind == "path":
        return _append_path(catalog, ident, path, existing)
    if kind == "term":
        return _append_term(catalog, ident, path, existing)
    if question_type not in TYPES:
        raise ScaffoldError(f"unknown question type '{question_type}'; expected one of: {', '.join(TYPES)}")
    return _append_question(catalog, ids[0], ident, question_type, path, existing)


def _check_id(kind: str, ident: str) -> None:
    """The models' own id rules, so that `new` refuses what validation would."""
    checks = [m.check_tactic_id] if kind == "tactic" else [m.check_slug]
    if kind in _PAGE_KINDS:
        checks.append(m.check_page_id)
    try:
        for check in checks:
            check(ident)
    except ValueError as exc:
        raise ScaffoldError(str(exc)) from None


# --- YAML text helpers -----------------------------------------------------------------------


def _q(text: str) -> str:
    """A double-quoted YAML scalar (JSON's string syntax is a subset of it)."""
    return json.dumps(text, ensure_ascii=False)


def _todo(text: str) -> str:
    return _q(f"{PLACEHOLDER}: {text}")


def _block(text: str) -> str:
    """A literal block scalar holding one placeholder paragraph, for the line after ``key: |``."""
    return f"  {PLACEHOLDER}: {text}"


def modeline(schema: str, depth: int) -> str:
    """The editor modeline of a content file ``depth`` folders below the project (the schema's address)."""
    return f"# yaml-language-server: $schema={'../' * depth}schema/{schema}.schema.json"


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


def _new_tactic(catalog: Catalog, ident: str) -> str:
    order = max((entry.model.order for entry in catalog.tactics.values()), default=0) + 1
    shortname = ident.lower()
    taken = {entry.model.shortname for entry in catalog.tactics.values()}
    while shortname in taken:
        shortname += "-new"
    role = _pick(["ciso"], list(catalog.roles)) or "ciso"
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
        "role_questions: []  # what each role should ask or decide, e.g.:",
        "# role_questions:",
        f"#   - role: {role}",
        "#     ask: |",
        "#       The question this role should put to the team.",
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


_NEW_FILE = {
    "role": _new_role,
    "reporting-model": _new_reporting_model,
    "tactic": _new_tactic,
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


def _append_question(catalog: Catalog, mid: str, qid: str, qtype: str, path: Path, existing: str | None) -> Change:
    entry = catalog.modules[mid]
    if existing is None:
        raise ScaffoldError(f"{path} not found")
    module = entry.model
    questions = module.quiz.questions if module.quiz is not None else []
    if any(question.id == qid for question in questions):
        raise ScaffoldError(f"the quiz of module '{mid}' already has a question '{qid}'; nothing was written")
    # Defaults that keep the quiz balanced: the least-assessed objective, the least-used
    # position for the correct option, the rarer true/false answer.
    assessed = Counter(o for question in questions for o in question.assesses)
    objective = min(module.objectives, key=lambda o: assessed[o.id]).id
    positions = Counter(
        next(i for i, o in enumerate(q.options) if o.correct) + 1
        for q in questions
        if isinstance(q, (m.SingleQuestion, m.MultipleQuestion)) and sum(o.correct for o in q.options) == 1
    )
    correct_at = min((2, 3, 1, 4), key=lambda p: positions[p])
    answers = Counter(q.answer for q in questions if isinstance(q, m.TrueFalseQuestion))
    answer = answers[True] <= answers[False]
    item = _question_lines(qid, qtype, [objective], correct_at=correct_at, answer=answer)
    if module.quiz is None:
        text = append_at_end(existing, ["quiz:", "  questions:", *indent(as_item(item, 0, 2), 4)])
    else:
        text = _append_item(existing, path, ("quiz", "questions"), item)
    _check_append(existing, text, path, ("quiz", "questions"), m.Module)
    return Change(path, text, False, f"added {qtype} question '{qid}' to the quiz of module '{mid}' in {path}")


def _append_path(catalog: Catalog, ident: str, path: Path, existing: str | None) -> Change:
    if existing is None:
        raise ScaffoldError(f"{path} not found")
    if any(p.id == ident for p in catalog.course.model.paths):
        raise ScaffoldError(f"the course already has a learning path '{ident}'; nothing was written")
    first = next((mid for mid, e in catalog.modules.items() if not e.model.prerequisites), None)
    first = first or next(iter(catalog.modules), None)
    if first is None:
        raise ScaffoldError("a learning path needs at least one module; add one first with `ciso-course new module ID`")
    item = [
        f"id: {ident}",
        f"title: {_todo('the path title, e.g. CISO path')}",
        "summary: |",
        _block("who the path is for, and what they can do at the end of it."),
        f"audience: {_flow([_audience(catalog, 'learning path')])}  # role ids the path is for",
        "modules:  # module ids in the order to take them",
        f"  - {first}",
    ]
    if "paths" in catalog.course.doc.data:
        text = _append_item(existing, path, ("paths",), item)
    else:
        text = append_at_end(existing, ["paths:", *as_item(item, 2, 4)])
    _check_append(existing, text, path, ("paths",), m.Course)
    return Change(path, text, False, f"added learning path '{ident}' to {path}")


def _append_term(catalog: Catalog, ident: str, path: Path, existing: str | None) -> Change:
    glossary = catalog.glossary
    terms = glossary.model.terms if glossary is not None else []
    if any(t.id == ident for t in terms):
        raise ScaffoldError(f"the glossary already has a term '{ident}'; nothing was written")
    words = ident.upper() if len(ident) <= 5 and "-" not in ident else ident.replace("-", " ")
    if words.casefold() in {t.term.casefold() for t in terms}:
        words = f"{PLACEHOLDER}: the term for {ident}"
    item = [
        f"id: {ident}",
        f"term: {_q(words)}  # as it appears in text",
        f"# expansion: {_q('What an abbreviation stands for')}  # shown on hover",
        "definition: |",
        _block("the definition, in one or two sentences."),
        "see_also: []  # ids of related terms",
    ]
    if glossary is None or existing is None:
        if existing is not None:
            raise ScaffoldError(f"{path} already exists; nothing was written")
        text = "\n".join([modeline("glossary", 1), "terms:", *as_item(item, 2, 4), ""])
        _check_model(text, path, m.Glossary)
        return Change(path, text, True, f"created {path} with the term '{ident}'")
    text = _append_item(existing, path, ("terms",), item)
    _check_append(existing, text, path, ("terms",), m.Glossary)
    return Change(path, text, False, f"added term '{ident}' to {path}")


def _append_item(text: str, path: Path, loc: Sequence[str], item: Sequence[str]) -> str:
    try:
        return append_item(text, loc, item)
    except EditError as exc:
        raise ScaffoldError(f"{path}: {exc}") from None


# --- checking the result -------------------------------------------------------------------


def _check_model(text: str, path: Path, model: type[BaseModel]) -> Any:
    """Parse and validate ``text`` as ``model``; the data read, or ScaffoldError."""
    try:
        doc = read_text(text, path)
    except ContentErrors as exc:
        raise ScaffoldError(f"the new text of {path} does not read back ({exc}); nothing was written") from None
    if doc.errors:
        raise ScaffoldError(f"the new text of {path} does not read back ({doc.errors[0]}); nothing was written")
    try:
        model.model_validate(doc.data)
    except ValidationError as exc:
        raise ScaffoldError(f"the new text of {path} does not validate ({exc}); nothing was written") from None
    return doc.data


def _check_append(before: str, after: str, path: Path, loc: Sequence[str], model: type[BaseModel]) -> None:
    """The new text must hold exactly the old data plus one item at the end of the list at ``loc``."""
    new = _check_model(after, path, model)
    expected = copy.deepcopy(read_text(before, path).data)
    node, found = expected, new
    for part in loc[:-1]:
        node = node.setdefault(part, {})
        found = found.get(part, {}) if isinstance(found, dict) else {}
    items = found.get(loc[-1]) if isinstance(found, dict) else None
    if not isinstance(items, list) or not items:
        raise ScaffoldError(f"{path}: the new item did not land in '{'.'.join(loc)}'; nothing was written")
    node.setdefault(loc[-1], []).append(items[-1])
    if new != expected:
        raise ScaffoldError(
            f"{path}: adding the item would change other parts of the file (its layout is unusual); "
            "add the item by hand; nothing was written"
        )
