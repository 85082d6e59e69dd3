"""Round 5, loading: _read_manifest skips the limits walk when the YAML text is no longer than
MAX_TEXT_CHARS and fewer places than MAX_LIST_ITEMS are noted. That rests on every list item having its
line noted by the readers (checked here on every manifest), and a manifest over a limit is still refused
where it stands, whichever reader read it."""

from __future__ import annotations

from pathlib import Path

import pytest

from cmscheck import yaml_events, yamlio
from cmscheck.bundle.manifest_yaml import MAX_LIST_ITEMS, MAX_TEXT_CHARS, _read_manifest, limit_problems
from cmscheck.problems import InputError

ROOT = Path(__file__).resolve().parent.parent
MANIFESTS = sorted({*ROOT.glob("examples/**/cmscheck.yaml"), *ROOT.glob("tests/bundles/**/cmscheck.yaml")})


def _items(data, path=()):
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _items(v, path + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield path + (i,)
            yield from _items(v, path + (i,))


@pytest.mark.parametrize("path", MANIFESTS, ids=lambda p: str(p.relative_to(ROOT).parent))
def test_every_list_item_has_its_line_noted(path):
    text = yamlio.read_text(path, "m.yaml")
    for read in (yaml_events.loads, yamlio.loads):
        doc = read(text, "m.yaml")
        items = list(_items(doc.data))
        assert all(loc in doc.lines for loc in items)  # (keys are strings here: a path is as noted)
        assert limit_problems(doc, len(text)) == []


def _refused(tmp_path, text):
    m = tmp_path / "cmscheck.yaml"
    m.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as e:
        _read_manifest(m, "m.yaml")
    return [(p.line, p.field) for p in e.value.problems]


def test_a_list_over_the_limit_is_refused_whichever_way_it_is_written(tmp_path):
    n = MAX_LIST_ITEMS + 1
    assert _refused(tmp_path, "a:\n" + "- 1\n" * n) == [(1, "a")]
    assert _refused(tmp_path, "a: [" + ",".join(["1"] * n) + "]\n") == [(1, "a")]  # a short text, one line
    assert _refused(tmp_path, "b: 1\na: &x [" + ",".join(["1"] * n) + "]\n") == [(2, "a")]


def test_a_long_text_is_refused(tmp_path):
    assert _refused(tmp_path, "a: " + "钢" * (MAX_TEXT_CHARS + 1) + "\n") == [(1, "a")]


def test_at_the_limits_nothing_is_refused(tmp_path):
    m = tmp_path / "cmscheck.yaml"
    m.write_text("a: [" + ",".join(["1"] * MAX_LIST_ITEMS) + "]\nb: " + "钢" * 100 + "\n", encoding="utf-8")
    assert len(_read_manifest(m, "m.yaml").data["a"]) == MAX_LIST_ITEMS
