"""Raw HTML in trainer Markdown is shown as text; code, fences and web links are left alone."""

from __future__ import annotations

import pytest

from generator.neutralise import neutralise


@pytest.mark.parametrize(("text", "expected"), [
    ("plain text", "plain text"),
    ("<b>bold</b>", "&lt;b>bold&lt;/b>"),
    ("a `<b>` code span", "a `<b>` code span"),
    ("``a ` <b>`` and <i>", "``a ` <b>`` and &lt;i>"),
    ("\\`<img src=x onerror=alert(1)>`", "\\`&lt;img src=x onerror=alert(1)>`"),
    ("see <https://example.org>", "see <https://example.org>"),
    ("```\n<raw>\n```\n<b>", "```\n<raw>\n```\n&lt;b>"),
    ("~~~ wow!\n<img src=x onerror=alert(1)>\n~~~", "~~~ wow!\n&lt;img src=x onerror=alert(1)>\n~~~"),
    ("``` python\n<x>\n````\n<y>", "``` python\n<x>\n````\n&lt;y>"),
    ("[ok](https://a.b) [rel](../x.md#a) [a](#frag) [m](mailto:a@b.c)", "[ok](https://a.b) [rel](../x.md#a) [a](#frag) [m](mailto:a@b.c)"),
    ("[x](javascript:alert(1))", "[x\\]\\(javascript:alert(1))"),
    ("[x](JaVaScRiPt:y)", "[x\\]\\(JaVaScRiPt:y)"),
    ("![i](data:image/png;base64,xx)", "![i\\]\\(data:image/png;base64,xx)"),
    ("[x](&#106;avascript:y)", "[x\\]\\(&#106;avascript:y)"),
    ("[x](<javascript:y>)", "[x\\]\\(&lt;javascript:y>)"),
    ("[x](java&#115;cript:y)", "[x\\]\\(java&#115;cript:y)"),
    ("[x](javascript&#58;y)", "[x\\]\\(javascript&#58;y)"),
    ("[q](https://x.org/search?a=1&b=2) [r](page.md?a=1&amp;b=2)", "[q](https://x.org/search?a=1&b=2) [r](page.md?a=1&amp;b=2)"),
])
def test_neutralise(text: str, expected: str) -> None:
    assert neutralise(text) == expected


def test_markdown_without_raw_html_is_unchanged() -> None:
    text = "Risk **appetite** is set by the *board*; see the [guide](guide.md)."
    assert neutralise(text) == text
