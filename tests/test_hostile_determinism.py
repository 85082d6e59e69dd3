"""Same input, same bytes, whatever the hash seed: every collection from a bundle is ordered before output.

Python randomises the order of sets of strings per process (PYTHONHASHSEED). Each seed runs in its own
subprocess that evaluates every example (and a bundle whose answer evidence is a YAML set, which
once followed the hash order) and renders every report format; the digests must agree.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from cmscheck.render import formats

TESTS = Path(__file__).parent
ROOT = TESTS.parent
SEEDS = ("0", "1", "4242")

SCRIPT = r"""
import hashlib, sys
from pathlib import Path
from cmscheck import pipeline
from cmscheck.render import formats
for path in sys.argv[1:]:
    assessed = pipeline.load_and_assess(Path(path), pipeline.load_inputs(), pipeline.Options(compare=True))
    for fmt in formats.names("assessment"):
        text = formats.get(fmt).render(assessed.context)
        print(Path(path).name, fmt, hashlib.sha256(text.encode("utf-8")).hexdigest())
"""


def _set_bundle(tmp_path: Path) -> Path:
    bundle = tmp_path / "set-evidence"
    shutil.copytree(TESTS / "bundles" / "minimal", bundle)
    for name in "abcdefgh":
        (bundle / "docs" / f"{name}.md").write_text(f"# {name}\n\ntext\n", encoding="utf-8")
    with (bundle / "cmscheck.yaml").open("a", encoding="utf-8") as f:
        f.write("answers:\n  - statement: cms:6.1.2.s1\n    status: conforming\n    answered_by: 张三\n"
                "    evidence: !!set {" + ", ".join(f"docs/{n}.md" for n in "hgfedcba") + "}\n")
    return bundle


def test_outputs_do_not_depend_on_the_hash_seed(tmp_path):
    bundles = [str(p) for p in sorted((ROOT / "examples").iterdir()) if (p / "cmscheck.yaml").is_file()]
    bundles.append(str(_set_bundle(tmp_path)))
    procs = []
    for seed in SEEDS:
        env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), PYTHONHASHSEED=seed)
        procs.append(subprocess.Popen([sys.executable, "-c", SCRIPT, *bundles], env=env, cwd=tmp_path,
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    outputs = []
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
        outputs.append(out)
    assert outputs[0].count("\n") == len(formats.names("assessment")) * len(bundles)
    assert outputs[1] == outputs[0] and outputs[2] == outputs[0]


def test_a_yaml_set_keeps_the_order_written(tmp_path):
    from cmscheck.bundle import load_bundle
    from cmscheck.catalog import load_catalog

    bundle = load_bundle(_set_bundle(tmp_path), load_catalog())
    assert bundle.manifest.answers[0].evidence == [f"docs/{n}.md" for n in "hgfedcba"]
