"""The bundle loader (`cmscheck.bundle.load_bundle`) and the Markdown sections it parses."""

from __future__ import annotations

import dataclasses
import re
import textwrap
from pathlib import Path

import pytest
import yaml

from cmscheck.bundle import Bundle, Manifest, ParsedDocument, Section, load_bundle, parse_markdown
from cmscheck.catalog import load_catalog
from cmscheck.findings import EvidenceRef
from cmscheck.problems import InputError

TESTS = Path(__file__).parent
MINIMAL = TESTS / "bundles" / "minimal"
DOCS = TESTS.parent / "docs" / "bundle.md"

HEAD = """\
organization:
  name: 示例化工有限公司
  kind: enterprise
  sector: chemical
  period: {start: 2024-01-01, end: 2024-12-31}
  as_of: 2025-03-31
"""


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.fixture(scope="module")
def statement_ids(catalog) -> list[str]:
    ids = sorted(s.id for s in catalog.all_statements())
    if len(ids) < 2:
        pytest.skip("the catalog holds fewer than two statements")
    return ids


def make(root: Path, manifest: str, files: dict[str, str | bytes] | None = None) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "cmscheck.yaml").write_text(manifest, encoding="utf-8")
    for rel, content in (files or {}).items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return root


def problems(path: Path, catalog) -> list[str]:
    with pytest.raises(InputError) as err:
        load_bundle(path, catalog)
    return [f"{p.line}|{p.field}|{p.message}|{p.fix}" for p in err.value.problems]


# ------------------------------------------------------------------------------------------ loading


def test_minimal_bundle(catalog):
    b = load_bundle(MINIMAL, catalog)
    assert isinstance(b, Bundle) and dataclasses.is_dataclass(b)
    assert b.root == MINIMAL and b.manifest_path == "cmscheck.yaml"
    assert b.manifest.organization.name == "示例钢铁有限公司"
    assert b.manifest_file.endswith("cmscheck.yaml")
    assert b.members == [] and b.record_count == 0
    doc = b.documents["policy"]
    assert doc.file == "docs/policy.md" and doc.title == "碳排放管理方针"
    with pytest.raises(dataclasses.FrozenInstanceError):
        b.root = Path("/")  # type: ignore[misc]


def test_manifest_path_given_directly(catalog):
    b = load_bundle(MINIMAL / "cmscheck.yaml", catalog)
    assert b.root == MINIMAL and "policy" in b.documents


def test_where_names_manifest_line_and_dotted_field(catalog, tmp_path):
    root = make(tmp_path / "b", HEAD + textwrap.dedent("""\
        records:
          calibrations:
            - {id: c1, instrument: M-01, date: 2024-01-10, due: 2025-01-10}
            - {id: c2, instrument: M-01, date: 2024-02-10, due: 2025-02-10}
            - id: c3
              instrument: M-01
              date: 2024-03-10
              due: 2025-03-10
        data:
          instruments:
            - {id: M-01, name: 天然气流量计}
        """))
    b = load_bundle(root, catalog)
    ref = b.where(("records", "calibrations", 2, "due"))
    assert ref == EvidenceRef(file="cmscheck.yaml", line=14, field="records.calibrations[2].due")
    assert b.where(("records", "calibrations", 1)).line == 10
    assert b.where(("data", "instruments", 0, "name"), note="n").note == "n"
    assert b.record_count == 3


