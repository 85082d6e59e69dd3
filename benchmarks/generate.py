"""Bundles the benchmarks run on, generated from the examples (shared by the bench_*.py scripts).

- steel(dest, n): n copies of examples/hubei-steel, each with its own organization name;
- big(dest, sources, raw): the steel example with `sources` emission sources, each with a monthly
  ledger and raw records (`raw` rows in all, spread evenly), numbers consistent so the data rules
  stay quiet on them;
- park(dest, n): examples/park with n member enterprises, copies of its three members in turn.

Manifests are written with yaml.safe_dump: comments go, values stay.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
STEEL = ROOT / "examples" / "hubei-steel"
PARK = ROOT / "examples" / "park"


def _load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _dump(data: dict, path: Path) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def steel(dest: Path, n: int) -> list[Path]:
    base = (STEEL / "cmscheck.yaml").read_text(encoding="utf-8")
    name = _load(STEEL / "cmscheck.yaml")["organization"]["name"]
    out = []
    for i in range(n):
        folder = dest / f"steel-{i:04d}"
        shutil.copytree(STEEL, folder, ignore=shutil.ignore_patterns("cmscheck.yaml"))
        # the name is the only change: a text replace keeps the manifest's comments and layout
        (folder / "cmscheck.yaml").write_text(base.replace(name, f"{name}{i:04d}", 1), encoding="utf-8")
        out.append(folder)
    return out


def big(dest: Path, sources: int = 50, raw: int = 100_000) -> Path:
    """One bundle of `sources` sources and `raw` raw records (daily readings, several per day)."""
    m = _load(STEEL / "cmscheck.yaml")
    folder = dest / f"big-{sources}-{raw}"
    shutil.copytree(STEEL, folder, ignore=shutil.ignore_patterns("cmscheck.yaml", "data"))
    (folder / "data").mkdir()
    inv = m["data"]["inventory"][0]
    year = inv["year"]
    days = [dt.date(year, 1, 1) + dt.timedelta(days=d) for d in range(365)]
    per_source = raw // sources
    srcs, monitoring, total = [], [], 0.0
    for s in range(sources):
        per_reading = 10 + s  # t per reading: every month's sum is an exact multiple, so sums compare exactly
        dates = [days[k * 365 // per_source] for k in range(per_source)]
        months = {mo: 0 for mo in range(1, 13)}
        for d in dates:
            months[d.month] += per_reading
        activity = float(sum(months.values()))
        reported = round(activity * 2.5 * 0.98, 3)
        total += reported
        sid = f"S-{s:03d}"
        srcs.append({"id": sid, "name": f"燃料{s:03d}燃烧", "type": "fuel_combustion",
                     "activity": {"value": activity, "unit": "t"},
                     "factor": {"value": 2.5, "unit": "tCO2/t", "source": "实测含碳量加权平均"},
                     "oxidation": 0.98, "reported": {"value": reported, "unit": "tCO2e"}})
        ledger, raws = f"data/ledger-{s:03d}.csv", f"data/raw-{s:03d}.csv"
        (folder / ledger).write_text("month,fuel_t\n" + "".join(f"{year}-{mo:02d},{v}\n" for mo, v in months.items()), encoding="utf-8")
        (folder / raws).write_text("date,fuel_t\n" + "".join(f"{d.isoformat()},{per_reading}\n" for d in dates), encoding="utf-8")
        monitoring.append({"parameter": f"燃料{s:03d}消耗量", "source": sid, "ledger": ledger, "raw_records": [raws],
                           "months": list(range(1, 13))})
    inv["sources"] = srcs
    inv["monitoring"] = monitoring
    inv["total"]["value"] = round(total, 3)
    inv["intensity"]["value"] = round(total / inv["output"]["value"], 6)
    _dump(m, folder / "cmscheck.yaml")
    return folder


def park(dest: Path, n: int) -> Path:
    """examples/park with n members (copies of its members in turn, each with its own name)."""
    m = _load(PARK / "cmscheck.yaml")
    folder = dest / f"park-{n}"
    shutil.copytree(PARK, folder, ignore=shutil.ignore_patterns("cmscheck.yaml", "members"))
    kinds = m["organization"]["members"]
    members = []
    for i in range(n):
        kind = kinds[i % len(kinds)]
        src = PARK / kind["bundle"]
        sub = f"members/m{i:04d}"
        shutil.copytree(src, folder / sub, ignore=shutil.ignore_patterns("cmscheck.yaml"))
        text = (src / "cmscheck.yaml").read_text(encoding="utf-8")
        name = f"{kind['name']}{i:04d}"
        (folder / sub / "cmscheck.yaml").write_text(text.replace(kind["name"], name, 1), encoding="utf-8")
        members.append({"name": name, "bundle": sub})
    m["organization"]["members"] = members
    _dump(m, folder / "cmscheck.yaml")
    return folder
