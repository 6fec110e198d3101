"""The adversary-behaviour frameworks the course teaches, in one table: MITRE ATT&CK Enterprise
and MITRE ATLAS.

Tactics and techniques of both are the same kind of thing (an id, a name, an address, a column
in a matrix); what differs is written here once: the id patterns, the addresses on MITRE's site,
the content folder of the tactic files, the site section, the Navigator domain. The framework of
any tactic or technique follows from its id (:func:`framework_of`), so a module or a question
names either kind in the same lists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Framework:
    key: str  # "attack" or "atlas": the course file's section, the CLI group, layer file prefixes
    label: str  # how pages and messages name it: "ATT&CK", "ATLAS"
    title: str  # its full name, with the mark MITRE asks for
    tactic_id: re.Pattern[str]
    technique_id: re.Pattern[str]
    tactic_example: str
    technique_example: str
    site: str  # MITRE's site, without the trailing slash
    kind: str  # the content kind of its tactic files (generator/models/kinds.py)
    folder: str  # the folder of its tactic files in content/
    section: str  # the site's folder of its tactic pages, coverage matrix and layers
    section_title: str  # that section's title in the navigation
    domain: str  # the Navigator domain of its layers

    def tactic_url(self, ident: str) -> str:
        return f"{self.site}/tactics/{ident}"

    def technique_url(self, ident: str) -> str:
        """ATT&CK writes a sub-technique's address with a slash (T1078/004), ATLAS with its id."""
        if self.key == "attack":
            return f"{self.site}/techniques/{ident.replace('.', '/')}"
        return f"{self.site}/techniques/{ident}"

    def study_url(self, ident: str) -> str:
        """A case study's page (ATLAS's ``AML.CS....``)."""
        return f"{self.site}/studies/{ident}"

    def is_tactic(self, ident: str) -> bool:
        return self.tactic_id.fullmatch(ident) is not None

    def is_technique(self, ident: str) -> bool:
        return self.technique_id.fullmatch(ident) is not None

    def parent_technique(self, ident: str) -> str | None:
        """The technique that sub-technique ``ident`` belongs to (T1078 of T1078.004, AML.T0051 of
        AML.T0051.000), or None when ``ident`` is not a sub-technique."""
        parent = ident.rpartition(".")[0]
        return parent if self.is_technique(ident) and self.is_technique(parent) else None


ATTACK = Framework(
    key="attack",
    label="ATT&CK",
    title="MITRE ATT&CK®",
    tactic_id=re.compile(r"TA[0-9]{4}"),
    technique_id=re.compile(r"T[0-9]{4}(?:\.[0-9]{3})?"),
    tactic_example="TA0001",
    technique_example="T1078.004",
    site="https://attack.mitre.org",
    kind="tactic",
    folder="tactics",
    section="attack",
    section_title="ATT&CK",
    domain="enterprise-attack",
)
ATLAS = Framework(
    key="atlas",
    label="ATLAS",
    title="MITRE ATLAS™",
    tactic_id=re.compile(r"AML\.TA[0-9]{4}"),
    technique_id=re.compile(r"AML\.T[0-9]{4}(?:\.[0-9]{3})?"),
    tactic_example="AML.TA0000",
    technique_example="AML.T0051.000",
    site="https://atlas.mitre.org",
    kind="atlas-tactic",
    folder="atlas-tactics",
    section="atlas",
    section_title="ATLAS",
    domain="atlas-atlas",
)
FRAMEWORKS: tuple[Framework, ...] = (ATTACK, ATLAS)  # the order of the site's sections and of lists
BY_KEY = {fw.key: fw for fw in FRAMEWORKS}
BY_FOLDER = {fw.folder: fw for fw in FRAMEWORKS}


def framework_of(ident: str) -> Framework | None:
    """The framework whose tactic or technique id ``ident`` is, or None."""
    for fw in FRAMEWORKS:
        if fw.is_tactic(ident) or fw.is_technique(ident):
            return fw
    return None


def is_tactic_id(ident: str) -> bool:
    return any(fw.is_tactic(ident) for fw in FRAMEWORKS)


def is_technique_id(ident: str) -> bool:
    return any(fw.is_technique(ident) for fw in FRAMEWORKS)
