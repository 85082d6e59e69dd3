"""Findings tracked across runs by stable id: diff and --previous list exactly what changed; first-seen
dates carry forward; a waiver by stable id survives an unrelated change; the register and its exit code."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cmscheck.cli import main as cli_main

ROOT = Path(__file__).resolve().parent.parent
STEEL = ROOT / "examples" / "hubei-steel"
WAIVER = """
waivers:
  - finding: cms/instrument-calibration/M-coal
    justification: 皮带秤送检中
    approved_by: 能源管理部 王主任
    expires: 2025-12-31
"""
FIXED = "cms/target-plan-not-carried-out/T-pv"
NEW = "cms/answer/cms:4.1.s1"


def _run(*args):
    return CliRunner().invoke(cli_main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Run 1: the example plus a waiver. Run 2: the target plan carried out (one finding fixed) and a
    nonconforming answer added (one new finding); the waiver unchanged."""
    tmp = tmp_path_factory.mktemp("tracking")
    b = tmp / "steel"
    shutil.copytree(STEEL, b)
    manifest = b / "cmscheck.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + WAIVER, encoding="utf-8")
    old = tmp / "old.json"
    assert _run("evaluate", b, "-s", "cms", "--format", "json", "-o", old).exit_code == 1
    text = manifest.read_text(encoding="utf-8")
    text = text.replace("      actual: 6\n", "      actual: 21\n").replace("plan_carried_out: false", "plan_carried_out: true")
    text += """
answers:
  - statement: cms:4.1.s1
    status: nonconforming
    evidence: [D-ACTION]
    answered_by: 内审组 张审核
    note: 未识别外部因素
"""
    manifest.write_text(text, encoding="utf-8")
    new = tmp / "new.json"
    res = _run("evaluate", b, "-s", "cms", "--previous", old, "--format", f"json:{new}", "--format", "text", "--lang", "en")
    return tmp, b, old, new, res


def _states(tracking: dict) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for f in tracking["findings"]:
        out.setdefault(f["state"], []).append(f["id"])
    return out


def test_diff_lists_exactly_the_fixed_and_the_new_finding(runs):
    tmp, _, old, new, _ = runs
    res = _run("diff", old, new, "--format", "json")
    tr = json.loads(res.stdout)
    states = _states(tr)
    assert states["new"] == [NEW]
    assert states["resolved"] == [FIXED]
    assert "reopened" not in states
    old_ids = {f["id"] for s in json.loads(old.read_text())["standards"] for f in s["findings"]}
    assert set(states["persisting"]) == old_ids - {FIXED}


def test_previous_writes_tracking_and_register_into_the_json(runs):
    _, _, _, new, res = runs
    data = json.loads(new.read_text(encoding="utf-8"))
    tr = data["tracking"]
    assert _states(tr)["new"] == [NEW] and _states(tr)["resolved"] == [FIXED]
    first = {f["id"]: f["first_seen"] for f in tr["findings"]}
    assert first[NEW] == data["organization"]["as_of"]
    # the register: the bundle's nonconformity records, then the open nonconformities found now
    register = {a["id"]: a for a in tr["corrective_actions"]}
    assert register["NC-2023-02"]["source"] == "record"
    assert register[NEW]["source"] == "finding" and register[NEW]["status"] == "open"
    assert "Tracked across runs" in res.output and "Corrective-action register" in res.output


def test_waiver_by_stable_id_survives_an_unrelated_change(runs):
    _, _, old, new, res = runs
    for path in (old, new):
        data = json.loads(path.read_text(encoding="utf-8"))
        f = next(f for s in data["standards"] for f in s["findings"] if f["id"] == "cms/instrument-calibration/M-coal")
        assert f["waiver"]["active"] is True
    assert "matches no finding" not in res.output
    tracked = {f["id"]: f for f in json.loads(new.read_text())["tracking"]["findings"]}
    assert tracked["cms/instrument-calibration/M-coal"]["waived"] is True
    assert tracked["cms/instrument-calibration/M-coal"]["state"] == "persisting"


