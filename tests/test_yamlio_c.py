"""yamlio reads with libyaml's parser (CSafeLoader) where PyYAML has it, and gives what the pure-Python
fallback gives: the same values, the same line of every key and item, the same date, set and
duplicate-key rules, and errors located on the same line."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from cmscheck import yamlio
from cmscheck.bundle.manifest_yaml import _alias_blowup
from cmscheck.problems import InputError

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted(p for p in [*ROOT.glob("examples/**/*.yaml"), *ROOT.glob("tests/**/*.yaml"), *ROOT.glob("rules/**/*.yaml"),
                             ROOT / "standards" / "vocabulary.yaml", ROOT / "standards" / "park.yaml"]
                if p.stat().st_size < 200_000)  # the pure-Python parser takes minutes over the 5 MB test file

SNIPPETS = {
    "dates stay text, impossible ones too": "d: 2024-02-30\ne: 2024-01-01\nf: 2024-01-01 10:00:00\n",
    "set in written order": "s: !!set {b, a, c}\n",
    "duplicate key": "a: 1\nb:\n  c: 2\n  c: 3\na: 4\n",
    "ideographic space in a key": "a\u3000: 1\n",
    "aliases": "x: &a [1, {k: v}]\ny: *a\n",
    "nested lists and maps": "a:\n  - b: 1\n    c: [1, 2.5, true, null, ~]\n  - - x\n    - y\n",
    "unclosed flow sequence": "a: 1\nb: [1, 2\n",
    "bad indentation": "a:\n  b: 1\n c: 2\n",
    "unclosed quote": 'a: "x\nb: 2\n',
    "list after a map": "k: v\n- item\n",
    "undefined alias": "a: *nope\n",
    "two documents": "a: 1\n...\n---\nb: 2\n",
    "tab indentation": "a: 1\n\tb: 2\n",
    "full-width colon": "名称： 钢铁\n",
    "control character": "a: \x07\n",
    "unhashable key": "? [1]\n: 2\n",
    "mapping value in plain scalar": "a: b: c\n",
    "binary and float": "a: !!float 1.0\nb: !!binary aGk=\n",
    "empty": "",
    "only a comment": "# nothing\n",
}


def _outcome(text: str, loader: type):
    try:
        doc = yamlio.loads(text, "f.yaml", loader)
    except InputError as e:
        return "problems", [(p.file, p.line, p.field, p.message) for p in e.problems]
    except (ValueError, TypeError, OverflowError) as e:  # bundle/manifest_yaml.py locates these itself
        return "raises", type(e).__name__
    return "loaded", (doc.data, doc.lines)


def _same(c_out, pure_out) -> None:
    assert c_out[0] == pure_out[0]
    if c_out[0] != "problems":
        assert c_out == pure_out
        return
    # a syntax error is worded by each parser in its own way; where it stands and what it is about agree
    assert [p[:3] for p in c_out[1]] == [p[:3] for p in pure_out[1]]
    for (_, _, _, c_msg), (_, _, _, p_msg) in zip(c_out[1], pure_out[1]):
        assert c_msg == p_msg or (c_msg.startswith("invalid YAML: ") and p_msg.startswith("invalid YAML: "))


@pytest.mark.skipif(not getattr(yaml, "__with_libyaml__", False), reason="PyYAML built without libyaml")
def test_the_c_loader_is_used():
    assert issubclass(yamlio._Loader, yaml.CSafeLoader)
    assert not issubclass(yamlio.PureLoader, yaml.CSafeLoader)
    assert yamlio.loads.__defaults__[-1] is yamlio._Loader


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: str(p.relative_to(ROOT)))
def test_files_load_alike(path):
    text = path.read_text(encoding="utf-8")
    if _alias_blowup(text):
        pytest.skip("an alias bomb: the manifest reader refuses it before any loader sees it")
    _same(_outcome(text, yamlio._Loader), _outcome(text, yamlio.PureLoader))


@pytest.mark.parametrize("name", SNIPPETS)
def test_snippets_load_alike(name):
    text = SNIPPETS[name]
    _same(_outcome(text, yamlio._Loader), _outcome(text, yamlio.PureLoader))


def test_rules_hold_with_the_default_loader():
    doc = yamlio.loads(SNIPPETS["dates stay text, impossible ones too"], "m.yaml")
    assert doc.data == {"d": "2024-02-30", "e": "2024-01-01", "f": "2024-01-01 10:00:00"}
    assert doc.line(("e",)) == 2
    assert yamlio.loads(SNIPPETS["set in written order"], "m.yaml").data == {"s": ["b", "a", "c"]}
    with pytest.raises(InputError) as e:
        yamlio.loads(SNIPPETS["duplicate key"], "m.yaml")
    assert [(p.file, p.line, p.field) for p in e.value.problems] == [("m.yaml", 4, "b.c"), ("m.yaml", 5, "a")]
    assert all("duplicate key (first at line" in p.message for p in e.value.problems)
    with pytest.raises(InputError) as e:
        yamlio.loads(SNIPPETS["unclosed flow sequence"], "m.yaml")
    (p,) = e.value.problems
    assert (p.file, p.line) == ("m.yaml", 3) and p.message.startswith("invalid YAML: ") and p.fix


def test_manifest_lines_point_at_their_keys():
    path = ROOT / "examples" / "hubei-steel" / "cmscheck.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    doc = yamlio.load(path, "cmscheck.yaml")
    for loc, line in doc.lines.items():
        if loc and isinstance(loc[-1], str):
            assert loc[-1] in lines[line - 1], (loc, line)