def test_every_problem_is_collected(catalog, tmp_path):
    root = make(tmp_path / "b", HEAD.replace("sector: chemical", "sector: chemicals") + textwrap.dedent("""\
        documents:
          - {id: d1, kind: 方针, title: 方针, file: docs/none.md}
          - {id: d1, kind: manual, title: 手册, file: /etc/passwd}
        records:
          other:
            - {id: r1, kind: ledgr, date: 2024-02-01, title: 台账, file: ../outside.csv}
          trainings:
            - {id: t1, date: not-a-date}
        data:
          targets:
            - {id: t2, indicator: 排放总量, baseline: 100, target: 90, unit: tCO2e, due: 2025-12-31, action_plan: plan}
        """))
    found = problems(root, catalog)
    text = "\n".join(found)
    assert len(found) == 9, text
    for fragment in [
        "organization.sector|unknown sector 'chemicals'; did you mean 'chemical'",
        "documents[0].kind|unknown evidence kind '方针'; did you mean 'policy'",
        "documents[0].file|file 'docs/none.md' not found",
        "documents[1].id|duplicate id 'd1'",
        "documents[1].file|path '/etc/passwd' is absolute",
        "records.other[0].kind|unknown evidence kind 'ledgr'; did you mean 'ledger'",
        "records.other[0].file|path '../outside.csv' leads out of the bundle folder",
        "records.trainings[0].date|Input should be a valid date",
        "data.targets[0].action_plan|action plan 'plan' is not a document id",
    ]:
        assert fragment in text, fragment
    assert all(p.split("|")[0] != "None" and p.split("|")[3] for p in found), text  # a line and a fix each


def test_checks_run_on_valid_items_when_others_are_invalid(catalog, tmp_path):
    root = make(tmp_path / "b", HEAD + textwrap.dedent("""\
        documents:
          - {id: d1, kind: policy}
          - {id: d2, kind: polcy, title: 方针}
        data:
          targets:
            - {id: t1, indicator: 强度, baseline: 2, target: 1, unit: tCO2/t, due: 2025-12-31, action_plan: d1}
        """))
    found = "\n".join(problems(root, catalog))
    assert "documents[0].title|required field 'title' is missing" in found
    assert "documents[1].kind|unknown evidence kind 'polcy'" in found
    assert "action_plan" not in found  # d1 exists, though its entry is invalid


def test_instrument_named_instead_of_id(catalog, tmp_path):
    root = make(tmp_path / "b", HEAD + textwrap.dedent("""\
        records:
          calibrations:
            - {id: c1, instrument: 天然气流量计, date: 2024-01-10, due: 2025-01-10}
        data:
          instruments:
            - {id: M-01, name: 天然气流量计}
          inventory:
            - year: 2024
              total: {value: 10, unit: tCO2e}
              sources:
                - id: s1
                  name: 天然气燃烧
                  type: fuel_combustion
                  activity: {value: 4600, unit: Nm3}
                  factor: {value: 0.00216, unit: tCO2/Nm3}
                  reported: {value: 10, unit: tCO2e}
                  instruments: [M-01, M-09]
        """))
    found = "\n".join(problems(root, catalog))
    assert "records.calibrations[0].instrument|instrument '天然气流量计' is a name; data.instruments gives it the id 'M-01'" in found
    assert "data.inventory[0].sources[0].instruments[1]|instrument 'M-09' is not an id" in found
    assert "instruments[0]|" not in found


def test_calibration_instrument_free_when_no_instruments_listed(catalog, tmp_path):
    root = make(tmp_path / "b", HEAD + "records:\n  calibrations:\n    - {id: c1, instrument: 电能表, date: 2024-01-10, due: 2025-01-10}\n")
    assert load_bundle(root, catalog).manifest.records.calibrations[0].instrument == "电能表"


