"""Markdown to HTML for quiz fragments: the shortcut and the batch give what the engine gives."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.render.abbr import Abbreviations
from generator.render.text import _MD, _NEEDS_MARKDOWN, HtmlBatch, _finish, md_html

ALPHABET = st.sampled_from(list("abcXYZ019 .,:;'\"?()/%=+-*_`[]<>&!#|~{}\\\n\t") + ["é", "—", "  ", "1. ", "- ", "**", "http://x.org"])
TEXT = st.lists(ALPHABET, max_size=40).map("".join)


def engine(text: str, inline: bool) -> str:
    _MD.reset()
    return _finish(_MD.convert(text.strip()), inline)


@settings(max_examples=1500, deadline=None)
@given(text=TEXT, inline=st.booleans())
def test_shortcut_for_plain_text_matches_the_engine(text: str, inline: bool) -> None:
    assert md_html(text, inline=inline) == engine(text, inline)


@settings(max_examples=300, deadline=None)
@given(texts=st.lists(st.tuples(TEXT.filter(lambda t: t.strip() != ""), st.booleans()), min_size=1, max_size=8))
def test_batch_gives_each_fragment_its_own_html(texts: list[tuple[str, bool]]) -> None:
    batch = HtmlBatch()
    template = "|".join(batch.add(text, inline=inline) for text, inline in texts)
    assert batch.fill(template) == "|".join(md_html(text, inline=inline) for text, inline in texts)


def test_the_shortcut_is_taken_for_ordinary_sentences() -> None:
    assert not _NEEDS_MARKDOWN.search("The CIO rates the CISO's performance, so the CISO may give way.")
    assert md_html("Plain words.", inline=True) == "Plain words."


@settings(max_examples=500, deadline=None)
@given(
    source=st.lists(st.sampled_from(["a", "b", "modules", "attack"]), max_size=3).map(lambda p: "/".join([*p, "page.md"])),
    target=st.lists(st.sampled_from(["a", "b", "modules", "attack"]), max_size=3).map(lambda p: "/".join([*p, "index.md"])),
)
def test_link_matches_posix_relpath(source: str, target: str) -> None:
    import posixpath

    from generator.render.text import link

    assert link(source, target) == posixpath.relpath(target, posixpath.dirname(source) or ".")


GLOSSARY = Abbreviations({"CISO": "Chief Information Security Officer", "AI": "Artificial intelligence"})


def test_quiz_fragments_explain_glossary_abbreviations_like_the_page() -> None:
    batch = HtmlBatch(GLOSSARY)
    template = "|".join([
        batch.add("Who rates the CISO?", inline=True),
        batch.add("**AI** tools and the `CISO` flag", inline=False),
        batch.add("CISOs and MAIL stay as written"),
    ])
    assert batch.fill(template) == (
        'Who rates the <abbr title="Chief Information Security Officer">CISO</abbr>?'
        '|<p><strong><abbr title="Artificial intelligence">AI</abbr></strong> tools and the <code>CISO</code> flag</p>'
        "|<p>CISOs and MAIL stay as written</p>"
    )


@settings(max_examples=300, deadline=None)
@given(texts=st.lists(st.tuples(TEXT.map(lambda t: t.replace("b", " CISO ")), st.booleans()), min_size=1, max_size=6))
@example(texts=[("<a>", False), (" CISO ", False)])  # an unclosed tag reached into the next fragment
def test_batch_with_abbreviations_matches_the_engine_with_them(texts: list[tuple[str, bool]]) -> None:
    from generator.render.text import _abbreviating

    abbr_engine = _abbreviating(tuple(GLOSSARY.expansions.items()))
    batch = HtmlBatch(GLOSSARY)
    template = "|".join(batch.add(text, inline=inline) for text, inline in texts)
    expected = []
    for text, inline in texts:
        abbr_engine.reset()
        expected.append(_finish(abbr_engine.convert(text.strip()), inline) if text.strip() else "")
    assert batch.fill(template) == "|".join(expected)


def test_plain_text_of_neutralised_markdown_shows_no_escapes() -> None:
    from generator.reading.neutralise import neutralise
    from generator.render.text import plain

    text = neutralise("Keep {braces}, a stray ` and [x](javascript:y) as `code`; [r]: javascript:z")
    assert plain(text) == "Keep {braces}, a stray ` and [x](javascript:y) as `code`; [r]: javascript:z"


def test_fragments_carry_no_control_characters_when_the_engine_leaks_a_placeholder() -> None:
    # Python-Markdown drops or garbles what follows "*a**b*"; XML cannot carry its control characters.
    html = md_html("*a**b*`c` and \\{")
    assert not any(ord(c) < 32 and c not in "\t\n\r" for c in html), repr(html)
