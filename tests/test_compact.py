"""Blank lines between tags go; what the browser shows, and script bodies, stay exactly."""

from __future__ import annotations

from generator.plugin.compact import compact


def test_whitespace_with_line_breaks_between_tags_becomes_one_line_break() -> None:
    assert compact("<ul>\n    \n    <li>a</li>\n\n\n  <li>b</li>\n</ul>") == "<ul>\n<li>a</li>\n<li>b</li>\n</ul>"


def test_spaces_between_inline_tags_on_one_line_are_kept() -> None:
    assert compact("<p><em>a</em> <strong>b</strong></p>") == "<p><em>a</em> <strong>b</strong></p>"


def test_pre_textarea_and_script_bodies_are_untouched() -> None:
    html = "<div>\n  <pre><code>x\n\n   <b>y</b>\n</code></pre>\n <textarea>\n\n <i>z</i></textarea>\n<script>if (a)\n\n   <b>;</script></div>"
    assert compact(html) == (
        "<div>\n<pre><code>x\n\n   <b>y</b>\n</code></pre>\n<textarea>\n\n <i>z</i></textarea>\n<script>if (a)\n\n   <b>;</script></div>"
    )


def test_text_with_line_breaks_is_untouched() -> None:
    assert compact("<p>one\n\n   two</p>") == "<p>one\n\n   two</p>"
