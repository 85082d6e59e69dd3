"""User-facing words of the comparison renderers, zh and en, and the short cell texts they share."""

from __future__ import annotations

from .labels import t as base

LABELS = {
    "zh": {
        "nonconforming": "不符合", "observation": "观察项", "conforming": "符合", "not_assessed": "未评价", "documented": "有文件、待核实",
        "excluded": "已排除", "no_requirements": "无要求（仅资料性）", "no_statements": "未涉及", "not_applicable": "不适用",
        "no_counterpart": "{std} 没有对应条款：这是 {own} 单独提出的要求",
        "guidance_only": "{std} 的对应条款只是指导（可/资料性），不是要求",
        "counterpart_conforming": "{std} 的对应条款判定为符合",
        "counterpart_excluded": "{std} 的对应条款已被排除（不适用）",
        "counterpart_not_assessed": "{std} 的对应条款没有规则或答复判定（未评价）",
        "counterpart_documented": "{std} 的对应条款只知道有文件（有文件、待核实），内容未经核查",
        "equivalent": "等同", "subset": "被包含", "superset": "包含", "intersects": "交叉",
        "matrix": "主题 × 标准", "differ": "判定不同的主题及原因", "same": "各标准判定一致",
        "legend": "单元格：判定；✓符合 ✗不符合 ◐观察项 ◔有文件待核实 ?未评价 −排除；不符合项按类型列出（严重/一般）",
        "topic": "主题", "standard": "标准", "applies": "适用", "undecided": "{std} 未评价的条款",
        "more": "另有 {n} 条（完整列表见 --format json）", "by": "判定规则", "findings": "发现",
        "members": "成员企业", "statements": "条", "nothing_differs": "所有主题的判定一致。", "differs": "判定不同",
    },
    "en": {
        "nonconforming": "nonconforming", "observation": "observation", "conforming": "conforming", "not_assessed": "not assessed",
        "documented": "documented — to verify",
        "excluded": "excluded", "no_requirements": "no requirement (informative only)", "no_statements": "not covered",
        "not_applicable": "does not apply",
        "no_counterpart": "{std} has no counterpart: {own} asks this alone",
        "guidance_only": "{std} gives its counterpart only as guidance (may/informative), not as a requirement",
        "counterpart_conforming": "{std}'s counterpart is conforming",
        "counterpart_excluded": "{std}'s counterpart is excluded (not applicable)",
        "counterpart_not_assessed": "{std}'s counterpart is decided by no rule and no answer (not assessed)",
        "counterpart_documented": "{std}'s counterpart is only documented (presence known, content not checked)",
        "equivalent": "equivalent", "subset": "subset", "superset": "superset", "intersects": "intersects",
        "matrix": "topics × standards", "differ": "where the verdicts differ, and why", "same": "same verdict",
        "legend": "cell: verdict; ✓ conforming ✗ nonconforming ◐ observation ◔ documented — to verify ? not assessed − excluded; nonconformities by type (severe/general)",
        "topic": "topic", "standard": "standard", "applies": "applies", "undecided": "statements of {std} not assessed",
        "more": "{n} more (--format json lists all)", "by": "decided by", "findings": "findings",
        "members": "member enterprises", "statements": "statements", "nothing_differs": "Every topic has the same verdict under every standard.", "differs": "verdicts differ",
    },
}

SYMBOLS = (("conforming", "✓"), ("nonconforming", "✗"), ("observation", "◐"), ("documented", "◔"), ("not_assessed", "?"),
           ("not_applicable", "−"))
TYPES = ("systemic", "implementation", "effectiveness")


def t(lang: str, key: str, **kw) -> str:
    table = LABELS.get(lang, LABELS["zh"])
    text = table[key] if key in table else base(lang, key)
    return text.format(**kw) if kw else text


def status_line(cell) -> str:
    """'✓12 ✗5 ?3': the statuses of the topic's statements under one standard."""
    return " ".join(f"{sym}{cell.by_status[k]}" for k, sym in SYMBOLS if cell.by_status.get(k))


def finding_tags(f, lang: str, sep: str = "·") -> str:
    """type·grade[·situation N][·waived] of a FindingRef."""
    tags = [base(lang, f.type), base(lang, f.grade)] + ([f"{base(lang, 'situation')} {f.situation}"] if f.situation else [])
    if f.waived:
        tags.append("已豁免" if lang != "en" else "waived")
    return sep.join(tags)


def nc_line(cell, lang: str) -> str:
    """'systemic 0/1 · implementation 2/3': nonconformities by type, severe/general; empty when none."""
    parts = []
    for ty in TYPES:
        sev, gen = cell.nonconformities.get(f"{ty}/severe", 0), cell.nonconformities.get(f"{ty}/general", 0)
        if sev or gen:
            parts.append(f"{base(lang, ty)} {sev}/{gen}")
    return " · ".join(parts)
