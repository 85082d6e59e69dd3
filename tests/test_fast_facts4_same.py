"""facts.derive gives, fact for fact, what it gave before round 4 of issue 16 made it cheaper.

The code of commit 5c97b53 (main before the round) is taken from git and run in a subprocess on the
same catalog, rules and bundles: every example, every park member, every bundle of tests/bundles and
every rule case's bundle (tests/rules). The facts must be the same, in the same order, with the same
keys in the same order, and each fact's evidence the same references with the same fields set.
Without git or that commit (a source archive), the comparison cannot run and is skipped; the fast
paths' own tests (test_fast_facts4_paths.py) still run.

Run as a script (`python test_fast_facts4_same.py dump < folders`), it prints the derivation of the
cmscheck on its path as JSON: the subprocess of the test.
"""

from __future__ import annotations

import functools
import io
import json
import os
import re
import subprocess
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BEFORE = "5c97b53"  # main before round 4


def dump(folders: list[str]) -> dict:
    """Folder (and its members, as folder#memberN) -> [[fact, [[ref fields, fields set], ...]], ...]."""
    from cmscheck.bundle.loader import load_bundle
    from cmscheck.catalog import load_catalog
    from cmscheck.facts import derive
    from cmscheck.rules import load_rules

    catalog, ruleset = load_catalog(), load_rules()
    out: dict = {}

    def one(bundle, key):
        facts = derive(bundle, catalog, ruleset)
        out[key] = [[fact, [[ref.model_dump(), sorted(ref.model_fields_set)] for ref in facts.evidence[fact["id"]]]]
                    for fact in facts.facts]
        for i, member in enumerate(bundle.members):
            one(member, f"{key}#member{i}")

    for folder in folders:
        one(load_bundle(Path(folder), catalog), folder)
    return out


if __name__ == "__main__" and sys.argv[1:] == ["dump"]:
    import cmscheck

    print(json.dumps({"cmscheck": cmscheck.__file__, "facts": dump(sys.stdin.read().split("\n"))},
                     ensure_ascii=False, default=str))
    sys.exit(0)


import pytest  # noqa: E402  (not needed by the subprocess)


def _old_source(tmp_path: Path) -> Path:
    """src/ of commit BEFORE, extracted from git; skips without git or the commit."""
    try:
        run = subprocess.run(["git", "-C", str(ROOT), "archive", BEFORE, "src/cmscheck"], capture_output=True, timeout=120)
    except (OSError, subprocess.SubprocessError):
        pytest.skip("git is not available")
    if run.returncode != 0:
        pytest.skip(f"commit {BEFORE} is not in this checkout's history")
    with tarfile.open(fileobj=io.BytesIO(run.stdout)) as tar:
        tar.extractall(tmp_path / "old", filter="data")
    return tmp_path / "old" / "src"


def _folders(tmp_path: Path) -> list[str]:
    import test_rules  # the rule cases' bundle builder

    folders = [ROOT / "examples" / "hubei-steel", ROOT / "examples" / "park", ROOT / "examples" / "small-manufacturer",
               *sorted((ROOT / "examples" / "park" / "members").iterdir()),
               *sorted(p for p in (ROOT / "tests" / "bundles").iterdir() if (p / "cmscheck.yaml").is_file())]
    for i, param in enumerate(test_rules.cases()):
        _, _, case = param.values
        folders.append(test_rules.build(tmp_path / "cases" / str(i), case))
    return [str(f) for f in folders]


# What round 11 changed on purpose, after the rounds this test guards: a prior nonconformity's grade in
# Chinese (grade_zh, for the message), and evidence notes the facts wrote in English only, now with the
# Chinese before them. Undone here, only so, to compare the rest with the code before round 4.
_BILINGUAL_SINCE_11 = re.compile(r"^(?:缺少数据的月份：.* / (months without data: .*)|\d{4}-\d{2}：台账 .* / (\d{4}-\d{2}: ledger .*)"
                                 r"|缺少：.* / (missing: .*)|齐全 / (all present))$")


# Round 13: the note citing a document not read, Chinese first ("不支持的格式：<中文> / unsupported: <English>"),
# where it was "unsupported: <English> / <中文>". Put back in the old order, only so, to compare the rest.
@functools.lru_cache(maxsize=1)
def _unread_since_13() -> re.Pattern:
    """The note ReadResult.unread_note writes, its statuses' names from the terms it takes them from (in
    this process only: the subprocess dumping the old code's facts never needs it)."""
    from typing import get_args

    from cmscheck.evidence.model import ReadStatus
    from cmscheck.i18n import t

    statuses = [s for s in get_args(ReadStatus) if s != "read"]
    zh = "|".join(re.escape(t(f"cli.read_{s}", "zh")) for s in statuses)
    return re.compile(rf"^(?:{zh})：(.*) / ({'|'.join(statuses)}): (.*)$")



def _as_before_round_11(facts: dict) -> dict:
    for per_bundle in facts.values():
        for fact, refs in per_bundle:
            fact.pop("grade_zh", None)
            for ref, _ in refs:
                m = _BILINGUAL_SINCE_11.match(ref.get("note") or "")
                if m:
                    ref["note"] = next(g for g in m.groups() if g is not None)
                m = _unread_since_13().match(ref.get("note") or "")
                if m:
                    ref["note"] = f"{m.group(2)}: {m.group(3)} / {m.group(1)}".strip()
    return facts


def _rules_before_round_13(tmp_path: Path) -> Path:
    """rules/ without round 13's `decides.unvouched` lists, which the code before refuses as unknown
    fields. They say which statements a quiet rule vouches for, never what facts are derived."""
    import shutil

    out = tmp_path / "rules-before-13"
    shutil.copytree(ROOT / "rules", out)
    for path in out.rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"(?m)^ +unvouched: \[[^\]]*\]\n", "", text), encoding="utf-8")
    return out


def test_derive_gives_the_facts_the_code_before_the_round_gave(tmp_path):
    old_src = _old_source(tmp_path)
    folders = _folders(tmp_path)
    # the same data for both: only the code differs
    env = {**os.environ, "PYTHONPATH": str(old_src), "CMSCHECK_STANDARDS": str(ROOT / "standards"),
           "CMSCHECK_RULES": str(_rules_before_round_13(tmp_path))}
    run = subprocess.run([sys.executable, __file__, "dump"], input="\n".join(folders), capture_output=True, text=True,
                         env=env, cwd=tmp_path, timeout=900)
    assert run.returncode == 0, run.stderr[-3000:]
    before = json.loads(run.stdout)
    assert Path(before["cmscheck"]).is_relative_to(old_src)  # the old code ran, not this checkout's
    now = _as_before_round_11(json.loads(json.dumps(dump(folders), ensure_ascii=False, default=str)))
    assert list(now) == list(before["facts"]) and len(now) > 250
    for key, facts in now.items():
        old = before["facts"][key]
        assert [f[0]["id"] for f in facts] == [f[0]["id"] for f in old], key
        for (fact, refs), (was, was_refs) in zip(facts, old):
            assert list(fact.items()) == list(was.items()), (key, fact["id"])  # values and key order
            assert refs == was_refs, (key, fact["id"])
    # the bundles hold what the fast paths take: found passages, unread and absent documents
    content = [f for facts in now.values() for f, _ in facts if f["type"] == "content"]
    assert any(f["found"] for f in content) and any(f["documents_read"] and not f["found"] for f in content)
