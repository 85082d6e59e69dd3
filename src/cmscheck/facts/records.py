"""Fact functions over documents and records: document review dates, process records, communications
against their due dates, maintenance, and the people in the roles the standards name.
The functions measure; the rules judge (every threshold is in rules/*.yaml)."""

from __future__ import annotations

from ..applicability import applicable, default_entries
from ..catalog import Catalog
from ..dates import add_months
from ..content.refs import evidence_ref
from ..memo import by_identity
from .functions import STANDARD, Produced, _instrument_ids, _kept_items, _where

# the process records key-industry 6.7.2 lists (过程记录 a–i); their evidence kinds come from the catalog
PROCESS_RECORD_ITEMS = "abcdefghi"


@by_identity
def _kind_words(catalog: Catalog) -> tuple[dict, dict]:
    """Evidence kind id -> its name, and -> its category (the catalog is immutable once loaded)."""
    kinds = catalog.vocabulary.evidence_kinds
    return {k.id: k.name for k in kinds}, {k.id: k.category for k in kinds}


def documents(bundle, catalog: Catalog) -> Produced:
    """One fact per document: how long since it was issued or last reviewed, and the organization's own
    review cycle in days from that date (when it declares one). The rules hold the thresholds."""
    m = bundle.manifest
    as_of, cycle = m.organization.as_of, m.organization.planned_intervals.document_review_months
    names, categories = _kind_words(catalog)
    produced: Produced = []
    for i, d in enumerate(m.documents):
        last = max((x for x in (d.issued, d.last_reviewed) if x and x <= as_of), default=None)
        name = names.get(d.kind)
        fact = {
            "type": "document", "document": d.id, "kind": d.kind, "category": categories.get(d.kind, "document"),
            "dated": last is not None, "days_since_review": (as_of - last).days if last else None,
            "review_cycle_days": (add_months(last, cycle) - last).days if last and cycle else None,
            "last_review": last.isoformat() if last else "—",
            "kind_zh": name.zh if name else d.kind, "kind_en": (name.en or d.kind) if name else d.kind,
        }
        ref = evidence_ref(file=d.file, note=d.title) if d.file else _where(bundle, "documents", i)
        produced.append((fact, [ref]))
    return produced


def process_records(bundle, catalog: Catalog) -> Produced:
    """The kinds of process records key-industry 6.7.2 a–i demand, and which the bundle lacks. A kind the
    statement demands only under a condition that does not hold (standards/applicability.yaml) is not expected."""
    items, m = _kept_items(bundle), bundle.manifest  # read only
    expected: list[str] = []
    entries = default_entries()  # looked up once, not once per statement and kind
    held: dict = {}  # each condition judged once for this manifest, not once per statement and kind
    for letter in PROCESS_RECORD_ITEMS:
        st = catalog.statement(f"key-industry:6.7.2.{letter}")
        for k in st.evidence if st else []:
            if k not in expected and applicable(st.id, m, k, entries, held)[0]:
                expected.append(k)
    missing = [k for k in expected if not items.get(k)]
    fact = {"type": "records", "expected": len(expected), "missing": len(missing), "missing_list": ", ".join(missing) or "—"}
    listed = ", ".join(missing)
    note = f"缺少：{listed} / missing: {listed}" if missing else "齐全 / all present"  # one text for either language
    return [(fact, [bundle.where(("records",), note=note)])]


def communications(bundle, catalog: Catalog) -> Produced:
    m = bundle.manifest
    produced: Produced = []
    for i, c in enumerate(m.records.communications):
        if c.due is None:
            continue
        done = c.date <= m.organization.as_of
        fact = {
            "type": "communication", "communication": c.id, "due": c.due.isoformat(),
            # done: how long after its due date it happened; not done: how long its due date has passed at as_of
            "days_after_due": (c.date - c.due).days if done else (m.organization.as_of - c.due).days,
            "serious_disruption": c.serious_disruption, "consequence": c.consequence or "—",
        }
        produced.append((fact, [_where(bundle, "records", "communications", i)]))
    return produced


def maintenance(bundle, catalog: Catalog) -> Produced:
    """Planned maintenance with a due date: how long after it was done, or how long overdue at as_of."""
    m = bundle.manifest
    as_of = m.organization.as_of
    instruments = set(_instrument_ids(m))
    produced: Produced = []
    for i, r in enumerate(m.records.maintenance):
        if r.due is None:
            continue
        done = r.date <= as_of
        fact = {"type": "maintenance", "maintenance": r.id, "facility": r.facility, "due": r.due.isoformat(),
                "instrument": r.facility in instruments,
                "days_after_due": (r.date - r.due).days if done else (as_of - r.due).days}
        produced.append((fact, [_where(bundle, "records", "maintenance", i)]))
    return produced


ROLE_NAMES = {
    "management_representative": ("管理者代表", "management representative"),
    "internal_auditor": ("内部审核员", "internal auditor"),
    "inventory_compiler": ("碳排放核算人员", "inventory compiler"),
    "metering_staff": ("计量、检测人员", "metering staff"),
}


def roles(bundle, catalog: Catalog) -> Produced:
    """One fact per role the standards name: how many people hold it, and how many of them show evidence
    of competence (a qualification, or a training of records.trainings held on or before as_of)."""
    m = bundle.manifest
    trained = {t.id for t in m.records.trainings if t.date <= m.organization.as_of}
    produced: Produced = []
    for role, (zh, en) in ROLE_NAMES.items():
        holders = [(i, p) for i, p in enumerate(m.people) if role in p.roles]
        bare = [p.name for _, p in holders if not p.qualifications and not (set(p.trainings) & trained)]
        fact = {"type": "role", "role": role, "people": len(holders), "without_evidence": len(bare),
                "names_without_evidence": "、".join(bare) or "—", "role_zh": zh, "role_en": en}
        refs = [_where(bundle, "people", i) for i, _ in holders] or [_where(bundle, "people")]
        produced.append((fact, refs))
    return produced


STANDARD.update({
    "documents": documents, "process_records": process_records, "communications": communications,
    "maintenance": maintenance, "roles": roles,
})
