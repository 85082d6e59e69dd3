"""A park's members, held compressed: memory stays flat in the number of members.

A member's loaded bundle (~0.2 MB in memory) and its assessment (~1.8 MB: some 1,600 statement
results) are each kept as a zlib-compressed pickle (~12 KB and ~22 KB) and rebuilt on access. Code
that walks `bundle.members` or `assessment.members` one at a time (the evaluator, the waivers, the
thresholds, every renderer) so holds one member at a time, whatever the park's size; nothing else
changes, the rebuilt objects are equal to the ones packed.

Only values cmscheck made itself are packed and unpacked, inside one process: a pickle never
crosses a trust boundary here.
"""

from __future__ import annotations

import pickle
import zlib
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

_LEVEL = 1  # fastest: the pickles are repetitive enough that level 1 already shrinks them ~7x


class Packed(Sequence):
    """A list-like sequence whose items are stored compressed and rebuilt each time they are read."""

    __slots__ = ("_blobs",)

    def __init__(self, items: Iterable[Any] = ()) -> None:
        self._blobs: list[bytes] = []
        for item in items:
            self.append(item)

    def append(self, item: Any) -> None:
        self._blobs.append(zlib.compress(pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL), _LEVEL))

    def __len__(self) -> int:
        return len(self._blobs)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._load(b) for b in self._blobs[index]]
        return self._load(self._blobs[index])

    def __iter__(self) -> Iterator[Any]:
        for blob in self._blobs:
            yield self._load(blob)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Packed):
            return self._blobs == other._blobs or (len(self) == len(other) and all(a == b for a, b in zip(self, other)))
        if isinstance(other, (list, tuple)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    def __repr__(self) -> str:
        return f"Packed({len(self)} items)"

    def __reduce__(self):  # a worker process sends an outcome back: the blobs travel as they are
        return (_rebuild, (self._blobs,))

    @staticmethod
    def _load(blob: bytes) -> Any:
        return pickle.loads(zlib.decompress(blob))


def _rebuild(blobs: list[bytes]) -> Packed:
    out = Packed()
    out._blobs = list(blobs)
    return out
