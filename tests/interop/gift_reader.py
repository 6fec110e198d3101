"""A strict reader of the GIFT subset the exporter writes, independent of the exporter's code.

The grammar follows Moodle's GIFT importer (question/format/gift/format.php):

    file      = block *(blank-line block)
    block     = category | question          ; lines starting with // are comments
    category  = "$CATEGORY:" path            ; "/" separates levels, "//" is a literal "/"
    question  = "::" name "::" "[html]" text "{" answers "}"
    answers   = (choice+ | truefalse) ["####" text]
    choice    = ("=" | "~" ["%" weight "%"]) text ["#" text]
    truefalse = ("TRUE" | "FALSE" | "T" | "F") ["#" text ["#" text]]

Escapes: ``\\~ \\= \\# \\{ \\} \\: \\\\`` stand for the character, ``\\n`` for a line break; any
other backslash, and any unescaped special character where the grammar has none, is an error
(Moodle would misread the question).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_ESCAPES = {"~": "\ue001", "=": "\ue002", "#": "\ue003", "{": "\ue004", "}": "\ue005", ":": "\ue006", "\\": "\ue007", "n": "\ue008"}
_BACK = {v: k for k, v in _ESCAPES.items()} | {"\ue008": "\n"}
_WEIGHT = re.compile(r"%(-?[0-9]{1,3}(?:\.[0-9]+)?)%")


class GiftError(ValueError):
    pass


@dataclass
class Answer:
    text: str
    weight: float  # percent
    feedback: str | None


@dataclass
class Question:
    category: list[str]
    name: str
    text: str
    kind: str  # "single", "multiple", "true-false"
    answers: list[Answer] = field(default_factory=list)
    truth: bool | None = None
    feedback_wrong: str | None = None  # true/false: shown for a wrong answer
    feedback_right: str | None = None
    general: str | None = None


def _protect(text: str) -> str:
    if any(c in text for c in _BACK):
        raise GiftError("private-use characters in the input")
    out = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\\":
            if i + 1 >= len(text) or text[i + 1] not in _ESCAPES:
                raise GiftError(f"stray backslash before {text[i + 1:i + 2]!r}")
            out.append(_ESCAPES[text[i + 1]])
            i += 2
            continue
        out.append(char)
        i += 1
    return "".join(out)


def _literal(text: str, where: str, specials: str = "~=#{}:") -> str:
    """Protected text back to what it says; an unescaped special character is an error."""
    for char in specials:
        if char in text:
            raise GiftError(f"unescaped {char!r} in {where}: {text[:60]!r}")
    return "".join(_BACK.get(c, c) for c in text)


def _formatted(text: str, where: str) -> str:
    if text.startswith("[html]"):
        text = text[len("[html]"):]
    elif text.startswith("["):
        raise GiftError(f"{where} starts with '[' but is not [html]")
    return _literal(text, where)


def _category(path: str) -> list[str]:
    names = re.split(r"(?<!/)/(?!/)", path)
    return [name.replace("//", "/").strip() for name in names]


def parse_gift(source: str) -> list[Question]:
    if "\r" in source:
        raise GiftError("carriage return in the file")
    blocks: list[list[str]] = [[]]
    for line in source.split("\n"):
        if not line.strip():
            if blocks[-1]:
                blocks.append([])
            continue
        if line.strip().startswith("//"):
            continue
        blocks[-1].append(line)
    category: list[str] = []
    questions: list[Question] = []
    for block in blocks:
        if not block:
            continue
        text = "\n".join(block).strip()
        if text.startswith("$CATEGORY:"):
            if len(block) != 1:
                raise GiftError("a category block has one line")
            category = _category(text[len("$CATEGORY:"):].strip())
            continue
        questions.append(_question(_protect(text), category))
    return questions


def _question(text: str, category: list[str]) -> Question:
    if not text.startswith("::"):
        raise GiftError(f"question without a name: {text[:60]!r}")
    end = text.index("::", 2)
    name = _literal(text[2:end], "name")
    rest = text[end + 2:]
    if not rest.startswith("[html]"):
        raise GiftError(f"{name}: question text is not marked [html]")
    if rest.count("{") != 1 or rest.count("}") != 1 or not rest.endswith("}"):
        raise GiftError(f"{name}: expected exactly one answer block, at the end")
    start = rest.index("{")
    prompt = _formatted(rest[:start], f"{name} prompt")
    body = rest[start + 1:-1].strip()
    general = None
    if "####" in body:
        body, general_text = body.rsplit("####", 1)
        body = body.strip()
        general = _formatted(general_text.strip(), f"{name} general feedback")
    question = Question(category, name, prompt, "", general=general)
    if "~" in body or "=" in body:
        if body[0] not in "~=":
            raise GiftError(f"{name}: text before the first answer")
        for part in re.findall(r"[~=][^~=]*", body):
            marker, answer = part[0], part[1:]
            weight = 100.0 if marker == "=" else 0.0
            found = _WEIGHT.match(answer)
            if found:
                if marker == "=":
                    raise GiftError(f"{name}: a weight after '='")
                weight = float(found.group(1))
                answer = answer[found.end():]
            answer_text, _, feedback = answer.partition("#")
            question.answers.append(Answer(
                _formatted(answer_text.strip(), f"{name} answer"), weight,
                _formatted(feedback.strip(), f"{name} feedback") if _ else None,
            ))
        singles = [a for a in question.answers if a.weight == 100.0 and "=" in body]
        question.kind = "single" if "=" in body else "multiple"
        if question.kind == "single" and (len(singles) != 1 or any(a.weight not in (0.0, 100.0) for a in question.answers)):
            raise GiftError(f"{name}: a single-choice question needs one '=' answer and '~' answers without weights")
        if question.kind == "multiple":
            positive = sum(a.weight for a in question.answers if a.weight > 0)
            if abs(positive - 100) > 0.01:
                raise GiftError(f"{name}: positive weights add up to {positive}, not 100")
        if len(question.answers) < 2:
            raise GiftError(f"{name}: fewer than two answers")
        return question
    head, *feedbacks = body.split("#")
    if head.strip() not in ("TRUE", "FALSE", "T", "F") or len(feedbacks) > 2:
        raise GiftError(f"{name}: not a true/false answer: {body[:40]!r}")
    question.kind = "true-false"
    question.truth = head.strip() in ("TRUE", "T")
    if feedbacks:
        question.feedback_wrong = _formatted(feedbacks[0].strip(), f"{name} feedback") or None
    if len(feedbacks) > 1:
        question.feedback_right = _formatted(feedbacks[1].strip(), f"{name} feedback") or None
    return question
