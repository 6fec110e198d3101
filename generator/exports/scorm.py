"""SCORM 1.2 and SCORM 2004 (4th edition) packages: the course, or one learning path, for an LMS.

Each module is a SCO: its page, launched with ``?ccq-sco=<module id>&ccq-scorm=<version>`` so
that the page's LMS bridge (``assets/ciso-course/scorm.js``) knows which self-check to report and
which run-time to look for (an LMS may offer both). The organisation lists
the modules in the path's order (the whole course: in the order of the paths, then the modules
no path takes); a prerequisite inside the package becomes ``adlcp:prerequisites`` in 1.2 and a
sequencing rule in 2004 (disabled until the prerequisite's objective is satisfied). The pass
mark is ``adlcp:masteryscore`` in 1.2 and the primary objective's ``minNormalizedMeasure`` in 2004.

The files are a site build made for the package (see ``plugin.builds.build_package_site``): what the
SCO pages reach, and nothing else (``package_files``). Pure: files in, bytes out; the zip is
deterministic (sorted entries, fixed times and permissions).
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field

from .. import models as m
from ..catalog import Catalog
from ..render.sanitize import plain_text
from ..render.urls import Urls, page_path
from . import MADE_BY
from .package_files import PackageProblem, needed_files

VERSIONS = ("1.2", "2004")
MANIFEST = "imsmanifest.xml"
LAUNCH = "ccq-sco"  # the launch parameter that names the module to report
LAUNCH_VERSION = "ccq-scorm"  # the one that names the package's SCORM version


@dataclass
class ScormPackage:
    data: bytes
    scos: int
    files: int
    notes: list[str] = field(default_factory=list)  # what SCORM could not carry


# ------------------------------------------------------------------ the manifest

NS_12 = {
    "": "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
    "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2",
}
NS_2004 = {
    "": "http://www.imsglobal.org/xsd/imscp_v1p1",
    "adlcp": "http://www.adlnet.org/xsd/adlcp_v1p3",
    "adlseq": "http://www.adlnet.org/xsd/adlseq_v1p3",
    "adlnav": "http://www.adlnet.org/xsd/adlnav_v1p3",
    "imsss": "http://www.imsglobal.org/xsd/imsss",
}
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_FILES = {
    "1.2": {"": "imscp_rootv1p1p2.xsd", "adlcp": "adlcp_rootv1p2.xsd"},
    "2004": {"": "imscp_v1p1.xsd", "adlcp": "adlcp_v1p3.xsd", "adlseq": "adlseq_v1p3.xsd",
             "adlnav": "adlnav_v1p3.xsd", "imsss": "imsss_v1p0.xsd"},
}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "course"


def package_modules(catalog: Catalog, path_id: str | None) -> tuple[str, str, list[m.Module]]:
    """The package's identifier, title and modules in order (the path's, or the course's)."""
    course = catalog.course.model
    if path_id is not None:
        path = next((p for p in course.paths if p.id == path_id), None)
        if path is None:
            known = ", ".join(p.id for p in course.paths) or "none"
            raise PackageProblem(f"no learning path '{path_id}' in the course (paths: {known})")
        return f"ciso-course-{_slug(course.title)}-{path.id}", f"{course.title}: {path.title}", [catalog.modules[i].model for i in path.modules]
    order = list(dict.fromkeys([mid for path in course.paths for mid in path.modules] + list(catalog.modules)))
    return f"ciso-course-{_slug(course.title)}", course.title, [catalog.modules[i].model for i in order]


def _q(ns: dict[str, str], name: str) -> str:
    prefix, _, local = name.rpartition(":")
    return f"{{{ns[prefix]}}}{local}"


