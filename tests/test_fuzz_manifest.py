"""Fuzzing the input boundary with hypothesis: manifests generated from the bundle schema
(`cmscheck schema bundle`), and real manifests mutated (types swapped, keys deleted or duplicated,
unicode, control characters, full-width punctuation, huge and tiny numbers, dates at the limits,
truncation). Properties: the exit code is 0, 1 or 2 and never a traceback (an exit 3 fails the test
through tests/conftest.py); every problem of an exit 2 names a file of the bundle; the same input
gives the same bytes.

The default profile ("short", tests/conftest.py) keeps this file under about a minute; before a
release run `pytest tests/test_fuzz_manifest.py --hypothesis-profile=long`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
from pathlib import Path

import pytest
import yaml

hypothesis = pytest.importorskip("hypothesis")
from click.testing import CliRunner  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from cmscheck.cli import main  # noqa: E402
from cmscheck.cli.schema import schema_text  # noqa: E402

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "small-manufacturer"
SCHEMA = json.loads(schema_text("bundle"))
DEFS = SCHEMA.get("$defs", {})

# ------------------------------------------------------------------------------ values from the schema

_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)
_DATES = st.one_of(st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
                   st.sampled_from([dt.date(1900, 1, 1), dt.date(9000, 12, 31), dt.date(9999, 12, 31), dt.date(2024, 2, 29)]))
EXTREME_DATES = st.sampled_from([dt.date(1, 1, 1), dt.date(1899, 12, 31), dt.date(1900, 1, 1), dt.date(9000, 12, 31),
                                  dt.date(9001, 1, 1), dt.date(9999, 12, 31), dt.date(2024, 2, 29), dt.date(2100, 2, 28)])
EXTREME_NUMBERS = st.sampled_from([0, -1, 1, 10**18, 10**30, -(10**30), 1e308, -1e308, 5e-324, 1e-300, 0.5, 12, 13, 2**63, 2**64 + 1])
HOSTILE_SCALARS = st.one_of(
    st.sampled_from([None, True, False, 0, -1, 10**30, -(10**30), 1e308, -1e-308, 5e-324, float("inf"), float("nan"),
                     "", " ", "\u3000", "12000 tCO2e", "2024/12/10", "2024年12月10日", "C:\\Users\\a\\b.md", "../../etc/passwd",
                     "/etc/passwd", "docs/../../x.md", "a\x00b", "\x1a", "\x7f", "\u202e", "\ud7ff", "\ufeff", "*", "&a", "!!python/object"]),
    _DATES, st.integers(), st.floats(allow_nan=False), _TEXT,
)


def _resolve(node: dict) -> dict:
    while "$ref" in node:
        node = DEFS[node["$ref"].rsplit("/", 1)[-1]]
    return node


def from_schema(node: dict, depth: int = 0) -> st.SearchStrategy:
    """A strategy for values that fit (most of) a JSON Schema node: the shape of a valid manifest."""
    node = _resolve(node)
    if "anyOf" in node:
        return st.one_of([from_schema(n, depth + 1) for n in node["anyOf"]])
    if "const" in node:
        return st.just(node["const"])
    if "enum" in node:
        return st.sampled_from(node["enum"])
    kind = node.get("type")
    if kind == "object" and "properties" in node:
        required = set(node.get("required", []))
        props = node["properties"]
        if depth > 6:
            return st.fixed_dictionaries({k: from_schema(props[k], depth + 1) for k in sorted(required)})
        return st.fixed_dictionaries({k: from_schema(props[k], depth + 1) for k in sorted(required)},
                                     optional={k: from_schema(v, depth + 1) for k, v in props.items() if k not in required})
    if kind == "object":
        return st.dictionaries(_TEXT, st.one_of(_TEXT, st.integers()), max_size=3)
    if kind == "array":
        return st.lists(from_schema(node.get("items", {}), depth + 1), max_size=0 if depth > 6 else 3)
    if kind == "string" and node.get("format") == "date":
        return _DATES
    if kind == "string":
        return _TEXT
    if kind == "integer":
        return st.integers(min_value=node.get("minimum", -(10**6)), max_value=node.get("maximum", 10**6))
    if kind == "number":
        return st.floats(min_value=node.get("minimum"), max_value=node.get("maximum"), allow_nan=False, allow_infinity=False)
    if kind == "boolean":
        return st.booleans()
    if kind == "null":
        return st.none()
    return HOSTILE_SCALARS


# --------------------------------------------------------------------------------------- mutations


def _paths(value, loc=()):
    yield loc
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, loc + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, loc + (i,))


def _mutate(data, loc, how, new):
    if not loc:
        return new if how == "replace" else data
    parent = data
    for part in loc[:-1]:
        parent = parent[part]
    last = loc[-1]
    if how == "delete":
        del parent[last]
    elif how == "swap":  # a value of another type: a list for a scalar, a scalar for a mapping, ...
        old = parent[last]
        parent[last] = [old] if not isinstance(old, list) else (old[0] if old else {})
    else:
        parent[last] = new
    return data


@st.composite
def mutated_example(draw) -> str:
    data = yaml.safe_load((EXAMPLE / "cmscheck.yaml").read_text(encoding="utf-8"))
    for _ in range(draw(st.integers(1, 4))):
        paths = list(_paths(data))
        how = draw(st.sampled_from(["replace", "delete", "swap", "date", "number"]))
        if how in ("date", "number"):  # values at the limits, where the values of that type stand
            kind = dt.date if how == "date" else (int, float)
            typed = [p for p in paths if p and isinstance(_get(data, p), kind) and not isinstance(_get(data, p), bool)]
            if typed:
                value = draw(EXTREME_DATES if how == "date" else EXTREME_NUMBERS)
                data = _mutate(data, draw(st.sampled_from(typed)), "replace", value)
            continue
        data = _mutate(data, draw(st.sampled_from(paths)), how, draw(HOSTILE_SCALARS))
    return _dump(data)


def _get(data, loc):
    for part in loc:
        data = data[part]
    return data


def _dump(data) -> str:
    try:
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    except yaml.YAMLError:  # a value PyYAML cannot write (e.g. a lone surrogate): written as text
        return yaml.safe_dump(json.loads(json.dumps(data, default=str)), allow_unicode=False, sort_keys=False)


@st.composite
def text_mutated(draw, base: st.SearchStrategy) -> str:
    """Mutations YAML itself cannot express: duplicated lines (keys), inserted characters, truncation."""
    text = draw(base)
    lines = text.splitlines(keepends=True)
    for _ in range(draw(st.integers(0, 3))):
        op = draw(st.sampled_from(["duplicate", "insert", "truncate", "fullwidth"]))
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        if op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "insert":
            line = lines[i]
            j = draw(st.integers(0, len(line)))
            ch = draw(st.sampled_from(["\t", "\u3000", "\x1a", "\x7f", "\x0b", "：", "，", "｛", "｝", "\ufeff", "\u2028", "\x85", "'", '"', "&x", "*x", "{", "- "]))
            lines[i] = line[:j] + ch + line[j:]
        elif op == "truncate":
            lines = lines[:i]
        else:
            lines[i] = lines[i].replace(": ", "：", 1).replace(", ", "，")
    return "".join(lines)


MANIFESTS = st.one_of(
    st.builds(_dump, from_schema(SCHEMA)),
    mutated_example(),
    text_mutated(mutated_example()),
    text_mutated(st.just((EXAMPLE / "cmscheck.yaml").read_text(encoding="utf-8"))),
)

# ---------------------------------------------------------------------------------------- properties


@pytest.fixture(scope="module")
def bundle_dir(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(EXAMPLE, work / "b")
    return work


def _run(work: Path, args: list[str]):
    old = Path.cwd()
    os.chdir(work)
    try:
        return CliRunner().invoke(main, args)
    finally:
        os.chdir(old)


PROBLEM = re.compile(r"^  (?P<file>[^:]+?)(:\d+)?: ")


def _check(result, allowed: set[int]) -> None:
    assert result.exit_code in allowed, result.output[-3000:]
    assert "Traceback" not in result.output
    if result.exit_code == 2:
        lines = result.stderr.splitlines()
        assert re.match(r"^cmscheck: \d+ problems? in the input:$", lines[0]), result.stderr[-2000:]
        heads = [line for line in lines[1:] if line.startswith("  ") and not line.startswith("      fix:") and not line.startswith("  …")]
        assert heads, result.stderr[-2000:]
        for line in heads:
            m = PROBLEM.match(line)
            assert m and m["file"].startswith("b/"), f"a problem that names no file of the bundle: {line!r}"


@given(MANIFESTS)
def test_validate_never_crashes_and_names_a_file(bundle_dir, text):
    (bundle_dir / "b" / "cmscheck.yaml").write_text(text, encoding="utf-8", errors="surrogatepass")
    _check(_run(bundle_dir, ["validate", "b"]), {0, 2})


@settings(max_examples=max(5, settings.default.max_examples // 2))
@given(st.one_of(mutated_example(), text_mutated(mutated_example())))
def test_evaluate_never_crashes_and_repeats_its_bytes(bundle_dir, text):
    (bundle_dir / "b" / "cmscheck.yaml").write_text(text, encoding="utf-8", errors="surrogatepass")
    first = _run(bundle_dir, ["evaluate", "b", "--format", "json"])
    _check(first, {0, 1, 2})
    if first.exit_code in (0, 1):
        second = _run(bundle_dir, ["evaluate", "b", "--format", "json"])
        assert second.exit_code == first.exit_code and second.stdout == first.stdout


@settings(max_examples=max(5, settings.default.max_examples // 4))
@given(st.binary(max_size=400), st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"]))
def test_any_bytes_as_manifest(bundle_dir, raw, prefix):
    (bundle_dir / "b" / "cmscheck.yaml").write_bytes(prefix + raw)
    _check(_run(bundle_dir, ["validate", "b"]), {0, 2})


@st.composite
def markdown_texts(draw) -> bytes:
    """A real document with headings, tables and lines mutated, or any text; saved with any line ending."""
    lines = (EXAMPLE / "docs" / "scope.md").read_text(encoding="utf-8").splitlines()
    for _ in range(draw(st.integers(0, 4))):
        i = draw(st.integers(0, max(0, len(lines) - 1)))
        piece = draw(st.one_of(_TEXT, st.sampled_from(["#", "# ", "####### deep", "| a | b |", "|---|", "```", "<script>alert(1)</script>",
                                                     "[x](javascript:alert(1))", "\x1a", "\x00", "\u202e", "#" * 200, "- " * 500])))
        lines.insert(i, piece)
    eol = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    return eol.join(lines).encode("utf-8", errors="surrogatepass")


@settings(max_examples=max(5, settings.default.max_examples // 4))
@given(st.one_of(markdown_texts(), st.binary(max_size=300)))
def test_any_document_text(bundle_dir, raw):
    (bundle_dir / "b" / "cmscheck.yaml").write_text((EXAMPLE / "cmscheck.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (bundle_dir / "b" / "docs" / "scope.md").write_bytes(raw)
    try:
        first = _run(bundle_dir, ["evaluate", "b", "--format", "json"])
        _check(first, {0, 1, 2})
        if first.exit_code in (0, 1):
            assert _run(bundle_dir, ["evaluate", "b", "--format", "json"]).stdout == first.stdout
    finally:
        shutil.copy(EXAMPLE / "docs" / "scope.md", bundle_dir / "b" / "docs" / "scope.md")
