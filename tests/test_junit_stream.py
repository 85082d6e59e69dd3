"""A park's JUnit report written a member at a time (render/junit_report.chunks): the same bytes as the
whole document written at once (junit_report.build), the suites of each member in a piece of their own;
and `evaluate` still writes every report of a run or none (cli/common.stage and commit)."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from cmscheck import pipeline
from cmscheck.cli import main as cli_main
from cmscheck.context import ReportContext
from cmscheck.findings import EvidenceRef, WaiverNote
from cmscheck.render import formats, junit_report

from texts import differs

ROOT = Path(__file__).resolve().parent.parent
BUNDLES = sorted(p for base in (ROOT / "examples", ROOT / "tests" / "bundles")
                 for p in base.iterdir() if (p / "cmscheck.yaml").is_file())
PARK = ROOT / "examples" / "park"


def _one_piece(assessment, lang: str) -> str:
    """The JUnit report as it was written before it came in pieces: the whole document, indented at once."""
    root = ET.fromstring(junit_report.build(assessment, lang).tostring())
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


@pytest.fixture(scope="module")
def assessments():
    """Each bundle's assessment in each language, evaluated once for the module."""
    inputs = pipeline.load_inputs()
    return {(p.name, lang): pipeline.load_and_assess(p, inputs, pipeline.Options(lang=lang)).assessment
            for p in BUNDLES for lang in ("zh", "en")}


def test_the_bundles_include_parks():
    assert {"park", "injection"} <= {p.name for p in BUNDLES}


@pytest.mark.parametrize("path", BUNDLES, ids=[p.name for p in BUNDLES])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_pieces_make_the_one_piece_report(path, lang, assessments):
    a = assessments[path.name, lang]
    whole = _one_piece(a, lang)
    assert differs("".join(junit_report.chunks(a, lang)), whole) is None and differs(junit_report.render(a, lang), whole) is None


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_park_comes_in_one_piece_per_member(lang, assessments):
    """The root's start tag with the totals, the park's own suites, each member's suites, the root's end."""
    a = assessments["park", lang]
    pieces = list(formats.get("junit").chunks(ReportContext(a, lang)))
    assert len(a.members) >= 2 and len(pieces) == len(a.members) + 3
    prefixes = [""] + [f"{m.bundle}/" for m in a.members]
    for piece, prefix, bundle in zip(pieces[1:-1], prefixes, [a, *a.members]):
        names = [s.get("name") for s in ET.fromstring(f"<r>{piece}</r>")]
        assert names == [prefix + s.standard for s in bundle.standards]


def _waived(a):
    """The assessment with every finding of its first standard under an active waiver: its failures become skips."""
    note = WaiverNote(justification="j", approved_by="a", expires=dt.date(2999, 12, 31), active=True,
                      where=EvidenceRef(file="cmscheck.yaml", line=1))
    std = a.standards[0]
    waived = [f.model_copy(update={"waiver": note}) for f in std.findings]
    return a.model_copy(update={"standards": [std.model_copy(update={"findings": waived}), *a.standards[1:]]})


def test_the_totals_count_waived_statements_as_skipped(assessments):
    """The root's totals are counted before any suite is built: a waived nonconformity is a skip there too."""
    a = assessments["hubei-steel", "zh"]
    waived = _waived(a)
    assert [f for f in waived.standards[0].findings if f.verdict == "nonconforming"], "the standard has nonconformities"
    text = "".join(junit_report.chunks(waived, "zh"))
    assert differs(text, _one_piece(waived, "zh")) is None and differs(text, _one_piece(a, "zh")) is not None
    root = ET.fromstring(text.encode())
    assert int(root.get("skipped")) > int(ET.fromstring(_one_piece(a, "zh").encode()).get("skipped"))


def test_a_report_without_suites_is_one_empty_root(assessments):
    a = assessments["minimal", "zh"].model_copy(update={"standards": [], "members": []})
    assert differs("".join(junit_report.chunks(a, "zh")), _one_piece(a, "zh")) is None


def test_text_holding_the_stand_in_is_no_split_point(assessments):
    """The suites' place is found by a stand-in element: text holding the same characters, as an
    organization's name may, is escaped in the root's attribute."""
    a = assessments["park", "zh"]
    org = a.organization.model_copy(update={"name": 'x\n  <_ />\n y'})
    tricky = a.model_copy(update={"organization": org})
    assert differs("".join(junit_report.chunks(tricky, "zh")), _one_piece(tricky, "zh")) is None


def test_a_streamed_report_is_written_whole(tmp_path, assessments):
    out = tmp_path / "park.xml"
    res = CliRunner().invoke(cli_main, ["evaluate", str(PARK), "--format", f"junit:{out}", "--format", "text",
                                        "--fail-on", "never"], catch_exceptions=False)
    assert res.exit_code == 0 and res.stdout.strip()
    assert out.read_text(encoding="utf-8") == _one_piece(assessments["park", "zh"], "zh")
    assert [p.name for p in tmp_path.iterdir()] == ["park.xml"]
