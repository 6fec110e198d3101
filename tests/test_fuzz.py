"""Hypothesis: whatever YAML a file holds, validation ends in success or located content errors.

Never another exception (no traceback can reach a trainer), and every error has a location.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.catalog import FileCache, load_catalog
from generator.errors import ContentErrors

from .conftest import MINI

# The comment keeps line 1, column 1 free of anything a problem could be about: an error placed
# there is either about the whole file or a location that fell back to the start of the file.
MODULE = "# a module of the fixture course\n" + (MINI / "modules" / "competing-mandates.yml").read_text()
WHOLE_FILE = re.compile(
    r"missing required field '[a-z_]+'|file is empty.*|expected a mapping of fields at the top level.*"
)
YAML_BITS = [":", "-", " ", "  ", "\n", "\t", "[", "]", "{", "}", ",", "&a", "*a", "!!str", "!x", "?", "|", ">",
             "'", '"', "#", "%", "@", "`", "~", "null", "true", "yes", "1.10", "0x1F", "2024-01-01", "\x00", "\ufeff",
             "é", "\u2028", "---", "...", "<<: *a"]


def check(tmp: Path, cache: FileCache, text: str | bytes) -> None:
    target = tmp / "modules" / "competing-mandates.yml"
    if isinstance(text, bytes):
        target.write_bytes(text)
    else:
        target.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        load_catalog(tmp, cache)
    except ContentErrors as errors:
        assert errors.errors
        source = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
        lines = re.split(r"\r\n|\r|\n", source)  # YAML's line breaks, as the reader and editors count them
        for error in errors:
            assert error.line >= 1 and error.col >= 1 and error.message and error.path
            if not error.path.endswith("competing-mandates.yml"):
                continue
            assert error.line <= len(lines) + 1, f"{error} lies beyond the end of the file"
            if (error.line, error.col) == (1, 1) and source.startswith("#"):
                assert WHOLE_FILE.fullmatch(error.message), f"{error} fell back to the start of the file"


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, FileCache]:
    tmp = tmp_path_factory.mktemp("fuzz") / "content"
    shutil.copytree(MINI, tmp)
    return tmp, FileCache()


@st.composite
def mutated(draw: st.DrawFn) -> str:
    text = MODULE
    for _ in range(draw(st.integers(1, 6))):
        position = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "replace", "duplicate-line", "drop-line", "indent"]))
        if action == "insert":
            text = text[:position] + draw(st.sampled_from(YAML_BITS)) + text[position:]
        elif action == "delete":
            text = text[:position] + text[position + draw(st.integers(1, 20)):]
        elif action == "replace":
            text = text[:position] + draw(st.text(max_size=8)) + text[position + 1:]
        else:
            lines = text.split("\n")
            index = position % len(lines)
            if action == "duplicate-line":
                lines.insert(index, lines[index])
            elif action == "drop-line":
                del lines[index]
            else:
                lines[index] = " " * draw(st.integers(1, 5)) + lines[index]
            text = "\n".join(lines)
    return text


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=mutated())
def test_mutated_module_file_ends_in_success_or_located_errors(course: tuple[Path, FileCache], text: str) -> None:
    check(*course, text)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.lists(st.sampled_from(YAML_BITS + list("abcdefgxyz0123456789")), max_size=80).map("".join))
@example(text="\r{")  # a carriage return alone ends a line for YAML and for editors
def test_arbitrary_yaml_like_text_ends_in_success_or_located_errors(course: tuple[Path, FileCache], text: str) -> None:
    check(*course, text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=300))
def test_arbitrary_bytes_end_in_success_or_located_errors(course: tuple[Path, FileCache], data: bytes) -> None:
    check(*course, data)

