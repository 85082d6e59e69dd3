"""One checklist row per statement a person must settle: documented (to verify) or not assessed.

Built from what every renderer receives (the ReportContext: assessment and catalog), so the checklist
shows the same verdicts as the report. The columns and the answer words are defined once here; the
writers and the reader both use them.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..context import ReportContext

NEEDS_A_PERSON = ("documented", "not_assessed")

# key, zh header, en header, width (characters)
COLUMNS: tuple[tuple[str, str, str, int], ...] = (
    ("statement", "条目编号", "statement id", 22),
    ("standard", "标准", "standard", 12),
    ("clause", "条款", "clause", 9),
    ("text", "要求", "requirement", 60),
    ("modality", "要求类型", "modality", 10),
    ("status", "当前状态", "current status", 16),
    ("expected", "标准要求的证据", "evidence expected", 30),
    ("found", "cmscheck 已找到", "found by cmscheck", 30),
    ("answer", "答复", "answer", 14),
    ("nc_type", "不符合类型", "nonconformity type", 14),
    ("grade", "不符合等级", "grade", 10),
    ("evidence", "证据编号", "evidence ids", 24),
    ("justification", "说明/理由", "justification", 36),
    ("answered_by", "答复人", "answered by", 16),
    ("date", "日期 (YYYY-MM-DD)", "date (YYYY-MM-DD)", 14),
)
KEYS = tuple(c[0] for c in COLUMNS)
ANSWER_COLUMNS = ("answer", "nc_type", "grade", "evidence", "justification", "answered_by", "date")

# answer word → meaning; the reader accepts both languages whatever the checklist's language
ANSWERS = {
    "zh": {"符合": "conforming", "不符合": "nonconforming", "不适用": "not_applicable", "观察项": "observation"},
    "en": {"conforming": "conforming", "nonconforming": "nonconforming", "not applicable": "not_applicable",
           "observation": "observation"},
}
NC_TYPES = {
    "zh": {"体系性": "systemic", "实施性": "implementation", "有效性": "effectiveness"},
    "en": {"systemic": "systemic", "implementation": "implementation", "effectiveness": "effectiveness"},
}
GRADES = {"zh": {"严重": "severe", "一般": "general"}, "en": {"severe": "severe", "general": "general"}}
STATUS_TEXT = {"zh": {"documented": "有文件、待核实", "not_assessed": "未评价"},
               "en": {"documented": "documented — to verify", "not_assessed": "not assessed"}}
MODALITY_TEXT = {"zh": {"shall": "应", "should": "宜", "may": "可", "can": "能"},
                 "en": {"shall": "shall", "should": "should", "may": "may", "can": "can"}}


def lang_of(lang: str) -> str:
    return "en" if lang == "en" else "zh"


def header(lang: str) -> list[str]:
    return [c[2] if lang_of(lang) == "en" else c[1] for c in COLUMNS]


def words(table: dict, lang: str) -> list[str]:
    return list(table[lang_of(lang)])


@dataclass(frozen=True)
class Row:
    statement: str
    standard: str
    clause: str
    text: str
    modality: str
    status: str
    expected: str
    found: str

    def cells(self) -> list[str]:
        return [self.statement, self.standard, self.clause, self.text, self.modality, self.status,
                self.expected, self.found] + [""] * len(ANSWER_COLUMNS)


def rows(ctx: ReportContext) -> list[Row]:
    """The statements of the applicable standards that need a person, in catalog order."""
    lang = lang_of(ctx.lang)
    catalog = ctx.catalog
    kinds = {k.id: k for k in catalog.vocabulary.evidence_kinds}
    out = []
    for s in ctx.assessment.standards:
        if not s.applicable:
            continue
        for r in s.statements:
            if r.status not in NEEDS_A_PERSON:
                continue
            st = catalog.statement(r.id)
            expected = [(kinds[k].name.en or kinds[k].name.zh) if lang == "en" else kinds[k].name.zh
                        for k in (st.evidence if st else []) if k in kinds]
            found = sorted({e.file + (f"#{e.section}" if e.section else "") for e in r.evidence})
            out.append(Row(r.id, s.standard, r.clause, st.text if st else "", MODALITY_TEXT[lang].get(r.modality, r.modality),
                           STATUS_TEXT[lang][r.status], "; ".join(expected), "; ".join(found)))
    return out
