"""render/json_lists: a document dumped with an empty list, then its items dumped alone and indented to stand
in it, joined, is the document dumped whole, at any depth and for any number of items."""

from __future__ import annotations

import json

import pytest

from cmscheck.render import json_lists


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def _nest(inner: dict, depth: int) -> dict:
    """`inner`'s keys standing at `depth`: wrapped in objects and lists that put them there."""
    for level in range(depth):
        inner = {"a": 1, "down": inner, "z": "x\n  \"items\": []"} if level % 2 == 0 else {"only": inner}
    return inner


ITEMS = [{"n": 1, "text": "第一\n  行"}, {"n": 2, "nested": {"list": [1, 2], "empty": []}}, {"n": 3}]


@pytest.mark.parametrize("depth", [0, 1, 2, 3])
@pytest.mark.parametrize("count", [0, 1, 3])
def test_the_pieces_make_the_whole_dump(depth, count):
    items = ITEMS[:count]
    # key depth: the list's key stands one level below the outermost object it sits in
    frame = _nest({"before": True, "items": [], "after": [1]}, depth)
    head, tail = json_lists.split(_dumps(frame), "items", depth + 1)
    assert head.endswith('"items": [') and tail.startswith(",")
    text = head + "".join(json_lists.item(_dumps(it), depth + 1, i == 0) for i, it in enumerate(items))
    text += json_lists.close(depth + 1, not items) + tail
    assert text == _dumps(_nest({"before": True, "items": items, "after": [1]}, depth))


def test_a_key_written_inside_a_text_is_no_list_to_fill():
    """A text holding the key and its empty list: JSON escapes its line break, so it is no split point."""
    frame = {"name": 'x\n  "items": []', "items": []}
    head, tail = json_lists.split(_dumps(frame), "items", 1)
    assert head + json_lists.close(1, True) + tail == _dumps(frame) and '"name"' in head


@pytest.mark.parametrize("doc, depth", [
    ({"top": {"other": []}}, 2),  # no such key
    ({"top": [{"items": []}, {"items": []}]}, 3),  # two at that depth: which one is meant is not known
    ({"top": {"items": [1]}}, 2),  # not empty
    ({"top": {"items": []}}, 1),  # at another depth
])
def test_no_single_empty_list_at_that_depth_is_refused(doc, depth):
    with pytest.raises(RuntimeError, match="no single empty 'items' list"):
        json_lists.split(_dumps(doc), "items", depth)
