"""JUnit XML: one test case per assessable statement, one test suite per standard, written with junitparser.

CI systems show JUnit as passed / failed / skipped tests, so each (shall or should) statement maps to:
- nonconforming → a failure, unless every nonconformity on it is under an active waiver; the failure
  lists each finding (id, type, grade, severe situation, deadline, evidence, waiver);
- every nonconformity waived → skipped, with the waiver in the message;
- not assessed (no rule, no answer) and not applicable (excluded) → skipped, with the reason;
- conforming, and observations (should-statements: opportunities for improvement) → passed; an
  observation's text goes to system-out so it stays visible.
So the failure count is the number of statements judged nonconforming, waived ones left out.
Informative statements (may, notes) are not tests. Park members get their own suites, named
"<member folder>/<standard>". The XML holds no times or dates of the run: same input, same bytes.
Bundle text may hold characters XML 1.0 forbids (control characters from Excel or DOS tools): each is
replaced by U+FFFD before it reaches the XML, so the report is always well-formed.

A park's report is written a member at a time (`chunks`): the root element's totals come first, so the
members are read twice, once to count their test cases and once to write their suites, each member
rebuilt from its packed form and let go in turn. The bytes are those of the whole document written at
once (`build`), which tests/test_junit_stream.py compares on every bundle it has.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Iterator

from junitparser import Failure, JUnitXml, Skipped, TestCase, TestSuite

from ..assessment import Assessment, StandardAssessment
from ..findings import Finding
from ..waivers import counts, waiver_text
from ..textsafe import for_xml
from .labels import ref_text, t

_x = for_xml  # every text that reaches the XML


_SKIP = {
    "not_assessed": {"zh": "未评价：没有规则或答复判定该条款陈述", "en": "not assessed: no rule or answer decides this statement"},
    "not_applicable": {"zh": "不适用（排除）", "en": "not applicable (excluded)"},
    "documented": {"zh": "有文件、待核实：只知道证据存在、已批准或日期，内容须由人核实",
                   "en": "documented — to verify: only the presence, approval or date of the evidence is known"},
}


def _finding_lines(f: Finding, lang: str) -> list[str]:
    head = f"{f.id}: {t(lang, f.type)} · {t(lang, f.grade)}"
    if f.situation:
        head += f" · {t(lang, 'situation')} {f.situation}"
    if f.deadline:
        head += f" · {t(lang, 'deadline')} {f.deadline}"
    out = [head, f"  {f.message.get(lang)}"]
    out += [f"  {t(lang, 'evidence')}: {ref_text(r)}" for r in f.evidence]
    if f.waiver is not None:
        out.append("  " + waiver_text(f.waiver, lang))
    return out


def _assessable(std: StandardAssessment) -> Iterator[tuple[object, list[Finding]]]:
    """The statements that are test cases, each with its findings."""
    by_id = {f.id: f for f in std.findings}
    for st in std.statements:
        if st.modality in ("shall", "should"):
            yield st, [by_id[i] for i in st.findings if i in by_id]


def _live(findings: list[Finding]) -> list[Finding]:
    """The nonconformities that fail a statement: those under no active waiver."""
    return [f for f in findings if f.verdict == "nonconforming" and counts(f)]


def _outcome(st, findings: list[Finding]) -> type | None:
    """The result a statement's test case holds: Failure, Skipped, or none (passed)."""
    if st.status == "nonconforming":
        return Failure if _live(findings) else Skipped
    return Skipped if st.status in _SKIP else None


def _case(st, std: StandardAssessment, findings: list[Finding], lang: str) -> TestCase:
    case = TestCase(_x(st.id), _x(f"{std.standard}.{st.clause}"))
    outcome = _outcome(st, findings)
    if st.status == "nonconforming":
        ncs = [f for f in findings if f.verdict == "nonconforming"]
        detail = "\n".join(line for f in ncs for line in _finding_lines(f, lang))
        if outcome is Failure:
            live = _live(findings)
            worst = "severe" if any(f.grade == "severe" for f in live) else "general"
            failure = Failure(_x(" | ".join(f"{f.id}: {f.message.get(lang)}" for f in live)), worst)
            failure.text = _x(detail)
            case.append(failure)  # a new case holds no result: nothing for the `result` setter to remove
        else:
            skipped = Skipped(_x(" | ".join(f"{f.id}: {waiver_text(f.waiver, lang)}" for f in ncs)))
            skipped.text = _x(detail)
            case.append(skipped)
    elif outcome is Skipped:
        reason = _SKIP[st.status][lang if lang == "en" else "zh"]
        cited = "; ".join(ref_text(r) for r in st.evidence[:3]) if st.status == "documented" else ""
        case.append(Skipped(_x(reason + (f": {st.note}" if st.note else "") + (f" ({cited})" if cited else ""))))
    elif st.status == "observation":
        case.system_out = _x("\n".join(line for f in findings for line in _finding_lines(f, lang)))
    return case


