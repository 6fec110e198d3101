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
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from .. import models as m
from ..catalog import Catalog
from ..errors import ContentErrors, did_you_mean
from ..models.kinds import BY_NAME
from ..models.kinds import KINDS as CONTENT_KINDS
from ..reading.read import read_text
from .templates import (
    NEW_FILE,
    PLACEHOLDER,
    ScaffoldError,
    _audience,
    _block,
    _flow,
    _q,
    _question_lines,
    _todo,
    modeline,
)
from .yaml_edit import EditError, append_at_end, append_item, as_item, indent

# What `new` makes: a file of a kind that has a folder, or an item added to an existing file.
FILE_KINDS = tuple(kind.name for kind in CONTENT_KINDS if kind.folder)
# The model whose ``id`` field each item kind's id must pass.
_ITEM_MODELS: dict[str, type[BaseModel]] = {"path": m.LearningPath, "term": m.Term, "question": m.QuestionBase}
ITEM_KINDS = tuple(_ITEM_MODELS)
KINDS = FILE_KINDS + ITEM_KINDS
TYPES = m.QUESTION_TYPES


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
    if kind not in KINDS:
        raise ScaffoldError(f"unknown kind '{kind}'; expected one of: {', '.join(KINDS)}")
    _check_id(kind, ids[-1])
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
        known = catalog.entities(BY_NAME[kind])
        if ident in known:
            raise ScaffoldError(f"{kind} '{ident}' already exists in {known[ident].doc.display}; nothing was written")
        if existing is not None:
            raise ScaffoldError(f"{path} already exists; nothing was written")
        text = NEW_FILE[kind](catalog, ident)
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
    """The kind's model's own ``id`` field checks the id, so that `new` refuses what validation would."""
    model = _ITEM_MODELS[kind] if kind in _ITEM_MODELS else BY_NAME[kind].model
    field = model.model_fields["id"]
    try:
        id_type: Any = Annotated[(field.annotation, *field.metadata)]
        TypeAdapter(id_type).validate_python(ident)
    except ValidationError as exc:
        raise ScaffoldError(str(exc.errors()[0]["msg"]).removeprefix("Value error, ")) from None


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
