"""The issue's acceptance checks on whole bundles: no market finding outside a market, no change
finding without changes, the small manufacturer's missing records typed implementation."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from test_rules import findings, run  # noqa: E402

from cmscheck.bundle import load_bundle  # noqa: E402
from cmscheck.catalog import load_catalog  # noqa: E402
from cmscheck.evaluate import evaluate  # noqa: E402
from cmscheck.rules import load_rules  # noqa: E402

MARKET_STATEMENTS = {"key-industry:6.4.1.s1", "key-industry:6.4.2.s1", "cms:6.1.6.d", "cms:8.4.d", "industrial:8.1.3.s1"}


def test_outside_any_carbon_market_no_market_finding(tmp_path):
    case = {"patch": {"organization": {"carbon_market": "none"}}, "set": {"data.carbon_market": []}, "remove": ["records.other.10"]}
    a = run(tmp_path, case)
    assert findings(a) == []
    for std in a.standards:
        for st in std.statements:
            if st.id in MARKET_STATEMENTS:
                assert st.status == "not_applicable" and "in no national or provincial carbon market" in (st.note or ""), st


def test_no_changes_declared_no_change_finding(tmp_path):
    case = {"set": {"records.changes": []}, "patch": {"organization": {"declarations": {"changes_in_period": False}}}}
    assert findings(run(tmp_path, case)) == []


def test_small_manufacturer_missing_records_are_implementation():
    catalog, ruleset = load_catalog(), load_rules()
    root = Path(__file__).resolve().parents[1] / "examples" / "small-manufacturer"
    a = evaluate(load_bundle(root, catalog), catalog, ruleset)
    kinds = {k.id: k.category for k in catalog.vocabulary.evidence_kinds}
    missing = [f for s in a.standards for f in s.findings if f.rule in ("evidence-missing", "records-missing")]
    assert missing
    for f in missing:
        kind = f.message.en.rsplit("(", 1)[1].rstrip(")")
        assert f.type == ("systemic" if kinds[kind] == "document" else "implementation"), (f.id, kind, f.type)
