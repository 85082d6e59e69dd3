"""Suggest a statement's modality, evidence kinds, topics and cross references from its text.

Used when a standard's text is encoded into the catalog (and by tests that check the encoding);
the catalog files are the source of truth, so a suggestion can be corrected there by hand.
"""

from __future__ import annotations

import re

from .models import Modality, Vocabulary

# 应 inside these words is not the auxiliary verb (相应 corresponding, 供应 supply, 应用 apply …)
_NOT_SHALL = re.compile(r"[相响适供对效反因回顺感]应|应(?:用|急|对(?:风险|机遇|气候|碳风险|挑战|变化))")
_SHALL = re.compile(r"应|必须|不得")
_SHOULD = re.compile(r"(?<![适便])宜")  # 适宜性 (suitability) is not the verb
# 可 inside these words is not the auxiliary verb (可追溯 traceable, 可靠 reliable …); 可能 is possibility
# ("变更可能包括" names what can happen): it neither requires nor permits, so it is no `may`
_NOT_MAY = re.compile(r"可能|可(?:追溯|靠|信|行性|比|持续|再生|量化|核查|验证|考核|获得|视化|推广性|用资源|达成|测量|被)|认可|许可")
_MAY = re.compile(r"可|能够")
_NOTE = re.compile(r"^\s*(?:注\s*\d*\s*[:：]|示例\s*\d*\s*[:：]|例如[:：])")
_DEMAND = re.compile(r"文件化信息|形成文件|记录|建档|存档|报告|编制|制定|制订|保存|保留|台帐|台账|清单|计划|方案|手册|程序")
_REF = re.compile(r"(?<![\d.])(\d{1,2}(?:\.\d{1,2}){1,4})(?![\d.])")
# a number is a reference when a word around it says so (见 7.5, 按照 6.1, 6.4.2节, 4.1和4.2获得)
_REF_CONTEXT = re.compile(r"见|按照|依据|根据|参照|符合|节|条|获得|确定的|要求")


def modality(text: str, convention_should_yingdang: bool = False, inherited: Modality | None = None) -> Modality:
    """The auxiliary verb decides; a list item takes its introducing sentence's modality."""
    if _NOTE.match(text):
        return "informative"
    cleaned = _NOT_SHALL.sub("", text)
    if convention_should_yingdang and "应当" in cleaned:
        if not _SHALL.search(cleaned.replace("应当", "")):
            return "should"
    if _SHALL.search(cleaned):
        return "shall"
    if _SHOULD.search(text):
        return "should"
    if inherited is not None:
        return inherited
    if _MAY.search(_NOT_MAY.sub("", text)):
        return "may"
    return "informative"


def evidence(text: str, vocab: Vocabulary) -> list[str]:
    """Evidence kinds a statement demands: only when it asks for something documented or kept."""
    if not _DEMAND.search(text):
        return []
    return [k.id for k in vocab.evidence_kinds if any(w in text for w in k.keywords)]


def topics(text: str, vocab: Vocabulary) -> list[str]:
    return [t.id for t in vocab.topics if any(w in text for w in t.keywords)]


def refs(text: str, standard: str, known_clauses: set[str]) -> list[str]:
    out = []
    for m in _REF.finditer(text):
        number = m.group(1)
        window = text[max(0, m.start() - 6): m.end() + 6]
        if number in known_clauses and _REF_CONTEXT.search(window):
            ref = f"{standard}:{number}"
            if ref not in out:
                out.append(ref)
    return out
