"""Values echoed in messages cannot become CI workflow commands, terminal escapes or hidden text."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.errors import ContentError, quote, visible

from ..conftest import make_course

# A key that would start a workflow command on its own line, clear the terminal, and reverse
# the rest of the line on screen.
HOSTILE_KEY = "x\\n::warning file=a::pwned\\n::add-mask::y\\e[2J\\u202eesrever\\u200b"


def _hostile_course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = make_course(tmp_path)
    role = content / "roles" / "cio.yml"
    role.write_text(role.read_text() + f'"{HOSTILE_KEY}": 1\n? "{"k" * 5000}"\n: 2\n')
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_echoed_keys_cannot_start_workflow_commands_or_escapes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    _hostile_course(tmp_path, monkeypatch)
    result = CliRunner().invoke(main, ["validate", "--content", "content", "--format", fmt])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 2, lines  # one line per problem, however many line breaks the key held
    for line in lines:
        if fmt == "text":
            assert line.startswith("content/roles/cio.yml:")
        else:
            assert line.startswith("::error file=content/roles/cio.yml,")
        assert "\x1b" not in line and "\u202e" not in line and "\u200b" not in line
        assert len(line) < 400  # a 5,000-character key is shortened
    assert "\\x1b[2J" in result.stdout and "\\u202e" in result.stdout  # shown, not hidden


def test_visible_shows_every_hidden_character() -> None:
    hidden = "\n\r\t\x00\x1b\x7f\x85\u061c\u200b\u200e\u202a\u202e\u2028\u2066\u2069\ufeff\uffff\ud800\U000e0041"
    shown = visible(f"a{hidden}b")
    assert shown.isascii() and shown.isprintable()
    assert shown.startswith("a") and shown.endswith("b")
    assert visible("Ünïcödé ✓ text, CISO → board") == "Ünïcödé ✓ text, CISO → board"


def test_quote_shortens_long_values_without_reading_them_whole() -> None:
    assert quote("a" * 50_000_000, 20) == "'" + "a" * 17 + "...'"
    assert quote("T1078.004\n") == "'T1078.004\\n'"  # not mistaken for a valid id


def test_a_path_that_would_start_a_workflow_command_is_written_as_relative() -> None:
    line = str(ContentError("::stop-commands::tok.yml", 1, 1, "m"))
    assert line.startswith("./::stop-commands::tok.yml:1:1: ")
