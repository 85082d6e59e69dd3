"""View models of the dashboard, the park roll-up and the member pages: what matters first (severe
findings and their deadlines), then conformity per standard as honest stacked bars, findings by type ×
grade, the emissions charts and the heat map. Each chart comes with its data as a table (charts.table).

The stacked bars' denominator is every assessable (shall/should) statement of a standard
(Counts.by_basis): "documented — to verify" and "not assessed" are segments of the bar, never left out.
"""

from __future__ import annotations

import html

from ..assessment import Assessment, Counts
from ..figures import SCOPE, Figures
from . import anchors, charts, heatmap
from .charts import BLUE, GREEN, GREY, ORANGE, PURPLE, SKY, VERMILLION, YELLOW, Segment
from .labels import t
from .orgwords import organization_words
from .templating import Safe, link, md, raw_html, rel
from .views import NC_TYPES, GRADES, Site, applicable, catalog_page, standard_page

WHITE = "#FFFFFF"
STATUS_KEYS = ("conforming_checked", "conforming_answered", "documented", "observation", "nonconforming", "not_assessed", "excluded")
STATUS_COLOURS = (GREEN, SKY, YELLOW, ORANGE, VERMILLION, GREY, WHITE)
# systemic / implementation / effectiveness, severe dark and general light; observations grey
NC_COLOURS = (BLUE, SKY, VERMILLION, ORANGE, PURPLE, "#E7B8D4")


def status_segments(lang: str) -> list[Segment]:
    return [Segment(k, t(lang, k), c) for k, c in zip(STATUS_KEYS, STATUS_COLOURS)]


def status_values(c: Counts) -> list[int]:
    """The stacked bar of one standard, in STATUS_KEYS order; the parts add up to c.assessable."""
    s = c.by_status
    return [c.conforming_checked, c.conforming_answered, s.get("documented", 0), s.get("observation", 0),
            s.get("nonconforming", 0), s.get("not_assessed", 0), c.by_basis.get("excluded", 0)]


def _sum(counts: list[Counts]) -> list[int]:
    return [sum(col) for col in zip(*(status_values(c) for c in counts))] if counts else [0] * len(STATUS_KEYS)


def _rate(values: list[int]) -> float:
    denominator = sum(values) - values[-1]  # excluded statements leave the denominator, as in Counts.conformity_rate
    return (values[0] + values[1]) / denominator if denominator else 0.0


def header(org, catalog, lang: str) -> dict:
    """The organization's facts in the page's language (orgwords.py: the catalog's words for the ids)."""
    words = organization_words(lang, catalog, org)
    return {"kind": words["kind"], "sector": words["sector"], "market": f'{t(lang, "carbon_market")} {words["carbon_market"]}'}


# -- charts with their tables --------------------------------------------------------------------------

# segments a status bar always shows; the others (answered, observation, excluded) only when a row has them
CORE = ("conforming_checked", "documented", "nonconforming", "not_assessed")


def stacked_view(title: str, caption: str, segs: list[Segment], items: list[tuple], headers: tuple[str, list[str]],
                 always=CORE) -> dict:
    """A stacked bar chart and its table from items (label, link, values per segment, text at the bar's
    end, further table cells); segments that are zero in every row and not `always` shown are left out
    of both, so chart and table keep the same columns."""
    keep = [i for i, sg in enumerate(segs) if sg.key in always or any(it[2][i] for it in items)]
    shown = [segs[i] for i in keep]
    rows = [(label, [v[i] for i in keep], end) for label, _, v, end, _ in items]
    table_rows = [[lk, *(v[i] for i in keep), *extra] for _, lk, v, _, extra in items]
    first, extra_headers = headers
    return {"title": title, "figure": charts.figure(charts.stacked(title, rows, shown), caption),
            "table": charts.table([first, *(sg.label for sg in shown), *extra_headers], table_rows)}


