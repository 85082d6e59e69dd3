"""The evidence bundle: an organization's manifest, documents, records and data, loaded and checked."""

from .loader import Bundle, load_bundle
from .markdown import ParsedDocument, Section, parse_markdown
from .models import Manifest

__all__ = ["Bundle", "Manifest", "ParsedDocument", "Section", "load_bundle", "parse_markdown"]
