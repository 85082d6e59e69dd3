"""A Markdown report a person can read. Bundle text is escaped: it may come from a stranger."""

from __future__ import annotations

from typing import Iterator

from ..assessment import Assessment
from ..waivers import waiver_text
from .escape import md
from .labels import COUNT_COLUMNS, count_cells, finding_tags, ref_text, t


def render(assessment: Assessment, lang: str = "zh") -> str:
    return "".join(chunks(assessment, lang))


def chunks(assessment: Assessment, lang: str = "zh") -> Iterator[str]:
    """The report in pieces: the bundle's own lines, then each park member's in turn (each rebuilt from its
    packed form and let go); the lines joined by line breaks and the whole ending in one, its trailing
    whitespace dropped. What trails a piece waits for the next, so that only the report's end loses it."""
    out: list[str] = []
    held, started = "", False
    for _ in _render(out, assessment, lang, level=1):
        if not out:
            continue
        text = ("\n" if started else "") + "\n".join(out)
        out.clear()
        body = text.rstrip()
        if body:
            yield held + body
            held = ""
        held += text[len(body):]
        started = True
    yield "\n"


def org_header(org, bundle: str, level: int, lang: str) -> list[str]:
    """The heading that opens a report on one organization (shared with the comparison report)."""
    return [f"{'#' * level} {md(org.name)}", "",
            f"{md(bundle)} · {org.period_start} – {org.period_end} · {t(lang, 'as_of')} {org.as_of}", ""]


def _render(out: list[str], a: Assessment, lang: str, level: int) -> Iterator[None]:
    """Adds the bundle's lines to `out`, then (one step each) its members'; a step ends where `out` may be taken."""
    h = "#" * level
    out += org_header(a.organization, a.bundle, level, lang)
    out += [f"| {t(lang, 'standard')} | {t(lang, 'kind')} | " + " | ".join(t(lang, k) for k in COUNT_COLUMNS) + " |",
            "|---|---|" + "---|" * len(COUNT_COLUMNS)]
    for s in a.standards:
        if not s.applicable or s.counts is None:
            out.append(f"| {s.standard} | {t(lang, s.kind)} | {t(lang, 'not_applicable_standard')}: {md(s.applicability_reason.get(lang))} |"
                       + " |" * (len(COUNT_COLUMNS) - 1))
            continue
        out.append(f"| {s.standard} | {t(lang, s.kind)} | " + " | ".join(count_cells(s.counts)) + " |")
    out += ["", f"*{t(lang, 'documented')}*: {t(lang, 'documented_note')}", ""]
    for s in a.standards:
        if not s.findings:
            continue
        out += [f"{h}# {s.standard}: {md(s.title.get(lang))}", ""]
        if s.kind == "guideline":
            out += [f"*{t(lang, 'gap')}*", ""]
        for f in s.findings:
            out += [f"- **{f.id}** ({finding_tags(f, lang)}): {md(f.message.get(lang))}",
                    f"  - {t(lang, 'statements')}: {', '.join(f.statements)}"]
            if f.waiver is not None:
                out.append(f"  - {md(waiver_text(f.waiver, lang))}")
            out += [f"  - {t(lang, 'evidence')}: {md(ref_text(r))}" for r in f.evidence]
        out.append("")
    yield
    for m in a.members:
        yield from _render(out, m, lang, level + 1)
