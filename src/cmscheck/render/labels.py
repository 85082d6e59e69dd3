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
    },
}


def t(lang: str, key: str) -> str:
    return LABELS.get(lang, LABELS["zh"]).get(key, key)


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
