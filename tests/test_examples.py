"""The shipped examples (examples/*) and their golden files (tests/golden/<example>.md and .digest).

Each example is evaluated once, in process. The Markdown report must equal `<example>.md` (what
`cmscheck evaluate examples/<example> --format markdown` prints from the repository root; one test
checks that through the CLI). The full JSON report is too long to review as a diff, so the golden
`<example>.digest` keeps what a reviewer must see change: per bundle and standard the counts by status
and basis, every finding on one line, and every decided statement's status and basis on one line.

To regenerate the golden files after a deliberate change (a rule, a renderer, an example):

    CMSCHECK_UPDATE_GOLDEN=1 python3 -m pytest -q tests/test_examples.py

and review the diff before committing it: a golden file that changes for no reason is a bug.
"""

from __future__ import annotations

import difflib
import os
from functools import lru_cache
from pathlib import Path

import pytest
from click.testing import CliRunner

from cmscheck.bundle import load_bundle
from cmscheck.catalog import load_catalog
from cmscheck.cli import main as cli_main
from cmscheck.evaluate import evaluate
from cmscheck.render import renderers
from cmscheck.rules import load_rules

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
GOLDEN = Path(__file__).resolve().parent / "golden"
NAMES = ["hubei-steel", "park", "small-manufacturer"]
FORMATS = {"digest": "digest", "markdown": "md"}
UPDATE = os.environ.get("CMSCHECK_UPDATE_GOLDEN") == "1"


@lru_cache(maxsize=1)
def _inputs():
    return load_catalog(), load_rules()


@lru_cache(maxsize=None)
def assessment(name: str):
    """Evaluate an example once per test session: loading and evaluation are the slow part."""
    catalog, ruleset = _inputs()
    return evaluate(load_bundle(EXAMPLES / name, catalog), catalog, ruleset)


def digest(a, out: list[str] | None = None, prefix: str = "") -> str:
    """One line per count, finding and decided statement: a change of one verdict is a one-line diff."""
    out = [] if out is None else out
    out.append(f"# {prefix or a.bundle} — {a.organization.name}")
    for s in a.standards:
        if not s.applicable:
            out.append(f"{s.standard}: not applicable")
            continue
        c = s.counts
        out.append(f"{s.standard}: status " + " ".join(f"{k}={v}" for k, v in c.by_status.items() if v)
                   + " | basis " + " ".join(f"{k}={v}" for k, v in c.by_basis.items() if v))
        for f in s.findings:
            where = ", ".join(f"{e.file}:{e.line or ''}" for e in f.evidence[:3])
            out.append(f"  finding {f.id} {f.verdict} {f.type}/{f.grade}" + (f" situation {f.situation}" if f.situation else "")
                       + f" [{' '.join(f.statements)}] ({where}) {f.message.en}")
        for r in s.statements:
            if r.status not in ("not_assessed", "informative"):
                out.append(f"  {r.id} {r.status}/{r.basis}")
    for m in a.members:
        digest(m, out, f"{prefix or a.bundle}/{m.bundle}")
    return "\n".join(out) + "\n"


@lru_cache(maxsize=None)
def report(name: str, fmt: str) -> str:
    if fmt == "digest":
        return digest(assessment(name))
    return renderers()[fmt](assessment(name), "zh")


def _first_difference(expected: str, actual: str) -> str:
    diff = difflib.unified_diff(expected.splitlines(), actual.splitlines(), "golden", "now", n=1, lineterm="")
    return "\n".join(line[:200] for _, line in zip(range(30), diff))


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("name", NAMES)
def test_report_matches_golden(name, fmt):
    golden = GOLDEN / f"{name}.{FORMATS[fmt]}"
    text = report(name, fmt)
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(text.encode("utf-8"))
        return
    assert golden.is_file(), f"{golden} is missing; generate it with CMSCHECK_UPDATE_GOLDEN=1"
    expected = golden.read_bytes().decode("utf-8")
    assert text == expected, (
        f"{name} {fmt} report differs from {golden.relative_to(ROOT)}; if the change is intended, "
        f"regenerate with CMSCHECK_UPDATE_GOLDEN=1 and review the diff:\n{_first_difference(expected, text)}"
    )


def test_cli_prints_the_golden_bytes(monkeypatch):
    # The golden files claim to be the CLI's output; check one through the CLI itself.
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(cli_main, ["evaluate", "examples/small-manufacturer", "--format", "markdown"])
    assert result.exit_code == 1, result.output  # severe nonconformities: the default --fail-on severe
    assert result.stdout_bytes == report("small-manufacturer", "markdown").encode("utf-8")


