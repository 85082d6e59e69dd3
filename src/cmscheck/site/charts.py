"""Charts as inline SVG, drawn in Python when the site is written: no JavaScript and nothing fetched,
so they show offline and from file://, and the same data gives the same bytes.

Every text that reaches the SVG (labels, names, numbers) goes through `esc` (control characters
dropped, then XML-escaped); colours, sizes and coordinates are ours. Each chart is a
`<figure class="cmscheck-chart">` holding an `<svg role="img" aria-label=…>`; the page puts its data
as a table under it (`table`). Colours come from the Okabe–Ito palette, which readers with any common
colour-vision deficiency can tell apart; every segment also carries its number and a <title>.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass

from ..textsafe import ANY_CONTROL, NOT_XML
from .templating import Safe, md, raw_html

# Okabe & Ito (2008), "Color Universal Design"
BLUE, SKY, GREEN, YELLOW, ORANGE, VERMILLION, PURPLE = "#0072B2", "#56B4E9", "#009E73", "#F0E442", "#E69F00", "#D55E00", "#CC79A7"
GREY, LIGHT, INK, MUTED = "#BBBBBB", "#F2F2F2", "#222222", "#666666"
DARK = {BLUE, GREEN, VERMILLION, PURPLE, INK}  # fills that take white text

W = 720  # drawing width; the SVG scales down to the page (CSS max-width: 100 %)
LABEL_W = 190  # the row labels' column of horizontal charts
ROW_H = 24
FONT = 12


@dataclass(frozen=True)
class Segment:
    key: str
    label: str
    colour: str


def esc(text: object) -> str:
    """Bundle or catalog text for SVG: one line, only characters XML allows, escaped."""
    return html.escape(NOT_XML.sub("", ANY_CONTROL.sub(" ", str(text))), quote=True)


def fmt(value: float) -> str:
    """A number as the chart and its table both show it: thousands separated, at most three decimals."""
    if float(value).is_integer():
        return f"{int(value):,}"
    if abs(value) >= 1000:
        return f"{value:,.1f}".rstrip("0").rstrip(".")
    return f"{value:,.3f}".rstrip("0").rstrip(".")


def pct(part: float, whole: float) -> str:
    return f"{round(100 * part / whole)}%" if whole else "–"


def _width(text: str) -> float:
    return sum(FONT if ord(c) > 0x2E80 else FONT * 0.58 for c in text)


def _clip(text: str, room: float) -> str:
    if _width(text) <= room:
        return text
    out = ""
    for c in text:
        if _width(out + c + "…") > room:
            break
        out += c
    return out + "…"


def _n(x: float) -> str:
    """Coordinates with one decimal: stable bytes, no float noise."""
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _text(x: float, y: float, s: str, *, anchor: str = "start", fill: str = INK, weight: str = "", size: int = FONT) -> str:
    w = f' font-weight="{weight}"' if weight else ""
    return (f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}" fill="{fill}" font-size="{size}"{w}>{esc(s)}</text>')


def _rect(x: float, y: float, w: float, h: float, fill: str, tip: str = "", stroke: str = "") -> str:
    s = f' stroke="{stroke}"' if stroke else ""
    inner = f"<title>{esc(tip)}</title>" if tip else ""
    return f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(max(w, 0))}" height="{_n(h)}" fill="{fill}"{s}>{inner}</rect>'


def _svg(title: str, height: float, body: list[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {_n(height)}" width="{W}" height="{_n(height)}" '
            f'role="img" aria-label="{esc(title)}" font-family="sans-serif"><title>{esc(title)}</title>'
            + "".join(body) + "</svg>")


def _legend(items: list[tuple[str, str, str]], y: float) -> tuple[list[str], float]:
    """Swatches with labels, wrapped across lines; items are (label, fill, stroke). Returns (parts, next y)."""
    out, x = [], 0.0
    for label, fill, stroke in items:
        w = 18 + _width(label) + 16
        if x and x + w > W:
            x, y = 0.0, y + 18
        out.append(_rect(x, y - 10, 12, 12, fill, stroke=stroke or ""))
        out.append(_text(x + 16, y, label, fill=INK))
        x += w
    return out, y + 14


def figure(svg: str, caption: str) -> Safe:
    """The chart in its figure, caption escaped; one block of raw HTML without blank lines."""
    return raw_html(f'<figure class="cmscheck-chart">{svg}<figcaption>{esc(caption)}</figcaption></figure>')


def table(headers: list[str], rows: list[list[object]]) -> Safe:
    """The chart's data as a Markdown table; every cell escaped unless it is Safe (a link we made).
    Columns holding only numbers are right-aligned."""
    def is_num(c: object) -> bool:
        return isinstance(c, (int, float)) and not isinstance(c, bool)
    numeric = [bool(rows) and all(is_num(r[i]) or r[i] in ("–", "") or str(r[i]).endswith("%") for r in rows) for i in range(len(headers))]
    head = "| " + " | ".join(md(h) for h in headers) + " |"
    rule = "|" + "|".join("---:" if n else "---" for n in numeric) + "|"
    body = ["| " + " | ".join(md(fmt(c) if is_num(c) else c) for c in r) + " |" for r in rows]
    return Safe("\n".join([head, rule, *body]))


# -- horizontal stacked bars: statuses per standard, findings per standard, members side by side ----

def stacked(title: str, rows: list[tuple[str, list[float], str]], segments: list[Segment], scale: float | None = None) -> str:
    """One bar per row (label, values per segment, text at the bar's end), segments left to right.
    Bars share one scale (the largest row total, or `scale`): a longer bar is more statements."""
    legend, y = _legend([(s.label, s.colour, GREY if s.colour == "#FFFFFF" else "") for s in segments], 14)
    top = y + 6
    room = W - LABEL_W - 60
    most = scale or max((sum(v) for _, v, _ in rows), default=0) or 1
    body = list(legend)
    for i, (label, values, end) in enumerate(rows):
        ry = top + i * (ROW_H + 6)
        body.append(_text(0, ry + ROW_H / 2 + 4, _clip(label, LABEL_W - 8)))
        x = float(LABEL_W)
        for seg, v in zip(segments, values):
            if not v:
                continue
            w = room * v / most
            body.append(_rect(x, ry, w, ROW_H, seg.colour, f"{label} · {seg.label}: {fmt(v)}",
                              stroke=GREY if seg.colour == "#FFFFFF" else ""))
            if w >= _width(fmt(v)) + 4:
                body.append(_text(x + w / 2, ry + ROW_H / 2 + 4, fmt(v), anchor="middle",
                                  fill="#FFFFFF" if seg.colour in DARK else INK))
            x += w
        body.append(_text(x + 4, ry + ROW_H / 2 + 4, end, weight="bold"))
    return _svg(title, top + len(rows) * (ROW_H + 6) + 4, body)


def hbars(title: str, items: list[tuple[str, float, str]], legend: list[tuple[str, str]], unit: str) -> str:
    """One bar per item (label, value, colour) on a shared scale from zero, the value at its end."""
    parts, y = _legend([(label, colour, "") for label, colour in legend], 14) if legend else ([], 4)
    top = y + 6
    room = W - LABEL_W - 110
    most = max((abs(v) for _, v, _ in items), default=0) or 1
    body = list(parts)
    for i, (label, value, colour) in enumerate(items):
        ry = top + i * (ROW_H + 4)
        body.append(_text(0, ry + ROW_H / 2 + 4, _clip(label, LABEL_W - 8)))
        w = room * max(value, 0) / most
        body.append(_rect(LABEL_W, ry, w, ROW_H, colour, f"{label}: {fmt(value)} {unit}"))
        body.append(_text(LABEL_W + w + 4, ry + ROW_H / 2 + 4, f"{fmt(value)} {unit}"))
    return _svg(title, top + len(items) * (ROW_H + 4) + 4, body)


# -- emissions by year against baseline and target -------------------------------------------------

def _ticks(most: float) -> list[float]:
    raw = most / 4
    mag = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    return [step * k for k in range(0, int(most / step) + 2) if step * k <= most * 1.0001 or k == 0]


def years(title: str, bars: list[tuple[str, float, str, str]], lines: list[tuple[str, float, str]], unit: str) -> str:
    """Vertical bars per year (label, value, colour, what it is), reference lines across (label, value,
    colour: the baseline, a target) each labelled with its value, and a value axis from zero."""
    legend_items = []
    for _, _, colour, kind in bars:
        if (kind, colour, "") not in legend_items:
            legend_items.append((kind, colour, ""))
    legend, y = _legend(legend_items + [(f"{label}: {fmt(v)}", "#FFFFFF", colour) for label, v, colour in lines], 14)
    top, plot_h, left, right = y + 10, 220.0, 70.0, W - 10.0
    peak = max([v for _, v, _, _ in bars] + [v for _, v, _ in lines] + [0]) or 1
    ticks = _ticks(peak * 1.08)
    most = ticks[-1] if ticks[-1] >= peak else peak * 1.08
    def ypos(v: float) -> float:  # below zero draws at zero (a bar never has a negative height); the table tells
        return top + plot_h - plot_h * max(v, 0) / most
    body = list(legend)
    for tk in ticks:
        body.append(f'<line x1="{_n(left)}" x2="{_n(right)}" y1="{_n(ypos(tk))}" y2="{_n(ypos(tk))}" stroke="{LIGHT if tk else MUTED}"/>')
        body.append(_text(left - 4, ypos(tk) + 4, fmt(tk), anchor="end", fill=MUTED, size=10))
    body.append(_text(0, top - 2, unit, fill=MUTED, size=10))
    slot = (right - left) / max(len(bars), 1)
    bw = min(70.0, slot * 0.6)
    for i, (label, value, colour, kind) in enumerate(bars):
        x = left + slot * i + (slot - bw) / 2
        body.append(_rect(x, ypos(value), bw, top + plot_h - ypos(value), colour, f"{label} · {kind}: {fmt(value)} {unit}"))
        inside = top + plot_h - ypos(value) > 22  # the value inside the bar's top, clear of the reference lines
        body.append(_text(x + bw / 2, ypos(value) + (15 if inside else -4), fmt(value), anchor="middle", size=11,
                          fill="#FFFFFF" if inside and colour in DARK else INK))
        body.append(_text(x + bw / 2, top + plot_h + 16, label, anchor="middle"))
    for label, value, colour in lines:
        ly = ypos(value)
        body.append(f'<line x1="{_n(left)}" x2="{_n(right)}" y1="{_n(ly)}" y2="{_n(ly)}" stroke="{colour}" '
                    f'stroke-width="2" stroke-dasharray="6 4"><title>{esc(label)}: {esc(fmt(value))} {esc(unit)}</title></line>')
    return _svg(title, top + plot_h + 26, body)


# -- targets: the actual value against baseline and target, each on its own scale ----------------------

def targets(title: str, rows: list[tuple[str, float, float, float | None, str]], words: dict[str, str]) -> str:
    """One row per target (label, baseline, target, actual, unit): a bar to the actual value, a dashed
    mark at the baseline and a solid mark at the target, on the row's own scale from zero."""
    legend, y = _legend([(words["actual"], BLUE, ""), (words["baseline"], "#FFFFFF", MUTED), (words["target"], "#FFFFFF", VERMILLION)], 14)
    top, room = y + 8, W - LABEL_W - 200
    body = list(legend)
    for i, (label, base, target, actual, unit) in enumerate(rows):
        ry = top + i * (ROW_H + 10)
        most = max(abs(base), abs(target), abs(actual or 0)) * 1.1 or 1
        body.append(_text(0, ry + ROW_H / 2 + 4, _clip(label, LABEL_W - 8)))
        body.append(_rect(LABEL_W, ry, room, ROW_H, LIGHT))
        if actual is not None:
            body.append(_rect(LABEL_W, ry + 6, room * max(actual, 0) / most, ROW_H - 12, BLUE, f"{label} · {words['actual']}: {fmt(actual)} {unit}"))
        for value, colour, dash in ((base, MUTED, ' stroke-dasharray="3 2"'), (target, VERMILLION, "")):
            x = LABEL_W + room * max(value, 0) / most
            body.append(f'<line x1="{_n(x)}" x2="{_n(x)}" y1="{_n(ry - 2)}" y2="{_n(ry + ROW_H + 2)}" stroke="{colour}" stroke-width="3"{dash}/>')
        shown = "–" if actual is None else fmt(actual)
        body.append(_text(LABEL_W + room + 8, ry + ROW_H / 2 + 4,
                          f"{shown} / {fmt(target)} / {fmt(base)} {unit}", size=11))
    return _svg(title, top + len(rows) * (ROW_H + 10), body)
