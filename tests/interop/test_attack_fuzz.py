"""Hypothesis: whatever a downloaded bundle holds, `attack import` and `attack check` end cleanly.

Hostile ids (path traversal, absolute paths, NUL, very long, Unicode look-alikes), hostile names
(separators, surrogates, bidi and zero-width characters, huge) and hostile JSON (values of the
wrong type, deep nesting, long numbers, broken text) end in exit code 0 or 1 with a message, never
a traceback; nothing is written outside ``content/``, nothing at all by ``--dry-run`` or
``check``; every line printed is short and shows its invisible characters as escapes.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.attack.stix import AttackData, BundleError, read_bundle

from ..conftest import make_course
from .conftest import STIX_FIXTURE, assert_clean, changed, fixture_objects, run, snapshot

ABSOLUTE = "{tmp}"  # stands for the test's own temporary folder, so that an escape would be seen

HOSTILE_IDS = [
    "../../../x", "../../../../x", "TA0001/../../../x", "..", ".", "", "/", ABSOLUTE + "/x", ABSOLUTE + "/work/content/x",
    "TA00\x0043", "TA0043\x00", "TA" + "0" * 5000, "A" * 300, "TA0043\n", " TA0043", "TA0043.yml", "TA0043/",
    "ＴＡ0043", "TA٠٠٤٣", "TA0043\u202e", "\u202eTA0043", "TA\u200b0043", "TA0043\ud800", "\ufeffTA0043", "TA0043\u2028",
    "C:\\x", "\\\\server\\share\\x", "T1566", "T1566.002.001", "TA0001", "TA0043",
]
SPECIAL_NAMES = [
    "\u2028", "\u2029", "\x85", "\uffff", "\ufffe", "\ud800", "\udfff", "\ufdd0", "\U0001fffe", "\x00", "\x1b[31m",
    "\u202e", "\u200b", "\u2066", "\r", "\n", "\t", "'", '"', ": ", " #", "- ", "*a", "&a", "!!python/object", "<script>",
    "%0A::error::", "::warning::", "\\", "{{", "é", "\U0001f600",
]

ids = st.one_of(
    st.sampled_from(HOSTILE_IDS),
    st.builds(lambda prefix, rest: prefix + rest, st.sampled_from(["TA00", "TA0043", "T1", "../", "/", "TA0001/"]), st.text(max_size=12)),
    st.text(max_size=20),
    st.integers(),
    st.none(),
)
names = st.one_of(
    st.sampled_from(SPECIAL_NAMES).map(lambda c: f"Initial{c}Access"),
    st.lists(st.sampled_from(SPECIAL_NAMES + ["Initial", "Access", " "]), min_size=1, max_size=6).map("".join),
    st.text(alphabet=st.characters(exclude_categories=()), max_size=30),  # surrogates and noncharacters included
    st.integers(201, 300_000).map(lambda n: "Initial " + "A" * n),
    st.just(""),
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)
FIELDS = ["type", "id", "name", "x_mitre_shortname", "external_references", "kill_chain_phases", "tactic_refs",
          "x_mitre_domains", "revoked", "x_mitre_deprecated", "source_ref", "target_ref", "relationship_type",
          "x_mitre_version"]


def _objects_with(draw: st.DrawFn) -> list[dict[str, Any]]:
    """The fixture's objects with a few ids, names and fields replaced by hostile ones."""
    objects = fixture_objects()
    for _ in range(draw(st.integers(1, 4))):
        obj = objects[draw(st.integers(0, len(objects) - 1))]
        what = draw(st.sampled_from(["attack-id", "name", "shortname", "url", "field"]))
        refs = obj.get("external_references")
        if not isinstance(refs, list) or not refs or not isinstance(refs[0], dict):
            refs = obj["external_references"] = [{}]  # an earlier draw may have replaced them
        if what == "attack-id":
            refs[0]["external_id"] = draw(ids)
        elif what == "url":
            refs[0]["url"] = draw(names | st.sampled_from(["javascript:alert(1)", "https://a/b c", "https://a/\u2028"]))
        elif what == "name":
            obj["name"] = draw(names)
        elif what == "shortname":
            obj["x_mitre_shortname"] = draw(names | st.sampled_from(["../x", "Initial Access", "a" * 65]))
        else:
            obj[draw(st.sampled_from(FIELDS))] = draw(json_values)
    return objects


