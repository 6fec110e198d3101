"""Hypothesis: hostile names and ids in a course reach no export and no `render --out` page as markup.

Titles and names are plain text, ids are slugs: both reach places where the Markdown fields do
not (category paths, assessment and package titles, layer names, element ids, file names). The
strategies mix the hostile names of the ATT&CK import's fuzz test (separators, bidi and
zero-width characters, quotes, YAML and workflow-command look-alikes, any Unicode) with the XSS
payloads and the Markdown tricks of the safe-text tests, and put them into a module's title, a
lesson title, an objective, a tactic's name, and (where valid) the module's question and item
ids, including ids in the quiz's own namespace (``ccq-...``) and names the exports use
(``general-fb``, ``response1``). Every export (Moodle XML, GIFT, QTI, Navigator layers, answer
keys, SCORM 1.2 and 2004 packages) and every file ``ciso-course render --out`` writes is then
parsed as HTML: nothing live.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.catalog import FileCache, load_catalog
from generator.models.fields import SLUG

from ..conftest import make_course
from ..interop.test_attack_fuzz import names
from .live import (
    json_strings,
    live_markup,
    live_outputs,
    package_site,
    page_body,
    plain_html,
    site_html,
    title_in_markdown,
)
from .payloads import PAYLOADS
from .test_safe_text import HOSTILE

MODULE = "competing-mandates"
# Characters no text field may hold (the models refuse them with a located error): taken out, so
# that the examples are courses that validate.
_REFUSED = {*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0), 0x2028, 0x2029, 0xFFFE, 0xFFFF,
            *range(0xD800, 0xE000)}


def _printable(text: str) -> str:
    kept = "".join(c for c in text if ord(c) not in _REFUSED)[:300]
    return kept if kept.strip() else f"Name {kept}"


# A title or a name: hostile names, payloads and Markdown tricks, in any mix, as plain text.
TITLES = st.lists(
    st.one_of(names, st.sampled_from(PAYLOADS), HOSTILE, st.sampled_from(["ATT&CK", "&lt;b&gt;", "&#60;i&#62;", "a/b", "$course$"])),
    min_size=1, max_size=3,
).map(" ".join).map(_printable)
# Valid question and item ids (slugs) that look like the names of the quiz, the exports or pages.
IDS = st.one_of(
    st.sampled_from([
        "ccq-result", "ccq-progress", "ccq-x", "general-fb", "response1", "root-section", "index", "true", "false",
        "1-true", "0", "9" * 64, "a-" * 31 + "b", "x--y", "t1566-002", "ta0001", "script", "onload", "javascript",
    ]),
    st.from_regex(SLUG, fullmatch=True),
)


def _hostile(content: Path, title: str, lesson: str, objective: str, tactic: str, ids: list[str]) -> None:
    module_file = content / "modules" / f"{MODULE}.yml"
    module: dict[str, Any] = yaml.safe_load(module_file.read_text(encoding="utf-8"))
    module["title"] = title
    module["lessons"][0]["title"] = lesson
    module["objectives"][0]["text"] = objective
    for question, ident in zip(module["quiz"]["questions"], ids, strict=False):
        question["id"] = ident
        if question["type"] == "ordering":
            renamed = dict(zip([item["id"] for item in question["items"]], ids[-3:], strict=True))
            for item in question["items"]:
                item["id"] = renamed[item["id"]]
            question["order"] = [renamed[ident] for ident in question["order"]]
    module_file.write_text(yaml.safe_dump(module, sort_keys=False, allow_unicode=True), encoding="utf-8")
    tactic_file = content / "tactics" / "TA0001.yml"
    data = yaml.safe_load(tactic_file.read_text(encoding="utf-8"))
    data["name"] = tactic
    tactic_file.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, FileCache]:
    return make_course(tmp_path_factory.mktemp("hostile-names")), FileCache()


def _rendered(content: Path, out: Path) -> list[str]:
    """What is live in the files that `ciso-course render --out` writes: its Markdown pages read
    by Python-Markdown with the site's extensions and with none, every string of its layers."""
    from generator.cli import main

    result = CliRunner().invoke(main, ["render", "--content", str(content), "--out", str(out)])
    assert result.exit_code == 0, result.output
    found = []
    for path in sorted(out.rglob("*")):
        where = f"render --out {path.relative_to(out)}"
        if path.suffix == ".md":
            text = page_body(path.read_text(encoding="utf-8"))
            found += [f"{where}: {f}" for html in (site_html(text), plain_html(text)) for f in live_markup(html, read_markdown=True)]
        elif path.suffix == ".json":
            found += [f"{where}: {f}" for s in json_strings(json.loads(path.read_text(encoding="utf-8"))) for f in live_markup(s)]
    return found


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    title=TITLES, lesson=TITLES, objective=HOSTILE | TITLES, tactic=TITLES,
    ids=st.lists(IDS, min_size=7, max_size=7, unique=True),
)
def test_hostile_names_and_ids_reach_no_export_and_no_rendered_page_as_markup(
    course: tuple[Path, FileCache], tmp_path_factory: pytest.TempPathFactory,
    title: str, lesson: str, objective: str, tactic: str, ids: list[str],
) -> None:
    content, cache = course
    _hostile(content, title, lesson, objective, tactic, ids)
    catalog = load_catalog(content, cache)
    assert catalog.modules[MODULE].model.title == title  # the names went in as written
    found = live_outputs(catalog, site=package_site(content)) + _rendered(content, tmp_path_factory.mktemp("render") / "out")
    assert [f for f in found if not title_in_markdown(f)] == []