def test_answers_and_exclusions(catalog, statement_ids, tmp_path):
    a, b = statement_ids[0], statement_ids[1]
    root = make(tmp_path / "b", HEAD + textwrap.dedent(f"""\
        documents:
          - {{id: policy, kind: policy, title: 方针, file: docs/policy.md}}
        answers:
          - statement: {a}
            status: conforming
            evidence: [policy, docs/policy.md, "docs/policy.md#承诺", scan.pdf, polcy, docs/missing.md]
            answered_by: 内审员
          - {{statement: {b}, status: conforming, answered_by: 内审员}}
          - {{statement: {b}, status: nonconforming, answered_by: 内审员}}
        exclusions:
          - {{statement: {a}, justification: 不适用}}
          - {{statement: nowhere:1.1, justification: 不适用}}
        """), {"docs/policy.md": "# 方针\n\n## 承诺\n\n遵守法规。\n", "scan.pdf": b"%PDF-1.4\x00\x01binary"})
    found = "\n".join(problems(root, catalog))
    assert "answers[0].evidence[4]|evidence 'polcy' is not the id of a document or record in this manifest; did you mean 'policy'" in found
    assert "answers[0].evidence[5]|file 'docs/missing.md' not found" in found
    assert f"answers[2].statement|statement '{b}' is answered twice" in found
    assert f"exclusions[0].statement|statement '{a}' is both answered" in found
    assert "exclusions[1].statement|unknown statement id 'nowhere:1.1'" in found
    assert found.count("\n") == 4, found  # the id, the paths and the opaque PDF are fine


def test_park_members_loaded_and_their_problems_collected(catalog, tmp_path):
    park = make(tmp_path / "park", textwrap.dedent("""\
        organization:
          name: 示例园区
          kind: park
          period: {start: 2024-01-01, end: 2024-12-31}
          as_of: 2025-01-31
          members:
            - {name: 甲, bundle: members/a}
            - {name: 乙, bundle: members/b}
        documents:
          - {id: p1, kind: polcy, title: 园区方针}
        """))
    make(park / "members" / "a", HEAD.replace("示例化工有限公司", "甲"))
    make(park / "members" / "b", HEAD.replace("示例化工有限公司", "乙") + "documents:\n  - {id: x, kind: policy, title: 方针, file: ../a/cmscheck.yaml}\n")
    with pytest.raises(InputError) as err:
        load_bundle(park, catalog)
    by_file = {(Path(p.file).parent.name, p.field) for p in err.value.problems}
    assert by_file == {("park", "documents[0].kind"), ("b", "documents[0].file")}

    (park / "members" / "b" / "cmscheck.yaml").write_text(HEAD.replace("示例化工有限公司", "乙"), encoding="utf-8")
    (park / "cmscheck.yaml").write_text((park / "cmscheck.yaml").read_text(encoding="utf-8").replace("polcy", "policy"), encoding="utf-8")
    b = load_bundle(park, catalog)
    assert [m.manifest.organization.name for m in b.members] == ["甲", "乙"]
    assert b.members[1].root.name == "b" and b.members[1].where(("organization",)).file == "cmscheck.yaml"


def test_member_bundle_cannot_be_the_park_itself(catalog, tmp_path):
    park = make(tmp_path / "park", HEAD.replace("kind: enterprise", "kind: park") + "  members:\n    - {name: 自己, bundle: .}\n")
    assert any("is the park's own folder" in p for p in problems(park, catalog))


def test_manifest_symlink_out_of_the_folder(catalog, tmp_path):
    make(tmp_path / "real", HEAD)
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "cmscheck.yaml").symlink_to(tmp_path / "real" / "cmscheck.yaml")
    assert any("leads out of the bundle folder" in p for p in problems(tmp_path / "b", catalog))


def test_symlink_inside_the_folder_is_fine(catalog, tmp_path):
    root = make(tmp_path / "b", HEAD + "documents:\n  - {id: d, kind: policy, title: 方针, file: current.md}\n",
                {"docs/policy-v2.md": "# 方针 V2\n"})
    (root / "current.md").symlink_to("docs/policy-v2.md")
    assert load_bundle(root, catalog).documents["d"].title == "方针 V2"


