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
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

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


def _case(st, std: StandardAssessment, by_id: dict[str, Finding], lang: str) -> TestCase:
    case = TestCase(_x(st.id), _x(f"{std.standard}.{st.clause}"))
    findings = [by_id[i] for i in st.findings if i in by_id]
    if st.status == "nonconforming":
        ncs = [f for f in findings if f.verdict == "nonconforming"]
        live = [f for f in ncs if counts(f)]
        detail = "\n".join(line for f in ncs for line in _finding_lines(f, lang))
        if live:
            worst = "severe" if any(f.grade == "severe" for f in live) else "general"
            failure = Failure(_x(" | ".join(f"{f.id}: {f.message.get(lang)}" for f in live)), worst)
            failure.text = _x(detail)
            case.result = [failure]
        else:
            skipped = Skipped(_x(" | ".join(f"{f.id}: {waiver_text(f.waiver, lang)}" for f in ncs)))
            skipped.text = _x(detail)
            case.result = [skipped]
    elif st.status in _SKIP:
        reason = _SKIP[st.status][lang if lang == "en" else "zh"]
        cited = "; ".join(ref_text(r) for r in st.evidence[:3]) if st.status == "documented" else ""
        case.result = [Skipped(_x(reason + (f": {st.note}" if st.note else "") + (f" ({cited})" if cited else "")))]
    elif st.status == "observation":
        case.system_out = _x("\n".join(line for f in findings for line in _finding_lines(f, lang)))
    return case


def _suites(a: Assessment, lang: str, prefix: str) -> list[TestSuite]:
    out = []
    for std in a.standards:
        suite = TestSuite(_x(f"{prefix}{std.standard}"))
        suite.add_property("title", _x(std.title.get(lang)))
        suite.add_property("kind", std.kind)
        suite.add_property("organization", _x(a.organization.name))
        suite.add_property("applicable", "true" if std.applicable else "false")
        if not std.applicable:
            suite.add_property("reason", _x(std.applicability_reason.get(lang)))
        by_id = {f.id: f for f in std.findings}
        # added at once: add_testcase counts every case of the suite again after each one it adds, which
        # made a report quadratic in the statements (~2 s a steel bundle, 900 cases; a minute for 20)
        suite.add_testcases([_case(st, std, by_id, lang) for st in std.statements if st.modality in ("shall", "should")])
        out.append(suite)
    for m in a.members:
        out += _suites(m, lang, f"{prefix}{m.bundle}/")
    return out


def render(assessment: Assessment, lang: str = "zh") -> str:
    xml = JUnitXml(_x(f"cmscheck: {assessment.organization.name}"))
    for suite in _suites(assessment, lang, ""):
        # appended: add_testsuite compares each suite with every one added before (a park of 1,000 members,
        # 5,000 suites, made that quadratic) and merges one whose name and properties equal an earlier one's
        xml.append(suite)
    xml.update_statistics()
    root = ET.fromstring(xml.tostring())  # re-read only to indent: junitparser pretty-prints to files alone
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
