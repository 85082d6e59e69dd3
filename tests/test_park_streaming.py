"""A park's members are evaluated one at a time and held packed (packed.py): the reports, waivers and
threshold breaches are those of judging the whole park at once, and memory grows by far less per
member than an unpacked member assessment takes."""

from __future__ import annotations

import shutil
import tracemalloc
from pathlib import Path

import pytest

from cmscheck import pipeline, waivers
from cmscheck import thresholds as th
from cmscheck.bundle import load_bundle
from cmscheck.evaluate import evaluate
from cmscheck.packed import Packed
from cmscheck.render import formats

ROOT = Path(__file__).resolve().parent.parent
PARK = ROOT / "examples" / "park"
KINDS = [("湖北云湾化工有限公司", "chemical"), ("湖北云湾新型建材有限公司", "building-materials"), ("云湾园区物流有限公司", "logistics")]
WAIVERS = """
waivers:
  - finding: cms/ledger-activity-mismatch/外购电量@2024
    justification: 电表更换，差异已说明
    approved_by: 总经理 某
    expires: 2099-12-31
  - rule: instrument-calibration
    justification: 不会匹配任何发现
    approved_by: 总经理 某
    expires: 2099-12-31
"""


def make_park(dest: Path, n: int, waived: bool = False) -> Path:
    """examples/park with n members, copies of its three in turn (the building-materials ones waive a finding)."""
    folder = dest / f"park-{n}"
    shutil.copytree(PARK, folder, ignore=shutil.ignore_patterns("members"))
    text = (PARK / "cmscheck.yaml").read_text(encoding="utf-8")
    head, _, rest = text.partition("  members:\n")
    rest = rest[rest.index("\ndocuments:"):]
    listing = ""
    for i in range(n):
        name, kind = KINDS[i % 3]
        sub = folder / "members" / f"m{i:03d}"
        shutil.copytree(PARK / "members" / kind, sub)
        manifest = (sub / "cmscheck.yaml").read_text(encoding="utf-8").replace(name, f"{name}{i:03d}", 1)
        if waived and kind == "building-materials":
            manifest += WAIVERS
        (sub / "cmscheck.yaml").write_text(manifest, encoding="utf-8")
        listing += f"    - name: {name}{i:03d}\n      bundle: members/m{i:03d}\n"
    (folder / "cmscheck.yaml").write_text(head + "  members:\n" + listing + rest, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def inputs():
    return pipeline.load_inputs()


def test_members_are_packed_and_reports_keep_their_bytes(tmp_path, inputs):
    park = make_park(tmp_path, 5, waived=True)
    opts = pipeline.Options(thresholds=th.from_fail_on("general"))
    assessed = pipeline.load_and_assess(park, inputs, opts)
    a = assessed.assessment
    assert isinstance(a.members, Packed) and len(a.members) == 5
    plain = a.model_copy(update={"members": list(a.members)})
    assert plain.members[1].findings()[0].waiver is not None, "the member's waiver was applied before packing"
    ctx = assessed.context
    for name in formats.names("assessment"):
        fmt = formats.get(name)
        assert fmt.render(ctx) == fmt.render(ctx.__class__(**{**ctx.__dict__, "assessment": plain})), name


def test_waivers_and_breaches_are_those_of_judging_the_whole_park(tmp_path, inputs):
    park = make_park(tmp_path, 5, waived=True)
    limits = th.from_fail_on("general")
    assessed = pipeline.load_and_assess(park, inputs, pipeline.Options(thresholds=limits), name="p")
    bundle = load_bundle(park, inputs.catalog)
    whole = evaluate(bundle, inputs.catalog, inputs.ruleset)  # members unwaived, then all waived at the end
    whole = whole.model_copy(update={"members": list(whole.members)})
    waived, unused = waivers.apply(whole, bundle)
    assert [u.where for u in assessed.unused] == [u.where for u in unused] and len(unused) == 2  # one per waiving member
    assert assessed.breaches == th.judge(waived, limits, "p")
    assert any(b.bundle.startswith("p/m") for b in assessed.breaches)
    assert assessed.assessment.model_dump(mode="json") == waived.model_dump(mode="json")


def _peak(park: Path, inputs) -> int:
    tracemalloc.start()
    try:
        assessed = pipeline.load_and_assess(park, inputs, pipeline.Options(thresholds=th.from_fail_on("severe")))
        formats.get("text").render(assessed.context)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_grows_far_less_per_member_than_a_member_assessment_takes(tmp_path, inputs):
    small, large = make_park(tmp_path, 3), make_park(tmp_path, 9)
    tracemalloc.start()
    held = list(pipeline.load_and_assess(small, inputs, pipeline.Options()).assessment.members)
    unpacked = tracemalloc.get_traced_memory()[0] / len(held)  # what a member's assessment takes unpacked
    tracemalloc.stop()
    del held
    growth = (_peak(large, inputs) - _peak(small, inputs)) / 6
    assert unpacked > 500_000
    assert growth < unpacked / 4, f"{growth:,.0f} bytes per member (an unpacked member takes {unpacked:,.0f})"
