"""Reading ATT&CK STIX bundles: facts, revocations, streaming and bad input."""

from __future__ import annotations

import io
import json
import tracemalloc
from pathlib import Path

import pytest

from generator.attack_stix import BundleError, iter_objects, load_bundle, read_bundle

from .conftest import STIX_FIXTURE, fixture_objects


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