def test_reopened_and_first_seen_carry_forward(runs):
    tmp, b, old, new, _ = runs
    # run 3: the fix undone, with run 2 (which carries tracking) as previous
    manifest = b / "cmscheck.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("plan_carried_out: true", "plan_carried_out: false"),
                        encoding="utf-8")
    third = tmp / "third.json"
    _run("evaluate", b, "-s", "cms", "--as-of", "2025-05-01", "--previous", new, "--format", "json", "-o", third)
    tr = json.loads(third.read_text(encoding="utf-8"))["tracking"]
    states = _states(tr)
    assert states["reopened"] == [FIXED]
    first = {f["id"]: f["first_seen"] for f in tr["findings"]}
    assert first[FIXED] == "2025-03-31"  # from run 1, carried through run 2's resolved entry
    assert first[NEW] == "2025-03-31"  # first seen in run 2 (as_of 2025-03-31), carried forward


def test_overdue_severe_action_fails_and_never_silences(runs):
    tmp, b, _, new, _ = runs
    # NC-2023-02 is a severe record whose corrective action is past its deadline and not done
    out = tmp / "again.json"
    res = _run("evaluate", b, "-s", "cms", "--fail-on", "never", "--previous", new, "--format", "json", "-o", out)
    assert res.exit_code == 0
    tr = json.loads(out.read_text(encoding="utf-8"))["tracking"]
    nc = next(a for a in tr["corrective_actions"] if a["id"] == "NC-2023-02")
    assert nc["status"] == "overdue" and nc["grade"] == "severe"
    res = _run("diff", new, out)
    assert res.exit_code == 1 and "NC-2023-02" in res.output
    assert "cmscheck：纠正措施 NC-2023-02（严重）已逾期：期限 " in res.stderr  # --lang zh, the default
    res = _run("diff", new, out, "--lang", "en")
    assert res.exit_code == 1 and "cmscheck: corrective action NC-2023-02 (severe) is overdue: due " in res.stderr


def test_reports_without_previous_have_no_tracking(runs, tmp_path):
    _, b, old, _, _ = runs
    data = json.loads(old.read_text(encoding="utf-8"))
    assert "tracking" not in data


def test_bad_previous_report_is_located(tmp_path):
    bad = tmp_path / "old.json"
    bad.write_text('{"standards": [', encoding="utf-8")
    res = _run("diff", bad, bad)
    assert res.exit_code == 2 and "old.json:1" in res.output and "not JSON" in res.output
    bad.write_text('{"standards": []}', encoding="utf-8")
    res = _run("evaluate", STEEL, "--previous", bad)
    assert res.exit_code == 2 and "not a cmscheck JSON report" in res.output


def test_markdown_report_carries_the_register_escaped(runs, tmp_path):
    _, _, _, new, _ = runs
    b = tmp_path / "steel"
    shutil.copytree(STEEL, b)
    m = b / "cmscheck.yaml"
    text = m.read_text(encoding="utf-8")
    m.write_text(text.replace("description: 天然气流量计无检定证书", "description: <b>|x</b>"), encoding="utf-8")
    out = tmp_path / "r.md"
    _run("evaluate", b, "-s", "cms", "--previous", new, "--format", "markdown", "-o", out, "--fail-on", "never")
    text = out.read_text(encoding="utf-8")
    assert "## 纠正措施台账" in text and "| NC-2023-02 |" in text
    assert "<b>" not in text and "&lt;b&gt;\\|x" in text


def test_evaluate_warns_of_an_overdue_severe_action_in_the_messages_language(runs):
    tmp, b, old, _, res = runs
    # run 2 (--lang en) carried the register: NC-2023-02 is severe, past its deadline and still open
    line = next(x for x in res.stderr.splitlines() if "NC-2023-02" in x)
    assert line == "cmscheck: corrective action NC-2023-02 (severe) is overdue: due 2024-03-18, still overdue at 2025-03-31"
    zh = _run("evaluate", b, "-s", "cms", "--previous", old, "--format", "json", "-o", tmp / "zh.json", "--lang", "zh")
    assert zh.exit_code == 1
    line = next(x for x in zh.stderr.splitlines() if "NC-2023-02" in x)
    assert line == "cmscheck: 纠正措施 NC-2023-02（严重）已逾期：期限 2024-03-18，截至 2025-03-31 尚未关闭"
    # --fail-on never: the run does not fail on it, and says nothing of it
    quiet = _run("evaluate", b, "-s", "cms", "--previous", old, "--format", "json", "-o", tmp / "q.json", "--fail-on", "never")
    assert quiet.exit_code == 0 and "NC-2023-02" not in quiet.stderr