def _walk(a: Assessment, prefix: str = "") -> Iterator[tuple[Assessment, str]]:
    """The bundle and its members (each rebuilt in turn), with the prefix of their suites' names."""
    yield a, prefix
    for m in a.members:
        yield from _walk(m, f"{prefix}{m.bundle}/")


def _own_suites(a: Assessment, lang: str, prefix: str) -> list[TestSuite]:
    """One bundle's suites, its members' left out."""
    out = []
    for std in a.standards:
        suite = TestSuite(_x(f"{prefix}{std.standard}"))
        suite.add_property("title", _x(std.title.get(lang)))
        suite.add_property("kind", std.kind)
        suite.add_property("organization", _x(a.organization.name))
        suite.add_property("applicable", "true" if std.applicable else "false")
        if not std.applicable:
            suite.add_property("reason", _x(std.applicability_reason.get(lang)))
        # added at once: add_testcase counts every case of the suite again after each one it adds, which
        # made a report quadratic in the statements (~2 s a steel bundle, 900 cases; a minute for 20).
        # Counted as _Totals counts them, from the outcomes: update_statistics (what add_testcases calls)
        # reads every case's results back from the XML, a fifth of the report's time
        suite.extend([_case(st, std, findings, lang) for st, findings in _assessable(std)])
        totals = _Totals()
        totals.add(std)
        suite.tests, suite.errors, suite.failures, suite.skipped, suite.time = totals.tests, 0, totals.failures, totals.skipped, 0
        out.append(suite)
    return out


def _suites(a: Assessment, lang: str, prefix: str) -> list[TestSuite]:
    return [suite for b, p in _walk(a, prefix) for suite in _own_suites(b, lang, p)]


_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'


def build(assessment: Assessment, lang: str = "zh") -> JUnitXml:
    """The whole document at once (every member's suites held together): `chunks` writes the same a member at a time."""
    xml = JUnitXml(_x(f"cmscheck: {assessment.organization.name}"))
    for suite in _suites(assessment, lang, ""):
        # appended: add_testsuite compares each suite with every one added before (a park of 1,000 members,
        # 5,000 suites, made that quadratic) and merges one whose name and properties equal an earlier one's
        xml.append(suite)
    xml.update_statistics()
    return xml


def _indented(element, level: int = 0, stand_in: bool = False) -> str:
    """A junitparser element's XML, indented as it stands `level` deep in the document; with `stand_in`,
    an empty child `<_ />` added last (where a frame's suites go)."""
    root = ET.fromstring(element.tostring())  # re-read only to indent: junitparser pretty-prints to files alone
    if stand_in:
        ET.SubElement(root, "_")
    ET.indent(root, space="  ", level=level)
    return ET.tostring(root, encoding="unicode")


@dataclass
class _Totals:
    """The root's counts, summed as JUnitXml.update_statistics sums its suites' (no case holds an Error,
    and none a time: the root's errors are 0, and its time the sum of its suites' 0.0, the int 0 when it
    has no suite)."""

    suites: int = 0
    tests: int = 0
    failures: int = 0
    skipped: int = 0

    def add(self, std: StandardAssessment) -> None:
        outcomes = [_outcome(st, findings) for st, findings in _assessable(std)]
        self.suites += 1
        self.tests += len(outcomes)
        self.failures += outcomes.count(Failure)
        self.skipped += outcomes.count(Skipped)


def _frame(assessment: Assessment, totals: _Totals) -> tuple[str, str]:
    """The document around its suites: the root's start tag with the totals, and its end."""
    xml = JUnitXml(_x(f"cmscheck: {assessment.organization.name}"))
    xml.tests, xml.failures, xml.errors, xml.skipped = totals.tests, totals.failures, 0, totals.skipped
    xml.time = 0.0 if totals.suites else 0
    if not totals.suites:
        return _HEAD + _indented(xml) + "\n", ""
    # the stand-in shows where the suites go: "<" stands nowhere else, escaped in every attribute
    text = _indented(xml, stand_in=True)
    at = text.index("\n  <_ />")
    return _HEAD + text[:at], text[at + len("\n  <_ />"):] + "\n"


def render(assessment: Assessment, lang: str = "zh") -> str:
    return "".join(chunks(assessment, lang))


def chunks(assessment: Assessment, lang: str = "zh") -> Iterator[str]:
    """The document in pieces: its head with the totals, then the suites of the bundle and of each member
    in turn (one piece each), each suite indented alone to stand in the root, then the root's end."""
    totals = _Totals()
    for a, _ in _walk(assessment):
        for std in a.standards:
            totals.add(std)
    head, tail = _frame(assessment, totals)
    yield head
    if not totals.suites:
        return
    for a, prefix in _walk(assessment):
        # each suite counted already (add_testcases), as the root's update_statistics would count it again
        yield "".join("\n  " + _indented(suite, level=1) for suite in _own_suites(a, lang, prefix))
    yield tail
