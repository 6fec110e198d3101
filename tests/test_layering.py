"""The package's layering, as its docstring states it: only the adapters (``plugin``, ``cli``)
import MkDocs and click, nothing below them imports them, and ``render`` never reads ``exports``.

Every import counts, those inside functions included; only those under ``if TYPE_CHECKING:``
(never run) are left out.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import ROOT

PACKAGE = ROOT / "generator"
ADAPTERS = ("generator.plugin", "generator.cli", "generator.__main__")  # __main__ runs the cli
ADAPTER_LIBRARIES = ("mkdocs", "material", "click")


def _module_name(path: Path, root: Path = ROOT) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _import_nodes(node: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and _is_type_checking(child.test):
            for other in child.orelse:
                yield from _import_nodes_of(other)
            continue
        yield from _import_nodes_of(child)


def _import_nodes_of(node: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        yield node
    yield from _import_nodes(node)


def imports_of(path: Path, root: Path = ROOT) -> set[str]:
    """Every module ``path`` imports, by its absolute name (``from . import x`` counts as both the
    package and ``package.x``, which may be a module)."""
    module = _module_name(path, root)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in _import_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
            continue
        if node.level:
            parts = package.split(".")
            base = ".".join(parts[: len(parts) - node.level + 1])
            base = f"{base}.{node.module}" if node.module else base
        else:
            base = node.module or ""
        found.add(base)
        found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def _within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes)


MODULES = {_module_name(path): imports_of(path) for path in sorted(PACKAGE.rglob("*.py"))}


def test_the_reader_sees_function_level_imports_and_skips_type_checking_ones(tmp_path: Path) -> None:
    path = tmp_path / "generator" / "render" / "example.py"
    path.parent.mkdir(parents=True)
    path.write_text(
        "from typing import TYPE_CHECKING\n"
        "from .text import plain\n"
        "if TYPE_CHECKING:\n    from ..exports import QuizExport\nelse:\n    import yaml\n"
        "def f():\n    from ..plugin import csp\n    import mkdocs.config\n",
        encoding="utf-8",
    )
    assert imports_of(path, tmp_path) == {
        "typing", "typing.TYPE_CHECKING", "generator.render.text", "generator.render.text.plain", "yaml",
        "generator.plugin", "generator.plugin.csp", "mkdocs.config",
    }


@pytest.mark.parametrize("module", sorted(name for name in MODULES if not _within(name, ADAPTERS)))
def test_only_the_adapters_import_mkdocs_or_click(module: str) -> None:
    """The core (everything but ``plugin`` and ``cli``) imports neither the libraries of the
    adapters nor the adapters themselves, which would load them."""
    wrong = sorted(name for name in MODULES[module] if _within(name, ADAPTER_LIBRARIES + ADAPTERS))
    assert wrong == [], f"{module} imports {', '.join(wrong)}"


def test_render_imports_nothing_from_exports() -> None:
    wrong = {
        module: sorted(name for name in imports if _within(name, ("generator.exports",)))
        for module, imports in MODULES.items()
        if _within(module, ("generator.render",))
    }
    assert {module: names for module, names in wrong.items() if names} == {}


def test_the_standalone_policy_is_made_without_loading_mkdocs_or_click() -> None:
    script = (
        "import sys\n"
        "from generator.standalone import _theme_templates, policy_meta\n"
        "assert 'Content-Security-Policy' in policy_meta('ciso', _theme_templates())\n"
        "print(sorted(name for name in ('mkdocs', 'click', 'material') if name in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT)
    assert result.stdout.strip() == "[]"
