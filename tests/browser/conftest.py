"""Browser fixtures: a watched Chromium context per test and the fixture course under a sub-path.

Material's instant navigation only intercepts links listed in ``sitemap.xml``, which needs
``site_url``; the ``sub_url`` site is built with a ``site_url`` on the test server's port, under
``/course/``, so it also exercises a site that is not served from the root of its origin.
"""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "fixtures" / "mini"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


@pytest.fixture(scope="session")
def sub_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The fixture course built with ``site_url`` and served under ``/course/`` (instant navigation on)."""
    served = tmp_path_factory.mktemp("sub-root")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(served)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    config = tmp_path_factory.mktemp("sub-config") / "mkdocs.yml"
    config.write_text(
        f"INHERIT: {ROOT / 'mkdocs.yml'}\n"
        f"site_url: {origin}/course/\n"
        f"docs_dir: {ROOT / 'site_config' / 'docs'}\n"
        f"theme:\n  name: material\n"
        f"plugins:\n  ciso-course:\n    content_dir: {MINI}\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(served / "course")],
        cwd=ROOT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr
    try:
        yield f"{origin}/course"
    finally:
        server.shutdown()
        server.server_close()


class Watcher:
    """Opens pages in fresh browser contexts and records console errors, page errors and
    requests to any origin other than the test server."""

    def __init__(self, browser: object) -> None:
        self.browser = browser
        self.contexts: list[object] = []
        self.errors: list[str] = []
        self.foreign: list[str] = []
        self.visited: list[str] = []

    def context(self, **options: object) -> object:
        options.setdefault("viewport", {"width": 1280, "height": 900})
        context = self.browser.new_context(**options)  # type: ignore[attr-defined]
        context.on("request", self._request)
        self.contexts.append(context)
        return context

    def page(self, context: object | None = None, **options: object) -> object:
        context = context or self.context(**options)
        page = context.new_page()  # type: ignore[attr-defined]
        page.on("console", lambda message: message.type == "error" and self.errors.append(f"{page.url}: {message.text}"))
        page.on("pageerror", lambda error: self.errors.append(f"{page.url}: {error}"))
        page.on("framenavigated", lambda frame: frame.parent_frame is None and self.visited.append(frame.url))
        return page

    def _request(self, request: object) -> None:
        url = request.url  # type: ignore[attr-defined]
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about"):
            return
        if parts.hostname != "127.0.0.1":
            self.foreign.append(url)

    def close(self) -> None:
        for context in self.contexts:
            context.close()  # type: ignore[attr-defined]


@pytest.fixture
def watch(browser: object) -> Iterator[Watcher]:
    """Every page a test opens must log no console error, raise no page error and ask no other origin."""
    watcher = Watcher(browser)
    try:
        yield watcher
    finally:
        watcher.close()
    assert watcher.visited, "the test visited no page"
    assert not watcher.errors, "console or page errors:\n" + "\n".join(watcher.errors)
    assert not watcher.foreign, "requests to another origin:\n" + "\n".join(watcher.foreign)
