"""Glossary abbreviations: each page gets the terms its text uses, and comes out as with all of them."""

from __future__ import annotations

import re
import time
from pathlib import Path
from types import SimpleNamespace

import markdown
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config
from mkdocs.structure.files import Files

from generator.catalog import load_catalog
from generator.render import render_site
from generator.render import text as render_text

from .conftest import ROOT, make_course
from .test_plugin import config_for, plugin_of

UNUSED = [{"id": f"unused-{i}", "term": f"UNUSED{i}", "expansion": f"Never written {i}", "definition": "Not in any text."} for i in range(300)]


def course_with_unused_terms(tmp_path: Path) -> Path:
    content = make_course(tmp_path)
    glossary = yaml.safe_load((content / "glossary.yml").read_text())
    glossary["terms"] += UNUSED
    (content / "glossary.yml").write_text(yaml.safe_dump(glossary))
    return content


def defined(page: str) -> set[str]:
    return set(re.findall(r"^\*\[([^\]]+)\]:", page, re.MULTILINE))


def test_each_generated_page_gets_only_the_abbreviations_its_text_uses(tmp_path: Path) -> None:
    pages = render_site(load_catalog(course_with_unused_terms(tmp_path)))
    given_to = {page.uri: defined(page.markdown) for page in pages}
    unused = {t["term"] for t in UNUSED}
    assert all(not terms & unused for uri, terms in given_to.items() if uri != "glossary.md"), given_to
    assert "CISO" in given_to["modules/competing-mandates.md"]
    # the glossary page names every term
    assert given_to["glossary.md"] == {"CISO", "CIO"} | unused


def test_hand_written_pages_get_only_the_abbreviations_they_use(tmp_path: Path) -> None:
    config = load_config(str(config_for(tmp_path, course_with_unused_terms(tmp_path))))
    config = config.plugins.on_config(config)
    page = SimpleNamespace(file=SimpleNamespace(src_uri="notes.md"))
    out = plugin_of(config).on_page_markdown("# Notes\n\nWhat the ciso asks.\n", page=page, config=config, files=Files([]))
    assert out == "# Notes\n\nWhat the ciso asks.\n\n\n*[CISO]: Chief Information Security Officer\n"


def test_the_plugin_gives_mkdocs_the_abbr_extension_that_walks_a_page_once(tmp_path: Path) -> None:
    from generator.render.abbr import AbbrExtension

    config = load_config(str(config_for(tmp_path, make_course(tmp_path))))
    assert "abbr" not in config.markdown_extensions  # the plugin turns it on itself
    config = config.plugins.on_config(config)
    assert "abbr" not in config.markdown_extensions
    assert sum(isinstance(extension, AbbrExtension) for extension in config.markdown_extensions) == 1


def test_quiz_engine_knows_only_the_terms_its_fragments_use(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = course_with_unused_terms(tmp_path)
    module = content / "modules" / "competing-mandates.yml"
    module.write_text(module.read_text().replace("prompt: ", "prompt: CIO and CISO, ", 1))
    asked: list[set[str]] = []
    original = render_text._abbreviating

    def recording(abbreviations: tuple[tuple[str, str], ...]) -> object:
        asked.append({term for term, _ in abbreviations})
        return original(abbreviations)

    monkeypatch.setattr(render_text, "_abbreviating", recording)
    pages = render_site(load_catalog(content))
    assert asked and all(terms <= {"CISO", "CIO"} for terms in asked), asked
    quiz = next(p for p in pages if p.uri == "modules/competing-mandates.md").markdown
    assert '<abbr title="Chief Information Security Officer">CISO</abbr>' in quiz


def test_definitions_are_blocks_of_their_own() -> None:
    """Python-Markdown reads the rest of a block again after each definition in it."""
    from generator.render.abbr import Abbreviations

    block = Abbreviations({f"T{i}": f"term {i}" for i in range(5)}).definitions("T0 T1 T2 T3 T4")
    assert block == "\n\n" + "\n\n".join(f"*[T{i}]: term {i}" for i in range(5)) + "\n"


def test_terms_match_by_their_words_in_any_case_and_multi_word_terms_need_every_word() -> None:
    from generator.render.abbr import Abbreviations

    found = Abbreviations({"CISO": "a", "risk appetite": "b", "AI/ML": "c", "C-suite": "d", "OT": "e"})
    assert set(found.used_in("The ciso's Risk, and our appetite: ai-ml in the c suite.")) == {"CISO", "risk appetite", "AI/ML", "C-suite"}
    assert found.used_in("risk only; not the other word, nor BOT") == {}


def test_a_term_without_a_letter_or_digit_is_not_explained_on_hover() -> None:
    from generator import models as m
    from generator.render.abbr import glossary_abbreviations

    glossary = m.Glossary.model_validate({"terms": [
        {"id": "amp", "term": "&", "expansion": "and", "definition": "A sign."},
        {"id": "ciso", "term": "CISO", "expansion": "Chief Information Security Officer", "definition": "A role."},
    ]})
    assert glossary_abbreviations(glossary).expansions == {"CISO": "Chief Information Security Officer"}


WORDS = st.sampled_from(["CISO", "ciso", "AI", "Ai", "risk", "appetite", "C", "suite", "x", "ÉTÉ", "été", "v2", "_", "ss", "ß"])
SEPARATORS = st.sampled_from([" ", "-", "/", "'", "_", ".", "", "\n", "**", "`"])
TERMS = ["CISO", "AI", "risk appetite", "C-suite", "ÉTÉ", "v2", "ss", "AI/ML", "x_y"]


@settings(max_examples=500)
@given(parts=st.lists(st.tuples(WORDS, SEPARATORS), max_size=12))
def test_the_terms_found_include_every_term_the_extension_would_match(parts: list[tuple[str, str]]) -> None:
    from generator.render.abbr import Abbreviations

    text = "".join(word + sep for word, sep in parts)
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(t) for t in sorted(TERMS, key=len, reverse=True)) + r")\b")
    matched = {match.group() for match in pattern.finditer(text)}
    assert matched <= set(Abbreviations(dict.fromkeys(TERMS, "x")).used_in(text))


