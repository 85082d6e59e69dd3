"""The one assessment path: every command (evaluate, site, compare, and those to come) goes through here.

    inputs (catalog, rules, crosswalk)  +  bundle  +  Options
        → waivers checked → evaluate → waivers applied → thresholds judged
        → Assessed: the ReportContext every renderer and the site receive, the waivers that matched
          nothing, and the threshold breaches.

Renderers and the site load nothing themselves; what they show comes in through the context.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from . import figures, gcpolicy, waivers
from .context import ReportContext, RuleInfo, Where, base_uri, real_root, shown_root
from .memo import by_identity
from .problems import InputError


@dataclass(frozen=True)
class Inputs:
    """The project's data, loaded once per process: the catalog and the rules; the crosswalk on demand."""

    catalog: Any
    ruleset: Any
    _crosswalk: list = field(default_factory=list, repr=False, compare=False)

    def crosswalk(self):
        if not self._crosswalk:
            from .crosswalk import load_crosswalk
            self._crosswalk.append(load_crosswalk())
        return self._crosswalk[0]


_INPUTS: Inputs | None = None


def load_inputs() -> Inputs:
    """Catalog and rules of this process (cached: they are immutable once loaded)."""
    global _INPUTS
    if _INPUTS is None:
        from .catalog import load_catalog
        from .rules import load_rules
        _INPUTS = Inputs(load_catalog(), load_rules())
        gcpolicy.settle()  # a command's start-up ends here (gcpolicy.py)
    return _INPUTS


def use_inputs(inputs: Inputs) -> None:
    """Adopt inputs a caller already loaded (a forked worker inherits them for free)."""
    global _INPUTS
    _INPUTS = inputs


@dataclass(frozen=True)
class Options:
    standards: list[str] | None = None
    as_of: dt.date | None = None
    lang: str = "zh"
    thresholds: Any = None  # thresholds.Thresholds; None: judge nothing
    compare: bool = False  # also build the comparison across standards (compare, site)
    site: bool = False  # also gather what only the site shows: the charts' figures, each evidence item's place


@dataclass(frozen=True)
class Assessed:
    context: ReportContext
    unused: list = field(default_factory=list)  # waivers that matched no finding
    breaches: list = field(default_factory=list)  # thresholds broken

    @property
    def assessment(self):
        return self.context.assessment


@by_identity  # a loaded rule set is immutable
def rule_infos(ruleset) -> tuple[RuleInfo, ...]:
    out = []
    for r in ruleset.rules:
        desc = r.description
        out.append(RuleInfo(
            id=r.id, title_zh=r.title.zh, title_en=r.title.en,
            description_zh=desc.zh if desc else "", description_en=desc.en if desc else "",
            type=r.finding.type, grade=r.finding.grade, situation=r.finding.situation,
            references=tuple(r.references), basis=r.basis,
        ))
    return tuple(out)


def where_of(bundle, members: tuple[Where, ...] | None = None, items: bool = True) -> Where:
    """Where a loaded bundle (and its members) lie: relative to the working directory (the repository
    root in CI) when below it; with `items`, also where each evidence item sits in its manifest (the
    site names citations by it). `members`: the members' places, when already taken one by one."""
    if members is None:
        members = tuple(where_of(mb, items=items) for mb in bundle.members)
    return Where(base_uri(shown_root(bundle)), members, _items(bundle) if items else ())


def _items(bundle) -> tuple:
    from .facts.functions import evidence_items
    m = bundle.manifest
    found_items = {(ref.field, item_id) for found in evidence_items(bundle).values()
                   for item_id, ref, _ in found if ref.field and ref.file == bundle.manifest_path}
    # documents and other records with a file of their own are cited at their manifest entry too
    found_items |= {(f"documents[{i}]", d.id) for i, d in enumerate(m.documents)}
    found_items |= {(f"records.other[{i}]", r.id) for i, r in enumerate(m.records.other)}
    return tuple(sorted(found_items))


def assess(bundle, inputs: Inputs, options: Options, name: str | None = None) -> Assessed:
    """The complete, waived assessment of a loaded bundle. InputError for a waiver naming no rule."""
    from . import thresholds as th
    from .evaluate import evaluate

    problems = waivers.check(bundle, (r.id for r in inputs.ruleset.rules))
    if problems:
        raise InputError(problems)
    # A park's members are waived and judged as each is evaluated, then packed (evaluate, packed.py):
    # the same waivers, breaches and order as judging the whole park at the end, one member in memory.
    label = (name or real_root(bundle).name) if bundle.members else None  # names members' breaches only
    member_unused: list = []
    member_breaches: list = []
    member_where: list = []
    member_figures: list = []

    def member_done(member, member_bundle):
        # here, where the member's bundle is unpacked anyway
        member_where.append(where_of(member_bundle, items=options.site))
        if options.site:
            member_figures.append(figures.of(member_bundle))
        member, lost = waivers.apply(member, member_bundle)
        member_unused.extend(lost)
        if options.thresholds is not None:
            member_breaches.extend(th.judge(member, options.thresholds, f"{label}/{member.bundle}"))
        return member

    assessment = evaluate(bundle, inputs.catalog, inputs.ruleset, options.standards, options.as_of,
                          member_done if bundle.members else None)
    if bundle.members:  # members were waived one by one: the park alone is waived here
        members = assessment.members
        park_bundle = replace(bundle, members=[])
        park, unused = waivers.apply(assessment.model_copy(update={"members": []}), park_bundle)
        unused += member_unused
        assessment = park.model_copy(update={"members": members})
    else:  # no members: the bundle is its park, nothing to take apart and put back together
        park_bundle = bundle
        park, unused = waivers.apply(assessment, bundle)
        assessment = park
    comparison = None
    if options.compare:
        from .compare import build_comparison
        comparison = build_comparison(assessment, inputs.catalog, inputs.crosswalk())
    where = where_of(park_bundle, tuple(member_where), items=options.site)
    # the numbers the site charts (figures.py), members' taken as each was evaluated
    figs = figures.of(park_bundle, tuple(member_figures)) if options.site else None
    ctx = ReportContext(assessment=assessment, lang=options.lang, rules=rule_infos(inputs.ruleset),
                        where=where, catalog=inputs.catalog, comparison=comparison, figures=figs)
    breaches = th.judge(park, options.thresholds, name) + member_breaches if options.thresholds is not None else []
    gcpolicy.warmed()  # the first evaluation built what the process keeps (gcpolicy.py)
    return Assessed(ctx, unused, breaches)


def load_and_assess(path: Path, inputs: Inputs, options: Options, name: str | None = None) -> Assessed:
    from .bundle import load_bundle
    return assess(load_bundle(Path(path), inputs.catalog), inputs, options, name)

