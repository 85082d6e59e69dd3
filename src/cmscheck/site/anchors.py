"""Anchors and page paths: every id that ends up in a URL or an HTML id attribute is made here.

Ids from the catalog and rules are already tame, but bundle ids (document ids, file names, member names)
are free text, so they are reduced to [a-z0-9-] and suffixed with a short hash of the original: the
result is safe in a URL and in an attribute, and two different ids never share an anchor.
"""

from __future__ import annotations

import hashlib
import re

_UNSAFE = re.compile(r"[^a-z0-9]+")


def slug(text: str, limit: int = 40) -> str:
    return _UNSAFE.sub("-", text.lower()).strip("-")[:limit].strip("-")


def hashed(prefix: str, text: str) -> str:
    """An anchor for free text (bundle ids, file names): readable part plus a hash of the whole."""
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
    part = slug(text)
    return f"{prefix}-{part}-{digest}" if part else f"{prefix}-{digest}"


def finding(finding_id: str) -> str:
    return hashed("f", finding_id)


def statement(statement_id: str) -> str:
    # catalog ids match STANDARD:CLAUSE.ITEM, so the slug alone is unique
    return "s-" + slug(statement_id, limit=80)


def catalog_statement(statement_id: str) -> str:
    return "c-" + slug(statement_id, limit=80)


def clause(std: str, number: str) -> str:
    return "k-" + slug(f"{std}-{number}", limit=80)


def evidence_file(path: str) -> str:
    return hashed("e", path)


def evidence_item(item_id: str) -> str:
    return hashed("i", item_id)


def evidence_kind(kind: str) -> str:
    return "x-" + slug(kind, limit=80)


def member_page(index: int) -> str:
    """Member pages are numbered in bundle order: a name never reaches a file name."""
    return f"members/m{index + 1:03d}.md"