def manifest(catalog: Catalog, version: str, path_id: str | None, prefix: str, shared: list[str]) -> tuple[str, list[str]]:
    """The ``imsmanifest.xml`` text, and the prerequisites it could not express."""
    ns = NS_12 if version == "1.2" else NS_2004
    identifier, title, modules = package_modules(catalog, path_id)
    inside = {module.id for module in modules}
    notes: list[str] = []
    urls = Urls(prefix)

    def el(parent: ET.Element | None, name: str, text: str | None = None, **attrs: str) -> ET.Element:
        node = ET.Element(_q(ns, name)) if parent is None else ET.SubElement(parent, _q(ns, name))
        for key, value in attrs.items():
            node.set(_q(ns, key.replace("__", ":")) if "__" in key else key, value)
        if text is not None:
            node.text = plain_text(text) if name == "title" else text  # an LMS may show a title as HTML
        return node

    root = el(None, "manifest", identifier=identifier, version=catalog.course.model.version)
    locations = " ".join(f"{ns[p]} {SCHEMA_FILES[version][p]}" for p in ns)
    root.set(f"{{{XSI}}}schemaLocation", locations)
    metadata = el(root, "metadata")
    el(metadata, "schema", "ADL SCORM")
    el(metadata, "schemaversion", "1.2" if version == "1.2" else "2004 4th Edition")
    organizations = el(root, "organizations", default="org")
    org = el(organizations, "organization", identifier="org")
    if version == "2004":
        org.set(_q(ns, "adlseq:objectivesGlobalToSystem"), "false")
    el(org, "title", title)
    for module in modules:
        pass_mark = catalog.pass_mark(module)
        item = el(org, "item", identifier=f"item-{module.id}", identifierref=f"res-{module.id}", parameters=f"?{LAUNCH}={module.id}&{LAUNCH_VERSION}={version}")
        el(item, "title", module.title)
        prerequisites = [p for p in module.prerequisites if p in inside]
        for missing in (p for p in module.prerequisites if p not in inside):
            notes.append(f"{module.id}: its prerequisite {missing} is not in the package, so the LMS does not enforce it")
        if version == "1.2":
            if prerequisites:
                el(item, "adlcp:prerequisites", "&".join(f"item-{p}" for p in prerequisites), type="aicc_script")
            if module.quiz is not None:
                el(item, "adlcp:masteryscore", str(pass_mark))
            continue
        sequencing = el(item, "imsss:sequencing")
        if prerequisites:
            rules = el(sequencing, "imsss:sequencingRules")
            for prerequisite in prerequisites:
                rule = el(rules, "imsss:preConditionRule")
                conditions = el(rule, "imsss:ruleConditions", conditionCombination="any")
                el(conditions, "imsss:ruleCondition", referencedObjective=f"needs-{prerequisite}", operator="not", condition="satisfied")
                el(conditions, "imsss:ruleCondition", referencedObjective=f"needs-{prerequisite}", operator="not", condition="objectiveStatusKnown")
                el(rule, "imsss:ruleAction", action="disabled")
        objectives = el(sequencing, "imsss:objectives")
        primary = el(objectives, "imsss:primaryObjective", objectiveID=f"passed-{module.id}")
        if module.quiz is not None:
            primary.set("satisfiedByMeasure", "true")
            el(primary, "imsss:minNormalizedMeasure", f"{pass_mark / 100:g}")
        el(primary, "imsss:mapInfo", targetObjectiveID=f"ciso-course.{module.id}.passed", readSatisfiedStatus="false", writeSatisfiedStatus="true")
        for prerequisite in prerequisites:
            needs = el(objectives, "imsss:objective", objectiveID=f"needs-{prerequisite}")
            el(needs, "imsss:mapInfo", targetObjectiveID=f"ciso-course.{prerequisite}.passed", readSatisfiedStatus="true", writeSatisfiedStatus="false")
    if version == "2004":
        sequencing = el(org, "imsss:sequencing")
        el(sequencing, "imsss:controlMode", choice="true", flow="true")
    resources = el(root, "resources")
    scorm_type = "adlcp:scormtype" if version == "1.2" else "adlcp:scormType"
    for module in modules:
        href = page_path(urls.module(module.id), directory_urls=False)
        resource = el(resources, "resource", identifier=f"res-{module.id}", type="webcontent", href=href)
        resource.set(_q(ns, scorm_type), "sco")
        el(resource, "file", href=href)
        el(resource, "dependency", identifierref="res-site")
    site = el(resources, "resource", identifier="res-site", type="webcontent")
    site.set(_q(ns, scorm_type), "asset")
    for name in shared:
        el(site, "file", href=name)
    for prefix_name, uri in ns.items():
        ET.register_namespace(prefix_name, uri)
    ET.register_namespace("xsi", XSI)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n", notes


# ------------------------------------------------------------------ the package

FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def zip_files(files: Mapping[str, bytes], comment: str) -> bytes:
    """A deterministic zip: the manifest first, then the names sorted; fixed times and modes."""
    buffer = io.BytesIO()
    names = sorted(files, key=lambda name: (name != MANIFEST, name))
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as package:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            package.writestr(info, files[name], compresslevel=9)  # a ZipInfo does not take the archive's level
        package.comment = comment.encode()
    return buffer.getvalue()


def scorm_package(catalog: Catalog, site: Mapping[str, bytes], *, version: str, path_id: str | None = None, prefix: str = "") -> ScormPackage:
    """The package for the course (or the learning path ``path_id``) from a site build for it."""
    if version not in VERSIONS:
        raise PackageProblem(f"SCORM version must be one of {', '.join(VERSIONS)}, not {version!r}")
    _, _, modules = package_modules(catalog, path_id)
    urls = Urls(prefix)
    launches = [page_path(urls.module(module.id), directory_urls=False) for module in modules]
    needed = needed_files(site, launches)
    shared = [name for name in needed if name not in set(launches)]
    text, notes = manifest(catalog, version, path_id, prefix, shared)
    files = {name: site[name] for name in needed}
    files[MANIFEST] = text.encode("utf-8")
    data = zip_files(files, f"{MADE_BY} (SCORM {version} package)")
    return ScormPackage(data, scos=len(modules), files=len(files), notes=notes)
