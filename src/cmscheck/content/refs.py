"""EvidenceRefs of the fact functions, made as pydantic's model_construct makes them.

The values come from the validated manifest, the readers' locators and messages built here: validating
them again cost a tenth of deriving a bundle's facts. A value of another type than the field takes
(which nothing in cmscheck passes) is validated as before, so it fails as it did.
"""

from __future__ import annotations

from ..findings import EvidenceRef
from ..trusted import bare

_DEFAULTS = {name: f.default for name, f in EvidenceRef.model_fields.items()}  # field order; every default None
_TYPES = {name: int if name in ("line", "page", "paragraph") else str for name in _DEFAULTS}
if any(v is not None for k, v in _DEFAULTS.items() if k != "file") or set(_TYPES) != set(EvidenceRef.model_fields):
    raise RuntimeError("EvidenceRef changed: evidence_ref must follow it")  # pragma: no cover


def evidence_ref(**given) -> EvidenceRef:
    """EvidenceRef(**given): the same fields, the same fields set."""
    for name, value in given.items():
        if value is not None and type(value) is not _TYPES.get(name):
            return EvidenceRef(**given)
    if "file" not in given or given["file"] is None:
        return EvidenceRef(**given)  # a missing file is an error, raised as before
    data = dict(_DEFAULTS)
    data.update(given)
    return bare(EvidenceRef, data, set(given))


_WHERE = "_manifest_refs"  # where a loaded bundle keeps the manifest references made for its facts


def manifest_ref(bundle, loc: tuple) -> EvidenceRef:
    """bundle.where(loc), made once per bundle and place: the fact functions cite many manifest entries
    several times (a record in the evidence index, then in its activity's and its document's facts),
    and each made anew cost a third of the evidence facts. The references are frozen (the evidence index
    shares them already), so one serves every fact that cites the place. Kept on the bundle, which is
    loaded afresh for each evaluation and never changed, so nothing outlives it; a bundle-like object
    that keeps no attributes is asked each time."""
    loc = tuple(loc)
    memo = getattr(bundle, "__dict__", None)
    if memo is None:
        return bundle.where(loc)
    refs = memo.get(_WHERE)
    if refs is None:
        refs = {}
        try:
            object.__setattr__(bundle, _WHERE, refs)
        except (AttributeError, TypeError):
            return bundle.where(loc)
    ref = refs.get(loc)
    if ref is None:
        ref = refs[loc] = bundle.where(loc)
    return ref
