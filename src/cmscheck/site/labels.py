"""The site's own words in zh and en; words the reports share come from render/labels.py."""

from __future__ import annotations

from ..render.labels import t as report_t

SITE = {
    "zh": {
        "site_name": "cmscheck 碳管理体系评价",
        "dashboard": "总览", "standards": "标准", "register": "不符合项登记", "evidence_page": "证据索引",
        "catalog": "标准目录", "glossary": "术语表", "park": "园区汇总", "members": "成员企业",
        "organization": "组织", "kind": "类型", "sector": "行业", "carbon_market": "碳市场", "period": "评价期",
        "as_of": "评价日", "bundle": "证据包", "standard": "标准", "status": "状态", "statement": "陈述",
        "modality": "情态", "text": "内容", "rule_col": "规则", "message": "说明", "place": "位置",
        "cited_by": "引用它的发现和陈述", "files_cited": "被引用的文件", "index": "证据清单", "missing": "缺少的预期证据",
        "supports": "支撑的陈述", "title": "标题", "file": "文件", "id": "编号", "demanded_by": "要求它的陈述",
        "heatmap": "主题 × 标准 符合率", "topic": "主题", "by_status": "陈述状态", "by_type_grade": "不符合项（类型 × 等级）",
        "decision": "判定来源（应/宜陈述）", "observations": "观察项", "nonconformities": "不符合项", "clauses": "条款树",
        "no_findings": "没有发现。", "applicability": "适用性", "code": "编号", "issuer": "发布方", "std_status": "状态",
        "term": "术语", "term_en": "英文", "definition": "定义", "evidence_kinds": "证据类型", "topics": "主题",
        "category": "类别", "scope": "范围", "normative_references": "规范性引用文件", "total": "合计",
        "legend": "符合率 = 符合（已核查或经答复确认）÷ 该主题全部应/宜陈述；“有文件、待核实”和“未评价”的陈述计入分母并在格中列出。颜色由浅到深表示符合率由低到高；空白：该标准没有此主题的陈述。",
        "conformity": "符合率", "manifest": "清单文件", "open_catalog": "条款原文", "catalog_intro": "五项标准的机读编码：条款、陈述、证据类型和主题。",
        "member_of": "所属园区", "rollup": "成员企业汇总", "severe_ncs": "严重不符合", "general_ncs": "一般不符合",
        "none_missing": "没有缺少的预期证据。", "no_evidence": "证据包中没有文件或记录。", "not_evaluated": "未评价（不适用）",
        "informative_note": "资料性陈述（可/注/示例）不产生发现。", "nc_register_note": "所有不符合项，含严重情形和纠正期限。",
        "member": "成员企业", "nc_type": "类型", "grade": "等级", "shall": "应", "should": "宜", "may": "可", "informative": "资料性", "answer_note": "答复说明",
        "compare": "标准间对比",
    },
    "en": {
        "site_name": "cmscheck carbon management assessment",
        "dashboard": "Dashboard", "standards": "Standards", "register": "Nonconformity register", "evidence_page": "Evidence",
        "catalog": "Catalog", "glossary": "Glossary", "park": "Park roll-up", "members": "Member enterprises",
        "organization": "organization", "kind": "kind", "sector": "sector", "carbon_market": "carbon market", "period": "period",
        "as_of": "as of", "bundle": "bundle", "standard": "standard", "status": "status", "statement": "statement",
        "modality": "modality", "text": "text", "rule_col": "rule", "message": "message", "place": "place",
        "cited_by": "cited by", "files_cited": "Files cited", "index": "Evidence index", "missing": "Expected evidence missing",
        "supports": "supports", "title": "title", "file": "file", "id": "id", "demanded_by": "demanded by",
        "heatmap": "Conformity by topic × standard", "topic": "topic", "by_status": "Statement statuses", "by_type_grade": "Nonconformities (type × grade)",
        "decision": "Decided by (shall/should statements)", "observations": "Observations", "nonconformities": "Nonconformities", "clauses": "Clause tree",
        "no_findings": "No findings.", "applicability": "applicability", "code": "code", "issuer": "issuer", "std_status": "status",
        "term": "term", "term_en": "English", "definition": "definition", "evidence_kinds": "Evidence kinds", "topics": "Topics",
        "category": "category", "scope": "Scope", "normative_references": "Normative references", "total": "total",
        "legend": "Conformity = conforming (checked or attested by an answer) ÷ all shall/should statements on the topic; documented — to verify and not assessed statements stay in the denominator and are listed in the cell. Light to dark blue: low to high; blank: the standard has no statement on the topic.",
        "conformity": "conformity", "manifest": "manifest", "open_catalog": "clause text", "catalog_intro": "The five standards as encoded: clauses, statements, evidence kinds and topics.",
        "member_of": "park", "rollup": "Member roll-up", "severe_ncs": "severe NCs", "general_ncs": "general NCs",
        "none_missing": "No expected evidence is missing.", "no_evidence": "The bundle holds no documents or records.", "not_evaluated": "not evaluated (does not apply)",
        "informative_note": "Informative statements (may, notes, examples) never raise a finding.", "nc_register_note": "Every nonconformity, with its severe situation and corrective-action deadline.",
        "member": "Member enterprise", "nc_type": "type", "grade": "grade", "shall": "shall", "should": "should", "may": "may", "informative": "informative", "answer_note": "answer note",
        "compare": "Comparison across standards",
    },
}


def t(lang: str, key: str) -> str:
    table = SITE.get(lang, SITE["zh"])
    return table[key] if key in table else report_t(lang, key)
