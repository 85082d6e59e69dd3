"""Findings tracked across runs and the corrective-action register, as text and as Markdown.

Appended to the text and Markdown reports when the run was given --previous, and the output of
`cmscheck diff`. Bundle text (descriptions) is escaped: it may come from a stranger.
"""

from __future__ import annotations

from ..assessment import Tracking
from .json_text import dumps as json_dumps
from .escape import md
from ..textsafe import for_terminal

STATES = ("new", "reopened", "persisting", "resolved")

_L = {
    "zh": {"tracking": "跨次跟踪", "against": "对比", "new": "新增", "reopened": "重新出现", "persisting": "持续",
           "resolved": "已解决", "closed": "早前已解决", "first_seen": "首次发现", "deadline": "期限", "overdue": "已逾期",
           "waived": "已豁免", "register": "纠正措施台账", "id": "编号", "source": "来源", "description": "描述",
           "grade": "等级", "owner": "负责人", "due": "到期", "status": "状态", "verification": "验证",
           "record": "不符合记录", "finding": "本次发现", "none": "无",
           "open": "未完成", "completed": "已完成待验证", "verified": "已验证"},
    "en": {"tracking": "Tracked across runs", "against": "against", "new": "new", "reopened": "reopened",
           "persisting": "persisting", "resolved": "resolved", "closed": "closed earlier", "first_seen": "first seen",
           "deadline": "deadline", "overdue": "overdue", "waived": "waived", "register": "Corrective-action register",
           "id": "id", "source": "source", "description": "description", "grade": "grade", "owner": "owner",
           "due": "due", "status": "status", "verification": "verification", "record": "nonconformity record",
           "finding": "finding", "none": "none", "open": "open", "completed": "completed, to verify",
           "verified": "verified"},
}


def _t(lang: str, key: str) -> str:
    return _L["en" if lang == "en" else "zh"].get(key, key)


def _plain(text: object) -> str:
    return for_terminal(text).replace("\n", " ")


def _summary(tr: Tracking, lang: str) -> str:
    return ", ".join(f"{_t(lang, s)} {tr.count(s)}" for s in STATES)


def _flags(f, lang: str) -> str:
    out = [f"{_t(lang, 'first_seen')} {f.first_seen}"]
    if f.deadline:
        out.append(f"{_t(lang, 'deadline')} {f.deadline}")
    if f.overdue:
        out.append(_t(lang, "overdue"))
    if f.waived:
        out.append(_t(lang, "waived"))
    return "; ".join(out)


def text(tr: Tracking, lang: str = "zh") -> str:
    out = ["", f"{_t(lang, 'tracking')} ({_t(lang, 'against')} {_plain(tr.previous)}, {tr.previous_as_of} → {tr.as_of}): "
           + _summary(tr, lang)]
    for state in STATES:
        for f in (f for f in tr.findings if f.state == state):
            out.append(f"  {_t(lang, state):<10} {f.id}  ({f.grade}; {_flags(f, lang)})")
    out += ["", f"{_t(lang, 'register')}:"]
    if not tr.corrective_actions:
        out.append(f"  {_t(lang, 'none')}")
    for a in tr.corrective_actions:
        out.append(f"  {a.id}  [{_t(lang, a.source)}] {a.type}/{a.grade}  {_t(lang, 'status')}: {_t(lang, a.status)}"
                   f"  {_t(lang, 'due')}: {a.due or '—'}  {_t(lang, 'owner')}: {_plain(a.owner or '—')}"
                   f"  {_t(lang, 'verification')}: {_plain(a.verification or '—')}")
        out.append(f"      {_plain(a.description)}")
    return "\n".join(out) + "\n"


def markdown(tr: Tracking, lang: str = "zh", level: int = 2) -> str:
    h = "#" * level
    out = ["", f"{h} {_t(lang, 'tracking')}", "",
           f"{_t(lang, 'against')} {md(tr.previous)} ({tr.previous_as_of} → {tr.as_of}): {_summary(tr, lang)}", ""]
    rows = [f for f in tr.findings if f.state in STATES]
    if rows:
        out += [f"| {_t(lang, 'id')} | {_t(lang, 'status')} | {_t(lang, 'grade')} | {_t(lang, 'first_seen')} | "
                f"{_t(lang, 'deadline')} | {_t(lang, 'overdue')} |", "|---|---|---|---|---|---|"]
        for state in STATES:
            for f in (f for f in rows if f.state == state):
                out.append(f"| {md(f.id)} | {_t(lang, state)}{' (' + _t(lang, 'waived') + ')' if f.waived else ''} | "
                           f"{f.grade} | {f.first_seen} | {f.deadline or '—'} | {'✗' if f.overdue else ''} |")
        out.append("")
    out += [f"{h} {_t(lang, 'register')}", ""]
    if not tr.corrective_actions:
        return "\n".join(out + [_t(lang, "none"), ""])
    cols = ("id", "source", "description", "grade", "owner", "due", "status", "verification")
    out += ["| " + " | ".join(_t(lang, c) for c in cols) + " |", "|" + "---|" * len(cols)]
    for a in tr.corrective_actions:
        out.append(f"| {md(a.id)} | {_t(lang, a.source)} | {md(a.description)} | {a.type}/{a.grade} | {md(a.owner or '—')} | "
                   f"{a.due or '—'} | {_t(lang, a.status)} | {md(a.verification or '—')} |")
    return "\n".join(out) + "\n"


def json_text(tr: Tracking, lang: str = "zh") -> str:
    return json_dumps(tr.model_dump(mode="json")) + "\n"
