"""cmscheck's own data files (standards/, rules/) read as bundle manifests are: from libyaml's events
(cmscheck.yaml_events), with yamlio's values, lines and messages. Kept under this name for the catalog
and rules loaders."""

from __future__ import annotations

from ..yaml_events import load, loads
from ..yaml_events import read as _read

__all__ = ["load", "loads", "_read"]
