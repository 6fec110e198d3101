"""Golden error cases: one kind of content problem per case, with the exact messages expected.

Each folder under tests/golden/errors/ holds files laid over the fixture course (``content/``),
an optional ``delete.txt`` of files to remove, and ``expected.txt``: what ``ciso-course
validate`` prints, line for line. Refresh with ``pytest --update-golden`` and review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main

from .conftest import make_course

GOLDEN = Path(__file__).parent / "golden" / "errors"
CASES = sorted(p.name for p in GOLDEN.iterdir() if p.is_dir())


def test_there_are_at_least_thirty_cases() -> None:
    assert len(CASES) >= 30


@pytest.mark.parametrize("case", CASES)
def test_validate_reports_exactly_the_expected_problems(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, update_golden: bool
) -> None:
    folder = GOLDEN / case
    delete = tuple((folder / "delete.txt").read_text().split()) if (folder / "delete.txt").exists() else ()
    make_course(tmp_path, folder / "content", delete)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate", "--content", "content"])
    expected_file = folder / "expected.txt"
    if update_golden:
        expected_file.write_text(result.stdout)
    assert result.exit_code == 1, result.output
    assert result.stdout == expected_file.read_text()
    # Every message carries a location: path:line:col: message.
    for line in result.stdout.splitlines():
        path, line_no, col, message = line.split(":", 3)
        assert path.startswith("content/") and int(line_no) >= 1 and int(col) >= 1 and message.strip()
