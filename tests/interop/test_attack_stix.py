"""Reading ATT&CK STIX bundles: facts, revocations, streaming and bad input."""

from __future__ import annotations

import io
import json
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from generator.attack import json_stream as attack_stix
from generator.attack.stix import MAX_DEPTH, MAX_DIGITS, BundleError, iter_objects, load_bundle, read_bundle
from generator.errors import visible

from .conftest import STIX_FIXTURE, attack_object, fixture_objects


def test_tactics_come_in_matrix_order_with_their_facts() -> None:
    data = load_bundle(STIX_FIXTURE)
    assert data.version == "19"
    assert list(data.tactics) == ["TA0043", "TA0001", "TA0003", "TA0005"]
    tactic = data.tactics["TA0001"]
    assert (tactic.name, tactic.shortname, tactic.url) == ("Initial Access", "initial-access", "https://attack.mitre.org/tactics/TA0001")


def test_subtechnique_is_shown_with_its_parent_and_both_names_are_accepted() -> None:
    data = load_bundle(STIX_FIXTURE)
    assert data.display_name("T1078.004") == "Valid Accounts: Cloud Accounts"
    assert data.accepted_names("T1078.004") == {"Valid Accounts: Cloud Accounts", "Cloud Accounts"}
    assert data.display_name("T1078") == "Valid Accounts"
    assert data.techniques["T1078.004"].url == "https://attack.mitre.org/techniques/T1078/004"
    assert data.tactic_ids_of(data.techniques["T1078.004"]) == ["TA0001", "TA0003", "TA0005"]


def test_revoked_by_relationships_give_the_replacement_through_chains() -> None:
    data = load_bundle(STIX_FIXTURE)
    assert data.techniques["T1998"].revoked
    assert data.replacement("T1998") == "T1566.001"
    assert data.replacement("T1997") == "T1566.001"  # T1997 -> T1998 (revoked too) -> T1566.001
    assert data.replacement("T1566.001") is None
    assert data.techniques["T1999"].deprecated and not data.techniques["T1999"].revoked


def test_objects_of_other_domains_are_left_out() -> None:
    data = load_bundle(STIX_FIXTURE)
    assert "T1660" not in data.techniques


@pytest.mark.parametrize("chunk", [1, 2, 7, 64, 4096])
def test_the_size_of_the_read_chunks_does_not_change_the_result(chunk: int) -> None:
    text = STIX_FIXTURE.read_text(encoding="utf-8")
    assert read_bundle(io.StringIO(text), chunk=chunk) == read_bundle(io.StringIO(text))


def test_keys_of_the_bundle_may_come_in_any_order() -> None:
    objects = fixture_objects()
    text = json.dumps({"objects": objects, "id": "bundle--1", "spec_version": "2.1", "type": "bundle"})
    assert list(read_bundle(io.StringIO(text), chunk=5).tactics) == ["TA0043", "TA0001", "TA0003", "TA0005"]


def test_numbers_split_across_chunks_are_read_whole() -> None:
    text = '{"type": "bundle", "count": 1234567, "objects": [{"type": "x", "n": 98765}]}'
    assert [o["n"] for o in iter_objects(io.StringIO(text), chunk=3)] == [98765]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[1, 2]", "expected a JSON object"),
        ('{"type": "indicator", "objects": []}', "not a bundle"),
        ('{"objects": []}', "no \"type\": \"bundle\""),
        ('{"type": "bundle", "objects": [{"type": "x"}', "expected ',' or ']'"),
        ('{"type": "bundle", "objects": [{"type": "x", }]}', "invalid JSON"),
        ('{"type": "bundle", "objects": []}', "no x-mitre-matrix"),
        ("", "found the end of the file"),
    ],
)
def test_a_file_that_is_not_a_usable_bundle_is_refused_with_a_reason(text: str, message: str) -> None:
    with pytest.raises(BundleError, match=message):
        read_bundle(io.StringIO(text), chunk=4)


