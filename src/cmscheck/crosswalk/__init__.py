"""The crosswalk: which statements of the five standards correspond, and which are unique to one."""

from .loader import load_crosswalk
from .models import INVERSE, OSCAL, RELATIONSHIPS, Crosswalk, CrosswalkFile, Mapping

__all__ = ["Crosswalk", "CrosswalkFile", "INVERSE", "Mapping", "OSCAL", "RELATIONSHIPS", "load_crosswalk"]
