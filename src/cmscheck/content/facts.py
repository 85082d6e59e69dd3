"""The `content` fact function: one fact per (evidence kind, required element) of rules/content/.

It measures — how many documents of the kind could be read, how many could not, whether one of them
states the element — and cites the passage (file, line, heading) or the documents searched. The rules
in rules/content.yaml judge. A document that could not be read never yields `found: false`: it is
counted in `documents_unreadable` and leaves the element to a person.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Any, Iterator

from pydantic import BaseModel

from ..evidence import read_file
from ..evidence.limits import read_within
from ..evidence.model import ReadResult
from ..evidence.sniff import Refused
from ..evidence.textfile import decode
from ..findings import EvidenceRef
from ..memo import by_identity
from .loader import load_content
from .recognise import Match, Recogniser, normalise, prepare, recogniser
from .refs import evidence_ref

QUOTE_CHARS = 120  # a passage longer than this is cut in the citation
TEXT_SUFFIXES = (".md", ".markdown", ".txt")
_MARKUP = re.compile(r"[*_`>#|]")


_FILE_NAMES = ("report", "minutes", "file")  # where a document or record names its file, in this order
_FILE_FIELDS: dict[type, tuple[str, ...]] = {}  # model class -> which of _FILE_NAMES it has


def _file_of(r) -> str | None:
    """The record's file: its first of report, minutes, file that is set. A model class (extra fields
    forbidden) has the same attributes in every instance, so they are looked up once per class; asking
    an instance for one it lacks costs an exception each time."""
    cls = type(r)
    names = _FILE_FIELDS.get(cls)
    if names is None:
        if not (isinstance(r, BaseModel) and cls.model_config.get("extra") == "forbid"):
            return getattr(r, "report", None) or getattr(r, "minutes", None) or getattr(r, "file", None)
        names = _FILE_FIELDS[cls] = tuple(n for n in _FILE_NAMES if n in cls.model_fields or hasattr(cls, n))
    for n in names:
        value = getattr(r, n)
        if value:
            return value
    return None  # nothing set: read only for its truth, like the general form's last falsy value


def _items(bundle) -> Iterator[tuple[str, str | None, tuple]]:
    """(kind, file or None, manifest location) for every document and record of the bundle."""
    from ..facts.functions import RECORD_KINDS  # late: facts.functions registers this module

    m = bundle.manifest
    for i, d in enumerate(m.documents):
        yield d.kind, d.file, ("documents", i)
    for section, kind in RECORD_KINDS.items():
        for i, r in enumerate(getattr(m.records, section)):
            yield kind, _file_of(r), ("records", section, i)
    for i, r in enumerate(m.records.other):
        yield r.kind, r.file, ("records", "other", i)


def _line(bundle, rel: str, match: Match, texts: dict[str, tuple[list[str] | None, dict[int, str]]]) -> int | None:
    """The line of the passage in a text file: the reader's section line, moved to the line that holds
    the passage (Markdown readers drop blank lines, so the offset alone can be short)."""
    loc = match.locator
    if loc is None or loc.line is None:
        return None
    guess = loc.line + match.line_offset
    if not rel.lower().endswith(TEXT_SUFFIXES):
        return guess
    # the search's normalised passage serves when the passage holds no markup to strip first
    plain = match.norm if match.norm and not _MARKUP.search(match.passage) else normalise(_MARKUP.sub("", match.passage))
    probe = plain[:12]
    if not probe:
        return guess
    got = texts.get(rel)
    if got is None:  # the file's lines, read once per call of content(); each normalised when first searched
        text = _raw_text(bundle, rel)
        got = texts[rel] = (text.split("\n") if text is not None else None, {})
    lines, normed = got
    if lines is None:
        return guess  # a file that cannot be opened has no line to hold the passage
    # the first line from the section's on whose markup-stripped, normalised form holds the probe. Only
    # the lines searched are normalised (the passage stands a few lines after its section's line), each
    # once: what normalise_lines(_MARKUP.sub("", text)) gives for it, as neither reaches across a line
    # break. A blank line normalises to "" (whitespace goes, and NFKC maps no whitespace character to
    # anything else but a space), which holds no probe
    for n in range(loc.line - 1, len(lines)):
        norm = normed.get(n)
        if norm is None:
            line = lines[n]
            norm = normed[n] = normalise(_MARKUP.sub("", line)) if line and not line.isspace() else ""
        if probe in norm:
            return n + 1
    return guess


def _raw_text(bundle, rel: str) -> str | None:
    """The file's text with universal newlines as its reader decoded it, None when it cannot be had.

    The loader's reading keeps the text it parsed (ReadResult.text): the line is looked for in what was
    read. Otherwise the file is read again and decoded as the reader decodes it (textfile.decode: the
    encoding the reading used, or the same detection), so a GB18030 or UTF-16 file is searched as text."""
    readings = bundle.readings
    reading = readings.get(rel)
    text = reading.text if reading is not None else None
    if text is None:
        # a file the loader read (bundle.readings) was resolved and checked inside the bundle then: it is
        # opened by its bundle path, without a second walk of the filesystem
        try:
            path = os.path.join(bundle.root, rel) if rel in readings else bundle.path(rel)
            _, data = read_within(path, None)  # the whole file, however large: only a line is looked for
            text, _ = decode(data, reading.encoding if reading is not None else None)
        except (OSError, Refused):
            return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _where_else(loc) -> str:
    """What EvidenceRef has no field for (a PDF page, a Word paragraph, a sheet and cell), before the quote."""
    if loc is None:
        return ""
    parts = [f"p.{loc.page}" if loc.page is not None else "", f"¶{loc.paragraph}" if loc.paragraph is not None else "",
             f"{loc.sheet}!{loc.cell or ''}".rstrip("!") if loc.sheet else (loc.cell or "")]
    text = " ".join(p for p in parts if p)
    return text + " " if text else ""


def _quote(text: str) -> str:
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1] + "…"


def _cite(bundle, rel: str, match: Match, texts: dict) -> EvidenceRef:
    """The reference quoting a passage found in a file."""
    loc = match.locator
    return evidence_ref(file=rel, line=_line(bundle, rel, match, texts), section=loc.heading if loc else None,
                        note=_where_else(loc) + f"“{_quote(match.passage)}”")


def _cited_key(hit: tuple[str, Match]):
    """What makes a passage's reference: the file and the match (equal matches: the same passage, locator
    and offset; the search's normalised form is normalise(passage), the same too)."""
    return hit