def test_load_bundle_names_the_file_in_its_errors(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_bytes(b"\xff\xfe not utf-8")
    with pytest.raises(BundleError, match="broken.json: the file is not UTF-8"):
        load_bundle(path)


def test_memory_stays_near_one_chunk_on_a_bundle_of_tens_of_megabytes(tmp_path: Path) -> None:
    """Objects the course does not use are dropped as they are read: a 30 MB file, a few MB of memory."""
    path = tmp_path / "large.json"
    filler = "x" * 3000
    with path.open("w", encoding="utf-8") as handle:
        handle.write('{"type": "bundle", "id": "bundle--1", "objects": [')
        for obj in fixture_objects():
            handle.write(json.dumps(obj) + ",")
        for index in range(10_000):
            separator = "," if index else ""
            handle.write(f'{separator}{{"type": "course-of-action", "id": "course-of-action--{index}", "description": "{filler}"}}')
        handle.write("]}")
    size = path.stat().st_size
    assert size > 30_000_000
    tracemalloc.start()
    try:
        data = load_bundle(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert list(data.tactics) == ["TA0043", "TA0001", "TA0003", "TA0005"]
    assert peak < 12_000_000, f"peak {peak:,} bytes while reading {size:,}"


# --- untrusted input: bounds, ids, and no traceback ----------------------------------------------


def _bundle_text(*objects: str) -> str:
    return '{"type": "bundle", "id": "bundle--1", "objects": [' + ", ".join(objects) + "]}"


@pytest.mark.parametrize("chunk", [1, 7, 4096])
def test_a_value_nested_deeper_than_the_limit_is_refused_where_the_limit_is_crossed(chunk: int) -> None:
    inner = "[" * MAX_DEPTH + "]" * MAX_DEPTH  # with the object around it: one level too many
    text = _bundle_text('{"type": "x", "deep": ' + inner + "}")
    with pytest.raises(BundleError, match=rf"nested deeper than {MAX_DEPTH} levels") as caught:
        list(iter_objects(io.StringIO(text), chunk=chunk))
    assert f"(at character {text.index('[[') + MAX_DEPTH - 1})" in str(caught.value)
    allowed = _bundle_text('{"type": "x", "deep": ' + inner[1:-1] + "}")
    assert len(list(iter_objects(io.StringIO(allowed), chunk=chunk))) == 1


def test_brackets_inside_strings_do_not_count_as_nesting() -> None:
    text = _bundle_text(json.dumps({"type": "x", "description": "[" * 5000 + '\\"{' * 100, "k": ["]"]}))
    assert [o["k"] for o in iter_objects(io.StringIO(text), chunk=5)] == [["]"]]


@pytest.mark.parametrize("chunk", [3, 4096])
def test_an_integer_of_more_than_the_limit_of_digits_is_refused_with_its_position(chunk: int) -> None:
    digits = "7" * 100_000
    text = _bundle_text('{"type": "x", "n": -' + digits + "}")
    with pytest.raises(BundleError, match=f"a number of more than {MAX_DIGITS} digits") as caught:
        list(iter_objects(io.StringIO(text), chunk=chunk))
    assert f"(at character {text.index('7')})" in str(caught.value)
    fine = _bundle_text('{"type": "x", "n": ' + "7" * MAX_DIGITS + ', "f": 1' + "0" * 500 + ".5}")
    assert [o["n"] for o in iter_objects(io.StringIO(fine), chunk=chunk)] == [int("7" * MAX_DIGITS)]


@pytest.mark.parametrize(
    "value",
    ['{"type": "x", "name": "' + "A" * 3000 + '"}', '"' + "A" * 3000 + '"', "[" + "1, " * 1000 + "1]"],
    ids=["object", "string", "list"],
)
def test_a_value_larger_than_the_limit_is_refused_without_reading_the_rest(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setattr(attack_stix, "MAX_VALUE", 2000)
    stream = io.StringIO(_bundle_text(value) + " " * 1_000_000)
    with pytest.raises(BundleError, match="a value of more than 2,000 characters"):
        list(iter_objects(stream, chunk=100))
    assert stream.tell() < 10_000


def test_the_file_ending_inside_a_value_is_refused() -> None:
    with pytest.raises(BundleError, match="the file ends inside a value"):
        list(iter_objects(io.StringIO('{"type": "bundle", "objects": [{"type": "x", "name": "abc'), chunk=4))


@pytest.mark.parametrize(
    "text",
    ['{"type": "bundle", "objects": [{"a": "\\ud800", "b": "\\udfff\\ud800", "c": "\\uffff\\u0000"}]}',
     '{"type": "bundle", "objects": [{"a": "\ufdd0\U0010ffff\u2028\x85"}]}'],
    ids=["escaped", "raw"],
)
def test_surrogates_and_noncharacters_are_read_as_text_and_judged_later(text: str) -> None:
    assert len(list(iter_objects(io.StringIO(text)))) == 1


def _with_id(ident: object, attack_id: str = "TA0043") -> list[dict[str, Any]]:
    objects = fixture_objects()
    for ref in attack_object(objects, attack_id)["external_references"]:
        ref["external_id"] = ident
    return objects


def _read(objects: list[dict[str, Any]]) -> Any:
    return read_bundle(io.StringIO(json.dumps({"type": "bundle", "id": "bundle--1", "objects": objects})))


@pytest.mark.parametrize(
    "ident",
    ["../../../x", "/etc/x", "TA00\x0043", "TA" + "0" * 5000, "TA0043\n", "ＴＡ0043", "TA٠٠٤٣", "T1566", 43, None],
    ids=["traversal", "absolute", "nul", "over-long", "newline", "fullwidth", "arabic-digits", "technique-id", "number", "null"],
)
def test_a_tactic_with_a_malformed_id_is_left_out_and_noted(ident: object) -> None:
    data = _read(_with_id(ident))
    assert list(data.tactics) == ["TA0001", "TA0003", "TA0005"]  # the matrix's reference to it is dropped too
    assert len(data.notes) == 1 and "1 object(s) of the bundle left out" in data.notes[0]
    assert "'x-mitre-tactic' with the malformed ATT&CK id" in data.notes[0]
    assert len(data.notes[0]) < 500 and visible(data.notes[0]) == data.notes[0]


def test_many_malformed_ids_make_one_note_with_a_few_examples() -> None:
    objects = fixture_objects()
    for index in range(20):
        objects.append({
            "type": "attack-pattern", "id": f"attack-pattern--00000000-0000-4000-8000-{index:012d}", "name": "x",
            "external_references": [{"source_name": "mitre-attack", "external_id": f"../{index}"}],
        })
    objects.append({"type": "attack-pattern", "id": "../../x", "name": "y",
                    "external_references": [{"source_name": "mitre-attack", "external_id": "T1001"}]})
    data = _read(objects)
    assert "T1001" not in data.techniques
    assert len(data.notes) == 1
    assert data.notes[0].startswith("21 object(s) of the bundle left out") and data.notes[0].endswith("and 16 more")


def test_a_malformed_reference_in_the_matrix_or_a_revocation_is_noted() -> None:
    objects = fixture_objects()
    next(o for o in objects if o["type"] == "x-mitre-matrix")["tactic_refs"].append("../x")
    next(o for o in objects if o["type"] == "relationship")["target_ref"] = {"not": "an id"}
    data = _read(objects)
    assert list(data.tactics) == ["TA0043", "TA0001", "TA0003", "TA0005"]
    assert "2 object(s)" in data.notes[0] and "'../x'" in data.notes[0] and "a JSON object" in data.notes[0]


def test_a_version_that_is_not_a_version_number_is_noted_and_ignored() -> None:
    objects = fixture_objects()
    next(o for o in objects if o["type"] == "x-mitre-collection")["x_mitre_version"] = "19\nid: TA0001"
    data = _read(objects)
    assert data.version is None
    assert data.notes == ["the bundle's x-mitre-collection gives the version '19\\nid: TA0001', which is not a version number; ignored"]


def test_values_of_the_wrong_json_type_are_ignored_without_a_traceback() -> None:
    objects = fixture_objects()
    tactic = attack_object(objects, "TA0001")
    tactic["name"] = {"a": 1}
    tactic["x_mitre_shortname"] = ["x"]
    attack_object(objects, "T1566")["kill_chain_phases"] = 5
    attack_object(objects, "T1195")["x_mitre_domains"] = [{"x": 1}]
    attack_object(objects, "T1078")["external_references"] = "mitre-attack"
    data = _read(objects)
    assert data.tactics["TA0001"].name == "" and data.tactics["TA0001"].shortname == ""
    assert data.techniques["T1566"].tactics == ()
    assert "T1195" not in data.techniques and "T1078" not in data.techniques


def test_a_matrix_naming_an_object_the_bundle_lacks_is_quoted_in_the_error() -> None:
    objects = fixture_objects()
    next(o for o in objects if o["type"] == "x-mitre-matrix")["tactic_refs"].append(
        "x-mitre-tactic--00000000-0000-4000-8000-0000000000ff"
    )
    with pytest.raises(BundleError, match="the matrix lists 'x-mitre-tactic--00000000-0000-4000-8000-0000000000ff'"):
        _read(objects)
