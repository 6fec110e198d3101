"""The sanitiser on its own: addresses as browsers read them, and the names the theme and the quiz use."""

from __future__ import annotations

import pytest

from generator.render.sanitize import sanitize


@pytest.mark.parametrize("value", [
    "/\\example.org/x.png", "\\\\example.org/x.png", "\\/example.org/x.png", "//example.org/x.png",
    " //example.org/x.png", "\t/\t/example.org/x.png", "/\n/example.org/x.png", "&#1;//example.org/x.png",
    "https://example.org/x.png", "https:\\\\example.org/x.png", "HTTP://example.org/x.png",
])
def test_image_sources_on_another_origin_are_dropped(value: str) -> None:
    html = sanitize(f'<p><img src="{value}" alt="x"></p>')
    assert "example.org" not in html, html


@pytest.mark.parametrize("value", [
    "/\\example.org/", "\\\\example.org/", "\\/example.org/", "//example.org/", " //example.org/",
    "/\t/example.org/", "java&#10;script:alert(1)", "&#1;javascript:alert(1)",
])
def test_links_a_browser_reads_as_protocol_relative_or_script_are_dropped(value: str) -> None:
    html = sanitize(f'<p><a href="{value}">x</a></p>')
    assert "href" not in html, html


@pytest.mark.parametrize("value", ["img/x.png", "../x.png", "/assets/x.png", "x.png?a=1&amp;b=2"])
def test_images_from_the_site_are_kept(value: str) -> None:
    assert f'src="{value}"' in sanitize(f'<img src="{value}">')


@pytest.mark.parametrize("value", ["https://example.org/a", "http://example.org/", "mailto:a@example.org", "#top", "../b/", "c.md"])
def test_links_to_the_web_and_the_site_are_kept(value: str) -> None:
    assert f'href="{value}"' in sanitize(f'<a href="{value}">x</a>')


@pytest.mark.parametrize("value", ["__config", "__drawer", "__search", "__palette_0", "__md_scope", "ccq-result", " __config"])
def test_ids_the_theme_or_the_quiz_use_are_dropped(value: str) -> None:
    html = sanitize(f'<p id="{value}">x</p><a name="{value}">y</a><h2 id="{value}">z</h2>')
    assert "id=" not in html and "name=" not in html, html


def test_the_generators_own_ids_are_kept() -> None:
    html = '<h2 id="competing-mandates">x</h2><fieldset class="ccq-q" id="q-who-rates-ciso">y</fieldset><h3 id="t1078-004">z</h3>'
    assert sanitize(html) == html


def test_the_search_exclusion_flag_is_kept_empty() -> None:
    """Lists of links are kept out of the search index by an attribute that both search plugins
    read; it survives the sanitiser as a flag, and whatever value it was given is dropped."""
    html = sanitize('<div class="cc-links" data-search-exclude="<b>text</b>">x</div><p data-search-exclude>y</p>')
    assert html == '<div class="cc-links" data-search-exclude="">x</div><p data-search-exclude="">y</p>'