def status_chart(site: Site, page: str) -> dict:
    lang = site.lang
    items, skipped = [], []
    for r in site.standard_rows(page):
        s = r["s"]
        if "counts" not in r:
            skipped.append(Safe(f"{md(s.standard)}: {md(s.applicability_reason.get(lang))}"))
            continue
        values = status_values(r["counts"])
        rate = f"{r['counts'].conformity_rate:.0%}"
        items.append((s.standard, r["link"], values, rate, [sum(values), rate]))
    title = t(lang, "by_standard")
    view = stacked_view(title, t(lang, "by_standard_note"), status_segments(lang), items,
                        (t(lang, "standard"), [t(lang, "statements_total"), t(lang, "conformity")]))
    return {**view, "skipped": skipped}


def nc_segments(lang: str) -> list[Segment]:
    segs = [Segment(f"{ty}/{g}", f"{t(lang, ty)} · {t(lang, g)}", c)
            for (ty, g), c in zip([(ty, g) for ty in NC_TYPES for g in GRADES], NC_COLOURS)]
    return segs + [Segment("observation", t(lang, "observations"), GREY)]


def findings_chart(site: Site, page: str) -> dict:
    lang = site.lang
    items = []
    for r in site.standard_rows(page):
        if "nc" in r:
            values = [*r["nc"], r["observations"]]
            items.append((r["s"].standard, r["link"], values, str(sum(values)), [r["nc_total"]]))
    title = t(lang, "findings_chart")
    if not any(sum(it[2]) for it in items):  # nothing to draw: say so instead of empty bars
        return {"title": title, "figure": md(t(lang, "no_findings")), "table": Safe("")}
    return stacked_view(title, title, nc_segments(lang), items,
                        (t(lang, "standard"), [f"{t(lang, 'nonconformities')} · {t(lang, 'total')}"]), always=())


def emission_charts(fig: Figures | None, lang: str) -> list[dict]:
    """Emissions by year against baseline and target, by source (coloured by scope) and the targets."""
    if fig is None or fig.empty:
        return []
    out = []
    colours = {"inventory": BLUE, "verified": SKY, "baseline": GREY}
    years = {v.label: v for v in fig.years}
    bars = list(fig.years)
    if fig.baseline is not None and fig.baseline.label not in years:
        bars = sorted([*bars, fig.baseline], key=lambda v: v.label)
    if bars:
        title = t(lang, "emissions_by_year")
        lines = ([(f"{t(lang, 'baseline')} {fig.baseline.label}", fig.baseline.value, charts.INK)] if fig.baseline else []) + \
                [(f"{t(lang, 'target')} {v.label}", v.value, VERMILLION) for v in fig.emission_targets]
        svg = charts.years(title, [(v.label, v.value, colours[v.kind], t(lang, f"kind_{v.kind}")) for v in bars], lines, "tCO2e")
        rows = [[v.label, t(lang, f"kind_{v.kind}"), v.value, v.unit, v.where] for v in bars]
        rows += [[v.label, t(lang, "target"), v.value, v.unit, v.where] for v in fig.emission_targets]
        if fig.baseline is not None and fig.baseline.label in years:
            rows.append([fig.baseline.label, t(lang, "kind_baseline"), fig.baseline.value, fig.baseline.unit, fig.baseline.where])
        out.append({"title": title, "figure": charts.figure(svg, title), "table": charts.table(
            [t(lang, "year"), t(lang, "kind"), t(lang, "value"), t(lang, "unit"), t(lang, "read_from")], rows)})
    if fig.sources:
        title = f"{t(lang, 'emissions_by_source')} ({fig.sources_year})"
        scope_colour = {1: BLUE, 2: ORANGE}
        items = [(v.label, v.value, scope_colour[SCOPE.get(v.kind, 1)]) for v in fig.sources]
        legend = [(f"{t(lang, f'scope_{n}')}: {charts.fmt(v)} tCO2e", scope_colour[n]) for n, v in fig.scopes().items()]
        total = sum(v.value for v in fig.sources)
        rows = [[v.label, t(lang, f"scope_{SCOPE.get(v.kind, 1)}"), v.value, charts.pct(v.value, total), v.where] for v in fig.sources]
        rows += [[t(lang, "total"), t(lang, f"scope_{n}"), value, charts.pct(value, total), ""] for n, value in fig.scopes().items()]
        out.append({"title": title, "figure": charts.figure(charts.hbars(title, items, legend, "tCO2e"), title), "table": charts.table(
            [t(lang, "source_col"), t(lang, "scope_col"), "tCO2e", t(lang, "share"), t(lang, "read_from")], rows)})
    if fig.targets:
        title = t(lang, "targets_chart")
        words = {k: t(lang, k) for k in ("actual", "baseline", "target")}
        svg = charts.targets(title, [(x.indicator, x.baseline, x.target, x.actual, x.unit) for x in fig.targets], words)
        rows = [[x.indicator, x.actual if x.actual is not None else "–", x.target, x.baseline, x.unit, x.due, x.where] for x in fig.targets]
        out.append({"title": title, "figure": charts.figure(svg, title), "table": charts.table(
            [t(lang, "indicator"), words["actual"], words["target"], words["baseline"], t(lang, "unit"), t(lang, "due"), t(lang, "read_from")], rows)})
    return out


