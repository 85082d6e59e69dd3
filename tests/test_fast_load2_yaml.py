"""yamlio's fast path takes a text scalar's value from its node (str, and timestamps, which our loaders keep
as text) instead of calling the constructor twice: the same data and lines as the constructor gives, for
every kind of text scalar, as value and as key; a loader that constructs text differently (another str
constructor, another construct_scalar) does not get the shortcut, and still loads as its constructor says."""

from __future__ import annotations

import pytest
import yaml

from cmscheck import yamlio
from cmscheck.problems import InputError

TEXTS = {
    "plain, quoted and escaped": "a: plain\nb: 'single ''q'''\nc: \"double \\u94a2 \\t tab\"\nd: \"\"\n",
    "block and folded": "a: |\n  line one\n  line two\nb: >\n  folded\n  text\nc: |-\n  kept\n",
    "timestamps as values and keys": "a: 2024-01-01\nb: 2024-02-30\n2024-03-01: c\nd: 2001-12-14t21:59:43.10-05:00\n",
    "explicit str tags": "a: !!str 12\nb: !!str true\n!!str 3: x\n",
    "CJK keys and values": "名称: 湖北钢铁\n'带 空格': 值\n列表: [甲, 乙, '丙']\n",
    "text beside other scalars": "a: [x, 1, 1.5, true, null, '1', 0x10]\n",
}


def _load(text: str, loader, fast: bool, monkeypatch):
    with monkeypatch.context() as m:
        if not fast:
            m.setattr(yamlio, "_build", lambda loader, node: None)
        try:
            doc = yamlio.loads(text, "f.yaml", loader)
        except InputError as e:
            return "problems", [repr(p) for p in e.problems]
        return "loaded", repr(doc.data), doc.lines


@pytest.mark.parametrize("name", sorted(TEXTS))
@pytest.mark.parametrize("loader", [yamlio._Loader, yamlio.PureLoader], ids=lambda c: c.__name__)
def test_text_shortcut_same_as_constructor(name, loader, monkeypatch):
    text = TEXTS[name]
    fast = _load(text, loader, True, monkeypatch)
    assert fast[0] == "loaded"
    assert fast == _load(text, loader, False, monkeypatch)
    assert eval(fast[1]) == yaml.load(text, Loader=loader)  # noqa: S307 - repr of plain data written above


def test_our_loaders_take_the_shortcut_for_text_and_dates():
    for loader_class in (yamlio._Loader, yamlio.PureLoader):
        loader = loader_class("")
        assert yamlio._text_tags(loader) == {"tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp"}
        loader.dispose()


class _Upper(yamlio.SafeBase):
    """A loader whose text is made otherwise: no shortcut may skip its constructor."""


_Upper.add_constructor("tag:yaml.org,2002:str", lambda loader, node: loader.construct_scalar(node).upper())


class _OwnScalar(yamlio.SafeBase):
    def construct_scalar(self, node):
        return "<" + super().construct_scalar(node) + ">"


@pytest.mark.parametrize("loader_class", [_Upper, _OwnScalar, yaml.SafeLoader], ids=lambda c: c.__name__)
def test_shortcut_declined_where_text_is_made_otherwise(loader_class):
    text = "a: b\nkey: 2024-01-01\n"
    loader = loader_class(text)
    try:
        tags = yamlio._text_tags(loader)
        if loader_class is yaml.SafeLoader:
            assert tags == {"tag:yaml.org,2002:str"}  # its dates are dates, constructed as such
        else:
            assert tags == frozenset()
        built = yamlio._build(loader, loader.get_single_node())
    finally:
        loader.dispose()
    assert built is not None and built[0] == yaml.load(text, Loader=loader_class)