@pytest.mark.parametrize("name", NAMES)
def test_example_validates(name, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(cli_main, ["validate", f"examples/{name}"])
    assert result.exit_code == 0, result.output
    assert "OK" in result.output


def _nonconformities(a):
    return [f for f in a.findings() if f.verdict == "nonconforming"]


# hubei-steel: every planted problem (examples/hubei-steel/PLANTED.md) is found, and nothing else
PLANTED_RULES = {
    "instrument-calibration", "source-arithmetic", "allowance-surrender", "severe-nc-not-corrected",
    "corrective-action-late", "target-missed", "target-plan-not-carried-out", "evidence-missing",
    "tracking-check-gap", "content-element-missing", "oxidation-applied-twice",
    "nc-correction-overdue",  # PLANTED.md 4: NC-2023-02 is also past its own corrective-action deadline
}


def test_hubei_steel_has_all_types_and_grades():
    ncs = _nonconformities(assessment("hubei-steel"))
    assert {f.type for f in ncs} == {"systemic", "implementation", "effectiveness"}
    assert {f.grade for f in ncs} == {"severe", "general"}


def test_hubei_steel_planted_severe_situations():
    a = assessment("hubei-steel")
    ki = next(s for s in a.standards if s.standard == "key-industry")
    assert ki.applicable
    severe = {f.situation: f for f in _nonconformities(a) if f.grade == "severe"}
    assert set(severe) == {3, 6, 7, 12}
    assert severe[3].rule == "instrument-calibration" and "M-coal" in severe[3].message.en
    assert severe[6].rule == "source-arithmetic" and "S-lime" in severe[6].message.en
    assert severe[7].rule == "allowance-surrender" and "2023" in severe[7].message.en
    assert severe[12].rule == "severe-nc-not-corrected" and "NC-2023-02" in severe[12].message.en
    for f in severe.values():
        assert str(f.deadline) == "2025-06-30"  # as_of 2025-03-31 + 3 months


def test_hubei_steel_planted_general_findings_and_nothing_else():
    ncs = _nonconformities(assessment("hubei-steel"))
    assert {f.rule for f in ncs} == PLANTED_RULES
    general = {(f.rule, f.type) for f in ncs if f.grade == "general"}
    assert ("target-missed", "effectiveness") in general
    assert ("target-plan-not-carried-out", "implementation") in general
    assert ("tracking-check-gap", "implementation") in general
    assert ("oxidation-applied-twice", "implementation") in general  # PLANTED.md 11: S-gas
    missing = [f for f in ncs if f.rule == "evidence-missing"]
    assert missing and all("supplier_requirements" in f.message.en and f.type == "systemic" for f in missing)
    lacking = [f for f in ncs if f.rule == "content-element-missing"]  # PLANTED.md 9 and 10
    assert {s for f in lacking for s in f.statements} == {"key-industry:5.2.2.4", "key-industry:6.2.3.5"}
    assert all((f.type, f.grade) == ("systemic", "general") and f.evidence[0].file.startswith("docs/") for f in lacking)


def test_park_has_a_member_assessment_per_member():
    a = assessment("park")
    manifest = load_bundle(EXAMPLES / "park", _inputs()[0]).manifest
    assert a.organization.kind == "park"
    assert len(manifest.organization.members) >= 3
    assert [m.organization.name for m in a.members] == [m.name for m in manifest.organization.members]
    assert all(m.organization.kind == "enterprise" and not m.members for m in a.members)
    park = next(s for s in a.standards if s.standard == "park")
    assert park.applicable
    fired = [f for f in park.findings if f.rule == "member-inventory-missing"]
    assert [f.message.zh for f in fired] == ["成员企业“云湾园区物流有限公司”没有碳排放清单"]
    # the park standard is judged on the park only; members are enterprises
    for m in a.members:
        assert not next(s for s in m.standards if s.standard == "park").applicable


def test_park_members_differ():
    members = {m.organization.name: _nonconformities(m) for m in assessment("park").members}
    assert members["湖北云湾化工有限公司"] == []  # the member in good order
    # no data quality control plan (2), two months of electricity missing (4), ledger sum != activity (5)
    assert {f.situation for f in members["湖北云湾新型建材有限公司"] if f.grade == "severe"} == {2, 4, 5}
    assert len(members["云湾园区物流有限公司"]) > len(members["湖北云湾新型建材有限公司"])


def test_small_manufacturer_answers_and_exclusion():
    a = assessment("small-manufacturer")
    results = {r.id: r for s in a.standards for r in s.statements}
    by_answer = {sid: r for sid, r in results.items() if r.decided_by == "answer"}
    assert set(by_answer) == {
        "cms:5.1.a", "cms:5.1.d", "cms:4.3.s1", "cms:5.2.2", "enterprise:4.2.1.a",
        "industrial:5.2.3.s1",
    }
    assert by_answer["cms:5.1.a"].status == "conforming"
    assert by_answer["cms:5.1.d"].status == "nonconforming" and by_answer["cms:5.1.d"].findings
    not_applicable = {r.id: r for r in results.values() if r.status == "not_applicable"}
    # the bundle's own exclusion, and the statements whose condition (standards/applicability.yaml) does not
    # hold for a manufacturer outside any carbon market that claims no neutrality
    assert set(not_applicable) == {"cms:8.4.d", "cms:6.1.6.d", "industrial:8.1.3.s1", "industrial:8.1.4.s1"}
    assert "碳排放权交易市场" in not_applicable["cms:8.4.d"].note
    assert all(r.decided_by == "exclusion" and r.basis == "excluded" and r.note for r in not_applicable.values())
    cms = next(s for s in a.standards if s.standard == "cms")
    assert cms.counts.by_decision["answer"] == 4 and cms.counts.by_status["not_applicable"] == 2
    ki = next(s for s in a.standards if s.standard == "key-industry")
    assert not ki.applicable  # manufacturing, no carbon market


@pytest.mark.parametrize("name", NAMES)
def test_no_statement_conforms_on_presence_alone(name):
    """Conforming means checked (a `basis: checked` rule tested it, citing what it tested) or answered (a
    person attested it) — never the mere presence, approval or date of a document."""
    ruleset = _inputs()[1]
    basis = {r.id: r.basis for r in ruleset.rules}
    a = assessment(name)
    seen = 0
    for sub in [a, *a.members]:
        for s in sub.standards:
            for r in s.statements:
                if r.status == "conforming":
                    seen += 1
                    assert r.basis in ("checked", "answered") and r.evidence, (sub.bundle, r.id)
                    if r.basis == "checked":
                        assert any(basis[rule] == "checked" for rule in r.rules), (sub.bundle, r.id, r.rules)
                if r.status == "documented":
                    assert r.basis == "documented" and r.evidence, (sub.bundle, r.id)
    assert seen
