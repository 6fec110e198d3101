"""`.pre-commit-hooks.yaml`: the hooks other repositories use run commands that exist."""

from __future__ import annotations

import re

import yaml

from generator.cli import main

from .conftest import ROOT


def test_hooks_offer_validate_and_lint_on_content_changes() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    by_id = {hook["id"]: hook for hook in hooks}
    assert set(by_id) == {"ciso-course-validate", "ciso-course-lint"}
    for hook_id, hook in by_id.items():
        command = hook_id.removeprefix("ciso-course-")
        assert hook["entry"] == f"ciso-course {command}"
        assert command in main.commands
        assert hook["language"] == "python"
        assert hook["pass_filenames"] is False
        assert re.match(hook["files"], "content/modules/x.yml")
        assert not re.match(hook["files"], "generator/lint.py")
        assert {"name", "description"} <= set(hook)
