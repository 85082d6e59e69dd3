"""Whether a standard, a statement or one evidence kind a statement demands applies to an organization, and why (zh and en)."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .empty import new_list
from . import paths, yamlio
from .catalog.models import Standard
from .findings import Bilingual
from .memo import by_identity
from .problems import InputError, Problem, display
from .validation import validate


def applies(std: Standard, org) -> tuple[bool, Bilingual]:
    """Whether the standard applies to the organization, and why: kept per process (_APPLIES_KEPT), as it
    reads nothing but the catalog's standard and three short words of the organization (its kind, sector
    and carbon market): its reason, a validated model, was made again for each standard of every bundle."""
    key = (id(std), org.kind, org.sector, org.carbon_market)
    hit = _APPLIES_KEPT.get(key)
    if hit is None or hit[0] is not std:
        if len(_APPLIES_KEPT) >= _APPLIES_LIMIT:
            _APPLIES_KEPT.clear()  # a run over many sectors keeps no more than the limit
        hit = _APPLIES_KEPT[key] = (std, _applies(std, org))
    return hit[1]


_APPLIES_KEPT: dict[tuple, tuple[Standard, tuple[bool, Bilingual]]] = {}  # the standard kept alive: its id stays its own
_APPLIES_LIMIT = 512


def _applies(std: Standard, org) -> tuple[bool, Bilingual]:
    a = std.applicability
    kinds_zh = {"enterprise": "企业", "park": "园区"}
    if org.kind not in a.organization_kinds:
        wanted = "、".join(kinds_zh[k] for k in a.organization_kinds)
        return False, Bilingual(
            zh=f"本标准适用于{wanted}，受评组织为{kinds_zh[org.kind]}",
            en=f"applies to {' and '.join(a.organization_kinds)} organizations; this one is a {org.kind}",
        )
    if not a.sectors and not a.market_qualifies:
        return True, Bilingual(zh=f"适用于{kinds_zh[org.kind]}", en=f"applies to every {org.kind}")
    if org.sector in a.sectors:
        return True, Bilingual(zh=f"所属行业（{org.sector}）属于本标准列明的重点行业", en=f"its sector ({org.sector}) is one the standard names")
    if a.market_qualifies and org.carbon_market != "none":
        market_zh = {"national": "全国", "provincial": "地方"}[org.carbon_market]
        return True, Bilingual(zh=f"已纳入{market_zh}碳市场", en=f"it is in the {org.carbon_market} carbon market")
    return False, Bilingual(
        zh="所属行业不在本标准列明的重点行业之内，且未纳入碳市场",
        en=f"its sector ({org.sector or 'not given'}) is not one the standard names, and it is in no carbon market",
    )


# ------------------------------------------------------------------- statements under a condition
# standards/applicability.yaml: a requirement the standard makes conditional ("适用时", "纳入…的",
# "当…变更时") applies only when the bundle shows the condition holds.

Condition = Literal["in_carbon_market", "offsets_or_claim", "changes_in_period", "baseline_adjusted"]
FILE = "applicability.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Entry(_Strict):
    statements: list[str] = Field(min_length=1, description="statement ids the condition governs")
    evidence: list[str] = Field(default_factory=new_list, description="only these evidence kinds are conditional; empty: the whole statement")
    condition: Condition
    quote: str = Field(min_length=1, description="the standard's words that set the condition")


class ApplicabilityFile(_Strict):
    entries: list[Entry]


def load_conditions(path: Path | None = None, catalog=None) -> tuple[Entry, ...]:
    """Read standards/applicability.yaml; a wrong field, unknown statement or evidence kind is a located InputError."""
    path = Path(path or paths.standards_dir() / FILE)
    shown = display(path)
    doc = yamlio.load(path, shown)
    parsed = validate(ApplicabilityFile, doc)
    problems: list[Problem] = []
    if catalog is not None:
        kinds = {k.id for k in catalog.vocabulary.evidence_kinds}
        for i, e in enumerate(parsed.entries):
            for j, sid in enumerate(e.statements):
                if catalog.statement(sid) is None:
                    problems.append(Problem(shown, doc.line(("entries", i, "statements", j)), f"entries[{i}].statements[{j}]",
                                            f"unknown statement id {sid!r}", "use an id `cmscheck standards show` prints"))
            for j, k in enumerate(e.evidence):
                if k not in kinds:
                    problems.append(Problem(shown, doc.line(("entries", i, "evidence", j)), f"entries[{i}].evidence[{j}]",
                                            f"unknown evidence kind {k!r}", "use a kind of standards/vocabulary.yaml"))
    if problems:
        raise InputError(problems)
    return tuple(parsed.entries)


@lru_cache(maxsize=4)
def _default_entries(root: str) -> tuple[Entry, ...]:
    return load_conditions(Path(root) / FILE)


_RESOLVED: dict[str, str] = {}  # standards folder as found -> resolved: resolving costs a system call per part
_FOUND: dict[tuple, Path] = {}  # (folder name, repository root) -> the folder paths.data_dir finds without an override


def data_folder(name: str) -> Path:
    """paths.data_dir(name), asked on every evaluation: an override in the environment is read each time
    (as paths reads it), the installed or checked-out folder found once per process (paths asks the
    import system and the filesystem each time, a tenth of a millisecond)."""
    override = os.environ.get(paths._ENV[name])
    if override:
        return Path(override)
    key = (name, paths.REPO_ROOT)
    found = _FOUND.get(key)
    if found is None:
        found = _FOUND[key] = paths.data_dir(name)
    return found


def default_entries() -> tuple[Entry, ...]:
    """The conditions of the standards folder in use (a caller judging many statements looks it up once)."""
    found = str(data_folder("standards"))
    root = _RESOLVED.get(found)
    if root is None:
        root = _RESOLVED[found] = str(Path(found).resolve())
    return _default_entries(root)


def _holds(condition: str, manifest) -> tuple[bool, Bilingual]:
    org, data = manifest.organization, manifest.data
    said = org.declarations
    if condition == "in_carbon_market":
        if org.carbon_market == "none":
            return False, Bilingual(zh="组织未纳入全国或省碳交易市场（organization.carbon_market: none）",
                                    en="the organization is in no national or provincial carbon market (organization.carbon_market: none)")
        return True, Bilingual(zh=f"组织已纳入碳市场（{org.carbon_market}）", en=f"the organization is in the {org.carbon_market} carbon market")
    if condition == "offsets_or_claim":
        if data.neutrality_claim or data.offsets or said.offsets_used:
            return True, Bilingual(zh="组织声明碳中和或使用了碳抵消", en="the organization claims neutrality or uses offsets")
        return False, Bilingual(zh="组织未声明碳中和，也未使用碳抵消（data.neutrality_claim、data.offsets、declarations.offsets_used）",
                                en="the organization makes no neutrality claim and uses no offsets (data.neutrality_claim, data.offsets, declarations.offsets_used)")
    if condition == "changes_in_period":
        if manifest.records.changes or said.changes_in_period is not False:
            return True, Bilingual(zh="评价期内有变更，或组织未声明无变更", en="changes happened in the period, or the organization did not state there were none")
        return False, Bilingual(zh="组织声明评价期内没有变更（declarations.changes_in_period: false）",
                                en="the organization states no change happened in the period (declarations.changes_in_period: false)")
    if condition == "baseline_adjusted":
        if data.baseline and data.baseline.adjustments:
            return True, Bilingual(zh="碳基准有调整", en="the baseline was adjusted")
        return False, Bilingual(zh="碳基准没有调整，无需修正记录", en="the baseline was not adjusted, so no revision records are due")
    raise ValueError(f"unknown condition {condition!r}")


@by_identity
def _governing(entries: tuple[Entry, ...]) -> dict[str, tuple[Entry, ...]]:
    """Statement id -> the entries naming it, in file order: the conditions are immutable once loaded, so
    a statement's are found by a look-up, not a scan of every entry."""
    index: dict[str, list[Entry]] = {}
    for e in entries:
        for sid in dict.fromkeys(e.statements):
            index.setdefault(sid, []).append(e)
    return {k: tuple(v) for k, v in index.items()}


