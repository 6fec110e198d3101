"""The authoring guide documents every field of every content model, and its examples are valid.

Each field table in ``site_config/docs/guide/<kind>.md`` follows a marker comment naming the model
it documents (``<!-- fields: Option -->``; for a question type, ``<!-- fields: SingleQuestion,
besides QuestionBase -->`` lists only what the type adds). The tables are compared with the models'
fields, recursively from each kind's model, so that a field added, removed or made optional in
``generator/models.py`` fails here until the guide says so.
"""

from __future__ import annotations

import re
import shutil
import typing
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from generator import models as m
from generator.authoring.scaffold import KINDS
from generator.catalog import load_catalog
from generator.errors import ContentErrors
from generator.lint import RULES
from generator.models.kinds import KINDS as CONTENT_KINDS
from generator.reading.read import read_text

from .conftest import CONTENT, ROOT

GUIDE = ROOT / "site_config" / "docs" / "guide"
# Guide page -> (model of the file, the file's path under content/ for the example).
PAGES: dict[str, tuple[type[BaseModel], str]] = {
    "course.md": (m.Course, "course.yml"),
    "glossary.md": (m.Glossary, "glossary.yml"),
    "roles.md": (m.Role, "roles/{id}.yml"),
    "reporting-models.md": (m.ReportingModel, "reporting-models/{id}.yml"),
    "tactics.md": (m.Tactic, "tactics/{id}.yml"),
    "atlas-tactics.md": (m.AtlasTactic, "atlas-tactics/{id}.yml"),
    "modules.md": (m.Module, "modules/{id}.yml"),
}
MARKER = re.compile(r"<!-- fields: (\w+)(?:, besides (\w+))? -->")
EXAMPLE = re.compile(r"^```yaml\n(# yaml-language-server: .*?)^```$", re.MULTILINE | re.DOTALL)


@dataclass(frozen=True)
class Row:
    name: str
    type: str
    required: str
    meaning: str


@dataclass(frozen=True)
class Table:
    model: str
    besides: str | None
    rows: tuple[Row, ...]


def tables(page: str) -> list[Table]:
    lines = (GUIDE / page).read_text(encoding="utf-8").splitlines()
    found = []
    for index, line in enumerate(lines):
        marker = MARKER.fullmatch(line.strip())
        if marker is None:
            continue
        rest = iter(lines[index + 1:])
        body = [row for row in rest if row.strip()]  # skip the blank line after the marker
        table: list[str] = []
        for row in body:
            if not row.startswith("|"):
                break
            table.append(row)
        assert len(table) >= 3, f"{page}: no table after {line.strip()}"
        assert [c.strip() for c in table[0].strip("|").split("|")] == ["Field", "Type", "Required", "Meaning"]
        rows = []
        for row in table[2:]:
            cells = [cell.strip() for cell in row.strip().strip("|").split("|")]
            assert len(cells) == 4, f"{page}: {row}"
            assert re.fullmatch(r"`[a-z_]+`", cells[0]), f"{page}: the field name is written as `name`: {row}"
            rows.append(Row(cells[0].strip("`"), *cells[1:]))
        found.append(Table(marker[1], marker[2], tuple(rows)))
    return found


def models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [model for arg in typing.get_args(annotation) for model in models_in(arg)]


def reachable(root: type[BaseModel]) -> dict[str, type[BaseModel]]:
    """Every model a file of this kind can hold, through lists, mappings, optionals and unions."""
    seen: dict[str, type[BaseModel]] = {}
    stack = [root]
    while stack:
        model = stack.pop()
        if model.__name__ in seen:
            continue
        seen[model.__name__] = model
        for field in model.model_fields.values():
            stack.extend(models_in(field.annotation))
    return seen


def names(model: type[BaseModel]) -> dict[str, str]:
    """Field name as written in YAML (the alias, e.g. ``from``) -> Python attribute name."""
    return {field.alias or name: name for name, field in model.model_fields.items()}


def model_named(name: str) -> type[BaseModel]:
    model = getattr(m, name, None)
    assert isinstance(model, type) and issubclass(model, BaseModel), f"no model named {name}"
    return model


def yaml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return str(value.value)
    if value == []:
        return "[]"
    if value == {}:
        return "{}"
    return str(value)


def test_every_kind_of_content_file_has_a_page() -> None:
    assert {kind.model for kind in CONTENT_KINDS} == {model for model, _ in PAGES.values()}


@pytest.mark.parametrize("page", list(PAGES))
def test_guide_documents_every_field_of_every_model(page: str) -> None:
    root = PAGES[page][0]
    expected = reachable(root)
    documented = {table.model: table for table in tables(page)}
    assert len(documented) == len(tables(page)), f"{page}: a model is documented twice"
    bases = {table.besides for table in documented.values() if table.besides}
    assert set(documented) == set(expected) | bases, f"{page}: models documented differ from the models of the file"
    for name, table in documented.items():
        model = model_named(name)
        fields = names(model)
        if table.besides is not None:
            assert table.besides in documented, f"{page}: {name} refers to {table.besides}, which is not documented"
            assert issubclass(model, model_named(table.besides))
            fields = {k: v for k, v in fields.items() if k not in names(model_named(table.besides))}
        written = [row.name for row in table.rows]
        assert len(written) == len(set(written)), f"{page}: {name} documents a field twice"
        assert set(written) == set(fields), f"{page}: fields of {name}: documented {sorted(written)}, model {sorted(fields)}"


