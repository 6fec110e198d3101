"""Shared fixtures: the fixture course, built sites, a local HTTP server and Debian's Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

# No per-example deadline: these machines are shared, and a test asserts behaviour, not speed
# (the benchmarks measure speed).
settings.register_profile("ciso-course", deadline=None)
settings.load_profile("ciso-course")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
MINI = FIXTURES / "mini"
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))


def build_site(config: Path, site_dir: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Run a real `mkdocs build` (strict comes from mkdocs.yml) and return the finished process."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(site_dir), *extra],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )


@pytest.fixture(scope="session")
def mini_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture course built once with the shipped site configuration."""
    site = tmp_path_factory.mktemp("mini-site")
    result = build_site(FIXTURES / "mkdocs-mini.yml", site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The shipped starter course built once, with the build's log."""
    site = tmp_path_factory.mktemp("shipped-site")
    result = build_site(ROOT / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr
    return site, result.stderr


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


def serve(directory: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def mini_url(mini_site: Path) -> Iterator[str]:
    yield from serve(mini_site)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    if not CHROMIUM.exists() and shutil.which("chromium") is None:
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium package (`make test` does when run as root on Debian)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=str(CHROMIUM if CHROMIUM.exists() else shutil.which("chromium")),
            args=[
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        )
        try:
            yield instance
        finally:
            instance.close()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files from the current output")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def make_course(tmp_path: Path, overlay: Path | None = None, delete: tuple[str, ...] = ()) -> Path:
    """A copy of the fixture course in ``tmp_path/content``, with files from ``overlay`` laid over it."""
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    if overlay is not None and overlay.is_dir():
        shutil.copytree(overlay, content, dirs_exist_ok=True)
    for rel in delete:
        (content / rel).unlink()
    return content
