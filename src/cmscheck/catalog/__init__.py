"""The catalog: the five standards as machine-readable statements, and their shared vocabulary."""

from .loader import load_catalog
from .models import Catalog, Clause, Standard, Statement, Term, Vocabulary

__all__ = ["Catalog", "Clause", "Standard", "Statement", "Term", "Vocabulary", "load_catalog"]
