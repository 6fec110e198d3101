"""Titles and names in the exports' plain-text fields: no markup, and ATT&CK still reads ATT&CK.

An LMS or the ATT&CK Navigator may show a category name, an assessment or package title, or a
layer's name and comments as HTML. The course's titles and names are plain text (not Markdown),
so they reach those fields through one function, ``plain_text``, which the sanitiser also uses
for ``title`` attributes.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
import zipfile
from io import BytesIO
from pathlib import Path

import pytest

from generator.catalog import Catalog, load_catalog
from generator.render.sanitize import plain_text, sanitize

from ..conftest import make_course
from .live import json_strings, live_outputs

TITLE = "ATT&CK <img src=x onerror=alert(9)> [a](javascript:alert(10))"
SHOWN = "ATT&CK img src=x onerror=alert(9) [a](javascript:alert(10))"  # the words, no tag


def _replace_line(path: Path, start: str, line: str) -> None:
    text = path.read_text(encoding="utf-8")
    new, count = re.subn(rf"^{re.escape(start)}.*$", lambda _: line, text, count=1, flags=re.M)
    assert count == 1, (path, start)
    path.write_text(new, encoding="utf-8")


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """The fixture course with the hostile title on the course, a path, a module and a tactic."""
    content = make_course(tmp_path_factory.mktemp("plain-fields"))
    quoted = json.dumps(TITLE)
    _replace_line(content / "course.yml", "title:", f"title: {quoted}")
    _replace_line(content / "course.yml", "    title: CISO path", f"    title: {quoted}")
    _replace_line(content / "modules" / "competing-mandates.yml", "title:", f"title: {quoted}")
    _replace_line(content / "tactics" / "TA0001.yml", "name:", f"name: {quoted}")
    return load_catalog(content)


def test_plain_text_removes_angle_brackets_and_keeps_ampersands() -> None:
    assert plain_text(TITLE) == SHOWN
    assert plain_text("a\n<b>\tc ") == "a b c"  # one line
    assert plain_text("R&D &amp; ATT&CK") == "R&D &amp; ATT&CK"  # no entity added or decoded


def test_title_attributes_go_through_the_same_rule() -> None:
    html = sanitize(f'<a href="https://example.org" title="{TITLE.replace("<", "&lt;").replace(">", "&gt;")}">x</a>')
    assert 'title="ATT&amp;CK img src=x onerror=alert(9) [a](javascript:alert(10))"' in html


def test_moodle_xml_category_names_are_plain_text(catalog: Catalog) -> None:
    from generator.exports.moodle_xml import export_moodle_xml

    root = ET.fromstring(export_moodle_xml(catalog).data)
    categories = [q.findtext("category/text") or "" for q in root.iter("question") if q.get("type") == "category"]
    assert categories, "a category per module"
    assert f"$course$/top/{SHOWN}/{SHOWN}" in categories
    assert not any("<" in c or ">" in c for c in categories)


def test_gift_category_lines_are_plain_text(catalog: Catalog) -> None:
    from generator.exports.gift import export_gift

    lines = [line for line in export_gift(catalog).data.decode().splitlines() if line.startswith("$CATEGORY:")]
    assert f"$CATEGORY: $course$/top/{SHOWN}/{SHOWN}" in lines
    assert not any("<" in line or ">" in line for line in lines)


def test_qti_assessment_titles_are_plain_text(catalog: Catalog) -> None:
    from generator.exports.qti import export_qti

    with zipfile.ZipFile(BytesIO(export_qti(catalog).data)) as package:
        assessment = ET.fromstring(package.read("competing-mandates/competing-mandates.xml"))
    titles = [element.get("title") or "" for element in assessment.iter() if element.get("title") is not None]
    assert SHOWN in titles
    assert not any("<" in t or ">" in t for t in titles)


@pytest.mark.parametrize("version", ["1.2", "2004"])
@pytest.mark.parametrize("path_id", [None, "ciso"])
def test_scorm_manifest_titles_are_plain_text(catalog: Catalog, version: str, path_id: str | None) -> None:
    from generator.exports.scorm import manifest

    text, _ = manifest(catalog, version, path_id, "", [])
    titles = [element.text or "" for element in ET.fromstring(text).iter() if element.tag.endswith("}title")]
    assert titles[0] == (SHOWN if path_id is None else f"{SHOWN}: {SHOWN}")  # the organisation
    assert SHOWN in titles[1:]  # the module's item
    assert not any("<" in t or ">" in t for t in titles)


def test_navigator_layers_carry_plain_text_only(catalog: Catalog) -> None:
    from generator.exports.navigator import export_layers

    layers = {name: json.loads(text) for name, text in export_layers(catalog).items()}
    strings = [s for layer in layers.values() for s in json_strings(layer)]
    assert not [s for s in strings if "<" in s or ">" in s]
    module = layers["module-competing-mandates.json"]
    assert module["name"] == f"{SHOWN}: {SHOWN}"
    comments = [t["comment"] for t in layers["course.json"]["techniques"]]
    assert any(f"Taught in: {SHOWN}." in c for c in comments)
    assert any(f"TA0001 {SHOWN}" in c for c in comments)  # a tactic's name, where nothing teaches it


def test_the_output_sweep_reads_every_plain_text_field(catalog: Catalog) -> None:
    """The live-markup sweep over every output parses these fields as HTML (so it would see a tag
    that reached one): it finds nothing in them."""
    from .live import outputs

    plain = {where.split(" ", 1)[0] for where, html in outputs(catalog) if "ATT&CK img src=x" in html}
    assert {"moodle-xml", "gift", "qti", "navigator"} <= plain
    assert [f for f in live_outputs(catalog) if f.startswith(("moodle-xml", "gift", "qti", "navigator"))] == []
