"""A filled checklist workbook read back into answers and exclusions, every bad cell located.

Columns are found by their header (either language), so a person may reorder or hide columns. A row
counts when any answer column is filled. 不适用 / not applicable becomes an exclusion with its
justification; 观察项 / observation becomes a nonconforming answer, which the engine shows as an
observation, so it is accepted only on a statement that is not a `shall`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..problems import Problem, display
from .rows import ANSWER_COLUMNS, ANSWERS, COLUMNS, GRADES, NC_TYPES

_SPLIT = re.compile(r"[,;，；、\s]+")


@dataclass
class Imported:
    answers: list[dict] = field(default_factory=list)
    exclusions: list[dict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _lookup(table: dict, value: str) -> str | None:
    v = value.strip()
    for words in table.values():
        for word, meaning in words.items():
            if v == word or v.lower() == word.lower():
                return meaning
    return None


def _all_words(table: dict) -> str:
    return " / ".join(w for words in table.values() for w in words)


def _text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v).strip()


def read(path: Path, catalog) -> Imported:
    """Read the first sheet of the workbook at `path` (as the checklist wrote it)."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    shown = display(Path(path))
    out = Imported()
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as e:  # zipfile.BadZipFile, KeyError, InvalidFileException … : not a workbook
        out.problems.append(Problem(shown, None, "", f"cannot read the workbook: {type(e).__name__}: {e}",
                                    "give the .xlsx written by `cmscheck checklist`, saved as Excel workbook (.xlsx)"))
        return out
    try:
        ws = wb.worksheets[0]
        sheet = ws.title
        it = ws.iter_rows(values_only=True)
        head = next(it, None) or ()
        by_header = {h: key for key, zh, en, _ in COLUMNS for h in (zh, en)}
        col = {by_header[_text(h)]: i for i, h in enumerate(head) if _text(h) in by_header}
        labels = {by_header[_text(h)]: _text(h) for h in head if _text(h) in by_header}
        for key in ("statement", "answer"):
            if key not in col:
                names = next((f"{zh!r} or {en!r}" for k, zh, en, _ in COLUMNS if k == key))
                out.problems.append(Problem(shown, 1, f"{sheet}!1", f"no column headed {names}",
                                            "keep the header row of the checklist as written"))
        if out.problems:
            return out
        seen: dict[str, int] = {}
        for n, values in enumerate(it, start=2):
            cells = {k: (values[i] if i < len(values) else None) for k, i in col.items()}
            if not any(_text(cells.get(k)) for k in ANSWER_COLUMNS):
                continue

            def bad(key: str, message: str, fix: str, n=n) -> None:
                letter = get_column_letter(col[key] + 1) if key in col else "?"
                out.problems.append(Problem(shown, n, f"sheet {sheet!r} row {n} column {letter} ({labels.get(key, key)})",
                                            message, fix))

            _row(cells, n, catalog, seen, bad, out)
    finally:
        wb.close()
    return out


def _row(cells: dict, n: int, catalog, seen: dict, bad, out: Imported) -> None:
    sid = _text(cells.get("statement"))
    st = catalog.statement(sid) if sid else None
    if st is None:
        bad("statement", f"unknown statement id {sid!r}" if sid else "no statement id",
            "keep the statement id the checklist wrote in this row (cmscheck standards show)")
        return
    if sid in seen:
        bad("statement", f"statement {sid} is answered twice (rows {seen[sid]} and {n})", "keep one row per statement")
        return
    seen[sid] = n
    word = _text(cells.get("answer"))
    meaning = _lookup(ANSWERS, word) if word else None
    if meaning is None:
        bad("answer", f"unknown answer {word!r}" if word else "the answer is empty while other answer columns are filled",
            f"choose one of: {_all_words(ANSWERS)}")
        return
    note = _text(cells.get("justification")) or None
    if meaning == "not_applicable":
        if not note:
            bad("justification", "不适用 / not applicable needs a justification", "say why the statement does not apply")
            return
        out.exclusions.append({"statement": sid, "justification": note})
        return
    if meaning == "observation" and st.modality == "shall":
        bad("answer", f"{word!r} on a 'shall' statement ({sid})",
            "a shall statement is conforming or nonconforming: answer 不符合 / nonconforming with grade 一般 / general")
        return
    who = _text(cells.get("answered_by"))
    if not who:
        bad("answered_by", "no one answered: answered_by is empty", "write who answered, e.g. 内审组 李审核")
        return
    entry: dict = {"statement": sid, "status": "conforming" if meaning == "conforming" else "nonconforming"}
    evidence = [e for e in _SPLIT.split(_text(cells.get("evidence"))) if e]
    if evidence:
        entry["evidence"] = evidence
    entry["answered_by"] = who
    date = _date(cells.get("date"))
    if date is False:
        bad("date", f"{_text(cells.get('date'))!r} is not a date", "write the date as YYYY-MM-DD, e.g. 2025-03-10")
        return
    if date is not None:
        entry["date"] = date
    if note:
        entry["note"] = note
    if entry["status"] == "nonconforming":
        for key, table, default in (("nc_type", NC_TYPES, "implementation"), ("grade", GRADES, "general")):
            w = _text(cells.get(key))
            value = _lookup(table, w) if w else default
            if value is None:
                bad(key, f"unknown {key.replace('_', ' ')} {w!r}", f"choose one of: {_all_words(table)}")
                return
            entry["type" if key == "nc_type" else key] = value
    out.answers.append(entry)


def _date(v) -> dt.date | None | bool:
    """A cell's date: Excel dates come as datetime, typed ones as text. False when it is not a date."""
    if v is None or _text(v) == "":
        return None
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    try:
        return dt.date.fromisoformat(_text(v))
    except ValueError:
        return False
