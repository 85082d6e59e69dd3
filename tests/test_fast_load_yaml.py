"""yamlio's fast path (values and lines in one walk over the nodes) gives exactly what the general path
(PyYAML's constructor, then a walk for the lines and the problems) gives, and declines every document it
does not take: aliases, merge keys, other tags, duplicate keys, ideographic spaces, deep nesting, errors."""

from __future__ import annotations

import pytest
import yaml

from cmscheck import yamlio
from cmscheck.bundle.manifest_yaml import _alias_blowup
from cmscheck.problems import InputError

from test_yamlio_c import CORPUS, SNIPPETS

MORE = {
    "scalars of every safe tag": "a: 1\nb: 0x1F\nc: 1_000\nd: 1.5e3\ne: .inf\nf: yes\ng: No\nh: ~\ni: null\nj: '1'\nk: !!str 2\n"
                                 "l: 2024-01-01\nm: !!binary aGk=\nn: 0o17\no: 190:20:30\n",
    "keys of every scalar kind": "1: a\n01: b\ntrue: c\nnull: d\n1.5: e\n'x': f\n",
    "merge key": "base: &b {x: 1}\nd:\n  <<: *b\n  y: 2\n",
    "value key": "= : 1\n",
    "omap": "o: !!omap [a: 1, b: 2]\n",
    "pairs": "p: !!pairs [a: 1, a: 2]\n",
    "unknown tag": "a: !foo bar\n",
    "python tag": "a: !!python/object:os.system x\n",
    "scalar alias": "a: &x hello\nb: *x\n",
    "recursive alias": "a: &x [*x]\n",
    "bad int under a tag": "a: !!int abc\nb: !!float xyz\n",
    "duplicate key deep": "a:\n  - b: 1\n    b: 2\n",
    "key that is a list": "? [a, b]\n: 1\n",
    "key that is a map": "? {a: 1}\n: 1\n",
    "deep nesting": "a:\n" + "".join("  " * i + "- \n" for i in range(1, 80)) + "  " * 80 + "x\n",
    "deep flow nesting": "a: " + "[" * 70 + "1" + "]" * 70 + "\n",
    "top-level list": "- 1\n- a: 2\n- [3]\n",
    "top-level scalar": "just text\n",
    "empty values": "a:\nb: []\nc: {}\nd: ''\n",
    "long and CJK values": "名称: " + "钢" * 100 + "\n'key with spaces': v\n",
}


def _outcome(text: str, fast: bool, monkeypatch, loaders=(yamlio._Loader, yamlio.PureLoader)):
    with monkeypatch.context() as m:
        if not fast:
            m.setattr(yamlio, "_build", lambda loader, node: None)
        for loader in loaders:
            try:
                doc = yamlio.loads(text, "f.yaml", loader)
            except InputError as e:
                yield "problems", [(p.file, p.line, p.field, p.message, p.fix) for p in e.problems]
            except (ValueError, TypeError, OverflowError) as e:
                yield "raises", type(e).__name__, str(e)
            except RecursionError:  # a recursive alias: the manifest reader refuses it before loading
                yield "recursion",
            else:
                # repr tells True from 1 and 1.0 from 1, which == does not
                yield "loaded", repr(doc.data), doc.lines


@pytest.mark.parametrize("name", sorted({**SNIPPETS, **MORE}))
def test_fast_path_same_as_general_on_snippets(name, monkeypatch):
    text = {**SNIPPETS, **MORE}[name]
    assert list(_outcome(text, True, monkeypatch)) == list(_outcome(text, False, monkeypatch))


@pytest.mark.parametrize("path", CORPUS, ids=str)
def test_fast_path_same_as_general_on_real_files(path, monkeypatch):
    text = path.read_text(encoding="utf-8")
    if _alias_blowup(text):
        pytest.skip("an alias bomb: the manifest reader refuses it before any loader sees it")
    c_only = (yamlio._Loader,)  # the pure-Python parser is slow on the larger files; the snippets try both
    assert list(_outcome(text, True, monkeypatch, c_only)) == list(_outcome(text, False, monkeypatch, c_only))


def _build(text: str):
    loader = yamlio._Loader(text)
    try:
        node = loader.get_single_node()
        return yamlio._build(loader, node)
    finally:
        loader.dispose()


@pytest.mark.parametrize("name", ["merge key", "value key", "omap", "pairs", "unknown tag", "python tag", "recursive alias",
                                  "bad int under a tag", "duplicate key deep", "key that is a list", "key that is a map",
                                  "deep nesting", "deep flow nesting"])
def test_fast_path_declines(name):
    assert _build(MORE[name]) is None


@pytest.mark.parametrize("name", ["duplicate key", "ideographic space in a key", "aliases", "set in written order"])
def test_fast_path_declines_known_snippets(name):
    assert _build(SNIPPETS[name]) is None


@pytest.mark.parametrize("name", ["scalars of every safe tag", "keys of every scalar kind", "top-level list", "empty values",
                                  "long and CJK values", "nested lists and maps"])
def test_fast_path_takes_plain_documents(name):
    text = {**SNIPPETS, **MORE}[name]
    built = _build(text)
    assert built is not None
    assert built[0] == yaml.load(text, Loader=yamlio._Loader)


def test_every_example_manifest_takes_the_fast_path():
    manifests = [p for p in CORPUS if p.name == "cmscheck.yaml" and "examples" in str(p)]
    assert manifests
    for p in manifests:
        assert _build(p.read_text(encoding="utf-8")) is not None, p


def test_resolve_memo_gives_the_resolvers_tags():
    values = ["1", "01", "0x1F", "1.5", ".nan", "yes", "No", "~", "null", "", "2024-01-01", "abc", "1_000", "190:20:30", "<<", "="]
    for loader_class in (yamlio._Loader, yamlio.PureLoader):
        loader = loader_class("")
        for v in values * 2:  # the second round comes from the memo
            for implicit in ((True, False), (False, True), (False, False)):
                assert loader.resolve(yaml.ScalarNode, v, implicit) == yaml.resolver.Resolver.resolve(loader, yaml.ScalarNode, v, implicit)
        loader.dispose()