def applicable(statement_id: str, manifest, kind: str | None = None,
               entries: tuple[Entry, ...] | None = None, held: dict | None = None) -> tuple[bool, Bilingual]:
    """Whether a statement (kind None) — or its demand for one evidence kind — applies to the bundle, and why.

    A pure function of the manifest's declarations; the reason quotes the standard's condition. `held`:
    a dict the caller keeps for this one manifest, so each condition is judged once, not per statement."""
    if entries is None:
        entries = default_entries()
    if not isinstance(entries, tuple):
        entries = tuple(entries)
    for e in _governing(entries).get(statement_id, ()):
        if e.evidence and (kind is None or kind not in e.evidence):
            continue
        if held is None:
            holds, why = _holds(e.condition, manifest)
            if not holds:
                return False, _unmet(e, why)
        else:
            if e.condition not in held:
                held[e.condition] = _holds(e.condition, manifest)
            holds, why = held[e.condition]
            if not holds:  # the same reason for every statement the entry governs: built once per manifest
                key = ("unmet", id(e))
                if key not in held:
                    held[key] = (False, _unmet(e, why))
                return held[key]
    return APPLIES


APPLIES = (True, Bilingual(zh="适用", en="applies"))  # frozen, so one serves every call


def _unmet(e: Entry, why: Bilingual) -> Bilingual:
    return Bilingual(zh=f"条件不成立：“{e.quote}”；{why.zh}", en=f"condition not met: “{e.quote}”; {why.en}")
