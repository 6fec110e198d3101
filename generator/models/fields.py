"""The field types every content model uses: ids (slugs, ATT&CK ids), text, Markdown, web
addresses, percentages, and the strict base model; each check has a message a trainer can act on."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictInt, WithJsonSchema

from ..errors import quote
from ..reading.neutralise import neutralise
from .frameworks import ATLAS, ATTACK, FRAMEWORKS, is_tactic_id, is_technique_id

SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
TACTIC_ID = ATTACK.tactic_id
TECHNIQUE_ID = ATTACK.technique_id


def check_slug(value: str) -> str:
    if not SLUG.fullmatch(value):
        raise ValueError(
            f"{quote(value)} is not a valid id: use 1-64 lowercase letters, digits and hyphens, "
            "starting with a letter or digit"
        )
    return value


# Every section of the site has an overview page named after one of these (generator/render/
# urls.py: modules/index.md beside modules/<id>.md); an id that took the name would replace it.
RESERVED_IDS = frozenset({"index"})


def check_page_id(value: str) -> str:
    if value in RESERVED_IDS:
        raise ValueError(
            f"{quote(value)} is reserved: the page of this id would replace the overview page of its "
            "section; choose another id"
        )
    return value


def check_tactic_id(value: str) -> str:
    if not TACTIC_ID.fullmatch(value):
        raise ValueError(f"{quote(value)} is not an ATT&CK tactic id (TA followed by four digits, e.g. TA0001)")
    return value


def _technique_id(value: str) -> str:
    if not TECHNIQUE_ID.fullmatch(value):
        raise ValueError(
            f"{quote(value)} is not an ATT&CK technique id (T and four digits, with an optional "
            ".NNN sub-technique, e.g. T1078 or T1078.004)"
        )
    return value


def check_atlas_tactic_id(value: str) -> str:
    if not ATLAS.tactic_id.fullmatch(value):
        raise ValueError(f"{quote(value)} is not an ATLAS tactic id (AML.TA followed by four digits, e.g. AML.TA0000)")
    return value


def _atlas_technique_id(value: str) -> str:
    if not ATLAS.technique_id.fullmatch(value):
        raise ValueError(
            f"{quote(value)} is not an ATLAS technique id (AML.T and four digits, with an optional "
            ".NNN sub-technique, e.g. AML.T0051 or AML.T0051.000)"
        )
    return value


def _any_tactic_id(value: str) -> str:
    if not is_tactic_id(value):
        raise ValueError(f"{quote(value)} is not an ATT&CK or ATLAS tactic id (e.g. TA0001 or AML.TA0000)")
    return value


def _any_technique_id(value: str) -> str:
    if not is_technique_id(value):
        raise ValueError(
            f"{quote(value)} is not an ATT&CK or ATLAS technique id (e.g. T1078, T1078.004, AML.T0051 or AML.T0051.000)"
        )
    return value


def _attack_id(value: str) -> str:
    if not (is_tactic_id(value) or is_technique_id(value)):
        raise ValueError(
            f"{quote(value)} is not an ATT&CK or ATLAS tactic or technique id "
            "(e.g. TA0001, T1078, T1078.004, AML.TA0000, AML.T0051, AML.T0051.000)"
        )
    return value


def _https_url(value: str) -> str:
    if not re.fullmatch(r"https?://[^\s/<>\"'`\\()]+(?:/[^\s<>\"'`\\()]*)?", value):
        raise ValueError(
            f"{quote(value)} is not a web address: it must start with https:// or http:// and hold no spaces, "
            "quotes, angle brackets, backslashes or parentheses (write ( and ) as %28 and %29)"
        )
    return value


def _pattern(regex: str) -> WithJsonSchema:
    return WithJsonSchema({"type": "string", "pattern": regex})


# The checks run in Python (for messages a trainer can act on); the JSON Schema carries the same
# rule as a pattern, for editors.
Slug = Annotated[str, AfterValidator(check_slug), _pattern(f"^{SLUG.pattern}$")]
# The id of something with a page of its own: a learning path, role, reporting model or module.
PageId = Annotated[
    str, AfterValidator(check_slug), AfterValidator(check_page_id),
    _pattern(f"^(?!(?:{'|'.join(sorted(RESERVED_IDS))})$){SLUG.pattern}$"),
]
TacticId = Annotated[str, AfterValidator(check_tactic_id), _pattern(f"^{TACTIC_ID.pattern}$")]
TechniqueId = Annotated[str, AfterValidator(_technique_id), _pattern(f"^{TECHNIQUE_ID.pattern}$")]
AtlasTacticId = Annotated[str, AfterValidator(check_atlas_tactic_id), _pattern(f"^{ATLAS.tactic_id.pattern}$")]
AtlasTechniqueId = Annotated[str, AfterValidator(_atlas_technique_id), _pattern(f"^{ATLAS.technique_id.pattern}$")]
_TACTICS = "|".join(fw.tactic_id.pattern for fw in FRAMEWORKS)
_TECHNIQUES = "|".join(fw.technique_id.pattern for fw in FRAMEWORKS)
# A tactic or technique of either framework, as modules and questions name them.
AnyTacticId = Annotated[str, AfterValidator(_any_tactic_id), _pattern(f"^(?:{_TACTICS})$")]
AnyTechniqueId = Annotated[str, AfterValidator(_any_technique_id), _pattern(f"^(?:{_TECHNIQUES})$")]
AttackId = Annotated[str, AfterValidator(_attack_id), _pattern(f"^(?:{_TACTICS}|{_TECHNIQUES})$")]
Url = Annotated[str, AfterValidator(_https_url), WithJsonSchema({"type": "string", "format": "uri", "pattern": "^https?://[^\\s<>\"'`\\\\()]+$"})]


# Characters a YAML escape ("\x80", "\u2028") can put into a value but no page can carry: C0 and
# C1 controls, line and paragraph separators (front matter would break at them), surrogates and
# the two noncharacters YAML itself refuses to read.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def _printable(value: str) -> str:
    found = _CONTROL.search(value)
    if found:
        raise ValueError(f"control character U+{ord(found.group()):04X} is not allowed in text")
    return value


def _no_markup(value: str) -> str:
    if "<" in value or ">" in value:
        raise ValueError("shown on hover as plain text: write it without '<' or '>'")
    return value


Text = Annotated[str, Field(min_length=1), AfterValidator(_printable)]
# Markdown written by a trainer: raw HTML in it is shown as text (see generator/reading/neutralise.py).
Markdown = Annotated[str, Field(min_length=1), AfterValidator(_printable), AfterValidator(neutralise)]
Percent = Annotated[StrictInt, Field(ge=0, le=100)]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)
