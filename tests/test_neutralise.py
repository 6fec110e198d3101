"""Raw HTML, attribute lists and script links in trainer Markdown are shown as text; code spans
and web links are left alone; fenced code is neutralised like any other text."""

from __future__ import annotations

import pytest

from generator.reading.neutralise import neutralise


@pytest.mark.parametrize(("text", "expected"), [
    ("plain text", "plain text"),
    ("<b>bold</b>", "&lt;b>bold&lt;/b>"),
    ("a `<b>` code span", "a `<b>` code span"),
    ("``a ` <b>`` and <i>", "``a ` <b>`` and &lt;i>"),
    ("\\`<img src=x onerror=alert(1)>`", "\\`&lt;img src=x onerror=alert(1)>\\`"),
    ("see <https://example.org>", "see <https://example.org>"),
    ("<mailto:a@example.org> <HTTPS://example.org/a?b=c&d>", "<mailto:a@example.org> <HTTPS://example.org/a?b=c&d>"),
    # Python-Markdown reads these as tags, not autolinks.
    ("<https:/onmouseover=alert(1)//>", "&lt;https:/onmouseover=alert(1)//>"),
    ("<mailto:x/onclick=alert(1)//>", "&lt;mailto:x/onclick=alert(1)//>"),
    # Engines disagree on fences (and some fields end up on one line), so fenced text is no
    # exception; fences of backticks become fences of tildes, which no code span can pair with.
    ("```\n<raw>\n```\n<b>", "~~~\n&lt;raw>\n~~~\n&lt;b>"),
    ("~~~ wow!\n<img src=x onerror=alert(1)>\n~~~", "~~~ wow!\n&lt;img src=x onerror=alert(1)>\n~~~"),
    ("``` python\n<x>\n````\n<y>", "~~~ python\n&lt;x>\n~~~~\n&lt;y>"),
    ("```\n<img src=x onerror=alert(1)>", "~~~\n&lt;img src=x onerror=alert(1)>"),
    ("``` {#__config onclick=x}\ncode\n```", "~~~ \\{#__config onclick=x}\ncode\n~~~"),
    ("> ```\n> <b>\n> ```", "> ~~~\n> &lt;b>\n> ~~~"),
    # Code spans are code only on one line, and not with a '|' (some engines end a table cell there).
    ("`x\n<img src=x onerror=alert(1)>\n`", "\\`x\n&lt;img src=x onerror=alert(1)>\n\\`"),
    ("| `a|<b>` |", "| `a|&lt;b>` |"),
    # ... nor when it starts between a link's parentheses, where CommonMark may read the backtick
    # as part of the destination or the title.
    ('[x](a.md "`") <b>`', '[x](a.md "`") &lt;b>`'),
    ("[x](a.md>`) <b>`", "[x\\]\\(a.md>`) &lt;b>`"),
    ("See [guide](guide.md) and `<b>`.", "See [guide](guide.md) and `<b>`."),
    # Spans count only when every run of the paragraph pairs off on its own line, with no
    # backslash before it: engines pair runs across lines, split runs and read escapes differently,
    # and the generator joins fields on one line. Otherwise every backtick of the paragraph is escaped.
    ("```\n<b>\n```[x](javascript:y)```\n<i>\n```", "~~~\n&lt;b>\n```[x](javascript:y)```\n&lt;i>\n~~~"),
    ("```x `<b>`", "\\`\\`\\`x \\`&lt;b>\\`"),
    ("\\\\`a` <b> `c`", "\\\\\\`a\\` &lt;b> \\`c\\`"),
    ("`a` and ``b ` <c>``\n\n`x", "`a` and ``b ` <c>``\n\n\\`x"),
    ("a ` b", "a \\` b"),
    # No autolink holds a backtick (CommonMark would read it before the span, Python-Markdown after).
    ("<https://x.org/`> <b> `", "&lt;https://x.org/`> <b> `"),
    ("[ok](https://a.b) [rel](../x.md#a) [a](#frag) [m](mailto:a@b.c)", "[ok](https://a.b) [rel](../x.md#a) [a](#frag) [m](mailto:a@b.c)"),
    ("[x](javascript:alert(1))", "[x\\]\\(javascript:alert(1))"),
    ("[x](JaVaScRiPt:y)", "[x\\]\\(JaVaScRiPt:y)"),
    ("![i](data:image/png;base64,xx)", "![i\\]\\(data:image/png;base64,xx)"),
    ("[x](&#106;avascript:y)", "[x\\]\\(&#106;avascript:y)"),
    ("[x](<javascript:y>)", "[x\\]\\(&lt;javascript:y>)"),
    ("[x](java&#115;cript:y)", "[x\\]\\(java&#115;cript:y)"),
    ("[x](javascript&#58;y)", "[x\\]\\(javascript&#58;y)"),
    ("[q](https://x.org/search?a=1&b=2) [r](page.md?a=1&amp;b=2)", "[q](https://x.org/search?a=1&b=2) [r](page.md?a=1&amp;b=2)"),
    # Targets as a browser reads them: line breaks and tabs dropped, code-span backticks gone,
    # Markdown escapes applied or not, a backslash taken for a slash.
    ("[x](java\nscript:y)", "[x\\]\\(java\nscript:y)"),
    ("[x](`javascript:y`)", "[x\\]\\(`javascript:y`)"),
    ("[x](javascript\\:y)", "[x\\]\\(javascript\\:y)"),
    ("[x](//example.org) ![i](/\\example.org/i.png) ![j](\\/example.org/j.png)",
     "[x\\]\\(//example.org) ![i\\]\\(/\\example.org/i.png) ![j\\]\\(\\/example.org/j.png)"),
    ("[x](&#47;&#47;example.org)", "[x\\]\\(&#47;&#47;example.org)"),
    ("[x](./page.md) [y](/about/) [z](page.md \"title\")", "[x](./page.md) [y](/about/) [z](page.md \"title\")"),
    # A target holding another '](' is looked at again.
    ("[a](x](javascript:y)", "[a\\]\\(x\\]\\(javascript:y)"),
    # Reference definitions are checked like inline links; the colon becomes a character reference.
    ("[x][r]\n\n[r]: javascript:y", "[x][r]\n\n[r]&#58; javascript:y"),
    ("[r]:\n  &#106;avascript:y", "[r]&#58;\n  &#106;avascript:y"),
    ("> [r]: <javascript:y>", "> [r]&#58; &lt;javascript:y>"),
    ("[r`]: javascript:y`", "[r`]&#58; javascript:y`"),
    ("[r]: //example.org/x", "[r]&#58; //example.org/x"),
    ('[r]: https://example.org/x "t"\n[s]: ../x.md\n[t]: #a', '[r]: https://example.org/x "t"\n[s]: ../x.md\n[t]: #a'),
    ("Note [1]: see below", "Note [1]: see below"),
    # Attribute lists: every '{' outside code is escaped, once.
    ('para\n{: onclick="x" }', 'para\n\\{: onclick="x" }'),
    ('[x](https://a.b){: href="javascript:y" } `{x}`', '[x](https://a.b)\\{: href="javascript:y" } `{x}`'),
    ("# T {#__config}", "# T \\{#__config}"),
    ("\\{: x} \\\\{: y}", "\\{: x} \\\\\\{: y}"),
    ("see <https://example.org/{id}>", "see <https://example.org/{id}>"),
])
def test_neutralise(text: str, expected: str) -> None:
    assert neutralise(text) == expected


def test_markdown_without_raw_html_is_unchanged() -> None:
    text = "Risk **appetite** is set by the *board*; see the [guide](guide.md)."
    assert neutralise(text) == text


@pytest.mark.parametrize("text", ["a `<b>` c", "[x](javascript:y)", "p\n{: #__config }", "[r]: javascript:y", "~~~\n<b>\n~~~"])
def test_neutralising_twice_changes_nothing_more(text: str) -> None:
    once = neutralise(text)
    assert neutralise(once) == once
