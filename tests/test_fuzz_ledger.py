"""Fuzzing the CSV ledgers a bundle names (data.inventory[].monitoring[].ledger): real ledgers mutated
(cells of any length, CR-only or mixed line endings, BOMs, NUL and control characters, quotes, numbers
with units, truncation) and arbitrary bytes. Properties as for manifests (tests/test_fuzz_manifest.py):
exit 0, 1 or 2, never a traceback, a 2 names a file of the bundle, same input same bytes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytest.importorskip("hypothesis")
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from test_fuzz_manifest import _check, _run  # noqa: E402

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "hubei-steel"
LEDGER = "data/ledger-coal-2024.csv"

# CSV ledgers as Excel and strangers write them: cells over 131,072 characters and CR-only line endings
# once crashed the csv module; they are read by evidence/csvfile.py now.


@pytest.fixture(scope="module")
def steel(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("fuzz-ledger")
    shutil.copytree(EXAMPLE, work / "b")
    return work


@st.composite
def ledgers(draw) -> bytes:
    text = (EXAMPLE / LEDGER).read_text(encoding="utf-8")
    lines = text.splitlines()
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["cell", "long", "delete", "duplicate", "quote"]))
        if op == "cell":
            lines[i] += "," + draw(st.sampled_from(["12000 tCO2e", "", "-1e309", "nan", "１２３", "\x00", "\x1a", "\u3000", "2024/01", "=cmd|' /C calc'!A0"]))
        elif op == "long":
            lines[i] += "," + "9" * draw(st.sampled_from([1000, 131_073, 300_000]))
        elif op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        else:
            lines[i] = '"' + lines[i]
    eol = draw(st.sampled_from(["\n", "\r\n", "\r", "\n\r"]))
    bom = draw(st.sampled_from(["", "\ufeff"]))
    return (bom + eol.join(lines) + eol).encode("utf-8")


@settings(max_examples=max(5, settings.default.max_examples // 4))
@given(st.one_of(ledgers(), st.binary(max_size=300)))
def test_evaluate_survives_any_ledger(steel, raw):
    (steel / "b" / LEDGER).write_bytes(raw)
    first = _run(steel, ["evaluate", "b", "--format", "json"])
    _check(first, {0, 1, 2})
    if first.exit_code in (0, 1):
        assert _run(steel, ["evaluate", "b", "--format", "json"]).stdout == first.stdout
