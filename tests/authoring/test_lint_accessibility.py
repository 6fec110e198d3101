"""The lint rules on the accessibility of trainers' Markdown: image-alt, link-text, heading-order."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.lint.accessibility import markdown_fields, problems

from .conftest import lint_course, module, rules, single


def with_body(body: str, **fields: Any) -> dict[str, Any]:
    data = module("m1", [single("q1")])
    data["lessons"] = [{"title": "Lesson", "body": body}]
    data.update(fields)
    return data


def found(tmp_path: Path, data: dict[str, Any], rule: str) -> list[Any]:
    return rules(lint_course(tmp_path, [data]), rule)


# --- image-alt --------------------------------------------------------------------------------


@pytest.mark.parametrize("image", ["![](diagram.png)", "![ ](diagram.png)", "![][d]\n\n[d]: diagram.png"])
def test_image_alt_fires_on_an_image_without_alt_text(tmp_path: Path, image: str) -> None:
    (finding,) = found(tmp_path, with_body(f"Look:\n\n{image}\n"), "image-alt")
    assert finding.severity == "error"
    assert "image 'diagram.png' has no alt text" in finding.message
    assert finding.path.endswith("modules/m1.yml") and finding.line > 1


def test_image_alt_quiet_when_the_image_is_described(tmp_path: Path) -> None:
    assert found(tmp_path, with_body("![The CISO reports to the CEO](chart.png)"), "image-alt") == []


def test_image_alt_looks_at_quiz_text_too(tmp_path: Path) -> None:
    data = module("m1", [single("q1", prompt="Which box in ![](org.png) is the CISO?")])
    (finding,) = found(tmp_path, data, "image-alt")
    assert finding.line > 1


# --- link-text --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["click here", "Click Here!", "here", "read more", "Read more…", "more", "this link", "learn more"]
)
def test_link_text_fires_on_vague_link_text(tmp_path: Path, text: str) -> None:
    (finding,) = found(tmp_path, with_body(f"The framework is [{text}](https://example.org/framework)."), "link-text")
    assert finding.severity == "warning"
    assert f"link text '{text}'" in finding.message and "https://example.org/framework" in finding.message


@pytest.mark.parametrize(
    "body",
    [
        "Read [the ATT&CK page on phishing](https://attack.mitre.org/techniques/T1566/).",
        "See [where the board meets](#board) for more.",  # "more" outside the link is fine
        "Here is the list: <https://example.org/list>.",
        "Click here to start: there is no link in this sentence.",
    ],
)
def test_link_text_quiet_when_links_name_their_destination(tmp_path: Path, body: str) -> None:
    assert found(tmp_path, with_body(body), "link-text") == []


# --- heading-order ----------------------------------------------------------------------------


def test_heading_order_fires_on_a_level_one_heading(tmp_path: Path) -> None:
    (finding,) = found(tmp_path, with_body("# Background\n\nText."), "heading-order")
    assert "heading 'Background' is level 1 (#)" in finding.message


def test_heading_order_reports_a_level_one_heading_once_and_accepts_level_three_after_it(tmp_path: Path) -> None:
    # the guide tells trainers to start at ###: the heading after a reported # is not a second finding
    (finding,) = found(tmp_path, with_body("# Background\n\nText.\n\n### Ok\n\nMore."), "heading-order")
    assert "heading 'Background' is level 1 (#)" in finding.message


def test_heading_order_after_a_level_one_heading_measures_from_the_field_level(tmp_path: Path) -> None:
    (_, finding) = found(tmp_path, with_body("# Background\n\nText.\n\n#### Deep\n\nMore."), "heading-order")
    assert "heading 'Deep' is level 4 right after level 1" in finding.message
    assert "make it level 3 (###)" in finding.message


def test_heading_order_fires_on_a_setext_level_one_heading(tmp_path: Path) -> None:
    (finding,) = found(tmp_path, with_body("Background\n==========\n\nText."), "heading-order")
    assert "level 1" in finding.message


def test_heading_order_fires_on_a_skipped_level(tmp_path: Path) -> None:
    (finding,) = found(tmp_path, with_body("### Why\n\nText.\n\n##### Detail\n\nMore."), "heading-order")
    assert "heading 'Detail' is level 5 right after level 3" in finding.message
    assert "make it level 4 (####)" in finding.message


def test_heading_order_fires_when_the_first_heading_is_too_deep(tmp_path: Path) -> None:
    (finding,) = found(tmp_path, with_body("#### Deep\n\nText."), "heading-order")
    assert "level 4 right after level 2" in finding.message


@pytest.mark.parametrize(
    "body",
    [
        "### Why\n\nText.\n\n#### Detail\n\nMore.\n\n### Next\n\nAgain.",
        "## Section\n\n### Sub\n\nText.",
        "No headings at all, only a #hashtag and a C# mention.",
    ],
)
def test_heading_order_quiet_on_an_outline_one_level_at_a_time(tmp_path: Path, body: str) -> None:
    assert found(tmp_path, with_body(body), "heading-order") == []


def test_only_markdown_fields_are_read(tmp_path: Path) -> None:
    from generator.catalog import load_catalog

    from .conftest import write_course

    catalog = load_catalog(write_course(tmp_path, [with_body("Body [here](#a).")]))
    fields = dict(markdown_fields(catalog.modules["m1"].model, ()))
    assert fields[("lessons", 0, "body")] == "Body [here](#a)."
    assert ("lessons", 0, "title") not in fields and ("title",) not in fields and ("id",) not in fields
    assert ("quiz", "questions", 0, "options", 0, "text") in fields
    assert ("quiz", "questions", 0, "options", 0, "feedback") in fields
    assert problems("# Heading") and not problems("Plain text")


# --- table-header -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("table", "column"),
    [
        ("| | CIO | CISO |\n| --- | --- | --- |\n| Core question | Value | Exposure |", 1),
        ("| Aspect | |\n|---|---|\n| a | b |", 2),
    ],
)
def test_table_header_fires_on_an_empty_header_cell(tmp_path: Path, table: str, column: int) -> None:
    (finding,) = found(tmp_path, with_body(f"Compare:\n\n{table}\n"), "table-header")
    assert finding.severity == "warning"
    assert f"column {column} of a table has an empty header" in finding.message
    assert finding.path.endswith("modules/m1.yml") and finding.line > 1


@pytest.mark.parametrize(
    "body",
    [
        "| Aspect | CIO | CISO |\n| --- | --- | --- |\n| Core question | Value | |",  # an empty data cell is fine
        "A sentence with a | pipe and no table.",
        "| ![CISO](ciso.png) | CIO |\n| --- | --- |\n| a | b |",  # an image's alt text is a header
    ],
)
def test_table_header_quiet_when_every_column_has_a_header(tmp_path: Path, body: str) -> None:
    assert found(tmp_path, with_body(body), "table-header") == []


# --- settings ---------------------------------------------------------------------------------


def test_accessibility_rules_can_be_turned_off_or_raised(tmp_path: Path) -> None:
    body = "# Title\n\n![](x.png) [here](#a)"
    settings = {"rules": {"image-alt": "off", "link-text": "error", "heading-order": "info"}}
    findings = lint_course(tmp_path, [with_body(body)], lint_settings=settings)
    assert {f.rule: f.severity for f in findings if f.rule in ("image-alt", "link-text", "heading-order")} == {
        "link-text": "error", "heading-order": "info",
    }
