"""User-facing labels in zh and en, shared by the renderers."""

LABELS = {
    "zh": {
        "conforming": "符合", "nonconforming": "不符合", "observation": "观察项", "not_applicable": "不适用",
        "not_assessed": "未评价", "informative": "资料性",
        "systemic": "体系性", "implementation": "实施性", "effectiveness": "效果性",
        "severe": "严重", "general": "一般",
        "rule": "规则", "answer": "答复", "exclusion": "排除", "none": "无",
        "requirements": "要求（可认证）", "guideline": "指南（差距）",
        "not_applicable_standard": "不适用", "situation": "严重情形", "deadline": "纠正期限",
        "statements": "条款陈述", "evidence": "证据", "findings": "发现",
        "decided": "判定来源", "gap": "对照指南的差距",
        "documented": "有文件、待核实", "checked": "已核查", "answered": "答复（经确认）", "excluded": "排除",
        "conforming_checked": "符合（已核查）", "conforming_answered": "符合（答复）", "conformity_rate": "符合率",
        "basis": "依据", "severe_general": "严重/一般",
    },
    "en": {
        "conforming": "conforming", "nonconforming": "nonconforming", "observation": "observation",
        "not_applicable": "not applicable", "not_assessed": "not assessed", "informative": "informative",
        "systemic": "systemic", "implementation": "implementation", "effectiveness": "effectiveness",
        "severe": "severe", "general": "general",
        "rule": "rules", "answer": "answers", "exclusion": "exclusions", "none": "not decided",
        "requirements": "requirements (certifiable)", "guideline": "guideline (gaps)",
        "not_applicable_standard": "does not apply", "situation": "severe situation", "deadline": "corrective action due",
        "statements": "statements", "evidence": "evidence", "findings": "findings",
        "decided": "decided by", "gap": "gap against guidance",
        "documented": "documented — to verify", "checked": "checked", "answered": "answered (attested)", "excluded": "excluded",
        "conforming_checked": "conforming (checked)", "conforming_answered": "conforming (answered)", "conformity_rate": "conformity",
        "basis": "basis", "severe_general": "severe/general",
    },
}


def t(lang: str, key: str) -> str:
    return LABELS.get(lang, LABELS["zh"]).get(key, key)


# The honest summary of one standard: conforming split by what it rests on, "documented — to verify" and
# "not assessed" beside it, and the rate over every assessable statement (documented ones included).
COUNT_COLUMNS = ("conforming_checked", "conforming_answered", "documented", "nonconforming", "observation",
                 "not_assessed", "not_applicable", "conformity_rate", "severe_general")


def count_cells(c) -> list[str]:
    """The cells of COUNT_COLUMNS for one standard's Counts."""
    sev = sum(v for k, v in c.nonconformities.items() if k.endswith("/severe"))
    gen = sum(v for k, v in c.nonconformities.items() if k.endswith("/general"))
    return [str(c.conforming_checked), str(c.conforming_answered), str(c.by_status["documented"]),
            str(c.by_status["nonconforming"]), str(c.by_status["observation"]), str(c.by_status["not_assessed"]),
            str(c.by_status["not_applicable"]), f"{c.conformity_rate:.0%}", f"{sev}/{gen}"]


def ref_text(ref) -> str:
    out = ref.file
    if getattr(ref, "sheet", None):  # Excel: file!sheet!cell; PDF: p.N; Word: ¶N (set only for those formats)
        out += f"!{ref.sheet}" + (f"!{ref.cell}" if ref.cell else "")
    if ref.line:
        out += f":{ref.line}"
    if getattr(ref, "page", None):
        out += f" p.{ref.page}"
    if ref.field:
        out += f" ({ref.field})"
    if ref.section:
        out += f" §{ref.section}"
    if getattr(ref, "paragraph", None):
        out += f" ¶{ref.paragraph}"
    if ref.note:
        out += f" — {ref.note}"
    return out


def finding_tags(f, lang: str) -> str:
    """verdict · type · grade [· severe situation N] [· deadline]: the classification line of a finding."""
    tags = f"{t(lang, f.verdict)} · {t(lang, f.type)} · {t(lang, f.grade)}"
    if f.situation:
        tags += f" · {t(lang, 'situation')} {f.situation}"
    if f.deadline:
        tags += f" · {t(lang, 'deadline')} {f.deadline}"
    return tags
