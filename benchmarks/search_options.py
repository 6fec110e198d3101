"""Two ways to keep search from growing a first visit, measured on one built site.

- The theme's own index, fetched only when the reader starts a search (what the site does, with
  ``search-on-demand.js``): the first search downloads the whole index and the search worker.
- Pagefind (``pagefind[extended]`` from PyPI), which indexes the built HTML into chunks after the
  build: the first search downloads its script, its WebAssembly, the index chunks the query needs
  and the fragments of the results shown (here the first five).

For each query, Chromium (fresh cache) records what the first search downloads (gzip, level 6)
and where the first hits point, to compare the quality too.

    python benchmarks/search_options.py SITE_DIR
"""

from __future__ import annotations

import functools
import gzip
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from first_visit import CHROMIUM, served

QUERIES = ("TA0001", "T1078.004", "CISO")
PAGEFIND_SEARCH = """async (query) => {
  const pagefind = await import("./pagefind.js");
  await pagefind.options({ basePath: "./" });
  const search = await pagefind.search(query);
  const shown = await Promise.all(search.results.slice(0, 5).map((result) => result.data()));
  return { count: search.results.length, urls: shown.map((data) => data.url) };
}"""


def _gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 6))


def theme_index(site: Path) -> dict[str, Any]:
    """Sizes of what the theme's first search downloads: the index and the search worker."""
    index = next(p for p in (site / "search" / "search_index.json", site / "search.json") if p.is_file())
    workers = sorted((site / "assets" / "javascripts" / "workers").glob("search*.js"))
    return {"index_kb": _gz(index) / 1024, "worker_kb": sum(_gz(w) for w in workers) / 1024,
            "first_search_kb": (_gz(index) + sum(_gz(w) for w in workers)) / 1024}


def _keep(into: list[Any], response: Any) -> None:
    into.append(response)


def pagefind(site: Path) -> dict[str, Any]:
    """Index a copy of the site with Pagefind; time it and measure each query's first search."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="pagefind-") as tmp:
        copy = Path(tmp) / "site"
        shutil.copytree(site, copy)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "pagefind", "--site", str(copy), "--silent"], check=True, capture_output=True)
        out: dict[str, Any] = {"index_s": time.perf_counter() - start}
        files = [p for p in (copy / "pagefind").rglob("*") if p.is_file()]
        out["files"] = len(files)
        out["size_kb"] = sum(p.stat().st_size for p in files) / 1024
        with served(copy) as url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM)
            try:
                for query in QUERIES:
                    context = browser.new_context()
                    page = context.new_page()
                    page.goto(url + "/pagefind/")  # a page of the same origin without the site's policy
                    responses: list[Any] = []
                    context.on("response", functools.partial(_keep, responses))
                    found = page.evaluate(PAGEFIND_SEARCH, query)
                    total = 0
                    for response in responses:
                        try:
                            total += len(gzip.compress(response.body(), 6))
                        except Exception:  # no body (aborted, redirected)
                            continue
                    out[query] = {"first_search_kb": total / 1024, "requests": len(responses), **found}
                    context.close()
            finally:
                browser.close()
    return out


if __name__ == "__main__":
    target = Path(sys.argv[1])
    print("theme index on demand:", theme_index(target))
    print("pagefind:", pagefind(target))
