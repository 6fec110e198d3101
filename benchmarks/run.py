"""``make bench``: the generator's cost on top of MkDocs' own work, measured in one run.

Every figure is a ratio of two timings taken in the same run on the same machine, so that the
noise of a shared machine cancels out. Results go to stdout and into benchmarks/README.md.

    python benchmarks/run.py [--sizes 100 1000] [--questions 10] [--repeat 3] [--bounded-only]

The bounded-work part (``bounded.py``) times ``validate``, ``lint`` and ``build`` on hostile inputs
of about 1 MB each and reports their peak memory; ``--bounded-only`` runs just that part.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bounded import CASES  # noqa: E402
from first_visit import measure as first_visit  # noqa: E402
from make_course import make_course  # noqa: E402
from search_options import pagefind, theme_index  # noqa: E402

from generator import assets  # noqa: E402
from generator.catalog import load_catalog  # noqa: E402
from generator.exports.navigator import site_layers  # noqa: E402
from generator.render import Urls, render_site  # noqa: E402
from generator.render.nav import build_nav  # noqa: E402
from generator.render.page import MARKDOWN_EXTENSIONS  # noqa: E402
from generator.render.text import escape_html  # noqa: E402

# What the plugin would turn on, written out for the build without it.
_OPTIONS: dict[str, Any] = {**MARKDOWN_EXTENSIONS, "toc": {"permalink": True}}
PLAIN_EXTENSIONS = [{name: options} if options else name for name, options in _OPTIONS.items()]

PYTHON = sys.executable
BIN = Path(PYTHON).parent
# The targets for a first visit of any page (gzip), on the starter course and at 1,000 modules.
FIRST_VISIT_KB = {"starter": 300, 1000: 400}
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
DOCS = ROOT / "site_config" / "docs"


def run(args: list[str], ok: tuple[int, ...] = (0,)) -> tuple[float, int]:
    """Wall time and peak resident memory (KiB) of one command, via GNU time."""
    elapsed, peak, _ = run_output(args, ok)
    return elapsed, peak


def run_output(args: list[str], ok: tuple[int, ...] = (0,)) -> tuple[float, int, str]:
    """Wall time, peak resident memory (KiB) and output (stdout, then stderr) of one command."""
    start = time.perf_counter()
    result = subprocess.run(["/usr/bin/time", "-f", "%M", *args], env=ENV, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if result.returncode not in ok:
        raise SystemExit(f"failed: {' '.join(args)}\n{result.stdout}\n{result.stderr}")
    *stderr, peak = result.stderr.strip().splitlines()
    stderr = [line for line in stderr if not line.startswith("Command exited with non-zero status")]
    return elapsed, int(peak), result.stdout + "\n".join(stderr)


def timed_pair(labels: tuple[str, str], commands: tuple[list[str], list[str]], repeat: int) -> tuple[float, float]:
    """Median times of two commands, run alternately so that drifts in machine load hit both alike."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for index, args in enumerate(commands):
            times[index].append(run(args)[0])
    for label, values in zip(labels, times, strict=True):
        print(f"  {label}: median {statistics.median(values):.2f} s of {[round(t, 2) for t in values]}", flush=True)
    return statistics.median(times[0]), statistics.median(times[1])


