"""The navigation stays small however large the course grows."""

from __future__ import annotations

from generator.render import Page
from generator.render.nav import CHUNK, build_nav


def page(uri: str, kind: str = "module") -> Page:
    return Page(uri, kind, uri, "")


def test_sections_open_with_their_index_page_and_hand_written_pages_follow() -> None:
    pages = [page("index.md", "home"), page("modules/index.md", "modules"), page("modules/a.md"),
             page("glossary.md", "glossary"), page("about.md", "about")]
    nav = build_nav(pages, ["guide/writing.md", "guide/index.md"])
    assert nav == [
        {"index.md": "index.md"},
        {"Modules": ["modules/index.md", "modules/a.md"]},
        {"glossary.md": "glossary.md"},
        {"Guide": ["guide/index.md", "guide/writing.md"]},
        {"about.md": "about.md"},
    ]


def test_long_sections_are_split_into_numbered_sub_sections() -> None:
    modules = [page(f"modules/m{i:04d}.md") for i in range(1000)]
    nav = build_nav([page("index.md", "home"), page("modules/index.md", "modules"), *modules], [])
    section = nav[1]["Modules"]
    assert section[0] == "modules/index.md"
    chunks = section[1:]
    assert len(chunks) == 1000 // CHUNK
    assert list(chunks[0]) == [f"1–{CHUNK}"] and len(chunks[0][f"1–{CHUNK}"]) == CHUNK
    assert [uri for chunk in chunks for uris in chunk.values() for uri in uris] == [m.uri for m in modules]


def test_titles_are_escaped_for_the_theme() -> None:
    nav = build_nav([Page("index.md", "home", "<b>Course</b> & more", "")], [])
    assert nav == [{"&lt;b&gt;Course&lt;/b&gt; &amp; more": "index.md"}]
