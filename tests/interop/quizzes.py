"""What every exported question must carry, and a module whose text is hard to escape."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator import models as m
from generator.catalog import Catalog
from generator.render.sanitize import plain_text
from generator.render.text import md_html

# Every character GIFT and XML treat specially, Markdown that becomes HTML, a line break, a line
# starting with // (a GIFT comment), text starting with [ (a GIFT format marker), and a slash in
# the title (a Moodle category separator).
TRICKY_MODULE = r'''
id: tricky-text
title: "Tricky text: a/b {braces} & <tags>"
summary: A module whose quiz text uses every character the exports must escape.
audience: [ciso]
duration_minutes: 5
level: advanced
objectives:
  - id: escape
    text: Survive ~ = # { } : \ and friends.
lessons:
  - title: Escaping
    body: Nothing to learn here.
quiz:
  scoring: all-or-nothing
  questions:
    - id: specials
      type: single
      points: 3
      shuffle: false
      prompt: |
        Which one is *right*? Watch out for ~tilde, =equals, #hash, {braces}, colon: and \backslash.
        // this line starts like a GIFT comment
        See [the docs](https://example.org/a?b=c&d=e#frag) & <b>raw</b>.
      hints:
        - Think of `a = b`.
      options:
        - text: "[not a format] ~ = # { } : \\"
          correct: true
          feedback: "Yes: #1 {of} ~all~."
        - text: "2 > 1 & 1 < 2"
          feedback: "No\\n really."
      explanation: |
        First line: with a colon.

        Second paragraph ## with hashes.
    - id: several
      type: multiple
      prompt: Pick the two = signs.
      options:
        - text: "="
          correct: true
        - text: "=="
          correct: true
          feedback: "== is two of them"
        - text: "~"
          feedback: "Not an equals sign: ~"
    - id: truth
      type: true-false
      prompt: "True or false: {x} # y"
      answer: true
      feedback_true: "Right: {x}."
    - id: falsehood
      type: true-false
      prompt: Nothing to see.
      answer: false
      feedback_false: "Right # no."
      feedback_true: "Wrong = yes."
    - id: steps
      type: ordering
      prompt: "Order: a, b {c}"
      items:
        - id: one
          text: "First: =1"
          feedback: "#1"
        - id: two
          text: Second
      order: [one, two]
'''


def add_tricky_module(content: Path) -> None:
    (content / "modules" / "tricky-text.yml").write_text(TRICKY_MODULE.lstrip(), encoding="utf-8")


@dataclass(frozen=True)
class Option:
    html: str
    correct: bool
    feedback: str | None  # HTML


@dataclass(frozen=True)
class Expected:
    module: str
    module_title: str  # as the category names it: plain text, without '<' or '>'
    id: str
    kind: str
    points: int
    prompt: str  # HTML
    general: str | None  # HTML of the explanation
    options: tuple[Option, ...] = ()  # choices, or true/false as True then False
    order: tuple[str, ...] = ()  # ordering: item HTML in the correct order
    order_feedback: tuple[str | None, ...] = ()
    shuffle: bool = True
    hints: tuple[str, ...] = ()
    partial: bool = False


def _html(text: str | None) -> str | None:
    return md_html(text) if text else None


def expected_questions(catalog: Catalog) -> list[Expected]:
    out = []
    for entry in catalog.modules.values():
        module = entry.model
        if module.quiz is None:
            continue
        partial = module.quiz.scoring is m.Scoring.partial
        for q in module.quiz.questions:
            options: tuple[Option, ...] = ()
            order: tuple[str, ...] = ()
            order_feedback: tuple[str | None, ...] = ()
            shuffle = False
            if isinstance(q, m.ChoiceQuestion):
                options = tuple(Option(md_html(o.text, inline=True), o.correct, _html(o.feedback)) for o in q.options)
                shuffle = q.shuffle
            elif isinstance(q, m.TrueFalseQuestion):
                options = (Option("True", q.answer, _html(q.feedback_true)), Option("False", not q.answer, _html(q.feedback_false)))
            elif isinstance(q, m.OrderingQuestion):
                items = {i.id: i for i in q.items}
                order = tuple(md_html(items[i].text, inline=True) for i in q.order)
                order_feedback = tuple(_html(items[i].feedback) for i in q.order)
                shuffle = q.shuffle
            out.append(Expected(
                module=module.id, module_title=plain_text(module.title), id=q.id, kind=str(q.type), points=q.points,
                prompt=md_html(q.prompt), general=_html(q.explanation), options=options, order=order,
                order_feedback=order_feedback, shuffle=shuffle, hints=tuple(md_html(h) for h in q.hints), partial=partial,
            ))
    return out
