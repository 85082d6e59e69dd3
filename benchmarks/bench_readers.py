"""Benchmark (not a test): time and peak memory of the evidence readers on large files.

Generates, in a temporary folder:

- a 5,000-row Excel ledger of raw records (date, weight, note), read by `read_file` (openpyxl,
  read-only) and then into month sums by `evidence.ledger.read_raw`;
- the same records as a CSV, for comparison;
- a 100-page PDF with a paragraph of text on each page (fpdf2), read by `read_file` (pypdf).

Each read runs once under tracemalloc (peak Python allocations) and --repeat times without it (best
wall-clock time); the process's peak resident size (resource.getrusage) is printed at the end.

    python3 benchmarks/bench_readers.py
    python3 benchmarks/bench_readers.py --rows 20000 --pages 500

Numbers are printed, never asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from cmscheck.evidence import read_file  # noqa: E402
from cmscheck.evidence.ledger import read_raw  # noqa: E402

FONT = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")


def make_xlsx(path: Path, rows: int) -> None:
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("磅单")
    ws.append(["2024年燃煤入厂磅单"])
    ws.append(["日期", "净重_t", "备注"])
    start = dt.date(2024, 1, 1)
    for i in range(rows):
        ws.append([start + dt.timedelta(days=i * 366 // rows), round(30 + (i % 17) * 0.37, 2), f"车号 鄂K{i:05d}"])
    ws.append(["合计", None, None])
    wb.save(str(path))


def make_csv(path: Path, rows: int) -> None:
    start = dt.date(2024, 1, 1)
    lines = ["日期,净重_t,备注"] + [f"{start + dt.timedelta(days=i * 366 // rows)},{round(30 + (i % 17) * 0.37, 2)},车号 鄂K{i:05d}"
                                   for i in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def make_pdf(path: Path, pages: int) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    if FONT.is_file():
        pdf.add_font("cjk", fname=str(FONT))
        pdf.set_font("cjk", size=11)
        text = "本页记录碳管理体系内部审核的发现、证据和纠正措施，审核员逐条核对了能源计量器具的检定证书和月度台账。" * 6
    else:
        pdf.set_font("helvetica", size=11)
        text = "This page records internal audit findings, evidence and corrective actions for the carbon management system. " * 6
    for n in range(pages):
        pdf.add_page()
        pdf.multi_cell(0, 7, f"{n + 1}. {text}")
    pdf.output(str(path))


def measure(label: str, fn, repeat: int) -> None:
    tracemalloc.start()
    out = fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    print(f"{label:<44} {best * 1000:9.1f} ms   peak {peak / 1024 / 1024:7.1f} MiB   {out}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=int, default=5000)
    ap.add_argument("--pages", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        xlsx, csv_, pdf = d / "tickets.xlsx", d / "tickets.csv", d / "audit.pdf"
        make_xlsx(xlsx, args.rows)
        make_csv(csv_, args.rows)
        make_pdf(pdf, args.pages)
        print(f"files: xlsx {xlsx.stat().st_size:,} bytes ({args.rows:,} rows), csv {csv_.stat().st_size:,} bytes, "
              f"pdf {pdf.stat().st_size:,} bytes ({args.pages} pages)")
        print(f"{'read':<44} {'best of ' + str(args.repeat):>12}   {'tracemalloc':>17}")

        def xlsx_read():
            r = read_file(xlsx, "tickets.xlsx")
            return f"{r.status}, {sum(len(t.rows) for t in r.tables):,} rows"

        def xlsx_months():
            t = read_raw(read_file(xlsx, "tickets.xlsx"), None)  # the numeric column beside 备注
            return f"{len(t.values)} months, {sum(t.counts.values()):,} records"

        def csv_months():
            t = read_raw(read_file(csv_, "tickets.csv"), None)
            return f"{len(t.values)} months, {sum(t.counts.values()):,} records"

        def pdf_read():
            r = read_file(pdf, "audit.pdf")
            return f"{r.status}, {len(r.sections)} pages with text, {sum(len(s.text) for s in r.sections):,} chars"

        measure(f"xlsx {args.rows:,} rows: read_file", xlsx_read, args.repeat)
        measure(f"xlsx {args.rows:,} rows: read_file + read_raw", xlsx_months, args.repeat)
        measure(f"csv {args.rows:,} rows: read_file + read_raw", csv_months, args.repeat)
        measure(f"pdf {args.pages} pages: read_file", pdf_read, args.repeat)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"process peak resident size: {rss / 1024:.0f} MiB (includes the file generation)")


if __name__ == "__main__":
    main()