@dataclass(frozen=True)
class _Plan:
    """What a content fact of one element takes from the content data and the catalog alone."""

    kind: str
    kinds: tuple[str, ...]  # the kind, then the kinds whose documents may also state the element
    recogniser: Recogniser
    words: dict[str, str]  # the fact's texts: statements, names, clauses
    absent: str  # the note citing a document that does not state the element


@by_identity
def _plans(data, catalog) -> tuple[_Plan, ...]:
    """Every element's plan, worked out once per content data and catalog (both immutable once loaded)."""
    vocab = {k.id: k for k in catalog.vocabulary.evidence_kinds}
    out = []
    for ck in data.kinds:
        kind_name = vocab.get(ck.kind)
        for el in ck.elements:
            words = {
                "statements": " ".join(el.statements), "element_zh": el.name.zh, "element_en": el.name.en,
                "kind_zh": kind_name.name.zh if kind_name else ck.kind,
                "kind_en": (kind_name.name.en or ck.kind) if kind_name else ck.kind,
                "clauses": ", ".join(el.statements),
            }
            out.append(_Plan(ck.kind, (ck.kind, *el.also_in), recogniser(el, data.negation.cues), words,
                             f"未见：{el.name.zh} / not found: {el.name.en}"))
    return tuple(out)


def content(bundle, catalog, name: str = "content", kinds: list[str] | None = None) -> list[tuple[dict[str, Any], list[EvidenceRef]]]:
    data = load_content()
    wanted = set(kinds) if kinds else None
    files: dict[str, list[tuple[str, tuple]]] = {}
    without_file: dict[str, int] = {}
    for kind, rel, loc in _items(bundle):
        if rel:
            files.setdefault(kind, []).append((rel, loc))
        else:
            without_file[kind] = without_file.get(kind, 0) + 1
    cache: dict[str, tuple[list[tuple[str, tuple, ReadResult]], list[EvidenceRef]]] = {}

    def documents(kind: str):
        """(read documents, citations of unreadable ones) of a kind, each file read once."""
        if kind not in cache:
            read, unread = [], []
            for rel, loc in files.get(kind, []):
                # the loader has read each document once already (with its declared encoding and the
                # run's size limit): the same reading, not a second one
                result = bundle.readings.get(rel) or read_file(bundle.path(rel), rel)
                if result.status == "read":
                    # the manifest entry is cited beside a read document that does not state an
                    # element: located only for those, when one is cited (bundle.where)
                    read.append((rel, loc, result))
                else:
                    unread.append(evidence_ref(file=rel, note=result.unread_note()))
            cache[kind] = (read, unread)
        return cache[kind]

    nowhere = None  # the manifest's documents, cited when an element has nothing else to point at
    texts: dict[str, tuple] = {}  # file -> (its lines, those normalised so far), for citing a passage's line
    cited: dict = {}  # (file, match) -> the reference citing the passage
    prepared: dict[int, tuple] = {}  # id(reading) -> (reading, its sentences split and normalised once)
    by_kinds: dict[tuple[str, ...], tuple[list, list, str]] = {}  # plan.kinds -> (read, unread, their files)
    produced = []
    for plan in _plans(data, catalog):
        if wanted is not None and plan.kind not in wanted:
            continue
        got = by_kinds.get(plan.kinds)
        if got is None:  # the kinds' documents, and the files they name, worked out once per tuple of kinds
            read, unread = documents(plan.kind)
            for k in plan.kinds[1:]:  # new lists: the kind's own stay as cached
                r, u = documents(k)
                read, unread = read + r, unread + u
            got = by_kinds[plan.kinds] = read, unread, ", ".join(rel for rel, _, _ in read) or "—"
        read, unread, files_text = got
        hit = None
        for rel, _, result in read:
            if id(result) not in prepared:
                prepared[id(result)] = (result, prepare(result.sections))
            m = plan.recogniser.find_prepared(prepared[id(result)][1])
            if m.found:
                hit = (rel, m)
                break
        without = without_file.get(plan.kind, 0)
        words = plan.words
        fact = {
            "type": "content", "kind": plan.kind, "element": plan.recogniser.element.id, "statements": words["statements"],
            "documents_read": len(read), "documents_unreadable": len(unread),
            "documents_without_file": without, "found": hit is not None,
            # measured when the element was found, or when every document of the kind was read and it
            # was in none; otherwise (nothing readable, or an unread document might hold it) the statement
            # is documented at best; nothing at all of the kind: nothing to point at, not assessed
            "checked": hit is not None or bool(read and not unread and not without),
            "present": bool(read or unread or without),
            "element_zh": words["element_zh"], "element_en": words["element_en"],
            "kind_zh": words["kind_zh"], "kind_en": words["kind_en"], "clauses": words["clauses"],
            "files": files_text,
        }
        if hit:
            # elements stated in one sentence cite it alike (its file, locator, offset and passage make the
            # reference): its line is looked up and its reference made once per call
            key = _cited_key(hit)
            ref = cited.get(key)
            if ref is None:
                ref = cited[key] = _cite(bundle, *hit, texts)
            refs = [ref]
        else:
            refs = []
            for rel, loc, _ in read:
                refs += (evidence_ref(file=rel, note=plan.absent), bundle.where(loc))
            refs += unread
        if not refs and nowhere is None:
            nowhere = bundle.where(("documents",))
        produced.append((fact, refs or [nowhere]))
    return produced
