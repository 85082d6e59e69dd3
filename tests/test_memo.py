"""memo.by_identity: once per identity of the arguments (strings by value), arguments kept alive."""

from __future__ import annotations

import gc

from cmscheck.memo import by_identity


def test_a_result_is_computed_once_per_identity_of_its_arguments():
    calls = []

    @by_identity
    def size(items: list, label: str) -> int:
        calls.append(label)
        return len(items)

    a, b = [1, 2], [1, 2]  # equal, not the same object
    assert size(a, "x") == 2 and size(a, "x") == 2
    assert calls == ["x"]
    size(b, "x")
    size(a, "".join(["x", "y"]))  # a string made anew: keyed by its value
    size(a, "xy")
    assert calls == ["x", "x", "xy"]
    a.append(3)  # the objects are taken as immutable: the result stands
    assert size(a, "x") == 2
    size.cache_clear()
    assert size(a, "x") == 3


def test_an_argument_is_kept_alive_so_its_id_is_never_reused():
    @by_identity
    def first(items: list) -> int:
        return items[0]

    assert first([7]) == 7
    gc.collect()
    # were the first list freed, the next one could take its id and get 7
    assert [first([n]) for n in range(8, 40)] == list(range(8, 40))