@pytest.mark.parametrize("page", list(PAGES))
def test_guide_says_which_fields_are_required_and_their_defaults(page: str) -> None:
    for table in tables(page):
        model = model_named(table.model)
        for row in table.rows:
            field = model.model_fields[names(model)[row.name]]
            says_required = row.required.lower().startswith("required")
            assert says_required == field.is_required(), f"{page}: {table.model}.{row.name}: '{row.required}'"
            assert row.type and row.meaning, f"{page}: {table.model}.{row.name} needs a type and a meaning"
            if field.is_required():
                continue
            default = field.get_default(call_default_factory=True)
            if isinstance(default, (bool, int, str, Enum)) or default in ([], {}):
                assert f"`{yaml_value(default)}`" in row.required, (
                    f"{page}: {table.model}.{row.name} defaults to {yaml_value(default)}; the guide says '{row.required}'"
                )
            elif default is None:
                assert "default" not in row.required, f"{page}: {table.model}.{row.name} has no default value"


def example(page: str) -> str:
    found = EXAMPLE.findall((GUIDE / page).read_text(encoding="utf-8"))
    assert len(found) == 1, f"{page}: expected one complete example starting with the modeline"
    return str(found[0])


def owner(model: type[BaseModel], field: str) -> str:
    """The most basic class that has the field: a common question field counts on any question type."""
    for cls in reversed(model.__mro__):
        if isinstance(cls, type) and issubclass(cls, BaseModel) and field in cls.model_fields:
            return cls.__name__
    raise AssertionError(field)  # pragma: no cover


def fields_set(value: Any, acc: set[tuple[str, str]]) -> None:
    if isinstance(value, BaseModel):
        acc.update((owner(type(value), name), name) for name in value.model_fields_set)
        for name in type(value).model_fields:
            fields_set(getattr(value, name), acc)
    elif isinstance(value, (list, tuple)):
        for item in value:
            fields_set(item, acc)
    elif isinstance(value, dict):
        for item in value.values():
            fields_set(item, acc)


@pytest.mark.parametrize("page", list(PAGES))
def test_example_is_valid_and_uses_every_field(page: str) -> None:
    model, rel = PAGES[page]
    text = example(page)
    schema = next(kind.name for kind in CONTENT_KINDS if kind.model is model)
    depth = rel.count("/") + 1
    assert text.splitlines()[0] == f"# yaml-language-server: $schema={'../' * depth}schema/{schema}.schema.json"
    doc = read_text(text, Path(page))
    assert doc.errors == []
    value = model.model_validate(doc.data)
    used: set[tuple[str, str]] = set()
    fields_set(value, used)
    for name, kind in reachable(model).items():
        missing = {field for field in kind.model_fields if (owner(kind, field), field) not in used}
        assert not missing, f"{page}: the example does not show {name}.{', '.join(sorted(missing))}"


@pytest.mark.parametrize("page", list(PAGES))
def test_example_fits_the_starter_course(page: str, tmp_path: Path) -> None:
    """Dropped into the starter course, the example's own references resolve."""
    model, rel = PAGES[page]
    text = example(page)
    content = Path(shutil.copytree(CONTENT, tmp_path / "content"))
    ident = model.model_validate(read_text(text, Path(page)).data).__dict__.get("id", "")
    target = content / rel.format(id=ident)
    target.write_text(text, encoding="utf-8")
    try:
        load_catalog(content)
    except ContentErrors as errors:
        mine = [str(error) for error in errors if error.path.endswith(rel.format(id=ident))]
        assert mine == []


def test_lint_page_lists_every_rule_with_its_default_severity() -> None:
    text = (GUIDE / "lint.md").read_text(encoding="utf-8")
    lines = text.splitlines()
    start = lines.index("<!-- rules -->")
    rows = [line for line in lines[start + 1:] if line.startswith("|")]
    rows = rows[: next((i for i, row in enumerate(rows) if not row.startswith("|")), len(rows))]
    table: dict[str, str] = {}
    thresholds: dict[str, str] = {}
    for row in rows[2:]:
        cells = [cell.strip() for cell in row.strip().strip("|").split("|")]
        table[cells[0].strip("`")] = cells[1]
        thresholds.update(re.findall(r"`([a-z_]+): (\d+)`", cells[2]))
    assert table == {rule.id: rule.severity for rule in RULES.values()}
    defaults = {name: str(field.default) for name, field in m.LintThresholds.model_fields.items()}
    assert thresholds == defaults


def test_new_page_shows_every_kind() -> None:
    text = (GUIDE / "new.md").read_text(encoding="utf-8")
    for kind in KINDS:
        assert f"ciso-course new {kind} " in text
