"""selection._select looks statements up in an index of the standard; it must pick exactly what the scan
of every statement (the general path, kept below as the reference) picks, in the same order."""

from __future__ import annotations

from cmscheck import selection
from cmscheck.catalog import load_catalog
from cmscheck.rules import load_rules
from cmscheck.rules.models import Decides


def _scan(rule, catalog, standard):
    """The former selection: every statement of the standard tested against every selector."""
    d = rule.decides
    if d.standards and standard not in d.standards:
        return []
    categories = {k.id: k.category for k in catalog.vocabulary.evidence_kinds}
    explicit = set(d.statements)
    return [st for st in catalog.standards[standard].statements()
            if st.modality in d.modality
            and (st.id in explicit or any(k in d.evidence for k in st.evidence)
                 or any(categories.get(k) in d.evidence_categories for k in st.evidence)
                 or any(t in d.topics for t in st.topics))]


def _ids(statements):
    return [s.id for s in statements]


def test_every_rule_of_the_project_selects_as_the_scan_does():
    catalog, ruleset = load_catalog(), load_rules()
    chosen = 0
    for rule in ruleset.rules:
        for standard in catalog.standards:
            picked = _ids(selection._select(rule, catalog, standard))
            assert picked == _ids(_scan(rule, catalog, standard)), (rule.id, standard)
            chosen += len(picked)
    assert chosen > 100  # the comparison is not between empty lists


def test_made_up_selectors_select_as_the_scan_does():
    catalog, ruleset = load_catalog(), load_rules()
    rule = ruleset.rules[0]
    std = next(iter(catalog.standards.values()))
    some = list(std.statements())
    may = next((s for s in catalog.all_statements() if s.modality not in ("shall", "should")), None)
    kind = next(k for s in some for k in s.evidence)
    topic = next(t for s in some for t in s.topics)
    cases = [
        Decides(),  # selects nothing
        Decides(statements=[some[0].id, some[-1].id, "no-such:1.2"]),
        Decides(statements=[some[3].id], evidence=[kind], topics=[topic]),  # one statement matched thrice
        Decides(evidence=[kind, "no_such_kind"], modality=["shall"]),
        Decides(evidence_categories=["record"], modality=["should"]),
        Decides(evidence_categories=["document", "data"], topics=["no_such_topic"]),
        Decides(topics=[topic], standards=[std.id]),
        Decides(topics=[topic], standards=["no-such-standard"]),  # restricted away: empty everywhere
    ]
    if may is not None:  # a statement whose modality no rule may select stays out even when named
        cases.append(Decides(statements=[may.id]))
    for decides in cases:
        probe = rule.model_copy(update={"decides": decides})
        for standard in catalog.standards:
            assert _ids(selection._select(probe, catalog, standard)) == _ids(_scan(probe, catalog, standard)), (decides, standard)
    assert _ids(selection._select(rule.model_copy(update={"decides": cases[1]}), catalog, std.id)) == [some[0].id, some[-1].id]
