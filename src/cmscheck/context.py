"""What a renderer receives: the waived assessment and everything else it shows, in one value.

Renderers and the site load nothing themselves: rule metadata, where the bundle lies (for SARIF), the
catalog (for the site's catalog pages) and the comparison across standards all come in here, filled
by the one assessment path (pipeline.py). Plain values only, so this module sits below the renderers
and imports neither the engine nor the loaders.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import quote

from .assessment import Assessment
from .problems import display


@dataclass(frozen=True)
class RuleInfo:
    """What a report tells about a rule: from rules/*.yaml."""

    id: str
    title_zh: str
    title_en: str
    description_zh: str = ""
    description_en: str = ""
    type: str = ""
    grade: str = "general"
    situation: int | None = None
    references: tuple[str, ...] = ()
    basis: str = ""


@dataclass(frozen=True)
class Where:
    """Where the bundle folder lies, as a URI reference relative to the repository root (or a file:// URI),
    and the same for each park member in the order of Assessment.members."""

    base: str
    members: tuple["Where", ...] = field(default_factory=tuple)
    # (manifest field, evidence item id) for each document, record and data set the manifest holds, so a
    # citation of `documents[11]` can be named by that item's title (the site's evidence index)
    items: tuple[tuple[str, str], ...] = field(default_factory=tuple)


def real_root(bundle) -> Path:
    """bundle.root.resolve() as the bundle's load found it (its Resolver's base), rather than once more (a
    system call per part of the path, twice per evaluation); resolved here when the load could not."""
    resolver = getattr(bundle, "resolver", None)
    base = resolver.base if resolver is not None and resolver.root == bundle.root else None
    return base if base is not None else bundle.root.resolve()


def shown_root(bundle) -> str:
    """problems.display(bundle.root), the folder resolved by real_root: relative to the working directory
    when below it, else as given."""
    return display(bundle.root, resolved=real_root(bundle))


def base_uri(path: str) -> str:
    """A folder as SARIF wants it: relative paths stay relative (to the repository root, for GitHub),
    absolute ones become file:// URIs; both percent-encoded."""
    p = PurePath(path)
    return p.as_uri() if p.is_absolute() else quote(p.as_posix(), safe="/")


@dataclass(frozen=True)
class ReportContext:
    assessment: Assessment
    lang: str = "zh"
    rules: tuple[RuleInfo, ...] = ()
    where: Where | None = None
    catalog: Any = None  # the Catalog, for pages that show the standards themselves
    comparison: Any = None  # compare.Comparison, filled when a command shows one
    figures: Any = None  # figures.Figures: the bundle's numbers the site charts