@st.composite
def hostile_bundles(draw: st.DrawFn) -> str:
    """A bundle's text: hostile objects, or a hostile JSON shape around or inside the fixture."""
    shape = draw(st.sampled_from(["objects", "objects", "objects", "deep", "number", "cut", "shuffled-bits"]))
    objects = _objects_with(draw)
    text = json.dumps({"type": "bundle", "id": "bundle--1", "objects": objects})
    if shape == "deep":
        depth = draw(st.integers(90, 3000))
        text = text[:-2] + ', {"type": "x", "v": ' + "[" * depth + "]" * depth + "}]}"
    elif shape == "number":
        text = text[:-2] + ', {"type": "x", "v": ' + "9" * draw(st.integers(90, 20_000)) + "}]}"
    elif shape == "cut":
        text = text[: draw(st.integers(0, len(text)))]
    elif shape == "shuffled-bits":
        bits = ["[", "]", "{", "}", '"', "\\", ",", ":", "1e999", "-", "\\ud800", "\\u0000", "[" * 200, "null", "\x00"]
        for _ in range(draw(st.integers(1, 5))):
            at = draw(st.integers(0, len(text)))
            text = text[:at] + draw(st.sampled_from(bits)) + text[at:]
    return text


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_course(tmp_path_factory.mktemp("fuzz-course"))


def _run_all(base: Path, template: Path, text: str) -> None:
    """Import (dry run and real) and check a bundle in a fresh course under ``base``."""
    example = Path(tempfile.mkdtemp(dir=base))
    try:
        course = example / "work" / "content"
        shutil.copytree(template, course)
        bundle = example / "bundle.json"
        bundle.write_text(text.replace(ABSOLUTE, json.dumps(str(example))[1:-1]), encoding="utf-8", errors="surrogatepass")
        for command in (["import", "--dry-run"], ["check"]):
            before = snapshot(base)
            result = run("attack", command[0], bundle, "--content", course, *command[1:])
            assert result.exit_code in (0, 1), repr(result.exception)
            assert_clean(result, result.exit_code)
            assert changed(before, snapshot(base)) == set()
        before = snapshot(base)
        result = run("attack", "import", bundle, "--content", course)
        assert result.exit_code in (0, 1), repr(result.exception)
        assert_clean(result, result.exit_code)
        prefix = example.relative_to(base).as_posix() + "/work/content/tactics/"
        for rel in changed(before, snapshot(base)):
            assert rel.startswith(prefix) and re.fullmatch(r"TA[0-9]{4}\.yml", rel[len(prefix):]), rel
    finally:
        shutil.rmtree(example)


_CLI = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@_CLI
@given(text=hostile_bundles())
def test_import_and_check_of_a_hostile_bundle_end_cleanly_and_write_only_tactic_files(
    template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # anything temporary lands in the snapshot
    _run_all(tmp_path, template, text)


@_CLI
@given(ident=ids, name=names)
def test_a_hostile_id_or_name_on_a_new_tactic_names_no_file_outside_the_tactics_folder(
    template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ident: Any, name: str
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    objects = fixture_objects()
    tactic = next(o for o in objects if o["type"] == "x-mitre-tactic" and o["name"] == "Reconnaissance")
    tactic["external_references"][0]["external_id"] = ident
    tactic["name"] = name
    _run_all(tmp_path, template, json.dumps({"type": "bundle", "id": "bundle--1", "objects": objects}))


@settings(max_examples=400, deadline=None)
@given(text=hostile_bundles(), chunk=st.sampled_from([1, 5, 64, 1 << 20]))
def test_reading_a_hostile_bundle_gives_its_facts_or_a_bundle_error(text: str, chunk: int) -> None:
    try:
        data = read_bundle(io.StringIO(text), chunk=chunk)
    except BundleError as exc:
        assert str(exc) and len(str(exc)) < 1000
        return
    assert isinstance(data, AttackData)
    for note in data.notes:
        assert len(note) < 2000


def test_the_fixture_itself_passes_through_the_same_checks(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    _run_all(tmp_path, template, STIX_FIXTURE.read_text(encoding="utf-8"))
