"""The YAML reader: positions, duplicate keys, refusals, YAML 1.1 scalars, encodings, limits."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import ContentErrors
from generator.reading.read import MAX_BYTES, MAX_DEPTH, read_file, read_text


def parse(text: str) -> object:
    return read_text(text, Path("x.yml"), "x.yml").data


def problems(text: str) -> list[str]:
    with pytest.raises(ContentErrors) as info:
        read_text(text, Path("x.yml"), "x.yml")
    return [str(e) for e in info.value]


def test_positions_of_keys_and_values_are_one_based() -> None:
    doc = read_text("a: 1\nlist:\n  - x\n  - {y: 2}\n", Path("x.yml"), "x.yml")
    assert doc.locate(["a"]) == (1, 4)
    assert doc.locate(["a"], key=True) == (1, 1)
    assert doc.locate(["list", 1, "y"]) == (4, 9)
    assert doc.locate(["list", 1]) == (4, 5)


def test_locate_skips_parts_missing_from_the_data() -> None:
    doc = read_text("quiz:\n  questions:\n    - id: q\n", Path("x.yml"), "x.yml")
    # a union tag such as 'single' in a validation error's location is not in the data
    assert doc.locate(["quiz", "questions", 0, "single", "id"]) == (3, 11)
    assert doc.locate(["nothing", "here"]) == (1, 1)


def test_duplicate_key_points_at_second_key() -> None:
    doc = read_text("title: one\nother: x\ntitle: two\n", Path("x.yml"), "x.yml")
    assert [str(e) for e in doc.errors] == ["x.yml:3:1: duplicate key 'title' (first written at line 1)"]
    assert doc.data == {"title": "one", "other": "x"}


@pytest.mark.parametrize("word", ["yes", "no", "on", "off", "y", "n", "Yes", "NO"])
def test_yaml_1_1_booleans_stay_text(word: str) -> None:
    assert parse(f"a: {word}\n") == {"a": word}


@pytest.mark.parametrize("text", ["2024-01-01", "2024-01-01T10:00:00Z", "1.10", "1.0", "1e3", "0x1F", "010", "1_000", ".inf", ".nan", "12:30"])
def test_numbers_dates_and_sexagesimals_stay_as_written(text: str) -> None:
    assert parse(f"a: {text}\n") == {"a": text}


def test_plain_scalars_resolve_to_null_bool_and_int() -> None:
    assert parse("a: ~\nb: null\nc:\nd: true\ne: False\nf: 42\ng: -7\nh: '42'\n") == {
        "a": None, "b": None, "c": None, "d": True, "e": False, "f": 42, "g": -7, "h": "42",
    }


def test_keys_are_always_text() -> None:
    assert parse("1: a\ntrue: b\nnull: c\n") == {"1": "a", "true": "b", "null": "c"}


def test_alias_bomb_is_refused_at_its_first_anchor() -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    found = problems("\n".join(lines) + "\n")
    # Refused at the first anchor, before any alias is met, let alone expanded.
    assert found == ["x.yml:1:5: anchors ('&a0') are not allowed: write the value out in full"]


def test_alias_without_anchor_is_reported() -> None:
    assert problems("a: *nothing\n")[0].startswith("x.yml:1:4: ")


def test_ten_thousand_deep_flow_nesting_is_refused_within_the_first_thousand_levels() -> None:
    # libyaml's scanner stops flow nesting at 1,000 levels, before the parser hands out events.
    found = problems("[" * 10_000 + "]" * 10_000)
    assert len(found) == 1
    _, line, col, _ = found[0].split(":", 3)
    assert line == "1" and int(col) <= 1001


def test_deep_block_nesting_is_refused_at_the_first_level_too_deep() -> None:
    text = "".join(f"{'  ' * depth}k:\n" for depth in range(200)) + "  " * 200 + "v\n"
    assert problems(text) == [f"x.yml:{MAX_DEPTH + 1}:{2 * MAX_DEPTH + 1}: nested deeper than {MAX_DEPTH} levels"]


def test_block_nesting_deeper_than_the_limit_is_refused() -> None:
    text = "".join(" " * (2 * i) + f"k{i}:\n" for i in range(60)) + " " * 120 + "v: 1\n"
    assert problems(text)[0].endswith("nested deeper than 40 levels")


def test_tags_are_refused() -> None:
    assert problems("a: !!python/name:os.system\n") == [
        "x.yml:1:4: tags ('tag:yaml.org,2002:python/name:os.system') are not allowed: quote the value if it must stay text"
    ]
    assert problems("a: !custom x\n")[0].startswith("x.yml:1:4: tags ('!custom')")


def test_tab_indentation_is_reported_with_its_line() -> None:
    assert problems("a:\n\tb: 1\n") == ["x.yml:2:1: tab character used for indentation: YAML needs spaces"]


def test_tab_after_a_list_dash_is_named() -> None:
    assert problems("a:\n- \tx\n") == ["x.yml:2:3: tab character where YAML needs spaces"]


@pytest.mark.parametrize(("char", "name"), [("\u2028", "line separator"), ("\u2029", "paragraph separator"), ("\u0085", "next-line character")])
def test_unusual_line_breaks_are_refused_where_an_editor_shows_them(char: str, name: str) -> None:
    """YAML would count them as line breaks, and every later line number would be off by one."""
    assert problems(f"a: 1\ntitle: Chief{char}Officer\nb: [\n") == [
        f"x.yml:2:13: {name} (U+{ord(char):04X}) in the text, probably pasted: replace it with a space or a line break"
    ]


def test_tab_inside_a_value_is_fine() -> None:
    assert parse('a: "x\ty"\n') == {"a": "x\ty"}


def test_complex_keys_are_refused() -> None:
    assert problems("? [a, b]\n: 1\n") == ["x.yml:1:3: a key must be plain text, not a list or mapping"]


def test_two_documents_are_refused() -> None:
    assert problems("a: 1\n---\nb: 2\n")[0].startswith("x.yml:2:1: more than one YAML document")


def write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "x.yml"
    path.write_bytes(data)
    return path


def file_problems(path: Path) -> list[str]:
    with pytest.raises(ContentErrors) as info:
        read_file(path, "x.yml")
    return [str(e) for e in info.value]


def test_non_utf8_bytes_are_located(tmp_path: Path) -> None:
    path = write(tmp_path, b"a: 1\nb: caf\xe9\n")
    assert file_problems(path) == ["x.yml:2:7: file is not UTF-8 text (byte 0xe9); save it as UTF-8"]


def test_non_utf8_column_counts_characters_not_bytes(tmp_path: Path) -> None:
    path = write(tmp_path, "a: 1\nb: é—".encode() + b"\xe9\n")
    assert file_problems(path) == ["x.yml:2:6: file is not UTF-8 text (byte 0xe9); save it as UTF-8"]


def test_utf16_is_refused_as_not_utf8(tmp_path: Path) -> None:
    path = write(tmp_path, "a: 1\n".encode("utf-16"))
    assert "not UTF-8" in file_problems(path)[0]


def test_utf8_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = write(tmp_path, "\ufeffa: é\n".encode())
    assert read_file(path, "x.yml").data == {"a": "é"}


def test_empty_and_comment_only_files_are_reported(tmp_path: Path) -> None:
    assert file_problems(write(tmp_path, b"")) == ["x.yml:1:1: file is empty: expected a mapping of fields"]
    assert file_problems(write(tmp_path, b"# just a comment\n")) == ["x.yml:1:1: file is empty: expected a mapping of fields"]


@pytest.mark.parametrize(("text", "found"), [("- a\n", "a list"), ("just text\n", "text"), ("42\n", "text")])
def test_wrong_top_level_type_is_reported(tmp_path: Path, text: str, found: str) -> None:
    assert file_problems(write(tmp_path, text.encode())) == [
        f"x.yml:1:1: expected a mapping of fields at the top level, found {found}"
    ]


def test_oversized_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = write(tmp_path, b"a: " + b"x" * MAX_BYTES + b"\n")
    assert file_problems(path)[0].startswith("x.yml:1:1: file is ")


def test_control_characters_are_located() -> None:
    assert problems("a: ok\nb: x\x00y\n") == ["x.yml:2:5: control character U+0000 is not allowed in YAML text"]


def test_very_long_digit_runs_stay_text() -> None:
    assert parse("a: " + "9" * 5000 + "\n") == {"a": "9" * 5000}
    assert parse("a: 123456789012345678\n") == {"a": 123456789012345678}


def test_a_file_of_more_than_50000_values_is_refused_at_the_first_one_over() -> None:
    """A file of short list items used to cost about 300 bytes of memory per byte of YAML."""
    text = "items:\n" + "".join(f"  - v{i}\n" for i in range(50_000))
    # the mapping, its key, the list and 49,997 items are 50,000 values: item 49,998 (line 49,999) is one too many
    assert problems(text) == [
        "x.yml:49999:5: more than 50,000 values (keys, list items and texts) in one file, the limit for a "
        "file: shorten it or split it into smaller files"
    ]
    assert len(parse("items:\n" + "".join(f"  - v{i}\n" for i in range(49_997)))["items"]) == 49_997  # type: ignore[index]
