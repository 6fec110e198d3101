"""What a reader's first visit to a page downloads: every response, gzip-compressed, in Chromium.

A fresh browser context (empty cache) opens the page and waits until the network is idle, so
that whatever the page's scripts fetch after loading (a search index, a worker) is counted. Each
response body is compressed with gzip (level 6, what web servers use) and summed by kind.

    python benchmarks/first_visit.py SITE_DIR [PATH ...]
"""

from __future__ import annotations

import functools
import gzip
import http.server
import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


@contextmanager
def served(site: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _kind(url: str, content_type: str) -> str:
    path = url.split("?", 1)[0]
    if "javascript" in content_type or path.endswith(".js"):
        return "js"
    if "css" in content_type or path.endswith(".css"):
        return "css"
    if "html" in content_type or path.endswith("/"):
        return "html"
    if path.endswith(".json") or "json" in content_type:
        return "data"
    return "other"


def _keep(into: list[Any], response: Any) -> None:
    into.append(response)


def measure(site: Path, paths: list[str], *, settle_ms: int = 1500) -> dict[str, dict[str, int]]:
    """Per page path: gzip bytes by kind (html, css, js, data, other), the total, and the request count."""
    from playwright.sync_api import sync_playwright

    out: dict[str, dict[str, int]] = {}
    with served(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        try:
            for path in paths:
                context = browser.new_context()
                page = context.new_page()
                sizes: dict[str, int] = {"html": 0, "css": 0, "js": 0, "data": 0, "other": 0, "requests": 0}
                responses: list[Any] = []
                context.on("response", functools.partial(_keep, responses))
                page.goto(url + path, wait_until="networkidle")
                page.wait_for_timeout(settle_ms)
                for response in responses:
                    try:
                        body = response.body()
                    except Exception:  # a redirect or an aborted request has no body
                        continue
                    kind = _kind(response.url, response.headers.get("content-type", ""))
                    sizes[kind] += len(gzip.compress(body, 6))
                    sizes["requests"] += 1
                sizes["total"] = sum(sizes[k] for k in ("html", "css", "js", "data", "other"))
                out[path] = sizes
                context.close()
        finally:
            browser.close()
    return out


if __name__ == "__main__":
    site = Path(sys.argv[1])
    result = measure(site, sys.argv[2:] or ["/"])
    for path, sizes in result.items():
        print(path, {k: (round(v / 1024, 1) if k != "requests" else v) for k, v in sizes.items()})
