"""Checks on the URLs and anchors that the helpers put into pages unescaped.

They only ever hold relative page paths we chose and anchors from anchors.py; a check failing here is
a bug in cmscheck, not in the bundle, so it raises ValueError.
"""

from __future__ import annotations

import re

_ANCHOR = re.compile(r"^[a-z][a-z0-9-]*$")
_URL = re.compile(r"^(?:(?:\.\./)*[a-z0-9][a-z0-9_./-]*\.md)?(?:#[a-z][a-z0-9-]*)?$")


def check_anchor(anchor: str) -> None:
    if not _ANCHOR.match(anchor):
        raise ValueError(f"unsafe anchor {anchor!r}")


def check_url(url: str) -> None:
    if not url or not _URL.match(url) or ".." in url.replace("../", ""):
        raise ValueError(f"unsafe link target {url!r}")
