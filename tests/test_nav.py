"""The navigation stays small however large the course grows."""

from __future__ import annotations

from generator.render import Page
from generator.render.nav import CHUNK, GROUP, build_nav, prune_nav


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


def flatten(entries: list[object]) -> list[str]:
    out: list[str] = []
    for entry in entries:
        if isinstance(entry, str):
            out.append(entry)
        else:
            assert isinstance(entry, dict)
            for value in entry.values():
                out += flatten(value if isinstance(value, list) else [value])
    return out


def test_long_sections_are_split_into_numbered_sub_sections() -> None:
    modules = [page(f"modules/m{i:04d}.md") for i in range(100)]
    section = build_nav([page("index.md", "home"), page("modules/index.md", "modules"), *modules], [])[1]["Modules"]
    assert section[0] == "modules/index.md"
    assert [next(iter(chunk)) for chunk in section[1:]] == ["1–20", "21–40", "41–60", "61–80", "81–100"]
    assert flatten(section[1:]) == [m.uri for m in modules]


def test_very_long_sections_are_grouped_so_every_page_shows_few_entries() -> None:
    modules = [page(f"modules/m{i:04d}.md") for i in range(1000)]
    section = build_nav([page("index.md", "home"), page("modules/index.md", "modules"), *modules], [])[1]["Modules"]
    groups = section[1:]
    assert len(groups) == 1000 // (CHUNK * GROUP)
    assert next(iter(groups[1])) == f"{CHUNK * GROUP + 1}–{2 * CHUNK * GROUP}"
    first_group = groups[0][f"1–{CHUNK * GROUP}"]
    assert len(first_group) == GROUP and next(iter(first_group[1])) == f"{CHUNK + 1}–{2 * CHUNK}"
    # On a module page: the groups, the sub-sections of its group, the pages of its sub-section.
    assert len(groups) + GROUP + CHUNK <= 40
    assert flatten(groups) == [m.uri for m in modules]


def test_titles_are_escaped_for_the_theme() -> None:
    nav = build_nav([Page("index.md", "home", "<b>Course</b> & more", "")], [])
    assert nav == [{"&lt;b&gt;Course&lt;/b&gt; &amp; more": "index.md"}]


def test_prune_nav_drops_the_pages_left_out_and_the_sections_they_empty() -> None:
    nav = [
        {"Home": "index.md"},
        "about.md",
        {"Guide": ["guide/index.md", {"Exports": "guide/exports.md"}]},
        {"Modules": ["modules/index.md", {"Deep": ["guide/deep.md"]}]},
        {"MITRE": "https://attack.mitre.org/"},
    ]
    left_out = {"guide/index.md", "guide/exports.md", "guide/deep.md", "about.md"}
    assert prune_nav(nav, left_out) == [{"Home": "index.md"}, {"Modules": ["modules/index.md"]}, {"MITRE": "https://attack.mitre.org/"}]
