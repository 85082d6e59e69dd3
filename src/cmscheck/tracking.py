"""Findings followed across runs by their stable ids, and the corrective-action register.

The model (docs/loop.md): a run compares its findings with a previous JSON report (`evaluate --previous
OLD.json`, or `cmscheck diff OLD.json NEW.json`). A finding is
- new: absent from OLD (and never resolved before);
- persisting: in OLD and now; its first_seen is carried forward from OLD's `tracking`, else OLD's as_of;
- resolved: in OLD, absent now (resolved_on: this run's as_of);
- reopened: absent from OLD but resolved (or closed) in OLD's own `tracking`, and present again;
- closed: resolved in an earlier run and still absent; kept so a return reads as reopened.
Only the top-level organization's findings are tracked; park members are tracked by running on them.
Works on plain values (Finding objects or the JSON report's dicts), so `diff` needs no bundle.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from .assessment import Action, Assessment, TrackedFinding, Tracking
from .problems import InputError, Problem, display


@dataclass(frozen=True)
class Seen:
    """What tracking needs of one finding."""

    id: str
    standard: str
    rule: str
    verdict: str
    grade: str
    type: str
    deadline: dt.date | None
    waiver: dict | None  # {"active", "approved_by"} of a waiver, if any
    message: dict  # {"zh", "en"}


def as_date(v) -> dt.date | None:
    if v is None or isinstance(v, dt.date):
        return v
    return dt.date.fromisoformat(str(v))


def seen_of_findings(findings) -> list[Seen]:
    return [Seen(f.id, f.standard, f.rule, f.verdict, f.grade, f.type, f.deadline,
                 None if f.waiver is None else {"active": f.waiver.active, "approved_by": f.waiver.approved_by},
                 {"zh": f.message.zh, "en": f.message.en}) for f in findings]


def seen_of_report(report: dict) -> list[Seen]:
    out = []
    for s in report.get("standards", []):
        for f in s.get("findings", []):
            out.append(Seen(f["id"], f["standard"], f["rule"], f["verdict"], f["grade"], f["type"],
                            as_date(f.get("deadline")), f.get("waiver"), f.get("message", {})))
    return out


def load_report(path: Path) -> dict:
    """A JSON report of `cmscheck evaluate --format json`; a located problem when it is not one."""
    shown = display(Path(path))
    fix = "give a report written by `cmscheck evaluate BUNDLE --format json -o FILE`"
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError([Problem(shown, None, "", "no such file", fix)]) from None
    except (OSError, UnicodeDecodeError) as e:
        raise InputError([Problem(shown, None, "", f"cannot read: {e}", fix)]) from None
    except json.JSONDecodeError as e:
        raise InputError([Problem(shown, e.lineno, "", f"not JSON: {e.msg}", fix)]) from None
    try:
        Assessment.model_validate(data)
    except Exception as e:  # pydantic's ValidationError: name the first bad field
        errors = getattr(e, "errors", None)  # pydantic's list of errors; anything else: its text
        first = errors()[0] if errors else {"loc": (), "msg": str(e)}
        loc = ".".join(str(p) for p in first["loc"])
        raise InputError([Problem(shown, None, loc, f"not a cmscheck JSON report: {first['msg']}", fix)]) from None
    return data


def track(current: list[Seen], as_of: dt.date, old: dict, old_name: str, lang: str,
          nonconformities: Iterable[Any] = (), old_register: Iterable[dict] = ()) -> Tracking:
    """Compare this run's findings with the previous report `old` (a JSON report's dict)."""
    old_as_of = as_date(old["organization"]["as_of"])
    old_seen = {s.id: s for s in seen_of_report(old)}
    before = {t["id"]: t for t in (old.get("tracking") or {}).get("findings", [])}
    now = {s.id: s for s in current}
    out: list[TrackedFinding] = []
    for s in current:
        prev = before.get(s.id)
        if s.id in old_seen:
            state, first = "persisting", as_date(prev["first_seen"]) if prev else old_as_of
        elif prev is not None and prev["state"] in ("resolved", "closed"):
            state, first = "reopened", as_date(prev["first_seen"])
        else:
            state, first = "new", as_of
        out.append(_tracked(s, state, first, as_of, None, as_of))
    for s in old_seen.values():
        if s.id not in now:
            prev = before.get(s.id)
            first = as_date(prev["first_seen"]) if prev else old_as_of
            out.append(_tracked(s, "resolved", first, old_as_of, as_of, as_of))
    for fid, prev in before.items():  # resolved earlier, still gone: remembered as closed
        if fid not in now and fid not in old_seen and prev["state"] in ("resolved", "closed"):
            out.append(TrackedFinding(**{**prev, "state": "closed", "overdue": False}))
    out.sort(key=lambda t: t.id)
    register = register_of(current, nonconformities, as_of, lang, old_register)
    return Tracking(as_of=as_of, previous=old_name, previous_as_of=old_as_of, findings=out, corrective_actions=register)


def _tracked(s: Seen, state: str, first: dt.date, last: dt.date, resolved_on, as_of: dt.date) -> TrackedFinding:
    open_ = state != "resolved"
    return TrackedFinding(id=s.id, state=state, standard=s.standard, rule=s.rule, verdict=s.verdict, grade=s.grade,
                          first_seen=first, last_seen=last, resolved_on=resolved_on, deadline=s.deadline,
                          overdue=bool(open_ and s.deadline is not None and s.deadline < as_of),
                          waived=bool(s.waiver and s.waiver.get("active")))


def register_of(current: list[Seen], nonconformities: Iterable[Any], as_of: dt.date, lang: str,
                old_register: Iterable[dict] = ()) -> list[Action]:
    """The corrective-action register: the bundle's nonconformity records, then the open nonconformities
    found in this run. `old_register` supplies record rows when no bundle is at hand (`diff`)."""
    rows = [_record_row(nc, as_of) for nc in nonconformities]
    if not rows:
        rows = [Action.model_validate(r) for r in old_register if r.get("source") == "record"]
    for s in current:
        if s.verdict != "nonconforming":
            continue
        waived = bool(s.waiver and s.waiver.get("active"))
        status = "waived" if waived else "overdue" if s.deadline is not None and s.deadline < as_of else "open"
        rows.append(Action(id=s.id, source="finding", description=s.message.get(lang) or s.message.get("zh", ""),
                           type=s.type, grade=s.grade, owner=(s.waiver or {}).get("approved_by"), raised=None,
                           due=s.deadline, status=status))
    return rows


def _record_row(nc, as_of: dt.date) -> Action:
    ca = nc.corrective_action
    due = ca.deadline if ca else None
    if nc.closed is not None:
        status = "closed"
    elif ca is not None and ca.verified is not None:
        status = "verified"
    elif ca is not None and ca.completed is not None:
        status = "completed"
    elif due is not None and due < as_of:
        status = "overdue"
    else:
        status = "open"
    verification = None
    if ca is not None and ca.verified is not None:
        verification = f"verified {ca.verified}"
    elif ca is not None and ca.completed is not None:
        verification = f"completed {ca.completed}, not verified"
    return Action(id=nc.id, source="record", description=nc.description, type=nc.type, grade=nc.grade,
                  owner=None, raised=nc.raised, due=due, status=status, verification=verification)


def overdue_severe(tracking: Tracking) -> list[Action]:
    """Register rows that fail CI: severe and past their due date while still open."""
    return [a for a in tracking.corrective_actions if a.grade == "severe" and a.status == "overdue"]
