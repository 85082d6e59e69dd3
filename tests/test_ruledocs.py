"""rules/README.md's tables of rules and fact types and docs/data.md's check table are generated
(tools/ruledocs.py): stale fails."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _tool():
    spec = importlib.util.spec_from_file_location("ruledocs", ROOT / "tools" / "ruledocs.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_rules_readme_regions_are_up_to_date():
    tool = _tool()
    current = tool.README.read_text(encoding="utf-8")
    assert tool.render(current, tool.regions()) == current, "rules/README.md is stale: run python3 tools/ruledocs.py"


def test_data_md_check_table_is_up_to_date():
    tool = _tool()
    current = tool.DATA_MD.read_text(encoding="utf-8")
    assert tool.render(current, tool.data_regions(), tool.DATA_MD) == current, "docs/data.md is stale: run python3 tools/ruledocs.py"


def test_every_rule_and_fact_type_is_in_the_tables():
    from cmscheck.facts.schema import FACT_FIELDS
    from cmscheck.rules import load_rules

    text = (ROOT / "rules" / "README.md").read_text(encoding="utf-8")
    for rule in load_rules().rules:
        assert f"| `{rule.id}` |" in text
    for ftype in FACT_FIELDS:
        assert f"### `{ftype}`" in text


def test_a_changed_rule_makes_the_region_stale():
    tool = _tool()
    current = tool.README.read_text(encoding="utf-8")
    regions = tool.regions()
    regions["rules"] = regions["rules"].replace("document-stale", "document-old", 1)
    assert tool.render(current, regions) != current