def test_backslash_and_nul_text(catalog, tmp_path):
    root = make(tmp_path / "b", HEAD + textwrap.dedent("""\
        documents:
          - {id: d1, kind: policy, title: 方针, file: 'docs\\policy.md'}
          - {id: d2, kind: manual, title: 手册, file: docs/manual.txt}
        """), {"docs/policy.md": "# 方针\n", "docs/manual.txt": b"abc\x00def"})
    found = "\n".join(problems(root, catalog))
    assert "documents[0].file|path 'docs\\\\policy.md' uses '\\' between folders|write it with '/': 'docs/policy.md'" in found
    # a binary file named .txt is no problem of the bundle: it is present evidence the reader could not read
    assert "documents[1]" not in found
    (root / "cmscheck.yaml").write_text((root / "cmscheck.yaml").read_text(encoding="utf-8").replace("docs\\policy.md", "docs/policy.md"), encoding="utf-8")
    reading = load_bundle(root, catalog).readings["docs/manual.txt"]
    assert reading.status == "unreadable" and "binary" in reading.reason


def test_read_text_applies_the_same_checks(catalog, tmp_path):
    root = make(tmp_path / "b", HEAD + "data:\n  inventory:\n    - year: 2024\n      total: {value: 1, unit: tCO2e}\n"
                "      monitoring:\n        - {parameter: 天然气消耗量, months: [1, 2], ledger: ledgers/gas.csv}\n",
                {"ledgers/gas.csv": "month,value\n1,10\n", "ledgers/bad.csv": "月份".encode("gbk"), "scan.pdf": b"%PDF"})
    b = load_bundle(root, catalog)
    loc = ("data", "inventory", 0, "monitoring", 0, "ledger")
    assert b.read_text("ledgers/gas.csv", loc).startswith("month,value")
    for rel, fragment in [("../x.csv", "leads out"), ("/etc/passwd", "absolute"), ("ledgers/bad.csv", "not valid UTF-8"),
                          ("scan.pdf", "not a text file"), ("ledgers/none.csv", "not found")]:
        with pytest.raises(InputError) as err:
            b.read_text(rel, loc)
        (p,) = err.value.problems
        assert fragment in p.message and p.field == "data.inventory[0].monitoring[0].ledger" and p.line == 12 and p.fix
    with pytest.raises(InputError) as err:
        b.read_text("ledgers/none.csv")
    assert err.value.problems[0].file.endswith("ledgers/none.csv")


def test_bundle_ref_points_into_a_document(catalog):
    b = load_bundle(MINIMAL, catalog)
    assert b.ref("policy", "承诺") == EvidenceRef(file="docs/policy.md", line=9, section="承诺")
    assert b.ref("policy") == EvidenceRef(file="docs/policy.md")


def test_problems_are_sorted_and_unique(catalog, tmp_path):
    root = make(tmp_path / "b", HEAD + "documents:\n  - {id: d, kind: x, title: t}\n  - {id: d, kind: x, title: t}\n")
    found = problems(root, catalog)
    assert len(found) == len(set(found)) == 3
    assert found == sorted(found, key=lambda s: (int(s.split("|")[0]), s.split("|")[1]))


# ----------------------------------------------------------------------------------------- markdown


MD = """\
---
title: front matter is not a heading
---
前言：本文件由安全环保部编制。

# 碳排放管理手册

Intro <script>alert('x')</script> **加粗** `code`

## 1 范围

适用于全厂。

| 职责 | 部门 |
|---|---|
| 数据收集 | 能源管理科 |

监测计划
--------

```yaml
monitoring: true
```

### 1.1 Calibration

- 计量器具每年检定一次
"""


def test_markdown_sections_and_lines():
    doc = parse_markdown(MD, "docs/manual.md")
    assert isinstance(doc, ParsedDocument) and doc.file == "docs/manual.md"
    assert doc.title == "碳排放管理手册"
    assert [(s.heading, s.level, s.line) for s in doc.sections] == [
        ("", 0, 4), ("碳排放管理手册", 1, 6), ("1 范围", 2, 10), ("监测计划", 2, 18), ("1.1 Calibration", 3, 25)]
    assert doc.sections[0].text == "前言：本文件由安全环保部编制。"
    assert doc.sections[2].text == "适用于全厂。\n职责 | 部门\n数据收集 | 能源管理科"
    assert doc.sections[3].text == "monitoring: true"
    assert "front matter" not in doc.text


