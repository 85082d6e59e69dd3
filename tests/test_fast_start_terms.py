"""i18n's words kept as JSON between runs (datacache.cached_json): the same words, keys of the same type
and in the same order as parsing terms.yaml gives them; a cache file of any other shape is not used."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from cmscheck import i18n

SOURCE = resources.files("cmscheck.i18n").joinpath("terms.yaml")


def _fresh(monkeypatch, folder):
    monkeypatch.setenv("CMSCHECK_CACHE_DIR", str(folder))
    monkeypatch.delenv("CMSCHECK_NO_CACHE", raising=False)
    return i18n._terms.__wrapped__()


def _exactly(a: dict, b: dict) -> None:
    assert a == b
    assert [(ns, list(e)) for ns, e in a.items()] == [(ns, list(e)) for ns, e in b.items()]  # order, key types
    assert [type(k) for e in a.values() for k in e] == [type(k) for e in b.values() for k in e]


def test_cached_words_are_the_parsed_words(tmp_path, monkeypatch):
    parsed = i18n._parse(SOURCE)
    assert any(type(k) is int for e in parsed.values() for k in e)  # the pairs are needed: numbers as keys
    first = _fresh(monkeypatch, tmp_path)
    [file] = tmp_path.glob("terms-*.json")
    _exactly(first, parsed)
    _exactly(_fresh(monkeypatch, tmp_path), parsed)  # read from the file


def test_a_cache_file_of_another_shape_is_not_used(tmp_path, monkeypatch):
    _fresh(monkeypatch, tmp_path)
    [file] = tmp_path.glob("terms-*.json")
    data = json.loads(file.read_text(encoding="utf-8"))
    ns = next(iter(data))
    data[ns][0][1] = {"zh": ["not", "text"]}
    file.write_text(json.dumps(data), encoding="utf-8")
    _exactly(_fresh(monkeypatch, tmp_path), i18n._parse(SOURCE))


@pytest.mark.parametrize("bad", [[], {"ns": {}}, {"ns": [["k"]]}, {"ns": [[1.5, {"zh": "x"}]]},
                                 {"ns": [["k", "x"]]}, {"ns": [["k", {"zh": 1}]]}, {"ns": [["k", {1: "x"}]]}])
def test_decode_refuses_what_encode_never_writes(bad):
    with pytest.raises(ValueError):
        i18n._decode(bad)


def test_without_a_cache_the_file_is_parsed(monkeypatch, tmp_path):
    monkeypatch.setenv("CMSCHECK_NO_CACHE", "1")
    monkeypatch.setenv("CMSCHECK_CACHE_DIR", str(tmp_path))
    _exactly(i18n._terms.__wrapped__(), i18n._parse(SOURCE))
    assert not list(tmp_path.iterdir())
