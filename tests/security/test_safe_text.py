"""One safe text for every output: pages, `render --out`, the quiz exports and the answer keys.

Hostile Markdown goes through the models into a module (its lessons and every field of every kind
of question), and every output made from it is parsed as HTML: nothing may run, nothing may load
from another origin, no element may take an id the theme or the quiz uses.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.catalog import FileCache, load_catalog
from generator.render.sanitize import sanitize
from generator.render.text import md_html

from ..conftest import make_course
from .live import as_browser_reads, live_markup, live_outputs, page_body, site_html, title_in_markdown

MODULE_ID = "hostile-text"


def _common(text: str) -> dict[str, Any]:
    return {"prompt": f"Prompt\n\n{text}", "explanation": f"Why\n\n{text}", "hints": [f"Hint\n\n{text}"]}


def hostile_module(texts: list[str]) -> dict[str, Any]:
    """A module with ``texts`` in its lessons and in every Markdown field of each kind of question,
    each as a block of its own after a word."""
    questions: list[dict[str, Any]] = []
    for n, text in enumerate(texts):
        questions += [
            {"id": f"single-{n}", "type": "single", **_common(text), "options": [
                {"text": f"Right\n\n{text}", "correct": True, "feedback": f"Yes\n\n{text}"},
                {"text": f"Wrong\n\n{text}", "feedback": f"No\n\n{text}"},
            ]},
            {"id": f"multiple-{n}", "type": "multiple", **_common(text), "options": [
                {"text": f"One\n\n{text}", "correct": True, "feedback": f"Yes\n\n{text}"},
                {"text": f"Two\n\n{text}", "correct": True},
                {"text": f"Three\n\n{text}", "feedback": f"No\n\n{text}"},
            ]},
            {"id": f"truth-{n}", "type": "true-false", **_common(text), "answer": True,
             "feedback_true": f"Right\n\n{text}", "feedback_false": f"Wrong\n\n{text}"},
            {"id": f"order-{n}", "type": "ordering", **_common(text), "items": [
                {"id": "first", "text": f"First\n\n{text}", "feedback": f"Early\n\n{text}"},
                {"id": "second", "text": f"Second\n\n{text}"},
            ], "order": ["first", "second"]},
        ]
    return {
        "id": MODULE_ID,
        "title": "Hostile text",
        "summary": f"Summary\n\n{texts[0]}",
        "audience": ["ciso"],
        "duration_minutes": 5,
        "level": "advanced",
        "objectives": [{"id": "survive", "text": f"Objective\n\n{texts[0]}"}],
        "lessons": [{"title": f"Lesson {n}", "body": f"Body\n\n{text}\n"} for n, text in enumerate(texts)],
        "quiz": {"scoring": "partial", "questions": questions},
    }


def write_module(content: Path, texts: list[str]) -> None:
    target = content / "modules" / f"{MODULE_ID}.yml"
    target.write_text(yaml.safe_dump(hostile_module(texts), sort_keys=False, allow_unicode=True), encoding="utf-8")


def _is_ours(where: str) -> bool:
    """Outputs that come from the hostile module: the exports, its answer key and its page."""
    return not where.startswith(("page ", "answer key ")) or MODULE_ID in where


def live_in_every_output(content: Path, cache: FileCache | None = None) -> list[str]:
    return [f for f in live_outputs(load_catalog(content, cache), only=_is_ours) if not title_in_markdown(f)]


# --- finding 2: the first defence held on the site only -----------------------------------------

REFERENCE_DEFINITIONS = [
    "[x][r]\n\n[r]: javascript:alert(1)",
    "![x][r]\n\n[r]: javascript:alert(1)",
    "[r]\n\n[r]: <javascript:alert(1)>",
    "[x][r]\n\n[r]:\n  javascript:alert(1) \"title\"",
    "[x][r]\n\n[r]: &#106;avascript:alert(1)",
    "[x][r]\n\n[r]: java&#x09;script:alert(1)",
    "> [r]: javascript:alert(1)\n>\n> [x][r]",
    "- [r]: javascript:alert(1)\n\n    [x][r]",
    "[r`]: javascript:alert(1)`\n\n[x][r`]",
    "[x][r]\n\n[r]: //example.org/x\n\n![y][i]\n\n[i]: /\\example.org/y.png",
]

ATTRIBUTE_LISTS = [
    'paragraph\n{: onclick="alert(1)" }',
    '[x](https://example.org){: href="javascript:alert(1)" }',
    "*x*{: onmouseover='alert(1)' }",
    "`x`{ onclick='alert(1)' }",
    "| a |\n| --- |\n| b {: onclick='alert(1)' } |",
    "# Heading {: onclick='alert(1)' }",
    "paragraph\n{: #__config }",
    "paragraph\n{: #ccq-result }",
    '``` { #__drawer onclick="alert(1)" }\ncode\n```',
]

FENCES = [
    "~~~\n<img src=x onerror=alert(1)>\n~~~",
    "```\n<script>alert(1)</script>\n```",
    "````\n<svg onload=alert(1)>\n````",
    "~~~~~ python\n<iframe src=javascript:alert(1)></iframe>\n~~~~~",
    "```\n<img src=x onerror=alert(1)>",
    "```\n<img src=x onerror=alert(1)>\n````",
    "- item\n\n    ```\n    <img src=x onerror=alert(1)>\n    ```",
    "`x\n<img src=x onerror=alert(1)>\n`",
]


# Found on the way: a line break or a code span in a link target, a target holding a second '](',
# a code span that starts in a link's title, angle brackets Python-Markdown reads as a tag, and
# backticks that pair differently once the answer key puts a field on one line.
LINK_TRICKS = [
    "[x](java\nscript:alert(1))",
    "[x](`javascript:alert(1)`)",
    "[x](java`script:alert(1)`)",
    "[a](x](javascript:alert(1))",
    '[x](https://example.org "`") <img src=x onerror=alert(1)>`',
    "<https:/onmouseover=alert(1)//>",
    "[r`]: javascript:alert(1)\n\n[x][r`][x](javascript:alert(1))`",
    "stray `\n\n`<img src=x onerror=alert(1)>`",
]


@pytest.mark.parametrize("text", REFERENCE_DEFINITIONS)
def test_reference_definitions_reach_no_output_as_live_links(tmp_path: Path, text: str) -> None:
    content = make_course(tmp_path)
    write_module(content, [text])
    assert live_in_every_output(content) == []


@pytest.mark.parametrize("text", ATTRIBUTE_LISTS)
def test_attribute_lists_reach_no_output(tmp_path: Path, text: str) -> None:
    content = make_course(tmp_path)
    write_module(content, [text])
    assert live_in_every_output(content) == []


@pytest.mark.parametrize("text", FENCES)
def test_fences_in_quiz_text_reach_no_output_as_markup(tmp_path: Path, text: str) -> None:
    content = make_course(tmp_path)
    write_module(content, [text])
    assert live_in_every_output(content) == []


@pytest.mark.parametrize("text", LINK_TRICKS)
def test_link_tricks_reach_no_output(tmp_path: Path, text: str) -> None:
    content = make_course(tmp_path)
    write_module(content, [text])
    assert live_in_every_output(content) == []


# --- finding 6: an id from content took the theme's configuration block's name ------------------

def test_content_cannot_give_an_element_a_reserved_id(tmp_path: Path) -> None:
    """Neither an attribute list nor a heading gives content an id of the theme's or the quiz's."""
    from generator.render import render_site

    content = make_course(tmp_path)
    write_module(content, ["paragraph\n{: #__config }", "## __drawer\n\nText {#__search}", "text\n{: #ccq-x }"])
    catalog = load_catalog(content)
    page = next(p for p in render_site(catalog) if p.uri.endswith(f"{MODULE_ID}.md"))
    html = sanitize(site_html(page_body(page.markdown)))  # what the plugin does with the page
    assert [f for f in live_markup(html) if " id=" in f or " name=" in f] == []
    assert "__config" in html and "__drawer" in html  # shown as text
    assert 'id="' not in md_html("paragraph\n{: #__config }")


# --- hypothesis: hostile Markdown tricks, mixed with normal text --------------------------------

SCHEMES = st.sampled_from([
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", "&#106;avascript:alert(1)", "&#x6A;avascript:alert(1)",
    "javascript&#58;alert(1)", "javascript&colon;alert(1)", "java&#x09;script:alert(1)", "java&NewLine;script:alert(1)",
    "java\nscript:alert(1)", "java\tscript:alert(1)", " javascript:alert(1)", "javascript\\:alert(1)",
    "`javascript:alert(1)`", "java`script:alert(1)`", "<javascript:alert(1)>", "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)", "//example.org/x", "/\\example.org/x", "\\\\example.org/x", "\\/example.org/x",
    "&#47;&#47;example.org/x", "https://example.org/ok", "../ok.md", "#ok",
])
LABEL = st.sampled_from(["r", "R", "1", "r`", "a b", "r\\]", ""])
CONTAINER = st.sampled_from(["", "> ", "- ", "1. ", "   ", "    ", "\t"])
WORDS = st.sampled_from(["Risk", "the CISO", "**board**", "*AI*", "`code`", "``a ` b``", "x &amp; y", "a\\", "|", "[", "]", "(", ")", "!", "#", ":", "'", '"'])
HTML = st.sampled_from([
    "<https:/onmouseover=alert(1)//>", "<mailto:x/onclick=alert(1)//>", "<https://example.org/ok>",
    "<img src=x onerror=alert(1)>", "<script>alert(1)</script>", "<svg onload=alert(1)>", "<iframe src=x></iframe>",
    "<object data=x></object>", "<embed src=x>", "<a href='javascript:alert(1)'>a</a>", "<div onclick=alert(1)>d</div>",
])
ATTRIBUTES = st.sampled_from([
    "{: onclick=\"alert(1)\" }", "{onclick=alert(1)}", "{: #__config }", "{ #__drawer .x }", "{: href=\"javascript:alert(1)\" }",
    "{: src=\"//example.org/x\" }", "{: style=\"background:url(javascript:alert(1))\" }", "{:onmouseover='alert(1)'}", "\\{: onclick=x }",
])


@st.composite
def fence(draw: st.DrawFn) -> str:
    char = draw(st.sampled_from("`~"))
    opener = char * draw(st.integers(3, 5))
    closer = draw(st.sampled_from([opener, opener + char, char * 3, "", char * 3 + "x"]))
    info = draw(st.sampled_from(["", "python", " js", " {: onclick=alert(1) }", " {#__config}", "mermaid", " wow!"]))
    indent = draw(st.sampled_from(["", "  ", "    "]))
    body = draw(st.lists(st.one_of(HTML, WORDS), min_size=1, max_size=3).map("\n".join))
    return f"{indent}{opener}{info}\n{body}\n{indent}{closer}".rstrip()


@st.composite
def reference(draw: st.DrawFn) -> str:
    label = draw(LABEL)
    usage = draw(st.sampled_from([f"[x][{label}]", f"![x][{label}]", f"[{label}]", f"[{label}][]"]))
    gap = draw(st.sampled_from([" ", "", "\n", "\n  ", "  \n"]))
    title = draw(st.sampled_from(["", ' "t"', " 't'", " (t)"]))
    prefix = draw(CONTAINER)
    definition = f"{prefix}[{label}]:{gap}{draw(SCHEMES)}{title}"
    return f"{usage}\n\n{definition}" if draw(st.booleans()) else f"{definition}\n\n{usage}"


@st.composite
def inline(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["link", "image", "attr", "html", "words"]))
    if kind in ("link", "image"):
        title = draw(st.sampled_from(["", ' "t"', ' "`"', " '`'", " (`)", "`", "](javascript:alert(1)"]))
        return f"{'!' if kind == 'image' else ''}[x]({draw(SCHEMES)}{title}){draw(st.sampled_from(['', ' ', '`']))}"
    if kind == "attr":
        return f"{draw(WORDS)}{draw(st.sampled_from(['', ' ', chr(10)]))}{draw(ATTRIBUTES)}"
    if kind == "html":
        return draw(HTML)
    return draw(WORDS)


HOSTILE = st.lists(
    st.one_of(fence(), reference(), inline(), WORDS, st.sampled_from(["\n", "\n\n", " ", "# ", "> ", "- ", "| a |\n| --- |\n| "])),
    min_size=1, max_size=8,
).map(lambda parts: "Text " + "".join(parts))


@pytest.fixture(scope="module")
def fuzz_course(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, FileCache]:
    content = make_course(tmp_path_factory.mktemp("safe-text"))
    write_module(content, ["placeholder"])
    cache = FileCache()
    load_catalog(content, cache)
    return content, cache


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(texts=st.lists(HOSTILE, min_size=1, max_size=3))
def test_hostile_markdown_reaches_no_output_as_live_markup(fuzz_course: tuple[Path, FileCache], texts: list[str]) -> None:
    content, cache = fuzz_course
    write_module(content, texts)
    assert live_in_every_output(content, cache) == []


def test_as_browser_reads() -> None:
    assert as_browser_reads(" \x01/\t\\\nexample.org\x00 ") == "//example.org"
