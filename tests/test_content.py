"""Required content: the data's loader, the recogniser, the content facts and the rule's coverage.

Held-out scores are in tests/test_content_heldout.py.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from cmscheck.bundle.loader import load_bundle
from cmscheck.catalog import load_catalog
from cmscheck.content.facts import content
from cmscheck.content.loader import content_dir, load_content, load_content_from
from cmscheck.content.model import Element
from cmscheck.content.recognise import Recogniser, normalise, recognise, sentences
from cmscheck.evidence import read_file
from cmscheck.evidence.model import Locator, Section
from cmscheck.problems import InputError
from cmscheck.rules.loader import load_rules

ROOT = Path(__file__).resolve().parents[1]
CUES = load_content().negation.cues


def element(groups, **kw) -> Element:
    return Element.model_validate({"id": "e", "name": {"zh": "元素", "en": "element"}, "statements": ["cms:5.2.b"],
                                   "groups": [{"name": f"g{i}", "terms": t} for i, t in enumerate(groups)], **kw})


COMMITMENT = element([["法律法规", "合规义务"], ["承诺", "遵守", "履行"]])


# ------------------------------------------------------------------------------------------ recognising

def test_full_width_and_spaces_are_normalised():
    assert normalise("ＧＢ／Ｔ　32151 ") == "gb/t32151"
    r = Recogniser(element([["gb/t32151"], ["核算"]]), CUES)
    assert r.sentence("依据 ＧＢ／Ｔ 32151.5 核算")


def test_every_group_must_match_within_one_sentence():
    r = Recogniser(COMMITMENT, CUES)
    assert r.sentence("本公司承诺遵守法律法规")
    assert not r.sentence("法律法规清单见附件")  # the obligation without a commitment
    sec = Section(heading_path=("承诺",), text="持续改进。\n法律法规见附件。", locator=Locator(file="p.md", line=3))
    assert not r.find([sec]).found  # 承诺 is the heading, not part of a sentence (heading: false)


def test_sentences_end_at_chinese_and_western_punctuation_and_line_breaks():
    assert [s for _, s in sentences("一。二；三;四！五？六\n七")] == list("一二三四五六七")


@pytest.mark.parametrize("text", [
    "本公司暂未识别适用的法律法规",
    "不涉及合规义务的履行",
    "合规义务的履行待下一年度明确",
    "法律法规的遵守情况另行规定",
    "本公司尚未承诺遵守法律法规",
])
def test_a_negated_or_deferred_clause_does_not_count(text):
    assert not Recogniser(COMMITMENT, CUES).sentence(text)


def test_negation_stays_in_its_clause():
    assert Recogniser(COMMITMENT, CUES).sentence("本公司承诺遵守法律法规，但合规义务清单尚未更新")


def test_prohibitions_are_not_negations():
    tamper = Recogniser(element([["篡改", "擅自"]]), CUES)
    assert tamper.sentence("原始数据不得擅自修改")
    assert tamper.sentence("不得篡改原始记录")


def test_negation_off_and_exclusions():
    nature = element([["不满足", "未按"]], negation=False, exclude=["待补充"])
    r = Recogniser(nature, CUES)
    assert r.sentence("跟踪检查未按计划开展，不满足要求")
    assert not r.sentence("不满足的条款待补充")


def test_gap_terms_and_headings():
    r = Recogniser(element([["修改*审批"]]), CUES)
    assert r.sentence("数据修改须经主管审批")
    assert not r.sentence("修改后的文件由总经理在年度会议上正式予以审批")  # more than eight characters apart
    causes = element([["不符合"], ["原因"]], heading=True)
    sec = Section(heading_path=("审核发现", "原因分析"), text="不符合项 NC-1：计划未规定检查时间。",
                  locator=Locator(file="a.md", line=5))
    m = recognise([sec], causes, CUES)
    assert m.found and m.passage.startswith("不符合项") and m.line_offset == 1


# ------------------------------------------------------------------------------------------ the data

def test_the_data_loads_and_every_element_decides_shall_or_should_statements():
    data = load_content()
    catalog = load_catalog()
    assert len(data.kinds) >= 10
    for kind, el in data.elements():
        assert kind.kind in {k.id for k in catalog.vocabulary.evidence_kinds}
        for sid in el.statements:
            assert catalog.statement(sid).modality in ("shall", "should"), sid


def test_the_rule_decides_exactly_the_statements_of_the_elements():
    rule = load_rules().get("content-element-missing")
    data_ids = {s for _, el in load_content().elements() for s in el.statements}
    assert set(rule.decides.statements) == data_ids, (
        "rules/content.yaml decides.statements must list every statement of rules/content/*.yaml and no other: "
        f"missing {sorted(data_ids - set(rule.decides.statements))}, extra {sorted(set(rule.decides.statements) - data_ids)}")


def _copy_content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(content_dir(), root)
    return root


@pytest.mark.parametrize("edit, line, field, message", [
    (("policy.yaml", "cms:5.2.b,", "cms:5.2.zz,"), 8, "elements[0].statements[0]", "unknown statement id"),
    (("policy.yaml", "cms:5.2.b,", "cms:6.1.2.n1,"), 8, "elements[0].statements[0]", "no rule decides it"),
    (("policy.yaml", "kind: policy", "kind: policies"), 4, "kind", "unknown evidence kind"),
    (("policy.yaml", "kind: policy", "kind: targets"), 4, "kind", "name the file"),
    (("policy.yaml", "    groups:\n", "    grups:\n"), 9, "elements[0].grups", "Extra inputs"),
    (("_negation.yaml", "  - 不涉及", "  - 不(涉及"), 6, "cues[0]", "not a regular expression"),
])
def test_bad_content_data_is_a_located_problem(tmp_path, edit, line, field, message):
    root = _copy_content(tmp_path)
    name, old, new = edit
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_content_from(root, load_catalog())
    p = next(p for p in err.value.problems if message in p.message or message in p.fix)
    assert p.file.endswith(name) and p.field.startswith(field) and p.line is not None and abs(p.line - line) <= 2, p


# ------------------------------------------------------------------------------------------ the facts

def test_content_reads_markdown_text_and_refuses_a_broken_docx(tmp_path):
    (tmp_path / "a.md").write_text("# 方针\n\n## 承诺\n\n遵守法律法规。\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("遵守法律法规。\n", encoding="gb18030")
    (tmp_path / "c.docx").write_bytes(b"PK\x03\x04")
    md = read_file(tmp_path / "a.md", "a.md")
    assert md.status == "read" and md.sections[-1].heading_path == ("方针", "承诺") and md.sections[-1].locator.line == 3
    assert read_file(tmp_path / "b.txt", "b.txt").encoding == "gb18030"
    assert read_file(tmp_path / "c.docx", "c.docx").status == "unreadable"  # a truncated zip: never "read"


def test_content_facts_cite_the_passage_line_and_count_unreadable_documents(tmp_path):
    catalog = load_catalog()
    bundle_dir = tmp_path / "b"
    shutil.copytree(ROOT / "tests" / "bundles" / "complete", bundle_dir)
    (bundle_dir / "docs" / "policy.md").write_text(
        "# 方针\n\n## 承诺\n\n1. 持续改进碳排放绩效。\n\n2. 本公司承诺遵守法律法规。\n", encoding="utf-8")
    facts = {f["element"]: (f, refs) for f, refs in content(load_bundle(bundle_dir, catalog), catalog, kinds=["policy"])}
    fact, refs = facts["compliance_commitment"]
    assert fact["found"] and fact["documents_read"] == 1 and fact["statements"].split()[0] == "cms:5.2.b"
    assert (refs[0].file, refs[0].line, refs[0].section) == ("docs/policy.md", 7, "方针 > 承诺")
    fact, refs = facts["social_responsibility"]
    assert not fact["found"] and any(r.file == "cmscheck.yaml" and r.line for r in refs)

    manifest = bundle_dir / "cmscheck.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("file: docs/policy.md", "file: docs/policy.pdf"), encoding="utf-8")
    (bundle_dir / "docs" / "policy.pdf").write_bytes(b"%PDF-1.4")
    fact, _ = next((f, r) for f, r in content(load_bundle(bundle_dir, catalog), catalog, kinds=["policy"]))
    assert (fact["documents_read"], fact["documents_unreadable"], fact["found"]) == (0, 1, False)


def test_the_docs_table_is_current():
    run = subprocess.run([sys.executable, str(ROOT / "tools" / "content_table.py"), "--check"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


def test_a_word_passage_cites_its_paragraph(tmp_path, monkeypatch):
    """Readers of other formats give paragraph or page locators; the citation keeps them."""
    from cmscheck.content import facts as content_facts
    from cmscheck.evidence.model import ReadResult

    def fake_read(path, rel):
        sec = Section(heading_path=("承诺",), text="本公司承诺遵守法律法规。",
                      locator=Locator(file=rel, heading="承诺", paragraph=3))
        return ReadResult(file=rel, format="docx", status="read", sections=(sec,))

    monkeypatch.setattr(content_facts, "read_file", fake_read)
    catalog = load_catalog()
    bundle_dir = tmp_path / "b"
    shutil.copytree(ROOT / "tests" / "bundles" / "complete", bundle_dir)
    bundle = load_bundle(bundle_dir, catalog)
    bundle.readings.clear()  # the loader's own readings would be used first: read through the stand-in
    facts = {f["element"]: (f, refs) for f, refs in content(bundle, catalog, kinds=["policy"])}
    fact, refs = facts["compliance_commitment"]
    assert fact["found"] and refs[0].line is None and refs[0].section == "承诺" and refs[0].note.startswith("¶3 “本公司")


def test_an_element_missing_from_the_read_policy_is_not_conforming_while_another_policy_is_unread(tmp_path):
    """The element might stand in the document that could not be read: no finding, and no conforming
    verdict either — the statement is documented, to verify (the fact is not measured)."""
    from cmscheck import pipeline

    bundle_dir = tmp_path / "b"
    shutil.copytree(ROOT / "tests" / "bundles" / "complete", bundle_dir)
    (bundle_dir / "docs" / "policy.md").write_text("# 方针\n\n## 承诺\n\n本公司持续改进碳排放绩效，节能降碳。\n", encoding="utf-8")

    def statement(status_of: str):
        assessed = pipeline.load_and_assess(bundle_dir, pipeline.load_inputs(), pipeline.Options(standards=["cms"]))
        cms = assessed.context.assessment.standards[0]
        return next(r for r in cms.statements if r.id == status_of)

    # only the one policy, read in full: the commitment is checked missing
    assert statement("cms:5.2.b").status == "nonconforming"
    manifest = bundle_dir / "cmscheck.yaml"
    doc = yaml.safe_load(manifest.read_text(encoding="utf-8"))
    doc["documents"].append({**doc["documents"][0], "id": "D-policy-2", "title": "方针补充", "file": "docs/policy-2.pdf"})
    manifest.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (bundle_dir / "docs" / "policy-2.pdf").write_bytes(b"%PDF-1.4")
    result = statement("cms:5.2.b")
    assert result.status == "documented" and result.basis == "documented", result