def _engine(*, ours: bool = False) -> markdown.Markdown:
    """Python-Markdown with the site's extensions, the abbr extension as configured or as the plugin sets it."""
    from generator.plugin.setup import add_markdown_extensions
    from generator.render.abbr import AbbrExtension

    config = load_config(str(ROOT / "mkdocs.yml"))
    add_markdown_extensions(config)  # as the plugin completes the configuration
    extensions = [AbbrExtension() if ours and name == "abbr" else name for name in config.markdown_extensions]
    return markdown.Markdown(extensions=extensions, extension_configs=config.mdx_configs)


def test_pages_come_out_as_with_every_abbreviation_on_every_page() -> None:
    """Generated and hand-written pages of the starter course, in HTML, as MkDocs converts them."""
    from generator.render.abbr import glossary_abbreviations

    catalog = load_catalog(ROOT / "content")
    abbreviations = glossary_abbreviations(catalog.glossary.model if catalog.glossary else None)
    assert len(abbreviations.expansions) > 20
    everything = "\n\n" + "\n".join(f"*[{t}]: {e}" for t, e in abbreviations.expansions.items()) + "\n"
    texts = [re.sub(r"(\n\n\*\[[^\]]+\]: [^\n]*)+\n\Z", "", page.markdown) for page in render_site(catalog)]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "site_config" / "docs").rglob("*.md"))]
    engine, ours = _engine(), _engine(ours=True)
    explained = 0
    for text in texts:
        text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.DOTALL)  # front matter, as MkDocs strips it
        engine.reset()
        expected = engine.convert(text + everything)
        ours.reset()
        assert ours.convert(text + abbreviations.definitions(text)) == expected
        explained += "<abbr" in expected
    assert explained > 30


def test_the_plugin_explains_abbreviations_in_time_proportional_to_the_page() -> None:
    """Python-Markdown's abbr looks each block up among its siblings: 20,000 list items took ten
    times as long with an abbreviation defined as without."""
    page = "".join(f"- item {i} for the CISO\n" for i in range(20_000))
    engine = _engine(ours=True)
    timings = {}
    for defined in ("", "\n\n*[CISO]: Chief Information Security Officer\n"):
        engine.reset()
        start = time.perf_counter()
        html = engine.convert(page + defined)
        timings[bool(defined)] = time.perf_counter() - start
        assert html.count("<abbr") == (20_000 if defined else 0)
    assert timings[True] < 3 * timings[False] + 1, timings


def test_glossary_holds_at_most_2000_terms_of_at_most_100_characters(tmp_path: Path) -> None:
    from generator.errors import ContentErrors

    content = make_course(tmp_path)
    terms = [{"id": f"t-{i}", "term": f"T{i}", "definition": "A term."} for i in range(2001)]
    for count, long_term, expected in ((2001, "T5", "terms: at most 2,000 items, found 2,001"),
                                       (2000, "x" * 101, "terms[5].term: at most 100 characters, found 101")):
        terms[5]["term"] = long_term
        (content / "glossary.yml").write_text(yaml.safe_dump({"terms": terms[:count]}))
        with pytest.raises(ContentErrors) as caught:
            load_catalog(content)
        assert [e.message for e in caught.value.errors] == [expected]