# -- severe findings, one row per subject ------------------------------------------------------------

def severe(site: Site, page: str, a: Assessment) -> list[dict]:
    """Severe nonconformities, one row per subject (rule and what it looked at) with every standard it
    breaks, earliest deadline first."""
    rows: dict[str, dict] = {}
    for s in applicable(a):
        for f in s.findings:
            if f.verdict != "nonconforming" or f.grade != "severe":
                continue
            subject = f.id.split("/", 1)[1] if "/" in f.id else f.id
            v = site.finding_view(page, f)
            row = rows.setdefault(subject, {"subject": subject, "links": [], "v": v, "deadline": f.deadline})
            row["links"].append(link(f.standard, site.finding_url(page, f)))
            if f.deadline and (row["deadline"] is None or f.deadline < row["deadline"]):
                row["deadline"] = f.deadline
    out = sorted(rows.values(), key=_by_deadline)
    as_of = a.organization.as_of
    for r in out:
        r["standards"] = Safe(", ").join(r["links"])
        r["member"] = Safe("")
        days = (r["deadline"] - as_of).days if r["deadline"] else None  # counted from the assessment's as-of date
        r["due"] = "" if days is None else (t(site.lang, "due_in") if days >= 0 else t(site.lang, "overdue_by")).format(n=abs(days))
    return out


def _by_deadline(r: dict) -> tuple:
    return (r["deadline"] is None, r["deadline"] or "", r["subject"])


def badge(lang: str, key: str) -> Safe:
    """A coloured tag with one of cmscheck's own words (severe, general, observation)."""
    return raw_html(f'<span class="cmscheck-badge cmscheck-{key}">{html.escape(t(lang, key))}</span>')


def totals(a: Assessment) -> dict:
    severe_n = general = obs = 0
    for s in applicable(a):
        for f in s.findings:
            if f.verdict == "observation":
                obs += 1
            elif f.grade == "severe":
                severe_n += 1
            else:
                general += 1
    return {"severe": severe_n, "general": general, "observations": obs}


# -- pages -------------------------------------------------------------------------------------------

def _heatmap(a: Assessment, catalog, lang: str, page: str, member: bool) -> Safe:
    target = (lambda s: catalog_page(s)) if member else standard_page
    return raw_html(heatmap.render(a, catalog, lang, lambda s: rel(page, target(s)).replace(".md", ".html")))