def configs(work: Path, content: Path) -> tuple[Path, Path]:
    """An MkDocs config with the plugin, and a plain one over the same pages pre-rendered."""
    work.mkdir(parents=True, exist_ok=True)
    plugin = work / "mkdocs-plugin.yml"
    plugin.write_text(
        f"INHERIT: {ROOT / 'mkdocs.yml'}\n"
        f"docs_dir: {DOCS}\n"
        f"theme:\n  name: material\n"
        f"plugins:\n  ciso-course:\n    content_dir: {content}\n"
    )
    rendered = work / "rendered"
    if rendered.exists():
        shutil.rmtree(rendered)
    shutil.copytree(DOCS, rendered)
    catalog = load_catalog(content)
    pages = render_site(catalog, Urls())
    for uri, text in [(page.uri, page.markdown) for page in pages] + site_layers(catalog, Urls()):
        target = rendered / uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    for uri, data in assets.site_files().items():  # what the plugin adds to a site itself
        (rendered / uri).parent.mkdir(parents=True, exist_ok=True)
        (rendered / uri).write_bytes(data)
    hand_written = [p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md")]
    course = catalog.course.model
    plain = work / "mkdocs-plain.yml"
    plain.write_text(
        f"INHERIT: {ROOT / 'mkdocs.yml'}\n"
        f"docs_dir: {rendered}\n"
        f"site_name: {json.dumps(escape_html(course.title))}\n"
        f"copyright: {json.dumps(escape_html(' '.join(course.attack_notice.split())))}\n"
        f"extra:\n  ciso_course:\n    about: about/\n"
        f"hooks:\n  - {Path(__file__).with_name('plain_hooks.py')}\n"
        f"theme:\n  name: material\n  custom_dir: {assets.TEMPLATES}\n"
        + "markdown_extensions: " + json.dumps(PLAIN_EXTENSIONS) + "\n"
        + f"extra_css: {json.dumps([f'{assets.FOLDER}/{n}' for n in assets.STYLESHEETS])}\n"
        + f"extra_javascript: {json.dumps([f'{assets.FOLDER}/{n}' for n in assets.SCRIPTS])}\n"
        + yaml.safe_dump({"plugins": {"ciso-course": {"enabled": False}}})
        + yaml.safe_dump({"nav": build_nav(pages, hand_written)}, allow_unicode=True)
    )
    return plugin, plain


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def yaml_only(files: list[Path]) -> str:
    return (
        "import yaml,sys\n"
        f"for p in {[str(f) for f in files]!r}:\n"
        "    yaml.load(open(p,'rb').read(), Loader=yaml.CSafeLoader)\n"
    )


def bench_size(work: Path, modules: int, questions: int, repeat: int) -> dict[str, Any]:
    print(f"{modules} modules × {questions} questions", flush=True)
    content = work / "content"
    make_course(content, modules, questions)
    files = sorted(content.rglob("*.yml"))
    plugin, plain = configs(work, content)
    out: dict[str, Any] = {"modules": modules, "files": len(files)}
    # Short runs: more of them, alternating.
    out["yaml_s"], out["validate_s"] = timed_pair(
        ("PyYAML C loader, same files", "ciso-course validate"),
        ([PYTHON, "-c", yaml_only(files)], [PYTHON, "-m", "generator", "validate", "--content", str(content)]),
        2 * repeat + 1,
    )
    site_plain, site_plugin = work / "site-plain", work / "site-plugin"
    project = work / "standalone"
    times_plain, times_plugin, times_render, times_zensical, peaks = [], [], [], [], []
    for _ in range(repeat):  # alternate, so that drifts in machine load hit all alike
        t, _ = run([PYTHON, "-m", "mkdocs", "build", "-q", "-f", str(plain), "-d", str(site_plain)])
        times_plain.append(t)
        t, peak = run([PYTHON, "-m", "mkdocs", "build", "-q", "-f", str(plugin), "-d", str(site_plugin)])
        times_plugin.append(t)
        peaks.append(peak)
        t, _ = run(standalone_command(content, project))
        times_render.append(t)
        t, failure = zensical_build(project)
        times_zensical.append(t)
        out["zensical_failure"] = failure
    out["plain_s"], out["plugin_s"] = statistics.median(times_plain), statistics.median(times_plugin)
    out["render_s"], out["zensical_s"] = statistics.median(times_render), statistics.median(times_zensical)
    print(f"  plain build: {[round(t, 2) for t in times_plain]}; with the plugin: {[round(t, 2) for t in times_plugin]}")
    print(f"  render --standalone: {[round(t, 2) for t in times_render]}; zensical build: {[round(t, 2) for t in times_zensical]}"
          + (f" (failed: {out['zensical_failure']})" if out["zensical_failure"] else ""))
    out["visits"] = visits(site_plugin, None if out["zensical_failure"] else project / "site")
    out["search"] = {"theme": theme_index(site_plugin), "pagefind": pagefind(site_plugin)}
    module_pages = list((site_plugin / "modules").glob("*/index.html"))
    out["module_html_kb"] = statistics.mean(p.stat().st_size for p in module_pages) / 1024
    out["site_mb"] = folder_size(site_plugin) / 1024 / 1024
    out["peak_mb"] = max(peaks) / 1024
    out["pages"] = len(list(site_plugin.rglob("*.html")))
    return out


def bench_starter(work: Path, repeat: int) -> dict[str, Any]:
    print("starter course", flush=True)
    plugin, plain = configs(work, ROOT / "content")
    site = work / "site"
    out: dict[str, Any] = {}
    out["plain_s"], out["site_s"] = timed_pair(
        ("plain build of its rendered pages", "ciso-course build (make site)"),
        (
            [PYTHON, "-m", "mkdocs", "build", "-q", "-f", str(plain), "-d", str(work / "plain")],
            [PYTHON, "-m", "generator", "build", "-f", str(plugin), "--site-dir", str(site)],
        ),
        2 * repeat + 1,
    )
    project = work / "standalone"
    run(standalone_command(ROOT / "content", project))
    _, failure = zensical_build(project)
    if failure:
        raise SystemExit(f"zensical could not build the starter course: {failure}")
    out["visits"] = visits(site, project / "site")
    out["search"] = {"theme": theme_index(site), "pagefind": pagefind(site)}
    return out


def standalone_command(content: Path, project: Path) -> list[str]:
    return [PYTHON, "-m", "generator", "render", "--standalone", "--content", str(content),
            "--config-file", str(ROOT / "mkdocs.yml"), "--out", str(project)]


def zensical_command(project: Path) -> list[str]:
    # --clean: a whole build, without Zensical's cache of an earlier one.
    return [str(BIN / "zensical"), "build", "--clean", "-f", str(project / "mkdocs.yml")]


def zensical_build(project: Path) -> tuple[float, str]:
    """Wall time of a Zensical build, and the last line of its error when it failed ("" when it built)."""
    start = time.perf_counter()
    result = subprocess.run(zensical_command(project), env=ENV, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if result.returncode == 0:
        return elapsed, ""
    # Its error is the last line of the traceback on stderr (stdout says only that the build started).
    lines = [line for line in result.stderr.splitlines() if line.strip()] or [line for line in result.stdout.splitlines() if line.strip()]
    return elapsed, lines[-1] if lines else f"exit status {result.returncode}"


def page_kinds(site: Path) -> dict[str, str]:
    """One page of each kind (the first in the site's folders), as a path on the site."""
    def first(folder: str, prefix: str = "") -> str:
        found = sorted(p.parent.name for p in (site / folder).glob(f"{prefix}*/index.html"))
        return f"/{folder}/{found[0]}/"

    return {
        "home": "/", "module": first("modules"), "modules index": "/modules/", "learning path": first("paths"),
        "role": first("roles"), "reporting model (org chart)": first("reporting-models"),
        "tactic": first("attack", "TA"), "ATT&CK coverage": "/attack/", "glossary": "/glossary/",
        "progress": "/progress/", "guide page": "/guide/modules/",
    }


def visits(plugin_site: Path, zensical_site: Path | None) -> dict[str, dict[str, dict[str, int]]]:
    """First visit of each page kind, on the MkDocs (plugin) build and on the Zensical build (if it built)."""
    kinds = page_kinds(plugin_site)
    out = {}
    for engine, site in (("MkDocs", plugin_site), ("Zensical", zensical_site)):
        if site is None:
            continue
        measured = first_visit(site, list(kinds.values()))
        out[engine] = {kind: measured[path] for kind, path in kinds.items()}
        worst = max(out[engine].items(), key=lambda item: item[1]["total"])
        print(f"  first visit, {engine}: largest {worst[0]} {worst[1]['total'] / 1024:.0f} KB", flush=True)
    return out


def _near_duplicates(output: str) -> str:
    found = [line for line in output.splitlines() if line.endswith("[near-duplicate]")]
    stopped = [line for line in found if "check stopped at question" in line]
    return f"{len(found) - len(stopped)} near-duplicates found" + (", then stopped at its budget of comparisons" if stopped else "")


def _refused(output: str) -> str:
    first = output.splitlines()[0]
    path, line, _, message = first.split(":", 3)
    return f"refused at {Path(path).name}:{line}: {message.split(', the limit')[0].strip()}"


# case, what it is, command, what its output says
BOUNDED: list[tuple[str, str, str, Any]] = [
    ("glossary", "glossary of 2,000 terms (the most allowed), every term on two pages", "build",
     lambda out: "built"),
    ("unknown-references", "100,000 unknown references, in 5 modules of 2,000 objectives", "validate",
     lambda out: out.strip().splitlines()[-1].replace("100000", "100,000")),
    ("near-duplicates", "12 near-duplicate questions of 10,000 words", "lint", _near_duplicates),
    ("reordered", "500 questions of the same 200 words in different orders", "lint", _near_duplicates),
    ("value-budget", "just under the course's budget: 1,470,000 values", "validate",
     lambda out: "loads: no problems" if out.rstrip().endswith("no problems") else out.strip().splitlines()[-1]),
    ("short-items", "10 MB of short list items (3,200,000 values)", "validate", _refused),
]


def bench_bounded(work: Path, repeat: int) -> list[dict[str, Any]]:
    """Each hostile case on top of the starter course: median time of ``repeat`` runs, peak memory."""
    print("bounded work", flush=True)
    rows = []
    for case, what, command, outcome in BOUNDED:
        content = CASES[case](work / case)
        added = folder_size(content) - folder_size(ROOT / "content")
        if command == "build":
            args = [PYTHON, "-m", "generator", "build", "--content", str(content), "--site-dir", str(work / f"{case}-site")]
        else:
            args = [PYTHON, "-m", "generator", command, "--content", str(content)]
        times, peaks = [], []
        for _ in range(repeat):
            elapsed, peak, output = run_output(args, ok=(0, 1))
            times.append(elapsed)
            peaks.append(peak)
        print(f"  {case}: {command} {[round(t, 2) for t in times]} s, {max(peaks) / 1024:.0f} MB", flush=True)
        rows.append({"what": what, "added_mb": added / 1e6, "command": command, "outcome": outcome(output),
                     "seconds": statistics.median(times), "peak_mb": max(peaks) / 1024})
    return rows


def report_bounded(rows: list[dict[str, Any]]) -> str:
    lines = [
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{time.strftime('%Y-%m-%d')}. The starter course with each input added; medians of the runs.",
        "",
        "| input added to the starter course | size added | command | outcome | time | peak memory |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for r in rows:
        lines.append(
            f"| {r['what']} | {r['added_mb']:.1f} MB | `ciso-course {r['command']}` | {r['outcome']} "
            f"| {r['seconds']:.1f} s | {r['peak_mb']:.0f} MB |"
        )
    return "\n".join(lines) + "\n"


def write_block(name: str, table: str) -> None:
    readme = Path(__file__).with_name("README.md")
    text = readme.read_text()
    start, end = f"<!-- {name} -->", f"<!-- /{name} -->"
    text = text[: text.index(start) + len(start)] + "\n" + table + text[text.index(end):]
    readme.write_text(text)


def report(sizes: list[dict[str, Any]], starter: dict[str, Any], questions: int) -> str:
    lines = [
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{time.strftime('%Y-%m-%d')}. Medians of the runs; ratios are of timings taken in the same run.",
        "",
        "| modules × questions | YAML files | validate / C loader | build with plugin / plain build of rendered pages | module page HTML (mean) | site size | peak memory (build) | pages |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for s in sizes:
        lines.append(
            f"| {int(s['modules'])} × {questions} | {int(s['files'])} | {s['validate_s']:.2f} s / {s['yaml_s']:.2f} s = **{s['validate_s'] / s['yaml_s']:.2f}** "
            f"| {s['plugin_s']:.1f} s / {s['plain_s']:.1f} s = **{s['plugin_s'] / s['plain_s']:.2f}** "
            f"| {s['module_html_kb']:.1f} KB | {s['site_mb']:.1f} MB | {s['peak_mb']:.0f} MB | {int(s['pages'])} |"
        )
    if len(sizes) >= 2:
        small, large = sizes[0], sizes[-1]
        lines += ["", f"Growth of the build with the plugin from {int(small['modules'])} to {int(large['modules'])} modules: "
                  f"{small['plugin_s']:.1f} s → {large['plugin_s']:.1f} s = **{large['plugin_s'] / small['plugin_s']:.2f} ×**."]
    lines += ["", f"Starter course: `ciso-course build` (what `make site` runs) {starter['site_s']:.2f} s / plain build of its "
              f"rendered pages {starter['plain_s']:.2f} s = **{starter['site_s'] / starter['plain_s']:.2f}**."]
    return "\n".join(lines) + "\n"


def _kb(value: float) -> str:
    return f"{value / 1024:.0f} KB"


def report_visits(sizes: list[dict[str, Any]], starter: dict[str, Any]) -> str:
    """The first-visit table: one column per course and engine, one row per page kind."""
    columns = [("starter", starter)] + [(int(s["modules"]), s) for s in sizes]
    heads, cells = [], []
    for name, data in columns:
        for engine, kinds in data["visits"].items():
            heads.append(f"{'starter course' if name == 'starter' else f'{name} modules'}, {engine}")
            cells.append(kinds)
    kinds = list(cells[0])
    lines = [
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, {time.strftime('%Y-%m-%d')}. Everything Chromium downloads on a "
        "first visit (empty cache) until the network is idle: HTML, CSS, JavaScript and data, each gzip-compressed (level 6). "
        "Total, with the HTML of the page itself in brackets.",
        "",
        "| page | " + " | ".join(heads) + " |",
        "| --- |" + " --- |" * len(heads),
    ]
    for kind in kinds:
        lines.append(f"| {kind} | " + " | ".join(f"{_kb(c[kind]['total'])} ({_kb(c[kind]['html'])})" for c in cells) + " |")
    lines.append("| **largest** | " + " | ".join(f"**{_kb(max(v['total'] for v in c.values()))}**" for c in cells) + " |")
    verdicts = []
    for name, data in columns:
        target = FIRST_VISIT_KB.get(name)
        if target is None:
            continue
        worst = max(v["total"] for kinds_ in data["visits"].values() for v in kinds_.values()) / 1024
        label = "starter course" if name == "starter" else f"{name} modules"
        verdicts.append(f"{label}: largest first visit {worst:.0f} KB, target ≤ {target} KB: **{'met' if worst <= target else 'missed'}**")
    return "\n".join(lines + ["", "; ".join(verdicts) + "."]) + "\n"


def report_search(sizes: list[dict[str, Any]], starter: dict[str, Any]) -> str:
    lines = [
        "What the first search downloads (gzip), and the first hits, for the site's way (the theme's index, fetched when "
        "the reader starts a search) and for Pagefind (chunked index made after the build).",
        "",
        "| course | theme index + worker | Pagefind: index time, files, size on disk | Pagefind first search: TA0001 / T1078.004 / CISO |",
        "| --- | --- | --- | --- |",
    ]
    for name, data in [("starter course", starter)] + [(f"{int(s['modules'])} modules", s) for s in sizes]:
        theme, found = data["search"]["theme"], data["search"]["pagefind"]
        queries = " / ".join(f"{found[q]['first_search_kb']:.0f} KB ({found[q]['count']} hits)" for q in ("TA0001", "T1078.004", "CISO"))
        lines.append(f"| {name} | {theme['index_kb']:.0f} KB + {theme['worker_kb']:.0f} KB = **{theme['first_search_kb']:.0f} KB** "
                     f"| {found['index_s']:.1f} s, {found['files']}, {found['size_kb'] / 1024:.1f} MB | {queries} |")
    return "\n".join(lines) + "\n"


def report_engines(sizes: list[dict[str, Any]]) -> str:
    lines = [
        "| modules | MkDocs build with the plugin | `render --standalone` | Zensical build of the standalone project (`--clean`) | standalone total / plugin build |",
        "| --- | --- | --- | --- | --- |",
    ]
    for s in sizes:
        if s["zensical_failure"]:
            lines.append(f"| {int(s['modules'])} | {s['plugin_s']:.1f} s | {s['render_s']:.1f} s "
                         f"| **failed** after {s['zensical_s']:.1f} s: `{s['zensical_failure']}` | – |")
            continue
        total = s["render_s"] + s["zensical_s"]
        lines.append(f"| {int(s['modules'])} | {s['plugin_s']:.1f} s | {s['render_s']:.1f} s | {s['zensical_s']:.1f} s "
                     f"| {total:.1f} s / {s['plugin_s']:.1f} s = **{total / s['plugin_s']:.2f}** |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--questions", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-write", action="store_true", help="print the table without updating README.md")
    parser.add_argument("--bounded-only", action="store_true", help="run only the bounded-work cases")
    parser.add_argument("--skip-bounded", action="store_true", help="leave out the bounded-work cases")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ciso-bench-") as tmp:
        if not args.bounded_only:
            sizes = [bench_size(Path(tmp) / str(n), n, args.questions, args.repeat) for n in args.sizes]
            starter = bench_starter(Path(tmp) / "starter", args.repeat)
        bounded = [] if args.skip_bounded else bench_bounded(Path(tmp) / "bounded", args.repeat)
    tables = {} if args.skip_bounded else {"bounded": report_bounded(bounded)}
    if not args.bounded_only:
        tables["results"] = report(sizes, starter, args.questions)
        tables["first-visit"] = report_visits(sizes, starter)
        tables["search"] = report_search(sizes, starter)
        tables["engines"] = report_engines(sizes)
    for name, table in tables.items():
        print("\n" + table)
        if not args.no_write:
            write_block(name, table)


if __name__ == "__main__":
    main()
