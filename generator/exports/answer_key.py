"""Answer keys for trainers: per module, every question's correct answers and explanation.

One Markdown file (to read or print) and one CSV file (to sort, filter or mail-merge) per module
with a quiz. Text stays Markdown as the trainer wrote it (neutralised as every output is), and in
the CSV file no '<' is left for a mail merge to read as HTML. Answer keys are never part of the
learner site: only ``ciso-course export answer-key`` writes them.
"""

from __future__ import annotations

import csv
import io

from .. import models as m
from ..catalog import Catalog
from ..models.frameworks import FRAMEWORKS, framework_of
from ..render.text import escape_md, table
from . import question_type, quiz_modules

CSV_COLUMNS = [
    "module", "number", "question_id", "type", "points", "prompt", "correct_answer", "explanation",
    "assesses", "attack",
]


def correct_answers(question: m.QuestionBase) -> list[str]:
    """The correct answer(s) as Markdown: options, ``True``/``False``, or the items in order."""
    if isinstance(question, m.ChoiceQuestion):
        return [option.text.strip() for option in question.options if option.correct]
    if isinstance(question, m.TrueFalseQuestion):
        return ["True" if question.answer else "False"]
    if isinstance(question, m.OrderingQuestion):
        items = {item.id: item for item in question.items}
        return [items[ident].text.strip() for ident in question.order]
    raise TypeError(type(question))  # pragma: no cover - the union is closed


def _one_line(text: str) -> str:
    return " ".join(text.split())


def module_markdown(catalog: Catalog, module: m.Module, quiz: m.Quiz) -> str:
    scoring = "partial credit" if quiz.scoring is m.Scoring.partial else "all or nothing"
    out = [
        f"# Answer key: {escape_md(module.title)}\n",
        "For trainers only: do not publish to learners.\n",
        f"Module `{module.id}`, {len(quiz.questions)} questions, "
        f"{sum(q.points for q in quiz.questions)} points, pass mark {catalog.pass_mark(module)}%, "
        f"multiple-answer scoring: {scoring}.\n",
    ]
    for number, question in enumerate(quiz.questions, 1):
        kind = question_type(question)
        out.append(f"## Question {number}: `{question.id}`\n")
        out.append(f"*{kind}, {question.points} point{'s' if question.points != 1 else ''}*\n")
        out.append(question.prompt.strip() + "\n")
        answers = correct_answers(question)
        if isinstance(question, m.OrderingQuestion):
            out.append("**Correct order:**\n")
            out.append("\n".join(f"{i}. {_one_line(text)}" for i, text in enumerate(answers, 1)) + "\n")
        else:
            label = "Correct answers" if len(answers) > 1 else "Correct answer"
            out.append(f"**{label}:** " + "; ".join(_one_line(a) for a in answers) + "\n")
        if isinstance(question, m.ChoiceQuestion):
            out.append(table(
                ["Option", "Correct", "Feedback"],
                [[o.text, "yes" if o.correct else "no", o.feedback or ""] for o in question.options],
            ))
        elif isinstance(question, m.TrueFalseQuestion):
            pairs = (("True", question.feedback_true), ("False", question.feedback_false))
            rows = [[label, text] for label, text in pairs if text]
            if rows:
                out.append(table(["If the learner answers", "Feedback"], rows))
        elif isinstance(question, m.OrderingQuestion) and any(i.feedback for i in question.items):
            out.append(table(["Item", "Feedback"], [[i.text, i.feedback] for i in question.items if i.feedback]))
        if question.explanation:
            out.append(f"**Explanation:** {question.explanation.strip()}\n")
        if question.hints:
            out.append("**Hints:** " + " / ".join(_one_line(h) for h in question.hints) + "\n")
        if question.assesses or question.attack:
            facts = []
            if question.assesses:
                facts.append("assesses " + ", ".join(f"`{o}`" for o in question.assesses))
            for fw in FRAMEWORKS:  # "ATT&CK T1566.002", "ATLAS AML.T0051.001": the id says which
                named = [ident for ident in question.attack if framework_of(ident) is fw]
                if named:
                    facts.append(f"{fw.label} " + ", ".join(named))
            out.append("*" + "; ".join(facts) + "*\n")
    return "\n".join(out)


def _cell(markdown: str) -> str:
    """Trainer Markdown for a CSV cell, which a mail merge may take for HTML: neutralised text keeps
    a '<' only in code spans and autolinks, and here those are written as '&lt;' too."""
    return markdown.replace("<", "&lt;")


def module_csv(module: m.Module, quiz: m.Quiz) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for number, question in enumerate(quiz.questions, 1):
        answers = correct_answers(question)
        joiner = " > " if isinstance(question, m.OrderingQuestion) else " | "
        writer.writerow([
            module.id, number, question.id, question_type(question), question.points,
            _cell(question.prompt.strip()), _cell(joiner.join(_one_line(a) for a in answers)),
            _cell((question.explanation or "").strip()), " ".join(question.assesses), " ".join(question.attack),
        ])
    return buffer.getvalue()


def answer_keys(catalog: Catalog) -> dict[str, str]:
    """File name -> text: ``<module>.md`` and ``<module>.csv`` per module with a quiz."""
    files: dict[str, str] = {}
    for module, quiz in quiz_modules(catalog):
        files[f"{module.id}.md"] = module_markdown(catalog, module, quiz)
        files[f"{module.id}.csv"] = module_csv(module, quiz)
    return files