def page_view(site: Site, catalog, page: str, fig: Figures | None) -> dict:
    """What the dashboard and a member page both show, top to bottom."""
    a, lang = site.assessment, site.lang
    sev = severe(site, page, a)
    tot = totals(a)
    for m, p in zip(a.members, member_pages(a)):  # a park: its members' severe findings sit beside its own
        member_rows = severe(Site(m, catalog, lang, member_page=p), page, m)
        for r in member_rows:
            r["member"] = link(m.organization.name, rel(page, p))
        sev += member_rows
        tot = {k: v + totals(m)[k] for k, v in tot.items()}
    sev.sort(key=_by_deadline)
    return {
        "header": header(a.organization, catalog, lang), "totals": tot, "severe": sev,
        "with_members": bool(a.members), "severe_badge": badge(lang, "severe") if tot["severe"] else Safe(""),
        "status": status_chart(site, page), "findings_chart": findings_chart(site, page),
        "emissions": emission_charts(fig, lang),
        "heatmap": _heatmap(a, catalog, lang, page, site.member_page is not None),
    }


def member_pages(a: Assessment) -> list[str]:
    return [anchors.member_page(i) for i in range(len(a.members))]


def members_charts(a: Assessment, figures: Figures | None, page: str, lang: str) -> list[dict]:
    """Park members side by side: statuses (all applicable standards), findings, latest emissions."""
    names = [m.organization.name for m in a.members]
    links = [link(m.organization.name, rel(page, p)) for m, p in zip(a.members, member_pages(a))]
    values = [_sum([s.counts for s in applicable(m) if s.counts]) for m in a.members]
    title = t(lang, "members_statuses")
    out = [stacked_view(title, title, status_segments(lang),
                        [(n, lk, v, f"{_rate(v):.0%}", [sum(v), f"{_rate(v):.0%}"]) for n, lk, v in zip(names, links, values)],
                        (t(lang, "organization"), [t(lang, "statements_total"), t(lang, "conformity")]))]
    fsegs = [Segment("severe", t(lang, "severe_ncs"), VERMILLION), Segment("general", t(lang, "general_ncs"), ORANGE),
             Segment("observations", t(lang, "observations"), GREY)]
    tot = [totals(m) for m in a.members]
    title = t(lang, "members_findings")
    out.append(stacked_view(title, title, fsegs, [(n, lk, [x["severe"], x["general"], x["observations"]], str(sum(x.values())), [])
                                                  for n, lk, x in zip(names, links, tot)],
                            (t(lang, "organization"), []), always=("severe", "general", "observations")))
    mfigs = figures.members if figures is not None else ()
    latest = [(lk, n, f.years[-1]) for lk, n, f in zip(links, names, mfigs) if f.years]
    if latest:
        title = t(lang, "members_emissions")
        items = [(n, v.value, BLUE if v.kind == "inventory" else SKY) for _, n, v in latest]
        kinds = sorted({v.kind for _, _, v in latest})
        svg = charts.hbars(title, items, [(t(lang, f"kind_{k}"), BLUE if k == "inventory" else SKY) for k in kinds], "tCO2e")
        out.append({"title": title, "figure": charts.figure(svg, title), "table": charts.table(
            [t(lang, "organization"), t(lang, "year"), t(lang, "kind"), "tCO2e", t(lang, "read_from")],
            [[lk, v.label, t(lang, f"kind_{v.kind}"), v.value, v.where] for lk, _, v in latest])})
    return out


def park_matrix(a: Assessment, page: str, lang: str) -> dict:
    """Members × standards: conformity rate and nonconformities, each cell coloured on the heat map's scale."""
    std_ids = sorted({s.standard for m in a.members for s in applicable(m)})
    rows = []
    for m, p in zip(a.members, member_pages(a)):
        by_std = {s.standard: s for s in m.standards}
        cells = []
        for sid in std_ids:
            s = by_std.get(sid)
            if s is None or not s.applicable or not s.counts:
                cells.append(md("–"))
                continue
            rate = s.counts.conformity_rate
            bg, fg = heatmap.colour(rate)
            ncs = sum(s.counts.nonconformities.values())
            cells.append(raw_html(f'<span class="cmscheck-cell" style="background:{bg};color:{fg}">{rate:.0%} · {ncs}</span>'))
        rows.append({"link": link(m.organization.name, rel(page, p)), "cells": cells, **totals(m)})
    sums = {k: sum(r[k] for r in rows) for k in ("severe", "general", "observations")}
    return {"std_ids": std_ids, "rows": rows, "totals": sums}
