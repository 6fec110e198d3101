"""Import and check against MITRE's real Enterprise bundle (ATT&CK v18.1) in ../shared/attack.

The shipped course follows ATT&CK v19, so the older bundle disagrees in known ways: v19 renamed
TA0005 (Defense Evasion -> Stealth) and added TA0112 Defense Impairment and new technique ids.
Skipped, with the reason, where the data is not beside the checkout.
"""

from __future__ import annotations

from pathlib import Path

from generator.attack.stix import load_bundle
from generator.catalog import load_catalog

from .conftest import real_bundle, run


def test_the_real_bundle_reads_as_the_readme_describes_it() -> None:
    data = load_bundle(real_bundle())
    assert len(data.tactics) == 14
    assert list(data.tactics)[:3] == ["TA0043", "TA0042", "TA0001"]
    assert data.tactics["TA0005"].name == "Defense Evasion"
    assert len(data.techniques) == 835
    assert sum(t.revoked for t in data.techniques.values()) > 0
    assert sum(t.deprecated for t in data.techniques.values()) > 0
    assert data.display_name("T1078.004") == "Valid Accounts: Cloud Accounts"


def test_check_of_the_shipped_course_reports_the_v19_differences(shipped_course: Path) -> None:
    result = run("attack", "check", real_bundle(), "--content", shipped_course)
    assert result.exit_code == 1
    out = result.stdout
    assert "TA0005 name: 'Stealth' here, 'Defense Evasion' in the bundle" in out
    assert "tactic TA0112 is not in the bundle's matrix" in out
    assert "T1685 is not in the bundle" in out  # a v19 id
    assert "is listed under TA0112 here, but the bundle files it under TA0005 Defense Evasion" in out
    assert "does not say which ATT&CK version it is" in result.stderr


def test_dry_run_on_the_shipped_course_writes_nothing_and_keeps_tactics_the_bundle_lacks(shipped_course: Path) -> None:
    before = {p: p.read_bytes() for p in shipped_course.rglob("*.yml")}
    result = run("attack", "import", real_bundle(), "--content", shipped_course, "--dry-run")
    assert result.exit_code == 0, result.output
    assert {p: p.read_bytes() for p in shipped_course.rglob("*.yml")} == before
    assert "-name: Stealth\n" in result.stdout and "+name: Defense Evasion\n" in result.stdout
    assert "\n-order:" not in result.stdout and "\n+order:" not in result.stdout  # TA0112 keeps its place
    assert "a renamed tactic" in result.stderr


def test_import_of_the_real_bundle_leaves_a_valid_course_and_touches_only_facts(shipped_course: Path) -> None:
    before = {p: p.read_text(encoding="utf-8") for p in shipped_course.rglob("*.yml")}
    result = run("attack", "import", real_bundle(), "--content", shipped_course)
    assert result.exit_code == 0, result.output
    catalog = load_catalog(shipped_course)
    assert catalog.tactics["TA0005"].model.name == "Defense Evasion"
    assert "TA0112" in catalog.tactics  # kept: the course's, not the bundle's
    for path, text in before.items():
        after = path.read_text(encoding="utf-8")
        if after == text:
            continue
        assert path.parent.name == "tactics"
        changed = [(a, b) for a, b in zip(text.splitlines(), after.splitlines()) if a != b]
        assert len(text.splitlines()) == len(after.splitlines())
        for old, new in changed:
            assert old.split(":", 1)[0] == new.split(":", 1)[0]
            assert old.split(":", 1)[0].strip() in ("name", "shortname", "url", "order"), (old, new)
    again = run("attack", "import", real_bundle(), "--content", shipped_course)
    assert "nothing to change" in again.stderr
