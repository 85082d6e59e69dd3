"""Comparing long texts in tests: pytest's own explanation of two long unequal texts (a park's report)
takes minutes, so tests compare them through `differs`, which shows only where they part."""

from __future__ import annotations


def differs(a: str, b: str):
    """None when the texts are equal; else the offset where they part and 60 characters either side in each."""
    if a == b:
        return None
    i = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    return i, a[max(i - 60, 0): i + 60], b[max(i - 60, 0): i + 60]