def test_markdown_keeps_raw_html_as_text():
    doc = parse_markdown(MD, "m.md")
    assert doc.sections[1].text == "Intro <script>alert('x')</script> 加粗 code"
    html_block = parse_markdown("# T\n\n<div onclick=\"x()\">\n危险\n</div>\n", "h.md")
    assert html_block.sections[0].text == "<div onclick=\"x()\">\n危险\n</div>"


def test_markdown_find_any_word_case_insensitive():
    doc = parse_markdown(MD, "m.md")
    assert [s.heading for s in doc.find(["检定"])] == ["1.1 Calibration"]
    assert [s.heading for s in doc.find(["calibration", "能源管理科"])] == ["1 范围", "1.1 Calibration"]
    assert [s.heading for s in doc.find("监测")] == ["监测计划"]
    assert doc.find(["不存在的词"]) == [] and doc.find([]) == []
    assert isinstance(doc.find(["范围"])[0], Section)
    assert doc.section("calibration").line == 25


def test_markdown_title_fallbacks():
    assert parse_markdown("## 二级标题\n\n正文\n", "a/b.md").title == "二级标题"
    no_heading = parse_markdown("只有正文。\n", "a/制度.md")
    assert no_heading.title == "制度" and [(s.level, s.line, s.text) for s in no_heading.sections] == [(0, 1, "只有正文。")]
    assert parse_markdown("", "empty.md").sections == []


# --------------------------------------------------------------------------------------------- docs


def _doc_yaml_blocks() -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", DOCS.read_text(encoding="utf-8"), flags=re.S)


def test_docs_example_manifest_is_a_valid_manifest(catalog):
    blocks = [b for b in _doc_yaml_blocks() if b.lstrip().startswith(("cmscheck:", "# cmscheck.yaml"))]
    assert blocks, "docs/bundle.md has no complete example manifest"
    data = yaml.safe_load(blocks[0])
    manifest = Manifest.model_validate(data)
    assert manifest.documents and manifest.answers and manifest.exclusions
    records = manifest.records
    assert all(getattr(records, name) for name in type(records).model_fields), "the example shows every kind of record"
    kinds = {k.id for k in catalog.vocabulary.evidence_kinds}
    assert {d.kind for d in manifest.documents} | {r.kind for r in records.other} <= kinds


def _paths_in(node, key=None):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths_in(v, k)
    elif isinstance(node, list):
        for v in node:
            yield from _paths_in(v, key)
    elif isinstance(node, str) and (key in ("file", "report", "minutes", "certificate", "ledger") or (key == "evidence" and "/" in node)):
        yield node.split("#", 1)[0]


def test_docs_example_bundle_passes_validation(catalog, tmp_path):
    block = next(b for b in _doc_yaml_blocks() if b.lstrip().startswith(("cmscheck:", "# cmscheck.yaml")))
    data = yaml.safe_load(block)
    wanted = [a["statement"] for a in data["answers"]] + [e["statement"] for e in data["exclusions"]]
    if any(catalog.statement(sid) is None for sid in wanted):
        pytest.skip("the catalog does not hold the statements the example answers")
    files: dict[str, str | bytes] = {}
    for rel in _paths_in(data):
        files[rel] = b"%PDF-1.4 placeholder" if rel.endswith(".pdf") else ("month,value\n1,1\n" if rel.endswith(".csv") else f"# {rel}\n\n正文。\n")
    root = make(tmp_path / "example", block, files)
    b = load_bundle(root, catalog)
    assert b.manifest.organization.name == "示例化工有限公司"
    assert set(b.documents) >= {"policy", "manual", "IA-2024", "MR-2024"}
