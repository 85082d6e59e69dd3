"""A standard of the catalog as an OSCAL 1.1 catalog (`cmscheck oscal catalog STANDARD`).

Each clause is a control (`cms-4.1`, sub-clauses nested), each statement an `item` part of the
control's `statement` part, with the id that assessment results target (`cms_4.1.s1` for `cms:4.1.s1`)
and props for its modality, the evidence kinds it expects and its topics. Clause text with no
statement (notes, lead-ins) becomes a `guidance` part. The catalog carries no date of its own, so
last-modified is the date given (docs/loop.md).
"""

from __future__ import annotations

import datetime as dt

from .oscal_common import control_id, dump, metadata, prop, token, uid


def _text(t, lang: str) -> str:
    return (t.en or t.zh) if lang == "en" else t.zh


def catalog(standard, lang: str, day: dt.date, version: str) -> str:
    title = f"{standard.code or standard.id} {_text(standard.title, lang)}"
    meta = metadata(title, day, version)
    meta["props"] = [prop("standard", standard.id), prop("status", standard.status), prop("kind", standard.kind)]
    doc = {"uuid": uid("catalog", standard.id, day),
           "metadata": meta,
           "controls": [_control(standard.id, c, lang) for c in standard.clauses]}
    return dump({"catalog": doc})


def _control(std: str, clause, lang: str) -> dict:
    cid = control_id(std, clause.number)
    out: dict = {"id": cid, "title": _text(clause.title, lang) or clause.number,
                 "props": [{"name": "label", "value": clause.number}]}
    parts = []
    if clause.statements:
        parts.append({"id": f"{cid}_smt", "name": "statement",
                      "parts": [_item(st) for st in clause.statements]})
    elif clause.text:
        parts.append({"id": f"{cid}_gdn", "name": "guidance", "prose": "\n\n".join(clause.text)})
    if parts:
        out["parts"] = parts
    if clause.clauses:
        out["controls"] = [_control(std, c, lang) for c in clause.clauses]
    return out


def _item(st) -> dict:
    props = [{"name": "label", "value": st.id}, prop("modality", st.modality)]
    props += [prop("evidence-kind", k) for k in st.evidence]
    props += [prop("topic", t) for t in st.topics]
    return {"id": token(st.id), "name": "item", "prose": st.text, "props": props}
