"""The catalog carries every seed line verbatim, numbered, with the right modality."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cmscheck.catalog import load_catalog
from cmscheck.catalog.loader import load_catalog_from
from cmscheck.cli import main
from cmscheck.problems import InputError

from seedunits import BODY, norm, units

STANDARDS = Path(__file__).resolve().parents[1] / "standards"


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def test_five_standards_with_metadata(catalog):
    assert sorted(catalog.standards) == ["cms", "enterprise", "industrial", "key-industry", "park"]
    kinds = {k: s.kind for k, s in catalog.standards.items()}
    assert kinds == {"cms": "requirements", "park": "requirements", "enterprise": "guideline",
                     "industrial": "guideline", "key-industry": "guideline"}
    ki = catalog.standards["key-industry"].applicability
    assert set(ki.sectors) == {"power", "petrochemical", "chemical", "steel", "building-materials", "non-ferrous-metals", "paper"}
    assert ki.market_qualifies
    assert catalog.standards["park"].applicability.organization_kinds == ["park"]
    assert catalog.standards["industrial"].status == "draft-for-comment"


@pytest.mark.parametrize("standard", sorted(BODY))
def test_seed_lines_carried_verbatim(catalog, standard):
    """Every line and list item of chapter 4 onward is in the catalog: in the statements (concatenated in
    document order, so a line split into sentences still counts) or, for headings, in a clause title."""
    std = catalog.standards[standard]
    statements = norm("".join(s.text for s in std.statements()))
    titles = {norm(c.title.zh) for c in std.walk()}
    lines = norm("".join(line for c in std.walk() for line in c.text))
    seed = units(standard)
    missing = [u for u in seed if norm(u) not in statements and norm(u) not in titles and norm(u) not in lines]
    share = 1 - len(missing) / len(seed)
    print(f"{standard}: {len(seed) - len(missing)}/{len(seed)} seed units carried ({share:.1%})")
    assert share >= 0.98, missing[:10]
    # most units must be carried by statements themselves, not only by the clause text
    in_statements = sum(1 for u in seed if norm(u) in statements)
    assert in_statements / len(seed) >= 0.9


def test_statement_ids_unique_and_prefixed(catalog):
    ids = [s.id for s in catalog.all_statements()]
    assert len(ids) == len(set(ids))
    for std_id, std in catalog.standards.items():
        assert all(s.id.startswith(std_id + ":") for s in std.statements())


def test_key_industry_twelve_severe_situations(catalog):
    clause = catalog.standards["key-industry"].clause("7.2.4")
    items = [s for s in clause.statements if s.id.rsplit(".", 1)[-1].isdigit()]
    assert [s.id for s in items] == [f"key-industry:7.2.4.{i}" for i in range(1, 13)]
    assert items[0].text.startswith("碳排放管理文件中存在不合规问题")
    assert items[11].text.startswith("上年度开具但未有效纠正的严重不符合项")
    assert all(s.rebuilt for s in items)
    assert clause.rebuilt and clause.rebuilt_note
    types = catalog.standards["key-industry"].clause("7.2.3")
    assert [s.text[:5] for s in types.statements if s.id.endswith((".1", ".2", ".3"))] == ["体系性不符", "实施性不符", "效果性不符"]


def test_cms_9_1_1_item_a_has_four_sub_items(catalog):
    clause = catalog.standards["cms"].clause("9.1.1")
    ids = [s.id for s in clause.statements]
    assert "cms:9.1.1.a" in ids
    assert [i for i in ids if i.startswith("cms:9.1.1.a.")] == [f"cms:9.1.1.a.{n}" for n in range(1, 5)]


@pytest.mark.parametrize("statement_id, modality", [
    ("cms:9.2.1.s1", "shall"),            # 组织应按计划的时间间隔实施…内部审核
    ("cms:7.1.s2", "should"),             # 资源宜包括 (宜)
    ("cms:7.1.a", "should"),              # list item inherits 宜 from its introduction
    ("cms:4.1.n1", "informative"),        # a note
    ("enterprise:6.3.1.s1", "shall"),     # 企业应至少每年实施一次碳排放核算
    ("enterprise:7.2.s1", "shall"),        # 应具备相应的能力和意识，可采取以下措施：
    ("enterprise:7.2.a", "may"),           # its items take 可采取 (may), not 应
    ("industrial:4.3.3.s1", "shall"),     # 不应当 — industrial does not define 应当 as a recommendation
    ("industrial:4.1.n3", "informative"),
    ("park:9.2.1.s1", "shall"),
    ("park:6.1.n1", "informative"),       # 注 — even though it says 宜
    ("key-industry:7.2.1.1.s1", "shall"),  # 应逐年开展…内部审核
    ("key-industry:7.2.1.2.s2", "should"),  # 宜选取全覆盖审核
    ("key-industry:5.3.1.2", "shall"),     # item inheriting 应符合以下要求
])
def test_modality_samples(catalog, statement_id, modality):
    st = catalog.statement(statement_id)
    assert st is not None, statement_id
    assert st.modality == modality, st.text


def test_cms_defines_yingdang_as_recommendation(catalog):
    from cmscheck.catalog.annotate import modality
    assert modality("组织应当考虑相关方的意见。", convention_should_yingdang=True) == "should"
    assert modality("组织应当考虑相关方的意见。") == "shall"
    assert modality("可委托第三方专业机构进行核算。") == "may"
    assert modality("评价碳管理体系的适宜性。", inherited="shall") == "shall"  # 适宜 is not 宜
    assert "应当（should）" in catalog.standards["cms"].modality_note.zh


def test_glossary_is_bilingual(catalog):
    terms = {t.term.zh: t for t in catalog.standards["cms"].glossary}
    assert terms["碳评审"].term.en == "carbon review"
    assert sum(len(s.glossary) for s in catalog.standards.values()) > 80


def test_broken_catalog_file_names_file_line_and_field(tmp_path):
    shutil.copy(STANDARDS / "vocabulary.yaml", tmp_path)
    text = (STANDARDS / "park.yaml").read_text(encoding="utf-8")
    text = text.replace("kind: requirements", "kind: requirement", 1)
    (tmp_path / "park.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_catalog_from(tmp_path)
    p = err.value.problems[0]
    assert p.file.endswith("park.yaml") and p.line and p.field == "kind"
    assert "requirements" in p.message


def test_unknown_evidence_kind_in_catalog_is_an_error(tmp_path):
    shutil.copy(STANDARDS / "vocabulary.yaml", tmp_path)
    text = (STANDARDS / "cms.yaml").read_text(encoding="utf-8").replace("- internal_audit_report", "- internal_audit_reprot", 1)
    (tmp_path / "cms.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_catalog_from(tmp_path)
    assert any("internal_audit_reprot" in p.message and p.line for p in err.value.problems)


def test_cli_standards_commands():
    runner = CliRunner()
    out = runner.invoke(main, ["standards", "list", "--format", "json"])
    assert out.exit_code == 0
    assert "key-industry" in out.output
    out = runner.invoke(main, ["standards", "show", "key-industry", "7.2.4"])
    assert out.exit_code == 0 and "key-industry:7.2.4.12" in out.output
    out = runner.invoke(main, ["standards", "show", "cms", "9.1.1", "--format", "json"])
    assert out.exit_code == 0 and '"cms:9.1.1.a.4"' in out.output
    out = runner.invoke(main, ["standards", "glossary", "cms", "--search", "碳评审"])
    assert out.exit_code == 0 and "carbon review" in out.output
    out = runner.invoke(main, ["standards", "show", "nope"])
    assert out.exit_code == 2 and "unknown standard" in out.output
